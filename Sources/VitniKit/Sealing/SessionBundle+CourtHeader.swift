public import VitniCrypto
public import VitniFormats

extension VerifiedBundle {
    /// Whether the bundle's newest transcript is a redacted one (the child advocate's copy).
    public func holdsRedactedTranscript() throws -> Bool {
        try transcriptFiles().last == BundleLayout.redactedTranscript
    }

    /// The court header for the bundle's transcript (`CourtHeader`, as for a session): names only
    /// when the bundle is not a redacted copy, and then every page says it is one.
    public func courtHeader(place: String?, transcript: Transcript, identities: [any AgeIdentity]) throws
        -> CourtTranscriptHeader
    {
        let facts = try sessionFile(identities: identities)
        return CourtHeader.make(
            caseID: facts.caseID, sessionID: facts.sessionID, createdAt: facts.createdAt, place: place,
            participants: facts.participants,
            interviewerKeyID: facts.participants.first { $0.role == .interviewer }?.keyID, transcript: transcript,
            redacted: try holdsRedactedTranscript())
    }
}
