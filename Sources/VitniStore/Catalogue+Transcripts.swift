import Foundation
import GRDB

/// Queries over a session's transcripts and protected names. Both tables are append-only.
extension Workspace {
    /// Appends a transcript version, numbered next in its session; the newest of its kind
    /// becomes the current one.
    public func insert(transcript: TranscriptRecord) throws -> TranscriptRecord {
        try write { db in
            guard try SessionRow.fetchOne(db, key: transcript.sessionID)?.record != nil else {
                throw StoreError.unknownSession(transcript.sessionID)
            }
            var transcript = transcript
            transcript.number = try Int.fetchOne(
                db, sql: "SELECT COALESCE(MAX(number), 0) + 1 FROM transcript WHERE session_id = ?",
                arguments: [transcript.sessionID])
            try transcript.insert(db)
            return transcript
        }
    }

    /// Every stored version, oldest first, optionally of one kind.
    public func transcripts(sessionID: String, kind: TranscriptKind? = nil) throws -> [TranscriptRecord] {
        try read { db in
            var request = TranscriptRow.filter(TranscriptRecord.Columns.sessionID == sessionID)
            if let kind { request = request.filter(TranscriptRecord.Columns.kind == kind.rawValue) }
            return try request.order(TranscriptRecord.Columns.id).fetchAll(db).map(\.record)
        }
    }

    /// The current (newest) version of a kind, if any.
    public func currentTranscript(sessionID: String, kind: TranscriptKind) throws -> TranscriptRecord? {
        try read { db in
            try TranscriptRow.filter(TranscriptRecord.Columns.sessionID == sessionID)
                .filter(TranscriptRecord.Columns.kind == kind.rawValue)
                .order(TranscriptRecord.Columns.id.desc).fetchOne(db)?.record
        }
    }

    /// Appends a change to the session's protected names.
    public func insert(protectedNameEvent event: ProtectedNameEventRecord) throws -> ProtectedNameEventRecord {
        try write { db in
            guard try SessionRow.fetchOne(db, key: event.sessionID)?.record != nil else {
                throw StoreError.unknownSession(event.sessionID)
            }
            var event = event
            try event.insert(db)
            return event
        }
    }

    /// The session's protected-name changes in the order they were made.
    public func protectedNameEvents(sessionID: String) throws -> [ProtectedNameEventRecord] {
        try read { db in
            try ProtectedNameEventRow.filter(ProtectedNameEventRecord.Columns.sessionID == sessionID)
                .order(ProtectedNameEventRecord.Columns.id).fetchAll(db).map(\.record)
        }
    }
}
