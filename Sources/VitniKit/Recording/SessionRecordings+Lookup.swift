import Foundation
public import VitniStore

extension SessionRecordings {
    /// Recording `number` of `session`, or its first when `number` is nil.
    /// - Throws: `VitniError.invalidInput` when the session has no such recording.
    public func recording(_ number: Int?, of session: SessionRecord) throws -> RecordingRecord {
        let recordings = try workspace.recordings(sessionID: session.id)
        guard let chosen = number.map({ number in recordings.first { $0.number == number } }) ?? recordings.first else {
            throw VitniError.invalidInput("session \(session.id) has no recording\(number.map { " \($0)" } ?? "")")
        }
        return chosen
    }

    /// The recordings of `session` waiting to be finalised (stopped or recovered), or only
    /// recording `number` of them.
    public func recordingsToFinalise(of session: SessionRecord, number: Int? = nil) throws -> [RecordingRecord] {
        try workspace.recordings(sessionID: session.id).filter {
            [.stopped, .recovered].contains($0.state) && (number == nil || $0.number == number)
        }
    }

    /// The named session, or every session in the workspace when `id` is nil (recovery looks
    /// for interrupted recordings in all of them).
    public func sessionsToRecover(_ id: String?) throws -> [SessionRecord] {
        try id.map { [try workspace.namedSession($0)] } ?? workspace.sessions()
    }
}
