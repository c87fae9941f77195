import Foundation
public import VitniCrypto
import VitniFormats
public import VitniStore

extension SessionTranscripts {
    /// The working session a sealed bundle came from, with the bundle's newest transcript made
    /// its current original (imported when it differs — e.g. one added to the bundle after
    /// sealing), so redaction decisions are kept, sealed, where `vitni export --redacted` finds
    /// them.
    /// A session this workspace does not hold is received from the bundle (`receive`).
    public func session(forBundle bundle: VerifiedBundle, importer: PublicIdentity, identities: [any AgeIdentity])
        throws
        -> SessionRecord
    {
        let facts = try bundle.sessionFile(identities: identities)
        let session =
            try (try? workspace.session(id: facts.sessionID))
            ?? receive(bundle, facts: facts, holder: importer, identities: identities)
        let transcript = try bundle.transcript(identities: identities)
        let digest = Hex.encode(Hashing.sha256(Array(WebVTT.render(transcript).utf8)))
        if try workspace.currentTranscript(sessionID: session.id, kind: .original)?.plaintextSHA256 != digest {
            try importTranscript(
                transcript, into: session, format: .webVTT,
                source: transcript.metadata.source ?? Transcript.Metadata.human,
                importer: importer, file: bundle.path)
        }
        return session
    }

    /// Takes a sealed bundle's session into this workspace, so its holder — a prosecutor, a
    /// court — can review its redaction and export the advocate's copy without the workspace
    /// that sealed it. The session is `sealed` from the start (nothing can be recorded or noted
    /// in it); its key is new and sealed to `holder` alone, and its facts (participants, the
    /// child's reference, the protocol) are the bundle's, read after it verified.
    func receive(
        _ bundle: VerifiedBundle, facts: SessionFile, holder: PublicIdentity, identities: [any AgeIdentity]
    ) throws -> SessionRecord {
        let protocolYAML =
            bundle.contains(BundleLayout.protocolFile)
            ? try bundle.decrypt(BundleLayout.protocolFile, identities: identities, limit: 1 << 20) : nil
        let recipient = try holder.recipient()
        let sessionIdentity = Age.X25519Identity.generate()
        let sessionKey = try SealedValue.seal(secret: sessionIdentity.encoded, to: [recipient])
        let details = SessionDetails(
            childReference: facts.childReference, language: facts.language, participants: facts.participants)
        let sealedDetails = try SealedValue.seal(details, to: [sessionIdentity.recipient])
        let interviewer = facts.participants.first { $0.role == .interviewer }?.keyID ?? holder.keyID
        let number = facts.sessionID.split(separator: "_S").last.flatMap { Int($0) }
        let time = Timestamp.string(Date())
        return try workspace.insertSession(
            caseID: facts.caseID,
            make: { next in
                SessionRecord(
                    id: facts.sessionID, caseID: facts.caseID, number: number ?? next, protocolID: facts.protocolID,
                    protocolVersion: facts.protocolVersion, state: .sealed, language: facts.language,
                    createdAt: facts.createdAt, closedAt: facts.closedAt, interviewerKeyID: interviewer,
                    participants: facts.participants.map(\.keyID) + [holder.keyID], recipients: [recipient.encoded],
                    sessionRecipient: sessionIdentity.recipient.encoded, sessionKey: sessionKey, details: sealedDetails,
                    protocolYAML: protocolYAML.map { Data($0) },
                    protocolSHA256: protocolYAML.map { Hex.encode(Hashing.sha256($0)) })
            }, startedBy: holder.keyID, at: time, action: "receive")
    }
}
