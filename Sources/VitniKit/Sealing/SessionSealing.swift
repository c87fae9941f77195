public import VitniStore

/// Sealing a closed session into its bundle, and the child advocate's redacted copy of a sealed
/// bundle: everything that writes a bundle from the workspace and starts its chain of custody.
public struct SessionSealing: SessionService {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// Where bundles go when no directory is named: `bundles/` in the workspace.
    public var bundlesDirectory: String { workspace.directory + "/bundles" }
}
