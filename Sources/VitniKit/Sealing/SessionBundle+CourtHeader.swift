public import VitniCrypto
public import VitniFormats

extension VerifiedBundle {
    /// Whether the bundle's newest transcript is a redacted one (the child advocate's copy).
    public func holdsRedactedTranscript() throws -> Bool {
        try transcriptFiles().last == BundleLayout.redactedTranscript
    }

    /// The court header for the bundle's transcript: case, session, date, place and who was
    /// present by role, with names only when the bundle is not a redacted copy.
    public func courtHeader(place: String?, identities: [any AgeIdentity]) throws -> CourtTranscriptHeader {
        let facts = try sessionFile(identities: identities)
        let redacted = try holdsRedactedTranscript()
        return CourtTranscriptHeader(
            caseID: facts.caseID, sessionID: facts.sessionID, date: String(facts.createdAt.prefix(10)),
            place: place ?? "—",
            present: facts.participants.map {
                CourtTranscriptHeader.Attendee(role: $0.role.rawValue, label: nil, name: redacted ? nil : $0.name)
            })
    }
}
