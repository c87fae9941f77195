import Foundation
public import VitniStore

extension SessionRecordings {
    /// Recording `number` of `session`, or its only one when `number` is nil.
    /// - Throws: `VitniError.invalidInput` when the session has no such recording, or several
    ///   and none was named (the first may be a fragment a crash cut short: never guess).
    public func recording(_ number: Int?, of session: SessionRecord) throws -> RecordingRecord {
        let recordings = try workspace.recordings(sessionID: session.id)
        if number == nil && recordings.count > 1 {
            throw VitniError.invalidInput(
                "session \(session.id) has \(recordings.count) recordings (\(recordings.map(\.listing).joined(separator: "; "))): "
                    + "choose one with --recording N")
        }
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

extension RecordingRecord {
    /// `2: 12:04.500 from 2026-11-02T09:41:10Z, recovered after an interruption (state)`.
    public var listing: String {
        var line = "\(number): \(Offset.format(milliseconds(frames ?? durableFrames))) from \(startedAt)"
        if recovered { line += ", recovered after an interruption" }
        if let lost = lostMilliseconds { line += ", about \(Offset.format(lost)) lost" }
        return line + " (\(state.rawValue))"
    }
}
