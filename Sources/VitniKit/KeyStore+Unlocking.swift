import Foundation
public import VitniCrypto
public import VitniFormats

extension KeyStore {
    /// Unlocks the X25519 identity with the passphrase.
    /// - Throws: `VitniError.identityMismatch` when the key's recipient is not the one
    ///   identity.json gives (a secret key file swapped in from elsewhere).
    public func ageIdentity(named name: String, passphrase: SecretBytes) throws -> Age.X25519Identity {
        let identity = try identity(named: name)
        let path = directory(of: identity.name) + "/age-identity.age"
        try Self.checkPrivate(path)
        let key = try VitniError.wrap(file: path) {
            let decryptor = try Age.Decryptor(
                source: try FileStream.open(readingFrom: path), identities: [Age.ScryptIdentity(passphrase: passphrase)]
            )
            let text = try SecretBytes.readAll(from: decryptor, limit: 4096)
            return try Age.parseIdentities(fileContents: text)[0]
        }
        guard key.recipient.encoded == identity.ageRecipient else {
            throw VitniError.identityMismatch(
                directory: directory(of: identity.name),
                reason: "age-identity.age holds the key of \(key.recipient.encoded), "
                    + "but identity.json gives the age recipient \(identity.ageRecipient)")
        }
        return key
    }

    /// Unlocks the Ed25519 signing key with the passphrase.
    /// - Throws: `VitniError.identityMismatch` when the key is not the one identity.json gives.
    public func signingKey(named name: String, passphrase: SecretBytes) throws -> MinisignSecretKey {
        let identity = try identity(named: name)
        let path = directory(of: identity.name) + "/minisign.key"
        try Self.checkPrivate(path)
        let key = try VitniError.wrap(file: path) {
            try MinisignSecretKey(contentsOfFile: path, passphrase: passphrase)
        }
        guard key.publicKey.base64 == identity.minisignPublicKey else {
            throw VitniError.identityMismatch(
                directory: directory(of: identity.name),
                reason: "minisign.key holds the key \(key.keyID) (\(key.publicKey.base64)), "
                    + "but identity.json gives \(identity.keyID) (\(identity.minisignPublicKey))")
        }
        return key
    }

    /// Signs an identity Vitni 1.0 made (an unsigned v1 identity.json) with its own minisign key,
    /// after unlocking both secret keys and checking that they are the ones the file names, so
    /// the signature never vouches for a swapped file.
    /// - Returns: the signed identity, and whether it had to be signed (false: it already was).
    /// - Throws: `VitniError.identityMismatch`, a wrong passphrase, or an I/O error.
    public func upgrade(named name: String, passphrase: SecretBytes) throws -> (identity: PublicIdentity, signed: Bool)
    {
        var identity = try identity(named: name)
        guard !identity.isSigned else { return (identity, false) }
        _ = try ageIdentity(named: name, passphrase: passphrase)
        let key = try signingKey(named: name, passphrase: passphrase)
        identity.sign(with: key)
        try OutputFile.write(Array(identity.encoded().utf8), to: directory(of: name) + "/identity.json")
        return (identity, true)
    }
}
