import Foundation
import VitniCrypto

/// The public keys whose seals and custody signatures this user accepts, under
/// `$VITNI_HOME/trust/FINGERPRINT.json`, keyed by the whole Ed25519 key (its SHA-256), never by
/// the 64-bit key id a key's maker chooses. Trust is given deliberately, one file at a time, and
/// never changes under the user: a file that would rename a key, change its recipient, reuse a
/// trusted name or a trusted key id is refused, showing both identities.
///
/// Entries that Vitni 1.0 wrote (`trust/KEYID.json`, unsigned v1 files) are still read for
/// their signing keys, but their age recipients are never used; a signed file from the same
/// person replaces one.
public struct TrustStore: Sendable {
    public let keyStore: KeyStore
    var directory: String { keyStore.home + "/trust" }

    /// A trusted identity and the file that holds it.
    struct Entry {
        let path: String
        let identity: PublicIdentity
    }

    /// What `add` did.
    public enum Addition: Sendable, Equatable {
        case added
        /// A signed file replaced a Vitni 1.0 entry for the same key and name.
        case replacedUnsigned
        /// The identical identity was trusted already.
        case alreadyTrusted
    }

    public init(keyStore: KeyStore = KeyStore()) { self.keyStore = keyStore }

    /// Adds the identity in a public identity file (what `vitni key export` writes), after
    /// checking its self-signature and that it changes nothing already trusted.
    /// - Throws: `VitniError.identityUnsigned`, `.identitySignatureInvalid`, `.trustConflict`.
    @discardableResult
    public func add(file path: String) throws -> PublicIdentity { try addReporting(file: path).identity }

    /// As ``add(file:)``, saying whether anything changed.
    public func addReporting(file path: String) throws -> (identity: PublicIdentity, addition: Addition) {
        let identity = try PublicIdentity.decode(readSmallFile(path), path: path, accepting: .signedOnly)
        let existing = try entries()
        let replaced = try Self.checkFits(identity, path: path, trusted: existing, own: keyStore.list())
        if existing.contains(where: { $0.identity == identity }) { return (identity, .alreadyTrusted) }
        try makePrivateDirectory(keyStore.home)
        try makePrivateDirectory(directory)
        try checkDirectories()
        try OutputFile.write(Array(identity.encoded().utf8), to: directory + "/" + identity.fingerprint + ".json")
        for entry in replaced where unlink(entry.path) != 0 && errno != ENOENT {
            throw VitniError.io(path: entry.path, operation: "unlink", code: errno)
        }
        return (identity, replaced.isEmpty ? .added : .replacedUnsigned)
    }

    /// Refuses an identity that would change the meaning of a trust entry or clash with one of
    /// the user's own identities.
    /// - Returns: the unsigned Vitni 1.0 entries it supersedes (same key, same name).
    static func checkFits(_ identity: PublicIdentity, path: String, trusted: [Entry], own: [PublicIdentity]) throws
        -> [Entry]
    {
        func refuse(_ kind: TrustConflict.Kind, _ existing: PublicIdentity, isOwn: Bool) -> VitniError {
            .trustConflict(
                TrustConflict(kind: kind, path: path, incoming: identity, existing: existing, existingIsOwn: isOwn))
        }
        var superseded: [Entry] = []
        for (existing, entry) in own.map({ ($0, Entry?.none) }) + trusted.map({ ($0.identity, Optional($0)) }) {
            let isOwn = entry == nil
            if existing.ed25519Key == identity.ed25519Key {
                guard existing.name == identity.name else { throw refuse(.sameKeyOtherName, existing, isOwn: isOwn) }
                if let entry, !existing.isSigned {
                    superseded.append(entry)
                } else if !isOwn && existing != identity
                    && (existing.role != identity.role || existing.ageRecipient != identity.ageRecipient)
                {
                    throw refuse(.sameKeyChangedFields, existing, isOwn: isOwn)
                }
            } else if existing.keyID == identity.keyID {
                throw refuse(.keyIDCollision, existing, isOwn: isOwn)
            } else if existing.name == identity.name {
                throw refuse(.nameTaken, existing, isOwn: isOwn)
            }
        }
        return superseded
    }

    /// Every trusted identity (Vitni 1.0 entries included: see the type's comment).
    public func list() throws -> [PublicIdentity] { try entries().map(\.identity) }

    func entries() throws -> [Entry] {
        try checkDirectories()
        return try directoryEntries(directory).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            .map { name in
                let path = directory + "/" + name
                return Entry(path: path, identity: try PublicIdentity.load(path: path, accepting: .legacyUnsigned))
            }
    }

    /// The trusted identity named `name`, for encrypting to: a Vitni 1.0 entry is refused here,
    /// since nothing binds its age recipient to the key that was trusted.
    /// - Throws: `VitniError.identityUnsigned` for such an entry.
    public func recipientIdentity(named name: String) throws -> PublicIdentity? {
        guard let entry = try entries().first(where: { $0.identity.name == name }) else { return nil }
        guard entry.identity.isSigned else { throw VitniError.identityUnsigned(path: entry.path, name: name) }
        return entry.identity
    }

    /// Removes the entries whose key id, fingerprint or name is `key`.
    /// - Returns: the removed identities.
    @discardableResult
    public func remove(_ key: String) throws -> [PublicIdentity] {
        let matches = try entries().filter {
            $0.identity.keyID == key.uppercased() || $0.identity.fingerprint == key.lowercased()
                || $0.identity.name == key
        }
        guard !matches.isEmpty else { throw VitniError.trustEntryNotFound(key) }
        for entry in matches {
            guard unlink(entry.path) == 0 else {
                throw VitniError.io(path: entry.path, operation: "unlink", code: errno)
            }
        }
        return matches.map(\.identity)
    }

    /// The trusted identity with this key id: the user's own identities and the trust store.
    public func trusted(keyID: String) throws -> PublicIdentity? {
        try (keyStore.list() + list()).first { $0.keyID == keyID }
    }

    private func checkDirectories() throws {
        try KeyStore.checkPrivateDirectory(keyStore.home, followingLink: true)
        try KeyStore.checkPrivateDirectory(directory)
    }
}
