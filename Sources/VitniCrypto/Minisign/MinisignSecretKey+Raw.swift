/// The bare key, for carrying an unlocked key to the agent over its private socket, and the
/// signing half of a prehashed signature, so a key held elsewhere signs exactly as this one does.
extension MinisignSecretKey {
    /// Key id ‖ Ed25519 secret key (seed ‖ public key).
    public static let rawLength = Minisign.keyIDLength + Ed25519.secretKeyLength

    /// The key as ``rawLength`` bytes in guarded memory: key id ‖ seed ‖ public key.
    public var raw: SecretBytes {
        let raw = SecretBytes(count: Self.rawLength)
        raw.withUnsafeMutableBytes { out in
            publicKey.keyIDBytes.withUnsafeBytes {
                UnsafeMutableRawBufferPointer(rebasing: out[..<Minisign.keyIDLength]).copyMemory(from: $0)
            }
            secretKey.withUnsafeBytes {
                UnsafeMutableRawBufferPointer(rebasing: out[Minisign.keyIDLength...]).copyMemory(from: $0)
            }
        }
        return raw
    }

    /// A key from its ``raw`` form, refusing one whose public half is not its seed's.
    /// - Throws: `CryptoError.minisignMalformed`.
    public convenience init(raw: SecretBytes) throws {
        guard raw.count == Self.rawLength else {
            throw CryptoError.minisignMalformed("a raw secret key is \(Self.rawLength) bytes, not \(raw.count)")
        }
        let keyIDBytes = raw.withUnsafeBytes { Array($0[..<Minisign.keyIDLength]) }
        let secretKey = raw.slice(Minisign.keyIDLength..<Self.rawLength)
        guard secretKey.withUnsafeBytes({ MinisignSodium.isConsistentEd25519SecretKey($0) }) else {
            throw CryptoError.minisignMalformed("the secret key is damaged: its public half does not match its seed")
        }
        self.init(keyIDBytes: keyIDBytes, secretKey: secretKey)
    }

    /// The two signatures of a prehashed (`ED`) minisign signature over a BLAKE2b-512 digest:
    /// Ed25519 over the digest, and the global one over that signature ‖ the trusted comment.
    /// - Throws: `CryptoError.minisignInvalidComment`, `.minisignMalformed` for a digest that is
    ///   not 64 bytes.
    public func signPrehashed(digest: [UInt8], trustedComment: String) throws -> MinisignSignature.PrehashedParts {
        try MinisignSignature.validateTrustedComment(trustedComment)
        guard digest.count == MinisignSignature.digestLength else {
            throw CryptoError.minisignMalformed("a BLAKE2b-512 digest is 64 bytes, not \(digest.count)")
        }
        let signature = digest.withUnsafeBytes { Ed25519.sign($0, secretKey: secretKey) }
        let global = (signature + Array(trustedComment.utf8)).withUnsafeBytes { Ed25519.sign($0, secretKey: secretKey) }
        return MinisignSignature.PrehashedParts(signature: signature, globalSignature: global)
    }
}
