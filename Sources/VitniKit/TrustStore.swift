import Foundation
import VitniCrypto

/// The public keys whose seals and custody signatures this user accepts, under
/// `$VITNI_HOME/trust/KEYID.json`. Trust is given deliberately, one file at a time; a valid
/// signature by a key not listed here is reported as untrusted, naming the key id.
public struct TrustStore: Sendable {
    public let keyStore: KeyStore
    var directory: String { keyStore.home + "/trust" }

    public init(keyStore: KeyStore = KeyStore()) { self.keyStore = keyStore }

    /// Adds the identity in a public identity file (what `vitni key export` writes), after
    /// checking that its keys parse and its key id is its own.
    @discardableResult
    public func add(file path: String) throws -> PublicIdentity {
        let bytes = try readSmallFile(path)
        let identity = try PublicIdentity.decode(bytes, path: path)
        try makePrivateDirectory(keyStore.home)
        try makePrivateDirectory(directory)
        try OutputFile.write(Array(identity.encoded().utf8), to: directory + "/" + identity.keyID + ".json")
        return identity
    }

    /// Every trusted identity.
    public func list() throws -> [PublicIdentity] {
        try directoryEntries(directory).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            .map { try PublicIdentity.load(path: directory + "/" + $0) }
    }

    /// Removes the entries whose key id or name is `key`.
    /// - Returns: the removed identities.
    @discardableResult
    public func remove(_ key: String) throws -> [PublicIdentity] {
        let matches = try list().filter { $0.keyID == key.uppercased() || $0.name == key }
        guard !matches.isEmpty else { throw VitniError.trustEntryNotFound(key) }
        for identity in matches {
            let path = directory + "/" + identity.keyID + ".json"
            guard unlink(path) == 0 else { throw VitniError.io(path: path, operation: "unlink", code: errno) }
        }
        return matches
    }

    /// The trusted identity with this key id: the user's own identities and the trust store.
    public func trusted(keyID: String) throws -> PublicIdentity? {
        try (keyStore.list() + list()).first { $0.keyID == keyID }
    }
}
