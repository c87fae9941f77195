public import VitniStore

/// What `list` and `show` print: the catalogue's own, non-identifying columns.
public struct CatalogueEntry: Encodable, Sendable {
    public struct Event: Encodable, Sendable {
        public var time, action, actor: String
        public var hasReason: Bool

        enum CodingKeys: String, CodingKey {
            case time, action, actor
            case hasReason = "has_reason"
        }
    }

    public var id, caseID: String
    public var number: Int
    public var state, protocolID, protocolVersion, createdAt: String
    public var closedAt: String?
    public var interviewer: String
    public var recipients: [String]
    public var notes: Int?
    public var events: [Event]?

    enum CodingKeys: String, CodingKey {
        case id, number, state, interviewer, recipients, notes, events
        case caseID = "case_id"
        case protocolID = "protocol_id"
        case protocolVersion = "protocol_version"
        case createdAt = "created_at"
        case closedAt = "closed_at"
    }

    public init(_ session: SessionRecord) {
        id = session.id
        caseID = session.caseID
        number = session.number
        state = session.state.rawValue
        protocolID = session.protocolID
        protocolVersion = session.protocolVersion
        createdAt = session.createdAt
        closedAt = session.closedAt
        interviewer = session.interviewerKeyID
        recipients = session.recipients
    }
}

extension CatalogueEntry {
    /// Every session of the catalogue (optionally one case's, or those in one state).
    public static func list(in workspace: Workspace, caseID: String?, state: SessionState?) throws -> [CatalogueEntry] {
        try workspace.sessions(caseID: caseID, state: state).map(CatalogueEntry.init)
    }

    /// One session's entry with its note count and history (reasons stay sealed: only whether
    /// there is one).
    public static func show(_ id: String, in workspace: Workspace) throws -> CatalogueEntry {
        let record = try workspace.namedSession(id)
        var entry = CatalogueEntry(record)
        entry.notes = try workspace.noteCount(sessionID: record.id)
        entry.events = try workspace.sessionEvents(sessionID: record.id).map {
            Event(time: $0.time, action: $0.action, actor: $0.actorKeyID, hasReason: $0.reason != nil)
        }
        return entry
    }
}
