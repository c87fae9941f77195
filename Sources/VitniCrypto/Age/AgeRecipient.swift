public import VitniFormats

/// Something a file key can be wrapped to: one or more header stanzas.
public protocol AgeRecipient: Sendable {
    func wrap(fileKey: SecretBytes) throws -> [Age.Stanza]
}

/// Something that can unwrap a file key from a header's stanzas.
public protocol AgeIdentity: Sendable {
    /// - Returns: the 16-byte file key, or nil when no stanza is addressed to this identity.
    /// - Throws: `CryptoError` when a stanza of this identity's type is malformed (a header failure).
    func unwrap(stanzas: [Age.Stanza]) throws -> SecretBytes?
}

extension Age {
    static let fileKeyLength = 16
    static let zeroNonce = [UInt8](repeating: 0, count: 12)

    /// ChaCha20-Poly1305 under a zero nonce, as every age stanza wraps its file key.
    static func wrap(fileKey: SecretBytes, with key: SecretBytes) -> [UInt8] {
        var body = [UInt8](repeating: 0, count: fileKeyLength + ChaChaPoly.tagLength)
        key.withUnsafeBytes { keyBytes in
            fileKey.withUnsafeBytes { plain in
                zeroNonce.withUnsafeBytes { nonce in
                    body.withUnsafeMutableBytes {
                        ChaChaPoly.seal(key: keyBytes, nonce: nonce, plaintext: plain, into: $0)
                    }
                }
            }
        }
        return body
    }

    /// Opens a stanza body; nil if it does not authenticate under `key`.
    static func unwrap(body: [UInt8], with key: SecretBytes) -> SecretBytes? {
        let fileKey = SecretBytes(count: fileKeyLength, guarded: false)
        let opened = key.withUnsafeBytes { keyBytes in
            zeroNonce.withUnsafeBytes { nonce in
                body.withUnsafeBytes { sealed in
                    fileKey.withUnsafeMutableBytes {
                        ChaChaPoly.open(key: keyBytes, nonce: nonce, ciphertext: sealed, into: $0)
                    }
                }
            }
        }
        return opened ? fileKey : nil
    }
}
