import Foundation

extension KeyStore {
    /// Who is acting: the identity or public identity file `name`, else the only identity in
    /// the store. Acting needs public keys only.
    /// - Throws: `VitniError.invalidInput` when no name is given and the store holds no
    ///   identity, or several.
    public func actingIdentity(named name: String?) throws -> PublicIdentity {
        if let name { return try publicIdentity(name) }
        let all = try list()
        guard all.count == 1 else {
            throw VitniError.invalidInput(
                all.isEmpty
                    ? "no identity in \(home): create one with `vitni key new`"
                    : "several identities in \(home): say which with --as NAME")
        }
        return all[0]
    }

    /// A public identity file someone exported, or the name of an identity in the store.
    public func publicIdentity(_ text: String) throws -> PublicIdentity {
        if FileManager.default.fileExists(atPath: text) { return try PublicIdentity.load(path: text) }
        return try identity(named: text)
    }
}
