import Foundation
public import VitniCrypto
public import VitniFormats

/// Turns what a user types after `-r`, `-i`, `-k` or `-P` into keys: a standard key string or
/// file (as age and minisign write them), or the name of a Vitni identity.
public struct KeyResolver: Sendable {
    public let keyStore: KeyStore
    /// Supplies a passphrase when a secret has to be unlocked (terminal prompt or file).
    public let passphrase: @Sendable (_ purpose: String) throws -> SecretBytes

    public init(
        keyStore: KeyStore = KeyStore(), passphrase: @escaping @Sendable (_ purpose: String) throws -> SecretBytes
    ) {
        self.keyStore = keyStore
        self.passphrase = passphrase
    }

    /// An own or trusted identity's name, a public identity file or an `age1…` recipient, tried
    /// in that order (``KeyStore/resolve(_:for:)``).
    public func recipient(_ text: String) throws -> Age.X25519Recipient {
        switch try keyStore.resolve(text, for: .recipient) {
        case .identity(let identity): return try identity.recipient()
        case .ageRecipient(let recipient): return recipient
        case .signingKey: throw NamingError.needsWholeIdentity(text, kind: "a minisign public key")
        }
    }

    /// Recipients from a file: one `age1…` per line (comments and blank lines ignored), or a
    /// Vitni public identity file.
    public func recipients(file path: String) throws -> [Age.X25519Recipient] {
        let text = String(decoding: try readSmallFile(path), as: UTF8.self)
        if text.trimmingCharacters(in: .whitespaces).hasPrefix("{") {
            return [try PublicIdentity.load(path: path).recipient()]
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let recipients = try lines.filter { !$0.isEmpty && !$0.hasPrefix("#") }.map { line in
            try VitniError.wrap(file: path) { try Age.X25519Recipient(line) }
        }
        guard !recipients.isEmpty else {
            throw VitniError.malformedFile(path: path, reason: "no recipients in the file")
        }
        return recipients
    }

    /// An age identity file (`age-keygen` format, plain or passphrase-encrypted, mode 0600) or the
    /// name of a Vitni identity, unlocked with its passphrase.
    public func ageIdentities(_ text: String) throws -> [Age.X25519Identity] {
        if FileManager.default.fileExists(atPath: text) {
            try KeyStore.checkPrivate(text)
            // Read straight into guarded memory: a plain identity file is a secret.
            var contents = try VitniError.wrap(file: text) {
                try SecretBytes.readAll(from: try FileStream.open(readingFrom: text), limit: 64 * 1024)
            }
            let isEncrypted = contents.withUnsafeBytes {
                $0.starts(with: Array("age-encryption.org/".utf8)) || Age.Armor.looksArmored($0)
            }
            if isEncrypted {
                let ciphertext = contents.withUnsafeBytes { Array($0) }
                let secret = try passphrase("identity file \(text)")
                contents = try VitniError.wrap(file: text) {
                    let decryptor = try Age.Decryptor(
                        source: MemorySource(ciphertext), identities: [Age.ScryptIdentity(passphrase: secret)])
                    return try SecretBytes.readAll(from: decryptor, limit: 64 * 1024)
                }
            }
            return try VitniError.wrap(file: text) { try Age.parseIdentities(fileContents: contents) }
        }
        let name = try keyStore.identity(named: text).name
        return [try keyStore.ageIdentity(named: name, passphrase: passphrase("identity '\(name)'"))]
    }

    /// A minisign secret-key file or the name of a Vitni identity, unlocked with its passphrase.
    public func signingKey(_ text: String) throws -> MinisignSecretKey {
        if FileManager.default.fileExists(atPath: text) {
            try KeyStore.checkPrivate(text)
            return try VitniError.wrap(file: text) {
                let secret =
                    try MinisignSecretKey.isEncrypted(contentsOfFile: text) ? passphrase("signing key \(text)") : nil
                return try MinisignSecretKey(contentsOfFile: text, passphrase: secret)
            }
        }
        let name = try keyStore.identity(named: text).name
        return try keyStore.signingKey(named: name, passphrase: passphrase("identity '\(name)'"))
    }

    /// A minisign public key: an own or trusted identity's name, a public identity file or a
    /// minisign `.pub` file, or the bare `RW…` form, tried in that order. An unsigned v1 identity
    /// file serves here as a `.pub` file would: only its minisign key is used.
    public func publicKey(_ text: String) throws -> MinisignPublicKey {
        switch try keyStore.resolve(text, for: .signingKey) {
        case .identity(let identity): return try identity.signingKey()
        case .signingKey(let key): return key
        case .ageRecipient: throw NamingError.needsWholeIdentity(text, kind: "an age recipient")
        }
    }
}
