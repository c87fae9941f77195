public import VitniCrypto
import VitniFormats
public import VitniStore

extension SessionTranscripts {
    /// The working session a sealed bundle came from, with the bundle's newest transcript made
    /// its current original (imported when it differs — e.g. one added to the bundle after
    /// sealing), so redaction decisions are kept, sealed, where `vitni export --redacted` finds
    /// them.
    /// - Throws: `VitniError.invalidInput` when this workspace does not hold the session.
    public func session(forBundle bundle: VerifiedBundle, importer: PublicIdentity, identities: [any AgeIdentity])
        throws
        -> SessionRecord
    {
        let facts = try bundle.sessionFile(identities: identities)
        let session: SessionRecord
        do { session = try workspace.session(id: facts.sessionID) } catch {
            throw VitniError.invalidInput(
                "session \(facts.sessionID) is not in this workspace: redact in the workspace that sealed it (--workspace)"
            )
        }
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
}
