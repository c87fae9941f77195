public import VitniStore

/// Sealing a closed session into its bundle, and the child advocate's redacted copy of a sealed
/// bundle: everything that writes a bundle from the workspace and starts its chain of custody.
public struct SessionSealing: Sendable {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// The session's lifecycle, notes, recordings and transcripts, which a bundle is made of.
    var lifecycle: SessionManager { SessionManager(workspace: workspace) }

    /// Where bundles go when no directory is named: `bundles/` in the workspace.
    public var bundlesDirectory: String { workspace.directory + "/bundles" }
}

extension SessionManager {
    /// Sealing sessions and exporting the advocate's copy.
    public var sealing: SessionSealing { SessionSealing(workspace: workspace) }
}
