import Foundation
import GRDB

/// Typed queries over the catalogue, so the domain layer never writes SQL.
extension Workspace {
    /// Sessions, by case and number, optionally filtered.
    public func sessions(caseID: String? = nil, state: SessionState? = nil) throws -> [SessionRecord] {
        try read { db in
            var request = SessionRow.all()
            if let caseID { request = request.filter(SessionRecord.Columns.caseID == caseID) }
            if let state { request = request.filter(SessionRecord.Columns.state == state.rawValue) }
            return try request.order(SessionRecord.Columns.caseID, SessionRecord.Columns.number).fetchAll(db).map(
                \.record)
        }
    }

    /// Sessions still being conducted (open, recording or paused).
    public func activeSessions() throws -> [SessionRecord] {
        try read { db in
            try SessionRow.filter(
                [SessionState.open, .recording, .paused].map(\.rawValue).contains(SessionRecord.Columns.state)
            )
            .order(SessionRecord.Columns.caseID, SessionRecord.Columns.number).fetchAll(db).map(\.record)
        }
    }

    public func session(id: String) throws -> SessionRecord {
        guard let session = try read({ db in try SessionRow.fetchOne(db, key: id)?.record }) else {
            throw StoreError.unknownSession(id)
        }
        return session
    }

    /// Inserts a new session, numbered after the case's last one, with its start event.
    /// - Parameter make: builds the record from the number it gets.
    /// - Parameter action: the first event's action: `start` for a session conducted here,
    ///   `receive` for one taken in from a sealed bundle.
    public func insertSession(
        caseID: String, make: @Sendable (Int) throws -> SessionRecord, startedBy actorKeyID: String, at time: String,
        action: String = "start"
    ) throws -> SessionRecord {
        try write { db in
            let last = try Int.fetchOne(
                db, sql: "SELECT MAX(number) FROM session WHERE case_id = ?", arguments: [caseID])
            var session = try make((last ?? 0) + 1)
            try session.insert(db)
            var event = SessionEventRecord(
                sessionID: session.id, time: time, offsetMilliseconds: 0, actorKeyID: actorKeyID, action: action,
                reason: nil)
            try event.insert(db)
            return session
        }
    }

    /// Changes a session's state if it is in one of `from`, recording the event; returns the
    /// updated session, or throws `StoreError.wrongState` with the state it was in.
    /// - Parameter note: a note written with the change, in the same transaction (why a close
    ///   was forced), so neither is kept without the other.
    public func transition(
        sessionID: String, from: Set<SessionState>, to: SessionState, event: SessionEventRecord,
        closedAt: String? = nil,
        note: NoteRecord? = nil
    ) throws -> SessionRecord {
        try write { db in
            guard var session = try SessionRow.fetchOne(db, key: sessionID)?.record else {
                throw StoreError.unknownSession(sessionID)
            }
            guard from.contains(session.state) else { throw StoreError.wrongState(sessionID, session.state) }
            if var note {
                try note.insert(db)
            }
            session.state = to
            if let closedAt { session.closedAt = closedAt }
            try session.update(db)
            var event = event
            try event.insert(db)
            return session
        }
    }

    /// Marks a closed session sealed (its bundle now holds the evidence), with the event.
    public func markSealed(sessionID: String, actorKeyID: String, at time: String) throws -> SessionRecord {
        try transition(
            sessionID: sessionID, from: [.closed], to: .sealed,
            event: SessionEventRecord(
                sessionID: sessionID, time: time, offsetMilliseconds: nil, actorKeyID: actorKeyID, action: "seal",
                reason: nil))
    }

    public func sessionEvents(sessionID: String) throws -> [SessionEventRecord] {
        try read { db in
            try SessionEventRow.filter(SessionEventRecord.Columns.sessionID == sessionID)
                .order(SessionEventRecord.Columns.id).fetchAll(db).map(\.record)
        }
    }

    /// Adds a note if the session is in one of `states` (checked in the same transaction).
    public func insert(note: NoteRecord, whenSessionIn states: Set<SessionState>) throws -> NoteRecord {
        try write { db in
            try Self.requireState(db, note.sessionID, states)
            if let supersedes = note.supersedes {
                let exists =
                    try NoteRow.filter(NoteRecord.Columns.noteID == supersedes)
                    .filter(NoteRecord.Columns.sessionID == note.sessionID).fetchCount(db) > 0
                guard exists else { throw StoreError.unknownNote(supersedes) }
            }
            var note = note
            try note.insert(db)
            return note
        }
    }

    /// Notes in recording order (offset, then wall clock, then insertion), optionally of one kind.
    public func notes(sessionID: String, kind: String? = nil) throws -> [NoteRecord] {
        try read { db in
            var request = NoteRow.filter(NoteRecord.Columns.sessionID == sessionID)
            if let kind { request = request.filter(NoteRecord.Columns.kind == kind) }
            return try request.order(
                NoteRecord.Columns.offsetMilliseconds, NoteRecord.Columns.wallclock, NoteRecord.Columns.id
            ).fetchAll(db).map(\.record)
        }
    }

    public func noteCount(sessionID: String) throws -> Int {
        try read { db in try NoteRow.filter(NoteRecord.Columns.sessionID == sessionID).fetchCount(db) }
    }

    /// Appends a checklist event after `validate` has seen the events so far, in one transaction,
    /// so two people ticking the same item cannot both succeed.
    public func appendChecklistEvent(
        sessionID: String, whenSessionIn states: Set<SessionState>,
        make: @Sendable ([ChecklistEventRecord]) throws -> ChecklistEventRecord
    ) throws -> ChecklistEventRecord {
        try write { db in
            try Self.requireState(db, sessionID, states)
            let events = try ChecklistEventRow.filter(ChecklistEventRecord.Columns.sessionID == sessionID)
                .order(ChecklistEventRecord.Columns.id).fetchAll(db).map(\.record)
            var event = try make(events)
            try event.insert(db)
            return event
        }
    }

    /// Appends several checklist events in one transaction after `make` has seen the events so
    /// far: all of them are recorded, or (when `make` throws) none.
    public func appendChecklistEvents(
        sessionID: String, whenSessionIn states: Set<SessionState>,
        make: @Sendable ([ChecklistEventRecord]) throws -> [ChecklistEventRecord]
    ) throws -> [ChecklistEventRecord] {
        try write { db in
            try Self.requireState(db, sessionID, states)
            let events = try ChecklistEventRow.filter(ChecklistEventRecord.Columns.sessionID == sessionID)
                .order(ChecklistEventRecord.Columns.id).fetchAll(db).map(\.record)
            return try make(events).map { event in
                var event = event
                try event.insert(db)
                return event
            }
        }
    }

    public func checklistEvents(sessionID: String) throws -> [ChecklistEventRecord] {
        try read { db in
            try ChecklistEventRow.filter(ChecklistEventRecord.Columns.sessionID == sessionID)
                .order(ChecklistEventRecord.Columns.id).fetchAll(db).map(\.record)
        }
    }

    static func requireState(_ db: Database, _ sessionID: String, _ states: Set<SessionState>) throws {
        guard let session = try SessionRow.fetchOne(db, key: sessionID)?.record else {
            throw StoreError.unknownSession(sessionID)
        }
        guard states.contains(session.state) else { throw StoreError.wrongState(sessionID, session.state) }
    }
}

/// One line of `vitni list`: the columns it prints, without the sealed blobs.
public struct SessionSummary: Sendable, Equatable {
    public var id: String
    public var state: String
    public var protocolID: String
    public var protocolVersion: String
    public var createdAt: String
}

extension Workspace {
    /// Session summaries, read as plain rows: a catalogue of 100,000 sessions lists quickly.
    public func sessionSummaries(caseID: String? = nil, state: SessionState? = nil) throws -> [SessionSummary] {
        try read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let caseID {
                conditions.append("case_id = ?")
                arguments += [caseID]
            }
            if let state {
                conditions.append("state = ?")
                arguments += [state.rawValue]
            }
            let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            let sql =
                "SELECT id, state, protocol_id, protocol_version, created_at FROM session\(filter) ORDER BY case_id, number"
            var summaries: [SessionSummary] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                summaries.append(
                    SessionSummary(
                        id: row[0], state: row[1], protocolID: row[2], protocolVersion: row[3], createdAt: row[4]))
            }
            return summaries
        }
    }
}
