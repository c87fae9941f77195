import Foundation
public import VitniFormats

extension Age {
    static let x25519Label = "age-encryption.org/v1/X25519"

    /// An `age1…` recipient: a Curve25519 public key.
    public struct X25519Recipient: AgeRecipient, Equatable {
        public let publicKey: [UInt8]

        /// Parses the Bech32 `age1…` form (lower case only).
        public init(_ text: String) throws {
            if text.lowercased().hasPrefix("age1pq1") {
                throw CryptoError.invalidRecipient("post-quantum (age1pq1…) recipients are not supported")
            }
            guard text == text.lowercased(), let (hrp, data) = Bech32.decode(text), hrp == "age", data.count == 32
            else {
                throw CryptoError.invalidRecipient("not an age1… X25519 recipient")
            }
            publicKey = data
        }

        init(publicKey: [UInt8]) { self.publicKey = publicKey }

        /// The `age1…` string.
        public var encoded: String { Bech32.encode(hrp: "age", data: publicKey) }

        public func wrap(fileKey: SecretBytes) throws -> [Age.Stanza] {
            let ephemeral = SecureRandom.secret(count: X25519.keyLength, guarded: false)
            let share = X25519.publicKey(for: ephemeral)
            guard let shared = X25519.sharedSecret(secret: ephemeral, publicKey: publicKey) else {
                throw CryptoError.invalidRecipient("the recipient key is a low-order point")
            }
            let key = HKDF.derive(
                secret: shared, salt: share + publicKey, info: x25519Label, length: ChaChaPoly.keyLength)
            return [
                Age.Stanza(
                    type: "X25519", arguments: [Base64.encode(share, padded: false)],
                    body: Age.wrap(fileKey: fileKey, with: key))
            ]
        }
    }

    /// An `AGE-SECRET-KEY-1…` identity, held in guarded memory.
    public struct X25519Identity: AgeIdentity {
        let secret: SecretBytes
        public let recipient: X25519Recipient

        /// A new random identity.
        public static func generate() -> X25519Identity {
            X25519Identity(secret: SecureRandom.secret(count: X25519.keyLength))
        }

        init(secret: SecretBytes) {
            self.secret = secret
            recipient = X25519Recipient(publicKey: X25519.publicKey(for: secret))
        }

        /// Parses the Bech32 `AGE-SECRET-KEY-1…` form (upper case only).
        public init(_ text: String) throws {
            try self.init(bytes: Array(text.utf8))
        }

        /// Parses the key from bytes, so that file contents never become a `String`.
        init(bytes: some Collection<UInt8>) throws {
            if bytes.starts(with: Array("AGE-SECRET-KEY-PQ-".utf8)) {
                throw CryptoError.ageUnsupportedIdentity("AGE-SECRET-KEY-PQ-1…")
            }
            let isUppercase = !bytes.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
            guard isUppercase, let decoded = Bech32.decode(bytes: bytes), decoded.hrp == "age-secret-key-",
                decoded.data.count == 32
            else { throw CryptoError.invalidIdentity("not an AGE-SECRET-KEY-1… X25519 identity") }
            var data = decoded.data
            self.init(secret: SecretBytes(consuming: &data))
        }

        /// The `AGE-SECRET-KEY-1…` text, in guarded memory.
        public var encoded: SecretBytes {
            var data = secret.withUnsafeBytes { Array($0) }
            var text = Bech32.encodeBytes(hrp: "AGE-SECRET-KEY-", data: data, uppercase: true)
            for i in data.indices { data[i] = 0 }
            return SecretBytes(consuming: &text)
        }

        public func unwrap(stanzas: [Age.Stanza]) throws -> SecretBytes? {
            for stanza in stanzas where stanza.type == "X25519" {
                guard stanza.arguments.count == 1 else {
                    throw CryptoError.ageHeader("has an X25519 stanza with the wrong number of arguments")
                }
                guard let share = Base64.decode(stanza.arguments[0], padded: false), share.count == 32 else {
                    throw CryptoError.ageHeader("has an X25519 stanza whose share is not 32 bytes of canonical base64")
                }
                guard stanza.body.count == fileKeyLength + ChaChaPoly.tagLength else {
                    throw CryptoError.ageHeader("has an X25519 stanza whose wrapped file key has the wrong length")
                }
                guard let shared = X25519.sharedSecret(secret: secret, publicKey: share) else {
                    throw CryptoError.ageHeader("has an X25519 stanza with a low-order share")
                }
                let key = HKDF.derive(
                    secret: shared, salt: share + recipient.publicKey, info: x25519Label, length: ChaChaPoly.keyLength)
                if let fileKey = Age.unwrap(body: stanza.body, with: key) { return fileKey }
            }
            return nil
        }
    }

    /// Parses identities in `age-keygen`'s file format: one per line, `#` comments and blank lines ignored.
    public static func parseIdentities(fileContents: SecretBytes) throws -> [X25519Identity] {
        var identities: [X25519Identity] = []
        try fileContents.withUnsafeBytes { text in
            for line in text.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) {
                let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
                guard let first = line.firstIndex(where: { !isBlank($0) }),
                    let last = line.lastIndex(where: { !isBlank($0) })
                else { continue }
                let trimmed = line[first...last]
                if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { continue }
                identities.append(try X25519Identity(bytes: trimmed))
            }
        }
        guard !identities.isEmpty else {
            throw CryptoError.invalidIdentity("the identity file holds no AGE-SECRET-KEY-1… line")
        }
        return identities
    }
}

extension Age.X25519Identity {
    /// The identity in `age-keygen`'s file format, which `age -d -i` reads.
    public func keygenFileContents(created: String) -> SecretBytes {
        let key = encoded
        var text = Array("# created: \(created)\n# public key: \(recipient.encoded)\n".utf8)
        key.withUnsafeBytes { text.append(contentsOf: $0) }
        text.append(0x0A)
        return SecretBytes(consuming: &text)
    }
}
