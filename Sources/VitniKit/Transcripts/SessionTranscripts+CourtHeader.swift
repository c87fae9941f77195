import Foundation
public import VitniCrypto
public import VitniFormats
public import VitniStore

extension SessionTranscripts {
    /// The head of a court transcript: case, session, date (UTC), place and who was present by
    /// role, with names from the sealed participants — or none at all for a redacted copy. The
    /// child is listed by role only, always; speakers the transcript names by label but who are
    /// not participants (interpreter, observers heard on the recording) are listed by label.
    /// - Parameters:
    ///   - place: where the interview took place, as it should be printed.
    ///   - redacted: withhold every name.
    ///   - transcript: the transcript the header is for (its speaker labels).
    public func courtHeader(
        of session: SessionRecord, transcript: Transcript, place: String?, redacted: Bool,
        identities: [any AgeIdentity]
    ) throws -> CourtTranscriptHeader {
        let details = try lifecycle.details(of: session, identities: identities)
        var present: [CourtTranscriptHeader.Attendee] = []
        for participant in details.participants {
            let isInterviewer = participant.keyID == session.interviewerKeyID
            present.append(
                .init(
                    role: isInterviewer ? "Interviewer" : Self.roleWords(participant.role) + " (observing)",
                    label: isInterviewer ? .interviewer : nil, name: redacted ? nil : participant.name))
        }
        let labels = Set(transcript.utterances.map(\.speaker)).sorted()
        if labels.contains(.child) { present.append(.init(role: "Child", label: .child, name: nil)) }
        for label in labels {
            switch label {
            case .interpreter: present.append(.init(role: "Interpreter", label: label, name: nil))
            case .observer(let number): present.append(.init(role: "Observer \(number)", label: label, name: nil))
            default: break
            }
        }
        return CourtTranscriptHeader(
            caseID: session.caseID, sessionID: session.id, date: Self.courtDate(session.createdAt),
            place: place ?? "not stated", present: present)
    }

    static func roleWords(_ role: Role) -> String {
        switch role {
        case .interviewer: "Interviewer"
        case .observer: "Observer"
        case .custodian: "Custodian"
        case .prosecutor: "Prosecutor"
        case .defence: "Defence"
        case .advocate: "Child advocate"
        case .court: "Court"
        }
    }

    /// `2026-11-02 09:30 UTC` from the session's RFC 3339 start.
    static func courtDate(_ timestamp: String) -> String {
        guard let date = Timestamp.date(timestamp) else { return timestamp }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date) + " UTC"
    }
}
