/// Failures of the workspace catalogue. Messages name the workspace file and never contain
/// note text or other evidence (which is encrypted before it reaches the store anyway).
public enum StoreError: Error, Equatable, Sendable {
    case notAWorkspace(String)
    case unknownSession(String)
    case ambiguousSession(String)
}
