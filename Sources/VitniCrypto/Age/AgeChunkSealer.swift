public import VitniFormats

extension Age {
    /// An age file written chunk by chunk where the writer decides, at any time, which chunk is
    /// the final one — for files that must be complete on disk every second while they grow (the
    /// live recording), or whose first chunk is written last (a FLAC stream whose header is
    /// rewritten when encoding ends).
    ///
    /// `prefix` (header and payload nonce) goes first; chunk `n` starts at
    /// `prefix.count + n × sealedChunkLength`. Every chunk but the last must hold exactly
    /// `chunkSize` bytes; the last may be shorter, and is empty only in an empty file.
    public final class ChunkSealer: Sendable {
        /// Size on disk of a full chunk: 64 KiB plus its 16-byte tag.
        public static let sealedChunkLength = sealedChunkSize
        /// The header and payload nonce.
        public let prefix: [UInt8]
        private let fileKey: SecretBytes
        private let stream: PayloadStream

        /// - Parameter recipients: as for `Encryptor`; the file key is wrapped to each.
        public init(recipients: [any AgeRecipient]) throws {
            guard !recipients.isEmpty else { throw CryptoError.invalidRecipient("no recipients given") }
            fileKey = SecureRandom.secret(count: fileKeyLength, guarded: false)
            var stanzas: [Stanza] = []
            for recipient in recipients { stanzas += try recipient.wrap(fileKey: fileKey) }
            let macKey = HKDF.derive(secret: fileKey, salt: [], info: "header", length: 32)
            let mac = macKey.withUnsafeBytes { key in
                Header.authenticatedBytes(for: stanzas).withUnsafeBytes {
                    HMACSHA256.authenticate(key: key, message: $0)
                }
            }
            let nonce = SecureRandom.bytes(count: 16)
            stream = PayloadStream(
                key: HKDF.derive(secret: fileKey, salt: nonce, info: "payload", length: ChaChaPoly.keyLength))
            prefix = Header.encode(stanzas: stanzas, mac: mac) + nonce
        }

        /// Seals chunk number `counter`.
        /// - Precondition: `plaintext` holds at most `chunkSize` bytes, exactly that unless final.
        public func seal(_ plaintext: UnsafeRawBufferPointer, counter: UInt64, isFinal: Bool) -> [UInt8] {
            precondition(plaintext.count <= chunkSize && (isFinal || plaintext.count == chunkSize))
            return stream.sealChunk(plaintext, counter: counter, isFinal: isFinal)
        }

        /// An identity that opens files this sealer wrote (and only those: the header MAC is
        /// keyed by the file key), so the writer can read back and check what it wrote without
        /// any recipient's secret key.
        public var identity: any AgeIdentity { KnownFileKey(fileKey: fileKey) }
    }

    /// Answers every header with one file key; the decryptor's header-MAC check refuses any
    /// file that key did not write.
    struct KnownFileKey: AgeIdentity {
        let fileKey: SecretBytes

        func unwrap(stanzas: [Stanza]) throws -> SecretBytes? {
            let copy = SecretBytes(count: fileKeyLength, guarded: false)
            copy.withUnsafeMutableBytes { target in fileKey.withUnsafeBytes { target.copyMemory(from: $0) } }
            return copy
        }
    }
}
