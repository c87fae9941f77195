public import Foundation
internal import GRDB

/// Whether a stored transcript is the transcriber's text or a reviewed, redacted copy of it.
public enum TranscriptKind: String, Codable, Sendable, CaseIterable {
    case original, redacted
}

/// One stored version of a session's transcript. Rows are only ever appended: re-importing adds
/// a row, and the newest row of a kind is the current one, so earlier versions stay for the
/// record. Only technical facts are in the clear; the text is an age file (`body`, the canonical
/// WebVTT sealed to the session's key), and so is a redacted copy's log.
public struct TranscriptRecord: Codable, Sendable, Equatable, CatalogueTable {
    static let databaseTableName = "transcript"

    public var id: Int64?
    /// The version's number within its session, from 1 in the order stored (set on insert).
    /// Releases before per-session numbers printed `id` instead.
    public var number: Int?
    public var sessionID: String
    public var kind: TranscriptKind
    /// `human` or `unverified machine transcript` (`Transcript.Metadata`).
    public var source: String
    /// The format the original was read from (`webvtt`, `srt`, `eaf`, `text`); a redacted copy
    /// repeats its original's.
    public var importedFormat: String
    public var createdAt: String
    /// Who imported the original, or reviewed the redaction.
    public var actorKeyID: String
    /// SHA-256 (hex) of the canonical WebVTT rendering, the exact plaintext of `body`.
    public var plaintextSHA256: String
    public var utteranceCount: Int
    /// For a redacted copy: the row id of the original it was made from.
    public var derivedFrom: Int64?
    /// The canonical WebVTT, sealed (age) to the session's key.
    public var body: Data
    /// For a redacted copy: its redaction log (JSON), sealed to the session's key.
    public var redactionLog: Data?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let sessionID = Column(CodingKeys.sessionID)
        static let kind = Column(CodingKeys.kind)
    }

    enum CodingKeys: String, CodingKey {
        case id, number, kind, source, body
        case sessionID = "session_id"
        case importedFormat = "imported_format"
        case createdAt = "created_at"
        case actorKeyID = "actor_key_id"
        case plaintextSHA256 = "plaintext_sha256"
        case utteranceCount = "utterance_count"
        case derivedFrom = "derived_from"
        case redactionLog = "redaction_log"
    }

    public init(
        sessionID: String, kind: TranscriptKind, source: String, importedFormat: String, createdAt: String,
        actorKeyID: String, plaintextSHA256: String, utteranceCount: Int, derivedFrom: Int64?, body: Data,
        redactionLog: Data?
    ) {
        self.sessionID = sessionID
        self.kind = kind
        self.source = source
        self.importedFormat = importedFormat
        self.createdAt = createdAt
        self.actorKeyID = actorKeyID
        self.plaintextSHA256 = plaintextSHA256
        self.utteranceCount = utteranceCount
        self.derivedFrom = derivedFrom
        self.body = body
        self.redactionLog = redactionLog
    }

    mutating func didInsert(rowID: Int64) { id = rowID }
}

/// Whether a protected-names event adds names to the session's list or takes them off.
public enum ProtectedNameAction: String, Codable, Sendable, CaseIterable {
    case add, remove
}

/// One change to a session's list of protected names (the child, family, school, places). The
/// names are sealed to the session's key, so adding them needs no secret; the list is the events
/// folded in order, which needs the session key.
public struct ProtectedNameEventRecord: Codable, Sendable, Equatable, CatalogueTable {
    static let databaseTableName = "protected_name_event"

    public var id: Int64?
    public var sessionID: String
    public var time: String
    public var actorKeyID: String
    public var action: ProtectedNameAction
    /// JSON array of names, sealed (age) to the session's key.
    public var names: Data

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let sessionID = Column(CodingKeys.sessionID)
    }

    enum CodingKeys: String, CodingKey {
        case id, time, action, names
        case sessionID = "session_id"
        case actorKeyID = "actor_key_id"
    }

    public init(sessionID: String, time: String, actorKeyID: String, action: ProtectedNameAction, names: Data) {
        self.sessionID = sessionID
        self.time = time
        self.actorKeyID = actorKeyID
        self.action = action
        self.names = names
    }

    mutating func didInsert(rowID: Int64) { id = rowID }
}
