import Dispatch
import Foundation
import VitniFormats

extension Age {
    /// Chunks sealed or opened together: 8 × 64 KiB. A batch is split across the machine's
    /// cores and leaves as one write. Batches of 16 took 1.5 MiB more, which put `vitni encrypt`
    /// over its 32 MiB peak once libcrypto was loaded too.
    static let batchChunks = 8
    static let sealedChunkSize = chunkSize + ChaChaPoly.tagLength

    /// The STREAM construction: ChaCha20-Poly1305 per chunk (on libcrypto, `PayloadCipher`),
    /// nonce = 11-byte big-endian counter followed by a last-chunk flag byte. Chunks are
    /// independent given their counter, so a batch can be processed in parallel.
    final class PayloadStream: @unchecked Sendable {
        // Sendable: `key` is immutable; `counter` changes only between batches, on the caller's thread.
        private let key: SecretBytes
        private(set) var counter: UInt64 = 0
        private static let workers = max(1, min(2, ProcessInfo.processInfo.activeProcessorCount))

        init(key: SecretBytes) { self.key = key }

        /// Seals `chunkCount` chunks of `plaintext` (all full but maybe the last) into `output`,
        /// packed back to back; the last one is marked final when `endsStream`.
        /// - Returns: the number of ciphertext bytes written.
        func sealBatch(
            _ plaintext: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, endsStream: Bool
        ) throws -> Int {
            let count = max(1, (plaintext.count + chunkSize - 1) / chunkSize)
            try checkCounter(adding: count)
            let base = counter
            forEachChunk(count) { cipher, index in
                let start = index * chunkSize
                let chunk = UnsafeRawBufferPointer(rebasing: plaintext[start..<min(start + chunkSize, plaintext.count)])
                let sealed = UnsafeMutableRawBufferPointer(
                    rebasing: output[(index * sealedChunkSize)...].prefix(chunk.count + ChaChaPoly.tagLength))
                let isFinal = endsStream && index == count - 1
                withNonce(base + UInt64(index), isFinal: isFinal) {
                    cipher.seal(nonce: $0, plaintext: chunk, into: sealed)
                }
            }
            counter += UInt64(count)
            return plaintext.count + count * ChaChaPoly.tagLength
        }

        /// Seals one chunk at an explicit counter, leaving the running counter alone — for
        /// writers that place chunks themselves (`ChunkSealer`).
        func sealChunk(_ plaintext: UnsafeRawBufferPointer, counter chunk: UInt64, isFinal: Bool) -> [UInt8] {
            var sealed = [UInt8](repeating: 0, count: plaintext.count + ChaChaPoly.tagLength)
            let cipher = key.withUnsafeBytes { PayloadCipher(key: $0) }
            sealed.withUnsafeMutableBytes { output in
                withNonce(chunk, isFinal: isFinal) { cipher.seal(nonce: $0, plaintext: plaintext, into: output) }
            }
            return sealed
        }

        /// Opens packed chunks; the last is expected to be final when `endsStream`.
        /// - Returns: the plaintext length of the chunks before the first that fails, and that
        ///   failure — telling truncation and trailing data apart from damage where the chunk
        ///   itself proves which it is.
        func openBatch(_ sealed: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, endsStream: Bool)
            throws -> (length: Int, failure: CryptoError?)
        {
            let count = (sealed.count + sealedChunkSize - 1) / sealedChunkSize
            try checkCounter(adding: count)
            let base = counter
            let failures = UnsafeMutableBufferPointer<Bool>.allocate(capacity: count)
            defer { failures.deallocate() }
            failures.initialize(repeating: false)
            forEachChunk(count) { cipher, index in
                let chunk = UnsafeRawBufferPointer(
                    rebasing: sealed[(index * sealedChunkSize)...].prefix(sealedChunkSize))
                let plain = UnsafeMutableRawBufferPointer(rebasing: output[(index * chunkSize)...].prefix(chunkSize))
                let isFinal = endsStream && index == count - 1
                failures[index] = !withNonce(base + UInt64(index), isFinal: isFinal) {
                    cipher.open(nonce: $0, ciphertext: chunk, into: plain)
                }
            }
            guard let failed = failures.firstIndex(of: true) else {
                counter += UInt64(count)
                return (sealed.count - count * ChaChaPoly.tagLength, nil)
            }
            counter += UInt64(failed)
            let chunk = UnsafeRawBufferPointer(rebasing: sealed[(failed * sealedChunkSize)...].prefix(sealedChunkSize))
            let shouldBeFinal = endsStream && failed == count - 1
            // A full chunk that opens with the other flag proves truncation or appended data.
            if chunk.count == sealedChunkSize,
                chunkOpens(chunk, counter: base + UInt64(failed), isFinal: !shouldBeFinal)
            {
                return (failed * chunkSize, shouldBeFinal ? .ageTruncated : .ageTrailingData)
            }
            return (failed * chunkSize, .ageChunkAuthentication(chunk: Int(base) + failed))
        }

        private func chunkOpens(_ chunk: UnsafeRawBufferPointer, counter: UInt64, isFinal: Bool) -> Bool {
            let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
            defer { scratch.deallocate() }
            return openChunk(chunk, counter: counter, isFinal: isFinal, into: scratch)
        }

        /// Opens one chunk at an explicit counter into `output` (at least `chunk.count − 16`
        /// bytes), leaving the running counter alone — for readers that pick chunks themselves
        /// (`RandomAccessDecryptor`). Returns whether it authenticated.
        func openChunk(
            _ chunk: UnsafeRawBufferPointer, counter: UInt64, isFinal: Bool, into output: UnsafeMutableRawBufferPointer
        ) -> Bool {
            let cipher = key.withUnsafeBytes { PayloadCipher(key: $0) }
            return withNonce(counter, isFinal: isFinal) { cipher.open(nonce: $0, ciphertext: chunk, into: output) }
        }

        private func checkCounter(adding count: Int) throws {
            guard counter + UInt64(count) < UInt64(1) << 40 else {
                throw CryptoError.ageHeader("payload exceeds the STREAM counter")
            }
        }

        /// Runs `body` for chunks 0..<count, interleaved across the workers, each worker with a
        /// cipher of its own (a libcrypto context is not shared between threads).
        private func forEachChunk(_ count: Int, _ body: (PayloadCipher, Int) -> Void) {
            let workers = min(Self.workers, count)
            guard workers > 1 else {
                let cipher = key.withUnsafeBytes { PayloadCipher(key: $0) }
                for index in 0..<count { body(cipher, index) }
                return
            }
            withoutActuallyEscaping(body) { body in
                nonisolated(unsafe) let work = body
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let cipher = key.withUnsafeBytes { PayloadCipher(key: $0) }
                    for index in stride(from: worker, to: count, by: workers) { work(cipher, index) }
                }
            }
        }

        private func withNonce<R>(_ counter: UInt64, isFinal: Bool, _ body: (UnsafeRawBufferPointer) -> R) -> R {
            var nonce: (UInt64, UInt32) = (0, 0)
            return withUnsafeMutableBytes(of: &nonce) { raw in
                for i in 0..<8 { raw[3 + i] = UInt8(truncatingIfNeeded: counter >> UInt64(8 * (7 - i))) }
                raw[11] = isFinal ? 1 : 0
                return body(UnsafeRawBufferPointer(rebasing: raw[..<12]))
            }
        }
    }
}
