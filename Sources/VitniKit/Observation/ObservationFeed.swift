import Foundation
public import VitniAudio
public import VitniStore

/// What the observation room shows of a recording in progress, held in memory by the recorder's
/// process: the live audio, the notes taken through the room or the recorder's terminal, and
/// the questions observers ask the interviewer to relay at the break. Every note is sealed to
/// the session and stored, as `vitni note` stores it, before it appears here.
public final class ObservationFeed: @unchecked Sendable {
    // Sendable: the mutable state below is guarded by `lock`; `audio` guards itself.

    /// Whether there is audio to listen to.
    public enum Listening: String, Sendable, Codable {
        case live
        /// The interviewer marked a break (`/break`): nothing is sent until `/resume`.
        case onBreak = "break"
        case ended
    }

    /// A note as the room shows it, numbered in the order the room learnt of it.
    public struct Event: Sendable, Codable, Equatable {
        public let sequence: Int
        public let noteID: String
        public let offsetMilliseconds: Int64?
        public let kind: String
        public let author: String
        public let text: String
    }

    /// A question an observer asked the interviewer to relay, and what became of it.
    public struct Question: Sendable, Codable, Equatable {
        public enum Status: String, Sendable, Codable { case waiting, asked, declined }
        public let number: Int
        public let noteID: String
        public let author: String
        public let text: String
        public let offsetMilliseconds: Int64?
        public var status: Status
    }

    /// Kinds an observer may post; phases are the interviewer's to mark.
    public static let observerKinds: [NoteKind] = [.observation, .disclosure, .questionToRelay, .technical]
    /// Notes and questions the room keeps in memory; the store keeps them all.
    static let maximumEvents = 10_000

    public let manager: SessionManager
    public let session: SessionRecord
    public let recordingNumber: Int
    public let format: AudioFormat
    public let audio: LiveAudioRing
    private let clock: @Sendable () -> Int64
    private let lock = NSLock()
    private var events: [Event] = []
    private var questions: [Question] = []
    private var listeningState = Listening.live
    private var currentPhase: String?
    private var questionArrived: (@Sendable (Question) -> Void)?

    /// - Parameter clock: milliseconds recorded so far, the offset of a note taken now.
    public init(
        manager: SessionManager, session: SessionRecord, recording: Int, format: AudioFormat,
        clock: @escaping @Sendable () -> Int64
    ) {
        self.manager = manager
        self.session = session
        recordingNumber = recording
        self.format = format
        self.clock = clock
        audio = LiveAudioRing(bytesPerFrame: format.bytesPerFrame, sampleRate: format.sampleRate)
    }

    /// Milliseconds recorded so far.
    public var elapsedMilliseconds: Int64 { clock() }

    public var listening: Listening {
        get { lock.withLock { listeningState } }
        set {
            lock.withLock { listeningState = newValue }
            audio.wakeAll()
        }
    }

    public var phase: String? { lock.withLock { currentPhase } }

    /// Called, on the thread that posted it, for each question to relay (the terminal shows it).
    public func onQuestion(_ body: @escaping @Sendable (Question) -> Void) { lock.withLock { questionArrived = body } }

    /// Notes after `sequence`, and every question with its status.
    public func since(_ sequence: Int) -> (events: [Event], questions: [Question]) {
        lock.withLock { (events.filter { $0.sequence > sequence }, questions) }
    }

    /// Stores a note by `author` at the recording's current offset, then shows it.
    /// - Throws: what `SessionNotes.add` throws (an empty or oversized note, a non-participant).
    @discardableResult
    public func post(_ kind: NoteKind, text: String, by author: PublicIdentity) throws -> Event {
        try post(kind, text: text, tags: [], asks: kind == .questionToRelay, by: author)
    }

    @discardableResult
    private func post(_ kind: NoteKind, text: String, tags: [String], asks: Bool, by author: PublicIdentity) throws
        -> Event
    {
        let offset = clock()
        let note = try manager.notes.add(
            to: session, author: author, kind: kind, text: text, tags: tags, offset: offset,
            recording: recordingNumber)
        return noted(note.noteID, kind: kind, text: text, author: author.name, offset: offset, asks: asks)
    }

    /// Shows a note already stored (one the recorder's terminal took).
    @discardableResult
    /// - Parameter asks: whether the note is a question waiting to be relayed.
    public func noted(
        _ noteID: String, kind: NoteKind, text: String, author: String, offset: Int64?, asks: Bool? = nil
    ) -> Event {
        let (event, question, announce) = lock.withLock {
            let event = Event(
                sequence: (events.last?.sequence ?? 0) + 1, noteID: noteID, offsetMilliseconds: offset,
                kind: kind.rawValue, author: author, text: text)
            if events.count >= Self.maximumEvents { events.removeFirst() }
            events.append(event)
            if kind == .phase { currentPhase = text }
            var question: Question?
            if asks ?? (kind == .questionToRelay), questions.count < Self.maximumEvents {
                question = Question(
                    number: questions.count + 1, noteID: noteID, author: author, text: text,
                    offsetMilliseconds: offset, status: .waiting)
                questions.append(question!)
            }
            return (event, question, questionArrived)
        }
        if let question { announce?(question) }
        return event
    }

    /// The interviewer's answer to question `number`: asked or declined, kept as a note.
    /// - Throws: `VitniError.invalidInput` for a question that does not exist or was answered.
    public func answer(_ number: Int, asked: Bool, by interviewer: PublicIdentity) throws {
        let question: Question = try lock.withLock {
            guard questions.indices.contains(number - 1), questions[number - 1].status == .waiting else {
                throw VitniError.invalidInput("there is no waiting question \(number)")
            }
            questions[number - 1].status = asked ? .asked : .declined
            return questions[number - 1]
        }
        do {
            try post(
                .questionToRelay, text: "\(asked ? "asked" : "declined"): \(question.text)",
                tags: [asked ? "relay-asked" : "relay-declined"], asks: false, by: interviewer)
        } catch {
            lock.withLock { questions[number - 1].status = .waiting }
            throw error
        }
    }
}
