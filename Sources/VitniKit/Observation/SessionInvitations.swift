import Foundation
import VitniCrypto
import VitniFormats
public import VitniStore

/// Invitations to a session's observation room: one-time links, each bound to one participant,
/// that can be withdrawn at any time. The token is shown once, when the invitation is made; the
/// catalogue keeps only its SHA-256.
public struct SessionInvitations: SessionService {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// Invites `participant` to the room of `session`, on behalf of `inviter`; both must be
    /// participants, and the session must not be closed.
    /// - Returns: the invitation and its token (32 random bytes, hex): the only copy.
    public func invite(_ participant: PublicIdentity, to session: SessionRecord, by inviter: PublicIdentity)
        throws -> (invitation: InvitationRecord, token: String)
    {
        try lifecycle.requireParticipant(inviter, in: session)
        try lifecycle.requireParticipant(participant, in: session)
        let token = Hex.encode(SecureRandom.bytes(count: 32))
        let invitation = InvitationRecord(
            id: "i-" + Hex.encode(SecureRandom.bytes(count: 4)), sessionID: session.id,
            participantKeyID: participant.keyID, tokenSHA256: Self.digest(token), createdAt: Timestamp.string(Date()),
            createdByKeyID: inviter.keyID)
        do {
            try workspace.insert(invitation: invitation, whenSessionIn: SessionManager.activeStates)
        } catch StoreError.wrongState(let id, let state) {
            throw VitniError.sessionState(session: id, state: state.rawValue, action: "invite observers")
        }
        return (invitation, token)
    }

    /// Withdraws one of the session's invitations; whoever joined with it is let go at once.
    public func withdraw(_ id: String, of session: SessionRecord, by person: PublicIdentity) throws {
        try lifecycle.requireParticipant(person, in: session)
        guard try workspace.withdrawInvitation(id: id, sessionID: session.id, at: Timestamp.string(Date())) else {
            throw VitniError.invalidInput(
                "session \(session.id) has no invitation \(id) (`vitni invite --list` shows them)")
        }
    }

    /// Spends a token for `sessionID`: nil for a token never issued, used, withdrawn, or
    /// another session's.
    public func admit(token: String, sessionID: String) throws -> InvitationRecord? {
        guard token.utf8.count == 64, Hex.decode(token) != nil else { return nil }
        return try workspace.redeemInvitation(
            tokenSHA256: Self.digest(token), sessionID: sessionID, at: Timestamp.string(Date()))
    }

    /// Whether an invitation someone joined with still stands (it has not been withdrawn).
    public func stands(_ id: String) throws -> Bool {
        guard let invitation = try workspace.invitation(id: id) else { return false }
        return invitation.withdrawnAt == nil
    }

    /// The person an invitation names, as this machine knows them (an own or trusted identity).
    /// - Throws: `VitniError.invalidInput` when the key is known to neither.
    public func participant(of invitation: InvitationRecord) throws -> PublicIdentity {
        guard let person = try TrustStore(keyStore: KeyStore()).trusted(keyID: invitation.participantKeyID) else {
            throw VitniError.invalidInput(
                "invitation \(invitation.id) names key \(invitation.participantKeyID), which this machine does not "
                    + "know: add the participant with `vitni trust add`")
        }
        return person
    }

    public func list(of session: SessionRecord) throws -> [InvitationRecord] {
        try workspace.invitations(sessionID: session.id)
    }

    static func digest(_ token: String) -> String { Hex.encode(Hashing.sha256(Array(token.utf8))) }
}

extension SessionManager {
    /// Invitations to the session's observation room.
    public var invitations: SessionInvitations { SessionInvitations(workspace: workspace) }
}
