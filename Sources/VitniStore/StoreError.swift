public import Foundation
public import VitniFormats

/// Failures of the workspace catalogue. Messages name the workspace or session and never hold
/// note text or other evidence (which is encrypted before it reaches the store anyway).
public enum StoreError: Error, Equatable, Sendable {
    case notAWorkspace(String)
    case unknownSession(String)
    case unknownNote(String)
    case wrongState(String, SessionState)
}

extension StoreError: LocalizedError, CustomStringConvertible {
    public var description: String { errorDescription ?? "catalogue error" }

    public var errorDescription: String? {
        switch self {
        case .notAWorkspace(let directory): "\(directory) is not a Vitni workspace (no \(Workspace.catalogueName))"
        case .unknownSession(let id): "no session '\(id)' in this workspace"
        case .unknownNote(let id): "no note '\(id)' in this session"
        case .wrongState(let id, let state): "session \(id) is \(state.rawValue)"
        }
    }
}

extension StoreError: ReportableError {
    public var exitStatus: ExitStatus { .couldNotCarryOut }

    public var hint: String? {
        switch self {
        case .notAWorkspace: "`vitni init` creates a workspace here; VITNI_WORKSPACE or --workspace names another"
        case .unknownSession: "`vitni list` shows this workspace's sessions"
        case .unknownNote: "`vitni notes` lists the session's notes with their ids"
        case .wrongState: "`vitni show SESSION` shows its state and history"
        }
    }
}
