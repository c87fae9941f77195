public import VitniStore

/// A session's transcripts: importing and transcribing them, every stored version, the
/// court header, interview quality, and the redacted copy with its log and protected names.
public struct SessionTranscripts: Sendable {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// The session's lifecycle, notes and recordings, which transcripts are checked against.
    var lifecycle: SessionManager { SessionManager(workspace: workspace) }
}

extension SessionManager {
    /// Transcripts, redaction and quality.
    public var transcripts: SessionTranscripts { SessionTranscripts(workspace: workspace) }
}
