import VitniStore

/// A job done on a workspace's sessions, built from the workspace alone; the lifecycle it
/// depends on (participants, the session key, the clock) is always the workspace's own.
protocol SessionService: Sendable {
    var workspace: Workspace { get }
}

extension SessionService {
    /// Starting, finding and changing sessions, and opening their keys.
    var lifecycle: SessionManager { SessionManager(workspace: workspace) }
}

/// The services a session manager vends, one for each job done on its sessions.
extension SessionManager {
    /// Notes and the protocol checklist.
    public var notes: SessionNotes { SessionNotes(workspace: workspace) }

    /// Recording, recovering, finalising, importing and playing the session's audio.
    public var recordings: SessionRecordings { SessionRecordings(workspace: workspace) }

    /// Sealing sessions and exporting the advocate's copy.
    public var sealing: SessionSealing { SessionSealing(workspace: workspace) }

    /// Importing and transcribing transcripts, their versions, the court header and quality.
    public var transcripts: SessionTranscripts { SessionTranscripts(workspace: workspace) }

    /// Protected names, redacted copies and their logs.
    public var redaction: SessionRedaction { SessionRedaction(workspace: workspace) }
}
