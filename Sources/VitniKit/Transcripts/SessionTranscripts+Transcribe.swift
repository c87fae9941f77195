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
