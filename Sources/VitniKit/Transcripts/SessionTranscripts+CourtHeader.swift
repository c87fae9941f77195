public import VitniCrypto
public import VitniFormats
public import VitniStore

extension SessionTranscripts {
    /// The head of a court transcript for a session in the workspace (`CourtHeader`).
    /// - Parameters:
    ///   - place: where the interview took place, as it should be printed.
    ///   - redacted: withhold every name.
    ///   - transcript: the transcript the header is for (its speaker labels).
    public func courtHeader(
        of session: SessionRecord, transcript: Transcript, place: String?, redacted: Bool,
        identities: [any AgeIdentity]
    ) throws -> CourtTranscriptHeader {
        let details = try lifecycle.details(of: session, identities: identities)
        return CourtHeader.make(
            caseID: session.caseID, sessionID: session.id, createdAt: session.createdAt, place: place,
            participants: details.participants, interviewerKeyID: session.interviewerKeyID, transcript: transcript,
            redacted: redacted)
    }
}
