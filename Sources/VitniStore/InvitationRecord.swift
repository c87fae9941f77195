import Foundation
import GRDB

/// A one-time invitation of a session's participant to its observation room. The link holds a
/// random token; the catalogue holds only the token's SHA-256, who is invited, and when the
/// link was used or withdrawn.
public struct InvitationRecord: Codable, Sendable, Equatable, CatalogueTable {
    static let databaseTableName = "invitation"

    /// Short and printable (`i-` and 8 hex digits): what `vitni invite --withdraw` takes.
    public var id: String
    public var sessionID: String
    public var participantKeyID: String
    public var tokenSHA256: String
    public var createdAt: String
    public var createdByKeyID: String
    public var usedAt: String?
    public var withdrawnAt: String?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let sessionID = Column(CodingKeys.sessionID)
        static let tokenSHA256 = Column(CodingKeys.tokenSHA256)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case id
        case sessionID = "session_id"
        case participantKeyID = "participant_key_id"
        case tokenSHA256 = "token_sha256"
        case createdAt = "created_at"
        case createdByKeyID = "created_by_key_id"
        case usedAt = "used_at"
        case withdrawnAt = "withdrawn_at"
    }

    public init(
        id: String, sessionID: String, participantKeyID: String, tokenSHA256: String, createdAt: String,
        createdByKeyID: String
    ) {
        self.id = id
        self.sessionID = sessionID
        self.participantKeyID = participantKeyID
        self.tokenSHA256 = tokenSHA256
        self.createdAt = createdAt
        self.createdByKeyID = createdByKeyID
    }
}

typealias InvitationRow = StoredRow<InvitationRecord>

extension Workspace {
    /// Stores a new invitation for a session that exists and is not yet closed.
    public func insert(invitation: InvitationRecord, whenSessionIn states: Set<SessionState>) throws {
        try write { db in
            try Self.requireState(db, invitation.sessionID, states)
            var row = InvitationRow(invitation)
            try row.insert(db)
        }
    }

    /// Spends an invitation: the one with this token hash, for this session, never used and not
    /// withdrawn, is marked used in one statement, so two browsers racing with the same link
    /// cannot both get in.
    /// - Returns: the invitation as spent, or nil when the token admits no one.
    public func redeemInvitation(tokenSHA256: String, sessionID: String, at time: String) throws
        -> InvitationRecord?
    {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE invitation SET used_at = ?
                    WHERE token_sha256 = ? AND session_id = ? AND used_at IS NULL AND withdrawn_at IS NULL
                    """, arguments: [time, tokenSHA256, sessionID])
            guard db.changesCount == 1 else { return nil }
            return try InvitationRow.filter(InvitationRecord.Columns.tokenSHA256 == tokenSHA256).fetchOne(db)?.record
        }
    }

    /// Withdraws an invitation of the session, used or not; whoever joined with it is let go.
    /// - Returns: false when the session has no such invitation.
    public func withdrawInvitation(id: String, sessionID: String, at time: String) throws -> Bool {
        try write { db in
            try db.execute(
                sql: "UPDATE invitation SET withdrawn_at = COALESCE(withdrawn_at, ?) WHERE id = ? AND session_id = ?",
                arguments: [time, id, sessionID])
            return db.changesCount == 1
        }
    }

    public func invitation(id: String) throws -> InvitationRecord? {
        try read { db in try InvitationRow.fetchOne(db, key: id)?.record }
    }

    /// The session's invitations, oldest first.
    public func invitations(sessionID: String) throws -> [InvitationRecord] {
        try read { db in
            try InvitationRow.filter(InvitationRecord.Columns.sessionID == sessionID)
                .order(InvitationRecord.Columns.createdAt, InvitationRecord.Columns.id).fetchAll(db).map(\.record)
        }
    }
}
