import VitniStore

extension SessionSealing {
    /// The sealed bundle of a workspace session, where sealing put it by default (`bundles/ID`
    /// or `bundles/ID.tar`; a session is sealed once, in one form).
    /// - Throws: `VitniError.unknownSession`, `.sessionState` for a session not sealed yet, or
    ///   `.invalidInput` when its bundle was written or moved elsewhere.
    public func sealedBundle(of id: String) throws -> String {
        let session = try workspace.namedSession(id)
        guard session.state == .sealed else {
            throw VitniError.sessionState(
                session: session.id, state: session.state.rawValue,
                action: "review it before it is sealed (`vitni seal --session \(session.id)`)")
        }
        let candidates = [bundlesDirectory + "/" + session.id, bundlesDirectory + "/" + session.id + ".tar"]
        guard let bundle = candidates.first(where: BundleIO.exists) else {
            throw VitniError.invalidInput(
                "session \(session.id) is sealed, but its bundle is not in \(bundlesDirectory) (it was written "
                    + "elsewhere with --output-directory, or moved): give the bundle's path instead")
        }
        return bundle
    }
}
