import Dispatch
public import Foundation
public import VitniCrypto
public import VitniFormats
public import VitniStore

/// A session's notes and checklist: what the interviewer and observers write during the
/// interview, each sealed to the session's key before it is stored.
public struct SessionNotes: SessionService {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }
}

extension SessionNotes {
    /// The largest note Vitni accepts: notes are typed during an interview, not documents.
    public static let maximumNoteLength = 64 * 1024

    /// Adds a note, sealed to the session's recipients before it is stored.
    /// - Parameters:
    ///   - offset: milliseconds into the recording; nil takes the recording clock.
    ///   - recording: the recording `offset` points into; nil for the one being captured, if any.
    ///     With neither a recording nor an offset the note is kept without one, flagged
    ///     ``NoteRecord/outsideRecording`` (see ``placement(_:offset:recording:now:)``).
    ///   - supersedes: the id of a note this one corrects (both are kept).
    ///   - interviewProtocol: when given, `protocolItem` must name one of its phases or items.
    @discardableResult
    public func add(
        to session: SessionRecord, author: PublicIdentity, kind: NoteKind, text: String, tags: [String] = [],
        offset: Int64? = nil, recording: Int? = nil, protocolItem: String? = nil, supersedes: String? = nil,
        protocol interviewProtocol: InterviewProtocol? = nil, now: Date = Date()
    ) throws -> NoteRecord {
        if let protocolItem, let interviewProtocol, interviewProtocol.phase(protocolItem) == nil,
            interviewProtocol.item(protocolItem) == nil
        {
            throw VitniError.unknownProtocolItem(item: protocolItem, protocolID: interviewProtocol.id)
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw VitniError.invalidInput("the note is empty")
        }
        guard text.utf8.count <= Self.maximumNoteLength else {
            throw VitniError.invalidInput("the note is \(text.utf8.count) bytes: notes are limited to 64 KiB")
        }
        try lifecycle.requireParticipant(author, in: session)
        let record = try sealedRecord(
            session, author: author, kind: kind, text: text, tags: tags,
            placement: try placement(session, offset: offset, recording: recording, now: now),
            protocolItem: protocolItem, supersedes: supersedes, now: now)
        do {
            return try workspace.insert(note: record, whenSessionIn: SessionManager.activeStates)
        } catch StoreError.wrongState(let id, let state) {
            throw VitniError.sessionState(session: id, state: state.rawValue, action: "add a note")
        }
    }

    /// A note as stored: its text and tags sealed to the session, the rest in the clear.
    func sealedRecord(
        _ session: SessionRecord, author: PublicIdentity, kind: NoteKind, text: String, tags: [String],
        placement placed: Placement, protocolItem: String? = nil, supersedes: String? = nil, now: Date
    ) throws -> NoteRecord {
        let body = try SealedValue.seal(NoteBody(text: text, tags: tags), to: lifecycle.recipients(of: session))
        return NoteRecord(
            sessionID: session.id, noteID: "n-" + Hex.encode(SecureRandom.bytes(count: 8)),
            offsetMilliseconds: placed.offset, wallclock: Timestamp.string(now),
            authorKeyID: author.keyID, kind: kind.rawValue, protocolItem: protocolItem, supersedes: supersedes,
            body: body, recording: placed.recording)
    }

    /// Reads the notes back in recording order: the session key is opened once with
    /// `identities` (an unlocked agent or an identity), then the notes are decrypted locally on
    /// every core. Corrections point both ways.
    public func all(of session: SessionRecord, kind: NoteKind? = nil, identities: [any AgeIdentity]) throws -> [Note] {
        try all(of: session, kind: kind, sessionKey: try lifecycle.sessionIdentity(of: session, identities: identities))
    }

    func all(of session: SessionRecord, kind: NoteKind? = nil, sessionKey key: Age.X25519Identity) throws -> [Note] {
        let records = try workspace.notes(sessionID: session.id, kind: kind?.rawValue)
        let names = try participantNames(session, sessionKey: key)
        var supersededBy: [String: String] = [:]
        for record in try (kind == nil ? records : workspace.notes(sessionID: session.id)) {
            if let old = record.supersedes { supersededBy[old] = record.noteID }
        }
        let bodies = try Self.openInParallel(records.map(\.body), key: key)
        return zip(records, bodies).map { record, body in
            Note(
                id: record.noteID, offsetMilliseconds: record.offsetMilliseconds, wallclock: record.wallclock,
                author: record.authorKeyID, authorName: names[record.authorKeyID],
                kind: NoteKind(rawValue: record.kind) ?? .observation, text: body.text, tags: body.tags,
                protocolItem: record.protocolItem, supersedes: record.supersedes,
                supersededBy: supersededBy[record.noteID], recording: record.recording,
                outsideRecording: record.outsideRecording ? true : nil)
        }
    }

    /// Decrypts sealed note bodies on all cores; the first failure names its note.
    static func openInParallel(_ sealed: [Data], key: Age.X25519Identity) throws -> [NoteBody] {
        let results = UnsafeMutableBufferPointer<Result<NoteBody, any Error>>.allocate(capacity: sealed.count)
        defer { results.deallocate() }
        nonisolated(unsafe) let shared = results
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: sealed.count, by: workers) {
                let body = Result { try SealedValue.open(sealed[index], as: NoteBody.self, identities: [key]) }
                (shared.baseAddress! + index).initialize(to: body)
            }
        }
        defer { _ = results.baseAddress.map { $0.deinitialize(count: sealed.count) } }
        return try results.enumerated().map { index, result in
            try VitniError.wrap(file: "note \(index + 1) of the session") { try result.get() }
        }
    }

    private func participantNames(_ session: SessionRecord, sessionKey: Age.X25519Identity) throws -> [String: String] {
        let details = try lifecycle.details(of: session, sessionKey: sessionKey)
        return Dictionary(details.participants.map { ($0.keyID, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}
