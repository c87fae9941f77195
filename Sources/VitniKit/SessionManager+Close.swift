import Foundation
import VitniFormats
public import VitniStore

extension SessionManager {
    /// What must be finished before a session closes: every recording not yet finalised (a
    /// closed session is sealed next, and sealing needs them all), and per phase the required
    /// protocol items neither done nor skipped. One line each, naming the command that helps.
    public func unfinishedWork(of session: SessionRecord) throws -> [String] {
        var lines: [String] = []
        let live = try notes.liveRecording(of: session)?.number
        for recording in try workspace.recordings(sessionID: session.id) where recording.state != .finalised {
            let what = "recording \(recording.number)"
            switch recording.state {
            case .capturing where recording.number == live:
                lines.append("\(what) is still being captured: stop it first (/stop in the recorder)")
            case .capturing, .interrupted:
                lines.append("\(what) was cut short and is not recovered: run `vitni recover`, then `vitni finalise`")
            case .stopped, .recovered, .finalised:
                lines.append("\(what) is \(recording.state.rawValue), not finalised: run `vitni finalise`")
            }
        }
        let checklist = try notes.checklist(of: session, protocol: try interviewProtocol(of: session))
        for phase in checklist.interviewProtocol.phases {
            let open = checklist.requiredOpen.filter { $0.phase == phase.id }.map(\.reference)
            guard !open.isEmpty else { continue }
            lines.append(
                "\(phase.id): \(open.count) required item\(open.count == 1 ? "" : "s") neither done nor skipped: "
                    + open.joined(separator: ", "))
        }
        return lines
    }

    /// The note that records why a session closed with work unfinished; nil when nothing is.
    /// - Throws: `VitniError.closeRefused` unless `force`; `VitniError.invalidInput` for a
    ///   forced close without a reason.
    func forcedCloseNote(
        _ session: SessionRecord, actor: PublicIdentity, reason: String?, force: Bool, now: Date
    ) throws -> NoteRecord? {
        let unfinished = try unfinishedWork(of: session)
        guard !unfinished.isEmpty else { return nil }
        guard force else { throw VitniError.closeRefused(session: session.id, unfinished: unfinished) }
        guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw VitniError.invalidInput("closing with work unfinished (--force) needs a reason (--reason TEXT)")
        }
        guard reason.utf8.count <= SessionNotes.maximumNoteLength else {
            throw VitniError.invalidInput("the reason is \(reason.utf8.count) bytes: notes are limited to 64 KiB")
        }
        let text = (["Closed with work unfinished (session close --force): \(reason)"] + unfinished).joined(
            separator: "\n")
        return try notes.sealedRecord(
            session, author: actor, kind: .technical, text: text, tags: ["forced-close"],
            placement: try notes.placement(session, offset: nil, recording: nil, now: now), now: now)
    }
}
