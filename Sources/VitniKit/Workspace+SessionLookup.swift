import VitniStore

extension Workspace {
    /// The session a user named; for an id the catalogue does not hold, the error suggests the
    /// nearest id it does hold (ids are catalogue metadata, never evidence).
    /// - Throws: `VitniError.unknownSession` with the closest id, or the store's own errors.
    func namedSession(_ id: String) throws -> SessionRecord {
        do {
            return try session(id: id)
        } catch StoreError.unknownSession {
            let known = try sessionSummaries().map(\.id)
            throw VitniError.unknownSession(id, closest: Suggestions.closest(to: id, among: known))
        }
    }
}
