import Foundation

extension KeyStore {
    /// Who is acting: the person `name` (see ``resolve(_:for:)``), else the only identity in the
    /// store. Acting needs public keys only.
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
}
