internal import CSodium
public import VitniFormats

extension Age {
    /// Streaming age decryption: reads and authenticates the header at once, then yields
    /// plaintext a batch of up to 8 authenticated 64 KiB chunks at a time. Memory stays at one
    /// batch (about 1.5 MiB of buffers).
    ///
    /// Plaintext is released only from chunks that authenticated, but the file as a whole is
    /// proven intact only when `read` returns 0 without throwing: callers writing to a file must
    /// discard it on error.
    public final class Decryptor: ByteSource {
        private let input: any ByteSource
        private let stream: PayloadStream
        /// Ciphertext: one batch plus one look-ahead byte that tells a full batch from the last.
        private var sealed: UnsafeMutableRawBufferPointer
        private var sealedCount = 0
        /// Allocated only when a caller reads into a buffer smaller than a batch.
        private var plaintext: UnsafeMutableRawBufferPointer?
        private var plaintextUsed = 0
        private var plaintextRange = 0..<0
        private var reachedEnd = false
        private var failure: (any Error)?

        /// Reads the header from `source` and finds the file key.
        /// - Parameters:
        ///   - source: an age file, binary or ASCII-armored (detected from its first bytes).
        ///   - identities: tried in order against every stanza.
        ///   - armored: whether the input is ASCII-armored; nil detects it from the first bytes.
        /// - Throws: `CryptoError` of the age kinds: armor, header, header MAC, no match.
        public init(source: any ByteSource, identities: [any AgeIdentity], armored: Bool? = nil) throws {
            var prefix = [UInt8](repeating: 0, count: 4096)
            let prefixCount = try prefix.withUnsafeMutableBytes { try source.readFully(into: $0) }
            prefix.removeLast(prefix.count - prefixCount)
            let input: any ByteSource =
                armored ?? Armor.looksArmored(prefix) ? ArmorSource(source, prefix: prefix) : source
            if input !== source { prefix = [] }
            self.input = input
            let (payloadKey, leftover) = try Self.openHeader(from: input, buffered: prefix, identities: identities)
            stream = PayloadStream(key: payloadKey)
            // The first batch is one chunk: most sealed values (notes, details) are small, and a
            // file that turns out larger switches to full batches after it.
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: sealedChunkSize + 1, alignment: 64)
            let rest = leftover[...]
            rest.withUnsafeBytes { buffer.copyMemory(from: $0) }
            sealed = buffer
            sealedCount = rest.count
        }

        deinit {
            if let plaintext {
                sodium_memzero(plaintext.baseAddress!, plaintextUsed)
                plaintext.deallocate()
            }
            sealed.deallocate()
        }

        /// Plaintext bytes the current batch size can produce.
        private var batchPlaintextCapacity: Int { (sealed.count - 1) / sealedChunkSize * chunkSize }

        private func plaintextBuffer() -> UnsafeMutableRawBufferPointer {
            if let plaintext, plaintext.count >= batchPlaintextCapacity { return plaintext }
            if let plaintext {
                sodium_memzero(plaintext.baseAddress!, plaintextUsed)
                plaintext.deallocate()
            }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: batchPlaintextCapacity, alignment: 64)
            plaintext = buffer
            plaintextUsed = 0
            return buffer
        }

        public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            if plaintextRange.isEmpty {
                if let failure { throw failure }
                if reachedEnd { return 0 }
                // Decrypt straight into the caller's buffer when a whole batch fits.
                if buffer.count >= batchPlaintextCapacity {
                    let length = openNextBatch(into: buffer)
                    if length == 0, let failure { throw failure }
                    return length
                }
                let ownBuffer = plaintextBuffer()
                plaintextRange = 0..<openNextBatch(into: ownBuffer)
                plaintextUsed = max(plaintextUsed, plaintextRange.count)
                if plaintextRange.isEmpty, let failure { throw failure }
            }
            let n = min(buffer.count, plaintextRange.count)
            buffer.baseAddress!.copyMemory(from: plaintext!.baseAddress! + plaintextRange.lowerBound, byteCount: n)
            plaintextRange = (plaintextRange.lowerBound + n)..<plaintextRange.upperBound
            return n
        }

        /// Decrypts everything to `sink`, writing each batch on a background thread while the
        /// next is opened. Authenticated batches already queued are written before an error is
        /// thrown, as with `read`.
        public func writeAll(to sink: any ByteSink) throws {
            let writer = AsyncBatchWriter(sink: sink, bufferSize: batchChunks * chunkSize)
            do {
                while true {
                    let length = try read(into: try writer.buffer())
                    if length == 0 { break }
                    writer.submit(length: length)
                }
            } catch {
                try? writer.drain()
                throw error
            }
            try writer.drain()
        }

        /// Opens the next batch into `output`. Returns the plaintext length of the chunks that
        /// authenticated; a failure after them is kept in `failure` for the next read.
        private func openNextBatch(into output: UnsafeMutableRawBufferPointer) -> Int {
            do {
                sealedCount += try input.readFully(
                    into: UnsafeMutableRawBufferPointer(rebasing: sealed[sealedCount...]))
                let batchSize = sealed.count - 1
                let isLast = sealedCount <= batchSize
                var length = min(sealedCount, batchSize)
                guard length > 0 else { throw CryptoError.ageTruncated }
                // A last piece too short to hold a tag is damage, or bytes appended after a
                // full final chunk: the chunks before it decide which.
                let lastChunkLength = length - (length - 1) / sealedChunkSize * sealedChunkSize
                let shortTail = lastChunkLength < ChaChaPoly.tagLength
                if shortTail { length -= lastChunkLength }
                guard length > 0 else { throw CryptoError.ageChunkAuthentication(chunk: Int(stream.counter)) }
                let opened = try stream.openBatch(
                    UnsafeRawBufferPointer(rebasing: sealed[..<length]), into: output, endsStream: isLast)
                if let failure = opened.failure {
                    self.failure = failure
                } else if shortTail {
                    failure = CryptoError.ageTrailingData
                } else if isLast {
                    // Only an empty file may end in an empty chunk.
                    if lastChunkLength == ChaChaPoly.tagLength && stream.counter > 1 {
                        failure = CryptoError.ageEmptyFinalChunk
                    }
                    reachedEnd = true
                } else {
                    let lookahead = sealed[batchSize]
                    if sealed.count < batchChunks * sealedChunkSize + 1 {
                        sealed.deallocate()
                        sealed = .allocate(byteCount: batchChunks * sealedChunkSize + 1, alignment: 64)
                    }
                    sealed[0] = lookahead
                    sealedCount = 1
                }
                // Nothing of a batch whose stream structure is wrong is released.
                return failure == nil || opened.failure != nil ? opened.length : 0
            } catch {
                failure = error
                return 0
            }
        }

        /// Reads and authenticates the header and the payload nonce after it.
        /// - Returns: the payload key, and the bytes read past the nonce (the payload's start).
        static func openHeader(
            from input: any ByteSource, buffered: [UInt8], identities: [any AgeIdentity]
        ) throws -> (payloadKey: SecretBytes, leftover: [UInt8]) {
            var (header, leftover) = try readHeader(from: input, buffered: buffered)
            let fileKey = try findFileKey(header.stanzas, identities: identities)
            let macKey = HKDF.derive(secret: fileKey, salt: [], info: "header", length: 32)
            let mac = macKey.withUnsafeBytes { key in
                header.authenticatedBytes.withUnsafeBytes { HMACSHA256.authenticate(key: key, message: $0) }
            }
            guard sodium_memcmp(mac, header.mac, 32) == 0 else { throw CryptoError.ageHeaderMAC }
            header.authenticatedBytes = []
            // The payload nonce: 16 bytes right after the header.
            if leftover.count < 16 {
                var more = [UInt8](repeating: 0, count: 16 - leftover.count)
                let n = try more.withUnsafeMutableBytes { try input.readFully(into: $0) }
                leftover += more[..<n]
            }
            guard leftover.count >= 16 else { throw CryptoError.ageHeader("is not followed by a payload nonce") }
            let nonce = Array(leftover[..<16])
            let key = HKDF.derive(secret: fileKey, salt: nonce, info: "payload", length: ChaChaPoly.keyLength)
            return (key, Array(leftover[16...]))
        }

        private static func readHeader(from input: any ByteSource, buffered: [UInt8]) throws -> (Header, [UInt8]) {
            var bytes = buffered
            var isComplete = false
            var block = [UInt8](repeating: 0, count: 4096)
            while true {
                do {
                    if let (header, length) = try Header.parse(bytes, isComplete: isComplete) {
                        return (header, Array(bytes[length...]))
                    }
                } catch {
                    throw CryptoError.ageHeader(error.reason)
                }
                guard bytes.count < maximumHeaderSize else { throw CryptoError.ageHeader("is larger than 1 MiB") }
                let n = try block.withUnsafeMutableBytes { try input.read(into: $0) }
                if n == 0 { isComplete = true } else { bytes += block[..<n] }
            }
        }

        private static func findFileKey(_ stanzas: [Stanza], identities: [any AgeIdentity]) throws -> SecretBytes {
            guard !stanzas.isEmpty else { throw CryptoError.ageHeader("has no recipient stanzas") }
            if stanzas.count > 1, stanzas.contains(where: { $0.type == "scrypt" }) {
                throw CryptoError.ageHeader("has an scrypt stanza that is not alone")
            }
            for identity in identities {
                if let fileKey = try identity.unwrap(stanzas: stanzas) { return fileKey }
            }
            let onlyPassphrases = !identities.isEmpty && identities.allSatisfy { $0 is ScryptIdentity }
            throw onlyPassphrases && stanzas.contains(where: { $0.type == "scrypt" })
                ? CryptoError.ageIncorrectPassphrase : CryptoError.ageNoMatchingIdentity
        }
    }

    /// Strips ASCII armor from a source, strictly, as it streams.
    final class ArmorSource: ByteSource {
        private let source: any ByteSource
        private var decoder = Armor.Decoder()
        private var decoded: [UInt8] = []
        private var offset = 0
        private var ended = false
        /// Bytes already read from `source` to detect the armor, decoded before anything else.
        private var peeked: [UInt8]
        private var raw = [UInt8](repeating: 0, count: 48 * 1024)

        init(_ source: any ByteSource, prefix: [UInt8]) {
            self.source = source
            peeked = prefix
        }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            while offset == decoded.count {
                if ended { return 0 }
                offset = 0
                do {
                    if !peeked.isEmpty {
                        decoded = try peeked.withUnsafeBytes { try decoder.decode($0) }
                        peeked = []
                        continue
                    }
                    let n = try raw.withUnsafeMutableBytes { try source.read(into: $0) }
                    if n == 0 {
                        decoded = []
                        try decoder.finish()
                        ended = true
                    } else {
                        decoded = try raw.withUnsafeBytes {
                            try decoder.decode(UnsafeRawBufferPointer(rebasing: $0[..<n]))
                        }
                    }
                } catch let error as FormatError {
                    throw CryptoError.ageArmor(error.reason)
                }
            }
            let n = min(buffer.count, decoded.count - offset)
            decoded.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
            offset += n
            return n
        }
    }
}
