public import Foundation

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
        case let .notAWorkspace(directory): "\(directory) is not a Vitni workspace (no \(Workspace.catalogueName))"
        case let .unknownSession(id): "no session '\(id)' in this workspace"
        case let .unknownNote(id): "no note '\(id)' in this session"
        case let .wrongState(id, state): "session \(id) is \(state.rawValue)"
        }
    }
}
