import Foundation
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// Identities for trust and key-store tests, made without minisign's full scrypt cost.
enum IdentityFixtures {
    static let passphrase = "identity test passphrase"
    static var secret: SecretBytes { Array(passphrase.utf8).withUnsafeBytes { SecretBytes(copying: $0) } }

    /// A signed public identity with a fresh key, and the key that signed it.
    static func person(_ name: String, _ role: Role = .prosecutor) -> (PublicIdentity, MinisignSecretKey) {
        let key = MinisignSecretKey.generate()
        let identity = PublicIdentity(
            name: name, role: role, recipient: Age.X25519Identity.generate().recipient, signedBy: key, created: Date())
        return (identity, key)
    }

    /// An identity in `home` as `vitni key new` makes it, at test cost.
    @discardableResult
    static func create(_ name: String, in home: String, role: Role = .interviewer) throws -> PublicIdentity {
        try KeyStore(home: home).create(
            name: name, role: role, passphrase: secret, ageWorkFactor: 10, signingKeyCost: .interactive)
    }

    /// The same fields as Vitni 1.0 wrote them: format v1, no signature.
    static func legacyText(_ identity: PublicIdentity) -> String {
        var legacy = identity
        legacy.format = PublicIdentity.legacyFormatTag
        legacy.signature = nil
        return legacy.encoded()
    }

    /// A validly self-signed identity of someone else whose key id is `victim`'s: minisign key
    /// ids are chosen by the key's maker, so this costs an attacker nothing.
    static func colliding(with victim: PublicIdentity, name: String) -> PublicIdentity {
        var (forged, key) = person(name, .defence)
        let victimKey = Base64.decode(victim.minisignPublicKey)!
        let ownKey = Base64.decode(forged.minisignPublicKey)!
        forged.minisignPublicKey = Base64.encode(Array(victimKey[0..<10]) + Array(ownKey[10...]))
        forged.keyID = victim.keyID
        forged.sign(with: key)
        return forged
    }
}
