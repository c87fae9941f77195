internal import CSodium
public import VitniFormats

extension Age {
    /// Streaming age encryption: the header goes out at once, then plaintext leaves in sealed
    /// 64 KiB chunks, a batch of 8 at a time, so memory stays at one batch (about 1.5 MiB of
    /// buffers) however long the input.
    ///
    /// Write plaintext with `write(_:)`, then call `finish()` exactly once; a file that is never
    /// finished has no final chunk and will not decrypt (it is detectably truncated).
    public final class Encryptor: ByteSink {
        private let armor: ArmorSink?
        private let stream: PayloadStream
        private let plaintext: UnsafeMutableRawBufferPointer
        private let writer: AsyncBatchWriter
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
            let fileKey = SecureRandom.secret(count: fileKeyLength, guarded: false)
            var stanzas: [Stanza] = []
            for recipient in recipients { stanzas += try recipient.wrap(fileKey: fileKey) }
            let macKey = HKDF.derive(secret: fileKey, salt: [], info: "header", length: 32)
            let mac = macKey.withUnsafeBytes { key in
                Header.authenticatedBytes(for: stanzas).withUnsafeBytes {
                    HMACSHA256.authenticate(key: key, message: $0)
                }
            }
            let nonce = SecureRandom.bytes(count: 16)
            armor = armored ? ArmorSink(sink) : nil
            let output = armor ?? sink
            stream = PayloadStream(
                key: HKDF.derive(secret: fileKey, salt: nonce, info: "payload", length: ChaChaPoly.keyLength))
            plaintext = .allocate(byteCount: batchChunks * chunkSize, alignment: 64)
            try output.write(Header.encode(stanzas: stanzas, mac: mac) + nonce)
            writer = AsyncBatchWriter(sink: output, bufferSize: batchChunks * sealedChunkSize)
        }

        deinit {
            sodium_memzero(plaintext.baseAddress!, plaintext.count)
            plaintext.deallocate()
        }

        public func write(_ bytes: UnsafeRawBufferPointer) throws {
            precondition(!finished, "write after finish")
            var offset = 0
            while offset < bytes.count {
                // A full batch is sealed only once more input arrives: the last chunk may be full.
                if buffered == plaintext.count {
                    try seal(UnsafeRawBufferPointer(plaintext), endsStream: false)
                    buffered = 0
                }
                // With more than a batch still to come, seal straight from the caller's bytes.
                if buffered == 0 && bytes.count - offset > plaintext.count {
                    try seal(
                        UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + plaintext.count)]), endsStream: false)
                    offset += plaintext.count
                    continue
                }
                let take = min(plaintext.count - buffered, bytes.count - offset)
                (plaintext.baseAddress! + buffered).copyMemory(from: bytes.baseAddress! + offset, byteCount: take)
                buffered += take
                offset += take
            }
        }

        /// Seals the final chunk (and closes the armor). The file is complete only after this.
        public func finish() throws {
            precondition(!finished, "finish called twice")
            finished = true
            try seal(UnsafeRawBufferPointer(rebasing: plaintext[..<buffered]), endsStream: true)
            buffered = 0
            try writer.drain()
            try armor?.finish()
        }

        /// Seals a batch into the writer's free buffer; it is written while the next is sealed.
        private func seal(_ batch: UnsafeRawBufferPointer, endsStream: Bool) throws {
            let length = try stream.sealBatch(batch, into: try writer.buffer(), endsStream: endsStream)
            writer.submit(length: length)
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
