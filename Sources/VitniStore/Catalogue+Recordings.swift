import Foundation
import GRDB

/// Queries over a session's recordings.
extension Workspace {
    /// Starts a recording, numbered after the session's last one, and (for a live capture)
    /// moves the session to `recording` — in one transaction, so two recorders cannot capture
    /// the same session.
    /// - Parameter make: builds the record from its number.
    public func insertRecording(
        sessionID: String, whenSessionIn states: Set<SessionState>, capturing: Bool = true,
        make: @Sendable (Int) throws -> RecordingRecord
    ) throws -> RecordingRecord {
        try write { db in
            guard var session = try SessionRow.fetchOne(db, key: sessionID)?.record else {
                throw StoreError.unknownSession(sessionID)
            }
            guard states.contains(session.state) else { throw StoreError.wrongState(sessionID, session.state) }
            let last = try Int.fetchOne(
                db, sql: "SELECT MAX(number) FROM recording WHERE session_id = ?", arguments: [sessionID])
            var recording = try make((last ?? 0) + 1)
            try recording.insert(db)
            if capturing {
                session.state = .recording
                try session.update(db)
            }
            return recording
        }
    }

    /// Saves a recording's new state; when it has stopped capturing, a session still marked
    /// `recording` returns to `open`.
    public func update(recording: RecordingRecord) throws {
        try write { db in
            try recording.update(db)
            if recording.state != .capturing {
                try db.execute(
                    sql: "UPDATE session SET state = 'open' WHERE id = ? AND state = 'recording'",
                    arguments: [recording.sessionID])
            }
        }
    }

    /// Moves the recording clock: `frames` are on disk as of `time`.
    public func markDurable(recordingID: Int64, frames: Int64, at time: String) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE recording SET durable_frames = ?, durable_at = ? WHERE id = ?",
                arguments: [frames, time, recordingID])
        }
    }

    /// Removes a recording that never came to be (an import that failed); the session returns to open.
    public func delete(recording: RecordingRecord) throws {
        try write { db in
            _ = try recording.delete(db)
            try db.execute(
                sql: "UPDATE session SET state = 'open' WHERE id = ? AND state = 'recording'",
                arguments: [recording.sessionID])
        }
    }

    public func recordings(sessionID: String) throws -> [RecordingRecord] {
        try read { db in
            try RecordingRow.filter(RecordingRecord.Columns.sessionID == sessionID)
                .order(RecordingRecord.Columns.number).fetchAll(db).map(\.record)
        }
    }

    /// The recording being captured in the session, if any.
    public func capturingRecording(sessionID: String) throws -> RecordingRecord? {
        try read { db in
            try RecordingRow.filter(RecordingRecord.Columns.sessionID == sessionID)
                .filter(RecordingRecord.Columns.state == RecordingState.capturing.rawValue).fetchOne(db)?.record
        }
    }
}
