public import VitniStore

/// Redacting a session, in one place: the protected names, the detectors' draft, the
/// reviewer's decisions, the redacted transcript and its log, and the audio muted to match.
public struct SessionRedaction: Sendable {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// The session key and its transcripts, which redaction reads and adds to.
    var lifecycle: SessionManager { SessionManager(workspace: workspace) }
    var transcripts: SessionTranscripts { lifecycle.transcripts }
}

extension SessionManager {
    /// Protected names, redacted copies and their logs.
    public var redaction: SessionRedaction { SessionRedaction(workspace: workspace) }
}
