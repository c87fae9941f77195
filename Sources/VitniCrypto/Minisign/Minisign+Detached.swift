/// Raw Ed25519 signatures with a minisign key pair, for messages that are not files: each
/// custody event is signed over its canonical JSON, and the key is the same one that seals.
extension MinisignSecretKey {
    /// Signs `message` with plain Ed25519 (no BLAKE2b prehash, no minisign framing).
    /// - Returns: the 64-byte signature.
    public func signDetached(_ message: [UInt8]) -> [UInt8] {
        message.withUnsafeBytes { Ed25519.sign($0, secretKey: secretKey) }
    }
}

extension MinisignPublicKey {
    /// Whether `signature` is a valid plain Ed25519 signature of `message` by this key.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        message.withUnsafeBytes { Ed25519.verify(signature, message: $0, publicKey: key) }
    }
}
