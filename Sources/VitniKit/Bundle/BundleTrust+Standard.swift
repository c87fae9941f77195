import Foundation
import VitniCrypto

extension BundleTrust {
    /// The keys a verifier accepts: the user's own identities, the trust store, and `extraFiles`
    /// (public identity files or minisign `.pub` files, as `vitni verify --trust` names them).
    ///
    /// A store that does not exist yet trusts no one; one that cannot be read is an error, never
    /// a quiet "not trusted" that would make a valid bundle look forged.
    /// - Throws: `VitniError` when a store, an identity or an extra file cannot be read.
    public static func standard(keyStore: KeyStore = KeyStore(), extraFiles: [String] = []) throws -> BundleTrust {
        var signers: [Signer] = []
        for person in try keyStore.list() + TrustStore(keyStore: keyStore).list() {
            signers.append(Signer(publicKey: try person.signingKey(), name: person.name, role: person.role.rawValue))
        }
        // Public keys never need a passphrase.
        let resolver = KeyResolver(keyStore: keyStore) { purpose in
            throw VitniError.passphrase("no passphrase is asked for \(purpose) while reading trusted keys")
        }
        for file in extraFiles {
            if FileManager.default.fileExists(atPath: file), try readSmallFile(file).first == UInt8(ascii: "{") {
                let identity = try PublicIdentity.load(path: file, accepting: .legacyUnsigned)  // its key only
                signers.append(
                    Signer(publicKey: try identity.signingKey(), name: identity.name, role: identity.role.rawValue))
            } else {
                signers.append(Signer(publicKey: try resolver.publicKey(file)))
            }
        }
        return BundleTrust(signers)
    }
}
