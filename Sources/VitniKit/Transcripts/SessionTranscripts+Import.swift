public import Foundation
public import VitniCrypto
public import VitniFormats
public import VitniStore

/// A transcript import's outcome: the stored version and how its times were checked.
public struct TranscriptImport: Sendable {
    public var record: TranscriptRecord
    public var lengthCheck: RecordingLengthCheck
}

extension SessionTranscripts {
    /// Recordings whose length is final, and so can bound a transcript.
    public static let completeRecordingStates: Set<RecordingState> = [.stopped, .recovered, .finalised]

    /// The length a transcript of the session must fit in: the longest complete recording.
    public func recordingLength(of session: SessionRecord) throws -> RecordingLengthCheck {
        let complete = try workspace.recordings(sessionID: session.id).filter {
            Self.completeRecordingStates.contains($0.state) && $0.frames != nil
        }
        let lengths = complete.map { (Int($0.milliseconds($0.frames ?? 0)), $0.number) }
        guard let longest = lengths.max(by: { $0.0 < $1.0 }) else {
            return .notPossible(reason: "session \(session.id) has no complete recording yet")
        }
        return .checked(milliseconds: longest.0, recording: longest.1)
    }

    /// Stores a transcript as the session's current original, sealed to the session's key.
    /// Earlier versions are kept. Needs public keys only.
    /// - Parameters:
    ///   - transcript: a parsed transcript; its times are checked against the recordings.
    ///   - format: the format it was read from (kept as provenance).
    ///   - source: `Transcript.Metadata.human` or `.unverifiedMachine`; written into the metadata.
    ///   - importer: who imports it; must be a participant.
    ///   - file: the name errors use for the input.
    /// - Returns: the stored version and the length check made.
    /// - Throws: `VitniError.transcript` naming the first utterance past the recording's end.
    @discardableResult
    public func importTranscript(
        _ transcript: Transcript, into session: SessionRecord, format: TranscriptFormat, source: String,
        importer: PublicIdentity, file: String = "transcript", now: Date = Date()
    ) throws -> TranscriptImport {
        guard source == Transcript.Metadata.human || source == Transcript.Metadata.unverifiedMachine else {
            throw VitniError.invalidInput(
                "transcript source must be '\(Transcript.Metadata.human)' or '\(Transcript.Metadata.unverifiedMachine)'"
            )
        }
        try lifecycle.requireParticipant(importer, in: session)
        var transcript = transcript
        transcript.metadata.source = source
        if transcript.metadata.language == nil, let language = session.language {
            transcript.metadata.language = language
        }
        let check = try recordingLength(of: session)
        do {
            if case .checked(let milliseconds, _) = check {
                try transcript.validate(recordingDuration: milliseconds)
            } else {
                try transcript.validate()
            }
        } catch {
            throw VitniError.transcript(file: file, error)
        }
        let record = try store(
            transcript, kind: .original, session: session, format: format, actor: importer.keyID, derivedFrom: nil,
            log: nil, now: now)
        return TranscriptImport(record: record, lengthCheck: check)
    }

    /// Every stored version of the session's transcripts, oldest first (no secret needed).
    public func transcriptVersions(of session: SessionRecord, kind: TranscriptKind? = nil) throws -> [TranscriptRecord]
    {
        try workspace.transcripts(sessionID: session.id, kind: kind)
    }

    /// The current transcript of a kind, decrypted with `identities`.
    /// - Throws: `VitniError.invalidInput` when there is none (or, for a redacted copy, when the
    ///   original was re-imported after it was made).
    public func transcript(
        of session: SessionRecord, kind: TranscriptKind = .original, identities: [any AgeIdentity]
    ) throws -> Transcript {
        let record = try currentTranscript(of: session, kind: kind)
        return try openTranscript(record, key: try lifecycle.sessionIdentity(of: session, identities: identities))
    }

    /// The current stored version of a kind; a redacted copy must derive from the current original.
    func currentTranscript(of session: SessionRecord, kind: TranscriptKind) throws -> TranscriptRecord {
        guard let record = try workspace.currentTranscript(sessionID: session.id, kind: kind) else {
            throw VitniError.invalidInput(
                kind == .original
                    ? "session \(session.id) has no transcript: import one with `vitni transcript import`"
                    : "session \(session.id) has no redacted transcript: make one with `vitni redact`")
        }
        if kind == .redacted {
            let original = try workspace.currentTranscript(sessionID: session.id, kind: .original)
            guard original?.id == record.derivedFrom else {
                throw VitniError.invalidInput(
                    "session \(session.id): the transcript was re-imported after the last redaction: run `vitni redact` again"
                )
            }
        }
        return record
    }

    /// Decrypts a stored version and checks it against its recorded hash.
    func openTranscript(_ record: TranscriptRecord, key: Age.X25519Identity) throws -> Transcript {
        let name = "transcript \(record.number ?? 0) of session \(record.sessionID)"
        let text = try VitniError.wrap(file: name) { try TranscriptSeal.open(record.body, key: key) }
        guard Hex.encode(Hashing.sha256(text.utf8)) == record.plaintextSHA256 else {
            throw VitniError.malformedFile(path: name, reason: "the decrypted text does not match its recorded SHA-256")
        }
        do throws(TranscriptError) {
            return try WebVTT.parse(text)
        } catch {
            throw VitniError.transcript(file: name, error)
        }
    }

    /// Seals the canonical WebVTT of `transcript` and appends it. The transcript goes through
    /// WebVTT once first, so what is stored is exactly what reads back.
    func store(
        _ transcript: Transcript, kind: TranscriptKind, session: SessionRecord, format: TranscriptFormat, actor: String,
        derivedFrom: Int64?, log: Data?, now: Date
    ) throws -> TranscriptRecord {
        let canonical: Transcript
        do {
            canonical = try WebVTT.parse(WebVTT.render(transcript))
        } catch {
            throw VitniError.transcript(file: "the canonical WebVTT of the transcript", error)
        }
        let text = WebVTT.render(canonical)
        let recipients = try lifecycle.recipients(of: session)
        let record = TranscriptRecord(
            sessionID: session.id, kind: kind, source: canonical.metadata.source ?? Transcript.Metadata.human,
            importedFormat: format.rawValue, createdAt: Timestamp.string(now), actorKeyID: actor,
            plaintextSHA256: Hex.encode(Hashing.sha256(text.utf8)), utteranceCount: canonical.utterances.count,
            derivedFrom: derivedFrom, body: try TranscriptSeal.seal(text, to: recipients), redactionLog: log)
        return try workspace.insert(transcript: record)
    }
}
