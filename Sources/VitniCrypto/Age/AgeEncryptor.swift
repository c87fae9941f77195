internal import CSodium
public import VitniFormats

extension Age {
    /// Streaming age encryption: the header goes out at once, then each 64 KiB of plaintext
    /// leaves as one sealed chunk, so memory stays at one chunk however long the input.
    ///
    /// Write plaintext with `write(_:)`, then call `finish()` exactly once; a file that is never
    /// finished has no final chunk and will not decrypt (it is detectably truncated).
    public final class Encryptor: ByteSink {
        private let output: any ByteSink
        private let armor: ArmorSink?
        private let stream: PayloadStream
        private let plaintext: UnsafeMutableRawBufferPointer
        private let ciphertext: UnsafeMutableRawBufferPointer
        private var buffered = 0
        private var finished = false

        /// - Parameters:
        ///   - recipients: at least one; an scrypt recipient must be the only one.
        ///   - sink: where the encrypted file goes.
        ///   - armored: write ASCII armor instead of binary.
        /// - Throws: `CryptoError.invalidRecipient` for an unusable recipient list.
        public init(recipients: [any AgeRecipient], to sink: any ByteSink, armored: Bool = false) throws {
            guard !recipients.isEmpty else { throw CryptoError.invalidRecipient("no recipients given") }
            if recipients.count > 1, recipients.contains(where: { $0 is ScryptRecipient }) {
                throw CryptoError.invalidRecipient("a passphrase cannot be combined with other recipients")
            }
            let fileKey = SecureRandom.secret(count: fileKeyLength)
            var stanzas: [Stanza] = []
            for recipient in recipients { stanzas += try recipient.wrap(fileKey: fileKey) }
            let macKey = HKDF.derive(secret: fileKey, salt: [], info: "header", length: 32)
            let mac = macKey.withUnsafeBytes { key in
                Header.authenticatedBytes(for: stanzas).withUnsafeBytes { HMACSHA256.authenticate(key: key, message: $0) }
            }
            let nonce = SecureRandom.bytes(count: 16)
            armor = armored ? ArmorSink(sink) : nil
            output = armor ?? sink
            stream = PayloadStream(key: HKDF.derive(secret: fileKey, salt: nonce, info: "payload", length: ChaChaPoly.keyLength))
            plaintext = .allocate(byteCount: chunkSize, alignment: 64)
            ciphertext = .allocate(byteCount: chunkSize + ChaChaPoly.tagLength, alignment: 64)
            try output.write(Header.encode(stanzas: stanzas, mac: mac) + nonce)
        }

        deinit {
            sodium_memzero(plaintext.baseAddress!, plaintext.count)
            plaintext.deallocate()
            ciphertext.deallocate()
        }

        public func write(_ bytes: UnsafeRawBufferPointer) throws {
            precondition(!finished, "write after finish")
            var offset = 0
            while offset < bytes.count {
                // A full buffer is sealed only once more input arrives: the last chunk may be full.
                if buffered == chunkSize {
                    try seal(UnsafeRawBufferPointer(plaintext), isFinal: false)
                    buffered = 0
                }
                if buffered == 0 && bytes.count - offset > chunkSize {
                    try seal(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + chunkSize)]), isFinal: false)
                    offset += chunkSize
                    continue
                }
                let take = min(chunkSize - buffered, bytes.count - offset)
                (plaintext.baseAddress! + buffered).copyMemory(from: bytes.baseAddress! + offset, byteCount: take)
                buffered += take
                offset += take
            }
        }

        /// Seals the final chunk (and closes the armor). The file is complete only after this.
        public func finish() throws {
            precondition(!finished, "finish called twice")
            finished = true
            try seal(UnsafeRawBufferPointer(rebasing: plaintext[..<buffered]), isFinal: true)
            buffered = 0
            try armor?.finish()
        }

        private func seal(_ chunk: UnsafeRawBufferPointer, isFinal: Bool) throws {
            let sealed = UnsafeMutableRawBufferPointer(rebasing: ciphertext[..<(chunk.count + ChaChaPoly.tagLength)])
            try stream.seal(chunk, into: sealed, isFinal: isFinal)
            try output.write(UnsafeRawBufferPointer(sealed))
        }
    }

    /// The STREAM construction: ChaCha20-Poly1305 per chunk, nonce = 11-byte big-endian counter
    /// followed by a last-chunk flag byte.
    final class PayloadStream {
        private let key: SecretBytes
        private var counter: UInt64 = 0
        private var nonce = [UInt8](repeating: 0, count: 12)

        init(key: SecretBytes) { self.key = key }

        var chunkIndex: Int { Int(counter) }

        private func prepareNonce(isFinal: Bool) throws {
            guard counter < UInt64(1) << 40 else { throw CryptoError.ageHeader("payload exceeds the STREAM counter") }
            for i in 0..<8 { nonce[3 + i] = UInt8(truncatingIfNeeded: counter >> UInt64(8 * (7 - i))) }
            nonce[11] = isFinal ? 1 : 0
        }

        func seal(_ chunk: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, isFinal: Bool) throws {
            try prepareNonce(isFinal: isFinal)
            key.withUnsafeBytes { key in
                nonce.withUnsafeBytes { ChaChaPoly.seal(key: key, nonce: $0, plaintext: chunk, into: output) }
            }
            counter += 1
        }

        /// Opens one chunk; advances only on success so the caller may retry with the other flag.
        func open(_ chunk: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, isFinal: Bool) throws -> Bool {
            try prepareNonce(isFinal: isFinal)
            let opened = key.withUnsafeBytes { key in
                nonce.withUnsafeBytes { ChaChaPoly.open(key: key, nonce: $0, ciphertext: chunk, into: output) }
            }
            if opened { counter += 1 }
            return opened
        }
    }

    /// Wraps a sink in ASCII armor.
    final class ArmorSink: ByteSink {
        private let sink: any ByteSink
        private var encoder = Armor.Encoder()
        private var started = false

        init(_ sink: any ByteSink) { self.sink = sink }

        func write(_ bytes: UnsafeRawBufferPointer) throws {
            if !started {
                try sink.write(Armor.Encoder.header)
                started = true
            }
            try sink.write(encoder.encode(bytes))
        }

        func finish() throws {
            try sink.write(encoder.finish())
        }
    }
}
