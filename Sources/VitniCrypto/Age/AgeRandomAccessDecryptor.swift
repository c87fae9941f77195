internal import CSodium
public import VitniFormats

/// Bytes that can be read at any offset: a file held open, a member of an archive.
public protocol PositionalSource: AnyObject {
    /// The source's length in bytes, fixed while it is read.
    var size: Int64 { get }
    /// Reads up to `buffer.count` bytes at `offset`; fewer only at the end.
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension Age {
    /// Reads an age file's plaintext at any offset, decrypting only the 64 KiB chunks the read
    /// covers — what seeking in a long recording needs without decrypting it from the start.
    ///
    /// Every chunk is authenticated before a byte of it is returned, under the counter its
    /// place gives, so chunks cannot be moved, dropped or repeated. The length is authenticated
    /// when the file is opened: its last chunk must open as the final one (a file cut at a chunk
    /// boundary, or with chunks appended, is refused there). Binary age files only.
    public final class RandomAccessDecryptor {
        /// The plaintext's length, authenticated.
        public let plaintextSize: Int64
        private let source: any PositionalSource
        private let stream: PayloadStream
        private let payloadStart: Int64
        private let chunkCount: Int64
        private let sealed: UnsafeMutableRawBufferPointer
        /// The last chunk opened, kept for the next read nearby.
        private let plaintext: UnsafeMutableRawBufferPointer
        private var cachedChunk: Int64 = -1
        private var cachedLength = 0

        /// Reads the header, finds the file key and authenticates the final chunk.
        /// - Throws: `CryptoError` of the age kinds: header, header MAC, no match, truncated,
        ///   trailing data, a chunk that fails, an empty final chunk.
        public init(source: any PositionalSource, identities: [any AgeIdentity]) throws {
            self.source = source
            let reader = PositionalReader(source)
            let (key, leftover) = try Decryptor.openHeader(from: reader, buffered: [], identities: identities)
            stream = PayloadStream(key: key)
            payloadStart = reader.position - Int64(leftover.count)
            let payload = source.size - payloadStart
            guard payload >= Int64(ChaChaPoly.tagLength) else { throw CryptoError.ageTruncated }
            let chunks = (payload + Int64(sealedChunkSize) - 1) / Int64(sealedChunkSize)
            let last = payload - (chunks - 1) * Int64(sealedChunkSize)
            guard last >= Int64(ChaChaPoly.tagLength) else { throw CryptoError.ageTrailingData }
            guard chunks < Int64(1) << 40 else { throw CryptoError.ageHeader("payload exceeds the STREAM counter") }
            chunkCount = chunks
            plaintextSize = payload - chunks * Int64(ChaChaPoly.tagLength)
            sealed = .allocate(byteCount: sealedChunkSize, alignment: 64)
            plaintext = .allocate(byteCount: chunkSize, alignment: 64)
            if last == Int64(ChaChaPoly.tagLength) && chunks > 1 { throw CryptoError.ageEmptyFinalChunk }
            try open(chunk: chunks - 1)
        }

        private init(copying other: RandomAccessDecryptor) {
            source = other.source
            stream = other.stream
            payloadStart = other.payloadStart
            chunkCount = other.chunkCount
            plaintextSize = other.plaintextSize
            sealed = .allocate(byteCount: sealedChunkSize, alignment: 64)
            plaintext = .allocate(byteCount: chunkSize, alignment: 64)
        }

        /// A reader of the same file with the same key and a cache of its own, for another
        /// thread (the source must allow concurrent positional reads, as `pread` does). The file
        /// key is found once, whoever holds the identity (the agent) is asked once.
        public func independentCopy() -> RandomAccessDecryptor { RandomAccessDecryptor(copying: self) }

        deinit {
            sodium_memzero(plaintext.baseAddress!, plaintext.count)
            plaintext.deallocate()
            sealed.deallocate()
        }

        /// Reads up to `buffer.count` plaintext bytes at `offset`; fewer only at the end.
        public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            precondition(offset >= 0, "a negative offset")
            var filled = 0
            var position = offset
            while filled < buffer.count && position < plaintextSize {
                let chunk = position / Int64(chunkSize)
                try open(chunk: chunk)
                let within = Int(position - chunk * Int64(chunkSize))
                let count = min(cachedLength - within, buffer.count - filled)
                UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<(filled + count)]).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: plaintext[within..<(within + count)]))
                filled += count
                position += Int64(count)
            }
            return filled
        }

        private func open(chunk: Int64) throws {
            guard chunk != cachedChunk else { return }
            cachedChunk = -1
            let start = payloadStart + chunk * Int64(sealedChunkSize)
            let length = Int(min(Int64(sealedChunkSize), source.size - start))
            var read = 0
            while read < length {
                let n = try source.read(
                    at: start + Int64(read), into: UnsafeMutableRawBufferPointer(rebasing: sealed[read..<length]))
                guard n > 0 else { throw CryptoError.ageTruncated }
                read += n
            }
            let isFinal = chunk == chunkCount - 1
            let ciphertext = UnsafeRawBufferPointer(rebasing: sealed[..<length])
            guard stream.openChunk(ciphertext, counter: UInt64(chunk), isFinal: isFinal, into: plaintext) else {
                // A last chunk that opens as a middle one proves the file was cut after it.
                let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
                defer {
                    sodium_memzero(scratch.baseAddress!, scratch.count)
                    scratch.deallocate()
                }
                if isFinal && stream.openChunk(ciphertext, counter: UInt64(chunk), isFinal: false, into: scratch) {
                    throw CryptoError.ageTruncated
                }
                throw CryptoError.ageChunkAuthentication(chunk: Int(chunk))
            }
            cachedChunk = chunk
            cachedLength = length - ChaChaPoly.tagLength
        }
    }

    /// A `PositionalSource` read front to back, for the header.
    private final class PositionalReader: ByteSource {
        let source: any PositionalSource
        var position: Int64 = 0

        init(_ source: any PositionalSource) { self.source = source }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let n = try source.read(at: position, into: buffer)
            position += Int64(n)
            return n
        }
    }
}
