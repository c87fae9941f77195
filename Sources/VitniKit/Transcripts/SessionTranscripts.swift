public import VitniStore

/// A session's transcripts: importing and transcribing them, every stored version, the
/// court header, interview quality, and the redacted copy with its log and protected names.
public struct SessionTranscripts: SessionService {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }
}
