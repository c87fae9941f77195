import GRDB

extension Workspace {
    /// Named migrations with literal SQL; never edited once shipped (add a new one instead).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-catalogue") { db in
            try db.execute(
                sql: """
                    CREATE TABLE session (
                        id TEXT PRIMARY KEY NOT NULL,
                        case_id TEXT NOT NULL,
                        number INTEGER NOT NULL,
                        protocol_id TEXT NOT NULL,
                        protocol_version TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('open', 'recording', 'paused', 'closed', 'sealed')),
                        language TEXT,
                        created_at TEXT NOT NULL,
                        closed_at TEXT,
                        interviewer_key_id TEXT NOT NULL,
                        participants TEXT NOT NULL,
                        recipients TEXT NOT NULL,
                        session_recipient TEXT NOT NULL,
                        session_key BLOB NOT NULL,
                        details BLOB NOT NULL,
                        UNIQUE (case_id, number)
                    );
                    CREATE INDEX session_by_case ON session (case_id, number);
                    CREATE INDEX session_by_state ON session (state);

                    CREATE TABLE session_event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        session_id TEXT NOT NULL REFERENCES session (id),
                        time TEXT NOT NULL,
                        offset_ms INTEGER,
                        actor_key_id TEXT NOT NULL,
                        action TEXT NOT NULL,
                        reason BLOB
                    );
                    CREATE INDEX session_event_by_session ON session_event (session_id, id);

                    CREATE TABLE note (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        session_id TEXT NOT NULL REFERENCES session (id),
                        note_id TEXT NOT NULL UNIQUE,
                        offset_ms INTEGER,
                        wallclock TEXT NOT NULL,
                        author_key_id TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        protocol_item TEXT,
                        supersedes TEXT,
                        body BLOB NOT NULL
                    );
                    CREATE INDEX note_by_time ON note (session_id, offset_ms, wallclock, id);

                    CREATE TABLE checklist_event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        session_id TEXT NOT NULL REFERENCES session (id),
                        item TEXT NOT NULL,
                        action TEXT NOT NULL CHECK (action IN ('tick', 'skip', 'undo')),
                        time TEXT NOT NULL,
                        offset_ms INTEGER,
                        actor_key_id TEXT NOT NULL,
                        out_of_order INTEGER NOT NULL DEFAULT 0,
                        comment BLOB
                    );
                    CREATE INDEX checklist_by_session ON checklist_event (session_id, id);
                    """)
        }
        migrator.registerMigration("v2-recordings") { db in
            try db.execute(
                sql: """
                    CREATE TABLE recording (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        session_id TEXT NOT NULL REFERENCES session (id),
                        number INTEGER NOT NULL,
                        state TEXT NOT NULL
                            CHECK (state IN ('capturing', 'stopped', 'interrupted', 'recovered', 'finalised')),
                        source TEXT NOT NULL,
                        sample_rate INTEGER NOT NULL,
                        channels INTEGER NOT NULL,
                        sample_format TEXT NOT NULL,
                        started_at TEXT NOT NULL,
                        stopped_at TEXT,
                        durable_frames INTEGER NOT NULL DEFAULT 0,
                        durable_at TEXT,
                        file TEXT NOT NULL,
                        container TEXT NOT NULL,
                        plaintext_sha256 TEXT,
                        source_sha256 TEXT,
                        frames INTEGER,
                        stop_reason TEXT,
                        lost_ms INTEGER,
                        recovered INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (session_id, number)
                    );
                    ALTER TABLE note ADD COLUMN recording INTEGER;
                    """)
        }
        migrator.registerMigration("v3-transcripts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE transcript (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        session_id TEXT NOT NULL REFERENCES session (id),
                        kind TEXT NOT NULL CHECK (kind IN ('original', 'redacted')),
                        source TEXT NOT NULL,
                        imported_format TEXT NOT NULL CHECK (imported_format IN ('webvtt', 'srt', 'eaf', 'text')),
                        created_at TEXT NOT NULL,
                        actor_key_id TEXT NOT NULL,
                        plaintext_sha256 TEXT NOT NULL,
                        utterance_count INTEGER NOT NULL,
                        derived_from INTEGER REFERENCES transcript (id),
                        body BLOB NOT NULL,
                        redaction_log BLOB,
                        CHECK ((kind = 'redacted') = (derived_from IS NOT NULL AND redaction_log IS NOT NULL))
                    );
                    CREATE INDEX transcript_by_session ON transcript (session_id, kind, id);

                    CREATE TABLE protected_name_event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        session_id TEXT NOT NULL REFERENCES session (id),
                        time TEXT NOT NULL,
                        actor_key_id TEXT NOT NULL,
                        action TEXT NOT NULL CHECK (action IN ('add', 'remove')),
                        names BLOB NOT NULL
                    );
                    CREATE INDEX protected_name_by_session ON protected_name_event (session_id, id);
                    """)
        }
        migrator.registerMigration("v4-session-protocol") { db in
            try db.execute(
                sql: """
                    ALTER TABLE session ADD COLUMN protocol_yaml BLOB;
                    ALTER TABLE session ADD COLUMN protocol_sha256 TEXT;
                    """)
        }
        migrator.registerMigration("v5-checklist-recording") { db in
            // Events written before this migration get the recording whose span holds their time.
            try db.execute(
                sql: """
                    ALTER TABLE checklist_event ADD COLUMN recording INTEGER;
                    UPDATE checklist_event SET recording = (
                        SELECT r.number FROM recording r
                        WHERE r.session_id = checklist_event.session_id AND r.started_at <= checklist_event.time
                            AND (r.stopped_at IS NULL OR checklist_event.time <= r.stopped_at)
                        ORDER BY r.number DESC LIMIT 1);
                    ALTER TABLE session_event ADD COLUMN forced_note TEXT;
                    """)
        }
        // Transcript versions were known by their row id, counted across the whole workspace;
        // each session now numbers its own from 1, in the order they were stored. The row id
        // stays, so a number an earlier release printed can still be found (`transcript list`).
        migrator.registerMigration("v6-transcript-numbers") { db in
            try db.execute(
                sql: """
                    ALTER TABLE transcript ADD COLUMN number INTEGER;
                    UPDATE transcript SET number = (
                        SELECT COUNT(*) FROM transcript AS earlier
                        WHERE earlier.session_id = transcript.session_id AND earlier.id <= transcript.id);
                    CREATE UNIQUE INDEX transcript_number ON transcript (session_id, number);
                    """)
        }
        // Invitations to the observation room: one-time links bound to a participant. Only the
        // token's hash is kept, so the catalogue cannot be read back into a working link.
        migrator.registerMigration("v7-invitations") { db in
            try db.execute(
                sql: """
                    CREATE TABLE invitation (
                        id TEXT PRIMARY KEY NOT NULL,
                        session_id TEXT NOT NULL REFERENCES session(id),
                        participant_key_id TEXT NOT NULL,
                        token_sha256 TEXT NOT NULL UNIQUE,
                        created_at TEXT NOT NULL,
                        created_by_key_id TEXT NOT NULL,
                        used_at TEXT,
                        withdrawn_at TEXT
                    );
                    CREATE INDEX invitation_session ON invitation (session_id);
                    """)
        }
        return migrator
    }
}
