public import VitniStore

/// Redacting a session, in one place: the protected names, the detectors' draft, the
/// reviewer's decisions, the redacted transcript and its log, and the audio muted to match.
public struct SessionRedaction: SessionService {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// The transcripts redaction reads and adds its redacted copy to.
    var transcripts: SessionTranscripts { lifecycle.transcripts }
}
