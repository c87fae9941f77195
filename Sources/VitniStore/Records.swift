public import Foundation
internal import GRDB

/// The lifecycle states of a working session (docs/design.md): open → recording/paused → closed → sealed.
public enum SessionState: String, Codable, Sendable, CaseIterable {
    case open, recording, paused, closed, sealed
}

/// One interview session. Its notes, comments and `details` (child reference, participants'
/// names) are age files sealed to the session's own X25519 recipient; the session's secret key
/// (`sessionKey`) is itself an age file sealed to the participants and other recipients. The
/// rest is catalogue metadata.
public struct SessionRecord: Codable, Sendable, Equatable, CatalogueTable {
    static let databaseTableName = "session"

    public var id: String
    public var caseID: String
    public var number: Int
    public var protocolID: String
    public var protocolVersion: String
    public var state: SessionState
    public var language: String?
    public var createdAt: String
    public var closedAt: String?
    public var interviewerKeyID: String
    /// Participants' minisign key ids (public), stored as a JSON array.
    public var participants: [String]
    /// Age recipients who can open the session key (public keys), stored as a JSON array.
    public var recipients: [String]
    /// The session's own age recipient: everything written during the session is sealed to it.
    public var sessionRecipient: String
    /// The session's age identity, sealed to `recipients`.
    public var sessionKey: Data
    public var details: Data
    /// The exact bytes of the protocol file the session was started with (public text, not
    /// evidence), so a later move or edit of the protocol directory changes nothing; nil for
    /// sessions started before Vitni kept it.
    public var protocolYAML: Data?
    /// Lower-case hex SHA-256 of ``protocolYAML``.
    public var protocolSHA256: String?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let caseID = Column(CodingKeys.caseID)
        static let number = Column(CodingKeys.number)
        static let state = Column(CodingKeys.state)
    }

    enum CodingKeys: String, CodingKey {
        case id, number, state, language, participants, recipients, details
        case caseID = "case_id"
        case protocolID = "protocol_id"
        case protocolVersion = "protocol_version"
        case createdAt = "created_at"
        case closedAt = "closed_at"
        case interviewerKeyID = "interviewer_key_id"
        case sessionRecipient = "session_recipient"
        case sessionKey = "session_key"
        case protocolYAML = "protocol_yaml"
        case protocolSHA256 = "protocol_sha256"
    }

    public init(
        id: String, caseID: String, number: Int, protocolID: String, protocolVersion: String, state: SessionState,
        language: String?, createdAt: String, closedAt: String?, interviewerKeyID: String, participants: [String],
        recipients: [String], sessionRecipient: String, sessionKey: Data, details: Data, protocolYAML: Data? = nil,
        protocolSHA256: String? = nil
    ) {
        self.id = id
        self.caseID = caseID
        self.number = number
        self.protocolID = protocolID
        self.protocolVersion = protocolVersion
        self.state = state
        self.language = language
        self.createdAt = createdAt
        self.closedAt = closedAt
        self.interviewerKeyID = interviewerKeyID
        self.participants = participants
        self.recipients = recipients
        self.sessionRecipient = sessionRecipient
        self.sessionKey = sessionKey
        self.details = details
        self.protocolYAML = protocolYAML
        self.protocolSHA256 = protocolSHA256
    }
}

/// A lifecycle change (start, pause, resume, close) with its time and actor; the reason, which
/// may name people, is an age file.
public struct SessionEventRecord: Codable, Sendable, Equatable, CatalogueTable {
    static let databaseTableName = "session_event"

    public var id: Int64?
    public var sessionID: String
    public var time: String
    public var offsetMilliseconds: Int64?
    public var actorKeyID: String
    public var action: String
    public var reason: Data?
    /// For a close that went ahead with recordings or required checklist items unfinished
    /// (`session close --force`): the id of the note, written with it, that gives the reason.
    public var forcedNote: String?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let sessionID = Column(CodingKeys.sessionID)
    }

    enum CodingKeys: String, CodingKey {
        case id, time, action, reason
        case forcedNote = "forced_note"
        case sessionID = "session_id"
        case offsetMilliseconds = "offset_ms"
        case actorKeyID = "actor_key_id"
    }

    public init(
        sessionID: String, time: String, offsetMilliseconds: Int64?, actorKeyID: String, action: String, reason: Data?,
        forcedNote: String? = nil
    ) {
        self.forcedNote = forcedNote
        self.sessionID = sessionID
        self.time = time
        self.offsetMilliseconds = offsetMilliseconds
        self.actorKeyID = actorKeyID
        self.action = action
        self.reason = reason
    }

    mutating func didInsert(rowID: Int64) { id = rowID }
}

/// A note: `body` is an age file holding its text and tags; kind, offset, time, author key id,
/// protocol item and the note it corrects stay in the clear for ordering and filtering.
public struct NoteRecord: Codable, Sendable, Equatable, CatalogueTable {
    static let databaseTableName = "note"

    public var id: Int64?
    public var sessionID: String
    public var noteID: String
    public var offsetMilliseconds: Int64?
    public var wallclock: String
    public var authorKeyID: String
    public var kind: String
    public var protocolItem: String?
    public var supersedes: String?
    public var body: Data
    /// The recording `offsetMilliseconds` points into; nil when no recording ran as it was written.
    public var recording: Int?

    /// Written while no recording ran: kept, but tied to no moment of the audio.
    public var outsideRecording: Bool { recording == nil }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let sessionID = Column(CodingKeys.sessionID)
        static let noteID = Column(CodingKeys.noteID)
        static let offsetMilliseconds = Column(CodingKeys.offsetMilliseconds)
        static let wallclock = Column(CodingKeys.wallclock)
        static let kind = Column(CodingKeys.kind)
    }

    enum CodingKeys: String, CodingKey {
        case id, wallclock, kind, supersedes, body, recording
        case sessionID = "session_id"
        case noteID = "note_id"
        case offsetMilliseconds = "offset_ms"
        case authorKeyID = "author_key_id"
        case protocolItem = "protocol_item"
    }

    public init(
        sessionID: String, noteID: String, offsetMilliseconds: Int64?, wallclock: String, authorKeyID: String,
        kind: String, protocolItem: String?, supersedes: String?, body: Data, recording: Int? = nil
    ) {
        self.recording = recording
        self.sessionID = sessionID
        self.noteID = noteID
        self.offsetMilliseconds = offsetMilliseconds
        self.wallclock = wallclock
        self.authorKeyID = authorKeyID
        self.kind = kind
        self.protocolItem = protocolItem
        self.supersedes = supersedes
        self.body = body
    }

    mutating func didInsert(rowID: Int64) { id = rowID }
}

/// A checklist state change; the comment or skip reason is an age file.
public struct ChecklistEventRecord: Codable, Sendable, Equatable, CatalogueTable {
    static let databaseTableName = "checklist_event"

    public var id: Int64?
    public var sessionID: String
    public var item: String
    public var action: String
    public var time: String
    public var offsetMilliseconds: Int64?
    public var actorKeyID: String
    public var outOfOrder: Bool
    public var comment: Data?
    /// The recording `offsetMilliseconds` points into; nil when no recording was running (the
    /// event then has no offset either).
    public var recording: Int?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let sessionID = Column(CodingKeys.sessionID)
    }

    enum CodingKeys: String, CodingKey {
        case id, item, action, time, comment, recording
        case sessionID = "session_id"
        case offsetMilliseconds = "offset_ms"
        case actorKeyID = "actor_key_id"
        case outOfOrder = "out_of_order"
    }

    public init(
        sessionID: String, item: String, action: String, time: String, offsetMilliseconds: Int64?, actorKeyID: String,
        outOfOrder: Bool, comment: Data?, recording: Int? = nil
    ) {
        self.recording = recording
        self.sessionID = sessionID
        self.item = item
        self.action = action
        self.time = time
        self.offsetMilliseconds = offsetMilliseconds
        self.actorKeyID = actorKeyID
        self.outOfOrder = outOfOrder
        self.comment = comment
    }

    mutating func didInsert(rowID: Int64) { id = rowID }
}
