import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

/// Reading an age file at any offset: the same bytes as decrypting it whole, for every size
/// around the chunk boundary; and every change to the file's chunks refused.
@Suite struct AgeRandomAccessTests {
    let identity = Age.X25519Identity.generate()

    func open(_ ciphertext: [UInt8]) throws -> Age.RandomAccessDecryptor {
        try Age.RandomAccessDecryptor(source: MemoryPositional(ciphertext), identities: [identity])
    }

    @Test(arguments: AgeTesting.boundarySizes + [3 * AgeTesting.chunk + 5])
    func anyRangeReadsAsTheWholeDecryption(size: Int) throws {
        let plaintext = AgeTesting.plaintext(count: size)
        let reader = try open(try AgeTesting.encrypt(plaintext, to: [identity.recipient]))
        #expect(reader.plaintextSize == Int64(size))
        #expect(try reader.readBackwards() == plaintext)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<50 where size > 0 {
            let start = Int.random(in: 0..<size, using: &random)
            let length = Int.random(in: 1...(2 * AgeTesting.chunk), using: &random)
            var buffer = [UInt8](repeating: 0, count: length)
            let n = try buffer.withUnsafeMutableBytes { try reader.read(at: Int64(start), into: $0) }
            #expect(n == min(length, size - start))
            #expect(buffer[..<n] == plaintext[start..<(start + n)])
        }
        var past = [UInt8](repeating: 0, count: 10)
        #expect(try past.withUnsafeMutableBytes { try reader.read(at: Int64(size), into: $0) } == 0)
    }

    /// Layout: chunk `n` of the payload starts at `payloadOffset + n × sealedChunk`.
    func tampered(_ change: (inout [UInt8], Int) -> Void) throws -> [UInt8] {
        var ciphertext = try AgeTesting.encrypt(
            AgeTesting.plaintext(count: 3 * AgeTesting.chunk + 5), to: [identity.recipient])
        change(&ciphertext, try AgeTesting.payloadOffset(ciphertext))
        return ciphertext
    }

    @Test func aFileCutAtAChunkBoundaryIsTruncated() throws {
        let cut = try tampered { bytes, payload in bytes.removeSubrange((payload + 2 * AgeTesting.sealedChunk)...) }
        #expect(throws: CryptoError.ageTruncated) { try open(cut) }
    }

    @Test func anAppendedChunkIsRefusedOnOpening() throws {
        let longer = try tampered { bytes, payload in
            bytes += bytes[payload..<(payload + AgeTesting.sealedChunk)]
        }
        #expect(throws: CryptoError.self) { try open(longer) }
    }

    @Test func swappedChunksFailWhereTheyAreRead() throws {
        let swapped = try tampered { bytes, payload in
            let first = Array(bytes[payload..<(payload + AgeTesting.sealedChunk)])
            let second = payload + AgeTesting.sealedChunk
            bytes.replaceSubrange(payload..<second, with: bytes[second..<(second + AgeTesting.sealedChunk)])
            bytes.replaceSubrange(second..<(second + AgeTesting.sealedChunk), with: first)
        }
        let reader = try open(swapped)
        var buffer = [UInt8](repeating: 0, count: 100)
        #expect(throws: CryptoError.ageChunkAuthentication(chunk: 1)) {
            try buffer.withUnsafeMutableBytes { _ = try reader.read(at: Int64(AgeTesting.chunk + 10), into: $0) }
        }
        #expect(throws: CryptoError.ageChunkAuthentication(chunk: 0)) {
            try buffer.withUnsafeMutableBytes { _ = try reader.read(at: 0, into: $0) }
        }
        let third = try buffer.withUnsafeMutableBytes { try reader.read(at: Int64(2 * AgeTesting.chunk), into: $0) }
        #expect(third == 100, "an untouched chunk still reads")
    }

    @Test func aFlippedBitFailsOnlyItsChunk() throws {
        let flipped = try tampered { bytes, payload in bytes[payload + AgeTesting.sealedChunk + 7] ^= 1 }
        let reader = try open(flipped)
        var buffer = [UInt8](repeating: 0, count: 10)
        #expect(throws: CryptoError.ageChunkAuthentication(chunk: 1)) {
            try buffer.withUnsafeMutableBytes { _ = try reader.read(at: Int64(AgeTesting.chunk), into: $0) }
        }
        #expect(try buffer.withUnsafeMutableBytes { try reader.read(at: 0, into: $0) } == 10)
    }

    @Test func anotherIdentityOpensNothing() throws {
        let ciphertext = try AgeTesting.encrypt(AgeTesting.plaintext(count: 10), to: [identity.recipient])
        #expect(throws: CryptoError.ageNoMatchingIdentity) {
            try Age.RandomAccessDecryptor(
                source: MemoryPositional(ciphertext), identities: [Age.X25519Identity.generate()])
        }
    }
}
