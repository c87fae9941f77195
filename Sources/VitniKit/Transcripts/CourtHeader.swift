import Foundation
import VitniFormats

/// The one renderer of a court transcript's header, for a session in the workspace and for a
/// sealed bundle alike: case, session, date (UTC), place and who was present by role, with
/// names from the sealed participants — none at all in a redacted copy, which also carries the
/// banner every page prints. The child is listed by role only, always; speakers the transcript
/// labels but who are not participants (interpreter, observers heard on the recording, the
/// interviewer of an advocate's copy, which names nobody) are listed by label.
enum CourtHeader {
    static func make(
        caseID: String, sessionID: String, createdAt: String, place: String?, participants: [Participant],
        interviewerKeyID: String?, transcript: Transcript, redacted: Bool
    ) -> CourtTranscriptHeader {
        var present: [CourtTranscriptHeader.Attendee] = []
        for participant in participants {
            let isInterviewer = participant.keyID == interviewerKeyID
            present.append(
                .init(
                    role: isInterviewer ? "Interviewer" : roleWords(participant.role) + " (observing)",
                    label: isInterviewer ? .interviewer : nil, name: redacted ? nil : participant.name))
        }
        let labels = Set(transcript.utterances.map(\.speaker)).sorted()
        for label in labels {
            switch label {
            case .interviewer where !present.contains { $0.label == .interviewer }:
                present.insert(.init(role: "Interviewer", label: label, name: nil), at: 0)
            case .child: present.append(.init(role: "Child", label: .child, name: nil))
            case .interpreter: present.append(.init(role: "Interpreter", label: label, name: nil))
            case .observer(let number): present.append(.init(role: "Observer \(number)", label: label, name: nil))
            default: break
            }
        }
        return CourtTranscriptHeader(
            caseID: caseID, sessionID: sessionID, date: courtDate(createdAt), place: place ?? "not stated",
            present: present, redaction: redacted ? CourtTranscriptHeader.redactedBanner : nil)
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
