public import Foundation
public import VitniCrypto
public import VitniFormats
public import VitniStore

extension SessionTranscripts {
    /// Most an engine may write on standard output: the transcript parser's own limit.
    public static let maximumEngineOutput = Transcript.ImportOptions.defaultMaximumBytes

    /// Drafts a transcript of a recording with a speech-to-text program the user installed, and
    /// imports it as the session's current original, marked "unverified machine transcript".
    ///
    /// The recording is decrypted and decoded in memory and written as WAV (44-byte header with
    /// the exact length, then PCM) into the engine's standard input through a pipe — never into a
    /// file. The engine writes WebVTT or SRT on standard output; it is read into memory (at most
    /// `maximumEngineOutput` bytes), parsed strictly, checked against this recording's length and
    /// against the session's (as every import is) and stored encrypted.
    ///
    /// The engine's standard error is kept in memory (its last 4 KiB) and never shown on success,
    /// because engines often log what they recognise there. On failure only its exit status and
    /// the last line of standard error (printable ASCII, at most 200 characters) are reported,
    /// which is where engines put their error message.
    ///
    /// SIGPIPE is ignored from the first call on, so an engine that stops reading early surfaces
    /// as an error rather than ending this process.
    ///
    /// - Parameters:
    ///   - number: the recording to transcribe (default: the session's first complete one).
    ///   - session: the session.
    ///   - identities: identities that decrypt the session's audio.
    ///   - engine: the program and its arguments; a single element is a shell command, run with
    ///     `/bin/sh -c` (so `"scripts/engines/pocketsphinx-vtt -hmm DIR"` works as typed).
    ///   - speakerDefault: the role of cues that name no speaker (most engines name none).
    ///   - format: what the engine writes: `.webVTT` or `.srt`.
    ///   - importer: who imports the draft; must be a participant.
    ///   - timeout: seconds after which the engine is killed (nil: no limit).
    /// - Returns: the stored version and the length check made.
    /// - Throws: `VitniError.invalidInput` naming the engine and why it failed (exit status,
    ///   signal, timeout, oversize or empty output, no speech); `VitniError.transcript` for
    ///   output that does not parse or reaches past the recording. Errors never quote the text.
    @discardableResult
    public func transcribe(
        recording number: Int? = nil, session: SessionRecord, identities: [any AgeIdentity], engine: [String],
        speakerDefault: SpeakerRole? = nil, format: TranscriptFormat = .webVTT, importer: PublicIdentity,
        timeout: TimeInterval? = nil, now: Date = Date()
    ) throws -> TranscriptImport {
        guard let program = engine.first, !program.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw VitniError.invalidInput("no transcription engine given")
        }
        guard format == .webVTT || format == .srt else {
            throw VitniError.invalidInput("an engine's output is read as WebVTT or SRT, not \(format.displayName)")
        }
        try lifecycle.requireParticipant(importer, in: session)
        let recording = try transcribableRecording(number, of: session)
        let name = EngineRun.name(of: engine)
        let output = try EngineRun.run(engine, name: name, timeout: timeout) { sink in
            try lifecycle.recordings.play(recording, identities: identities, into: sink)
        }
        let file = "the output of engine \(name)"
        let transcript: Transcript
        do throws(TranscriptError) {
            transcript = try Transcript.parse(
                bytes: output, format: format, options: .init(defaultSpeaker: speakerDefault))
            try transcript.validate(recordingDuration: Int(recording.milliseconds(recording.frames ?? 0)))
        } catch {
            throw VitniError.transcript(file: file, error)
        }
        guard !transcript.utterances.isEmpty else {
            throw VitniError.invalidInput(
                "engine \(name) recognised no speech in recording \(recording.number): nothing was imported")
        }
        return try importTranscript(
            transcript, into: session, format: format, source: Transcript.Metadata.unverifiedMachine,
            importer: importer, file: file, now: now)
    }

    /// The recording to transcribe: the one numbered, or the first; it must be complete.
    func transcribableRecording(_ number: Int?, of session: SessionRecord) throws -> RecordingRecord {
        let recordings = try workspace.recordings(sessionID: session.id)
        let candidates = number.map { wanted in recordings.filter { $0.number == wanted } } ?? recordings
        guard let recording = candidates.first else {
            throw VitniError.invalidInput("session \(session.id) has no recording\(number.map { " \($0)" } ?? "")")
        }
        guard Self.completeRecordingStates.contains(recording.state), (recording.frames ?? 0) > 0 else {
            throw VitniError.sessionState(
                session: session.id, state: "recording \(recording.number) \(recording.state.rawValue)",
                action: "transcribe a recording that is not complete")
        }
        return recording
    }
}

/// One run of an engine: the child process, a feeder on the calling thread and two readers, so a
/// slow engine that fills its output pipe before reading all its input never deadlocks.
private enum EngineRun {
    /// Bytes of standard error kept, to report its last line.
    static let stderrTail = 4096

    /// The engine as errors name it: the base name of its program.
    static func name(of engine: [String]) -> String {
        let words =
            engine.count == 1 ? engine[0].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) : engine
        let program = words.first == "exec" && words.count > 1 ? words[1] : words.first ?? ""
        let base = URL(fileURLWithPath: program).lastPathComponent
        return
            "'\(String(base.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }.prefix(64)))'"
    }

    /// Starts the engine, lets `feed` write into its standard input, and returns what it wrote on
    /// standard output once it has exited successfully.
    static func run(
        _ engine: [String], name: String, timeout: TimeInterval?, feed: (any ByteSink) throws -> Void
    ) throws -> [UInt8] {
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        if engine.count == 1 {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", engine[0]]
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["--"] + engine
        }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw VitniError.invalidInput("cannot start engine \(name): \(error.localizedDescription)")
        }
        // Foundation starts the child in its own process group: killing the group ends a shell
        // pipeline's every member.
        let group = process.processIdentifier
        let state = EngineState(group: group)
        let stdout = BoundedReader(limit: SessionTranscripts.maximumEngineOutput, keepTail: false) { state.kill(.overflow) }
        let stderr = BoundedReader(limit: stderrTail, keepTail: true) {}
        let readers = DispatchGroup()
        let outputFD = output.fileHandleForReading.fileDescriptor
        let errorFD = errors.fileHandleForReading.fileDescriptor
        DispatchQueue.global().async(group: readers) { stdout.drain(outputFD) }
        DispatchQueue.global().async(group: readers) { stderr.drain(errorFD) }
        let deadline = timeout.map { seconds in
            let item = DispatchWorkItem { state.kill(.timeout) }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
            return item
        }
        let sink = PipeSink(input.fileHandleForWriting.fileDescriptor)
        var feedError: (any Error)?
        do {
            try feed(sink)
        } catch is EngineStoppedReading {
            feedError = nil
        } catch {
            feedError = error
            state.kill(.feedFailed)
        }
        try? input.fileHandleForWriting.close()
        readers.wait()
        process.waitUntilExit()
        state.finish()
        deadline?.cancel()
        if let feedError { throw feedError }
        let lastLine = stderr.lastLine()
        switch state.reason {
        case .timeout:
            throw VitniError.invalidInput("engine \(name) did not finish within \(Int(timeout ?? 0)) s and was stopped")
        case .overflow:
            throw VitniError.invalidInput(
                "engine \(name) wrote more than \(SessionTranscripts.maximumEngineOutput / (1024 * 1024)) MiB and was stopped"
            )
        case .feedFailed, .none: break
        }
        if process.terminationReason == .uncaughtSignal {
            throw VitniError.invalidInput("engine \(name) was killed by signal \(process.terminationStatus)\(lastLine)")
        }
        guard process.terminationStatus == 0 else {
            throw VitniError.invalidInput(
                "engine \(name) failed with exit status \(process.terminationStatus)\(lastLine)")
        }
        guard !sink.stopped else {
            throw VitniError.invalidInput(
                "engine \(name) exited before reading the whole recording (\(sink.written) bytes read)")
        }
        let bytes = stdout.bytes()
        guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw VitniError.invalidInput("engine \(name) wrote nothing on standard output")
        }
        return bytes
    }
}

/// Why the engine was killed, if it was; shared between the caller, the readers and the timer.
private final class EngineState: @unchecked Sendable {
    enum Reason { case timeout, overflow, feedFailed }

    private let lock = NSLock()
    private let group: pid_t
    private var exited = false
    private var killedFor: Reason?

    init(group: pid_t) { self.group = group }

    var reason: Reason? { lock.withLock { killedFor } }

    /// Kills the engine's process group once, remembering the first reason.
    func kill(_ reason: Reason) {
        lock.withLock {
            guard !exited else { return }
            if killedFor == nil { killedFor = reason }
            _ = Foundation.kill(-group, SIGKILL)
        }
    }

    /// The child was reaped: its id may be reused, so it is never signalled again.
    func finish() { lock.withLock { exited = true } }
}

/// Reads a pipe to its end, keeping at most `limit` bytes: the first ones (output, calling
/// `overflow` and stopping when more arrive) or the last ones (standard error).
private final class BoundedReader: @unchecked Sendable {
    private let limit: Int
    private let keepTail: Bool
    private let overflow: @Sendable () -> Void
    private let lock = NSLock()
    private var buffer: [UInt8] = []

    init(limit: Int, keepTail: Bool, overflow: @escaping @Sendable () -> Void) {
        self.limit = limit
        self.keepTail = keepTail
        self.overflow = overflow
    }

    func drain(_ fd: Int32) {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var collected: [UInt8] = []
        while true {
            let count = retryingOnEINTR { chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) } }
            if count <= 0 { break }
            collected += chunk[0..<count]
            if collected.count > limit {
                if keepTail {
                    collected.removeFirst(collected.count - limit)
                } else {
                    overflow()
                    break
                }
            }
        }
        lock.withLock { buffer = collected }
    }

    func bytes() -> [UInt8] { lock.withLock { buffer } }

    /// "; its last message: …" from the last non-empty line, or nothing.
    func lastLine() -> String {
        let lines = bytes().split(separator: 0x0A).map { $0.filter { $0 >= 0x20 && $0 < 0x7F } }
        guard let last = lines.last(where: { !$0.isEmpty }) else { return "" }
        return "; its last message: " + String(decoding: last.prefix(200), as: UTF8.self)
    }
}

/// Writes into the engine's standard input; an engine that closes it early stops the feed.
private final class PipeSink: ByteSink {
    private let fd: Int32
    private(set) var written: Int64 = 0
    private(set) var stopped = false

    init(_ fd: Int32) { self.fd = fd }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let count = retryingOnEINTR { Foundation.write(fd, base + offset, bytes.count - offset) }
            if count < 0 {
                if errno == EPIPE {
                    stopped = true
                    throw EngineStoppedReading()
                }
                throw VitniError.io(path: "the engine's standard input", operation: "write", code: errno)
            }
            offset += count
            written += Int64(count)
        }
    }
}

/// The engine closed its standard input (exited or stopped reading) before the recording ended.
private struct EngineStoppedReading: Error {}
