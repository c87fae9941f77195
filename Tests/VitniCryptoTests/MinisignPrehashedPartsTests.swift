import Testing
import VitniTestSupport

@testable import VitniCrypto

/// A prehashed signature made in two places: the digest here, the signatures by a key held
/// elsewhere. The result must be the same signature the key makes itself, and anything else
/// must be refused when it is assembled.
@Suite struct MinisignPrehashedPartsTests {
    let key = MinisignSecretKey.generate()
    let data = testBytes(count: 700_000, seed: 21)
    let comment = "timestamp:1\tfile:tagmanifest-sha256.txt\thashed"

    @Test func partsAssembleIntoTheSignatureTheKeyMakes() throws {
        let digest = try MinisignSignature.prehash(MemorySource(data))
        let parts = try key.signPrehashed(digest: digest, trustedComment: comment)
        let assembled = try MinisignSignature(
            digest: digest, parts: parts, publicKey: key.publicKey, trustedComment: comment)
        let direct = try MinisignSignature.sign(MemorySource(data), with: key, trustedComment: comment)
        #expect(assembled == direct, "Ed25519 is deterministic: the same bytes either way")
        #expect(try assembled.verify(MemorySource(data), with: key.publicKey).trustedComment == comment)
    }

    @Test func assemblyRefusesPartsThatDoNotVerify() throws {
        let digest = try MinisignSignature.prehash(MemorySource(data))
        let parts = try key.signPrehashed(digest: digest, trustedComment: comment)
        let other = MinisignSecretKey.generate()
        let foreign = try other.signPrehashed(digest: digest, trustedComment: comment)
        var flipped = parts.signature
        flipped[5] ^= 1
        let cases: [(MinisignSignature.PrehashedParts, CryptoError)] = [
            (foreign, .signatureInvalid),
            (.init(signature: flipped, globalSignature: parts.globalSignature), .signatureInvalid),
            (.init(signature: parts.signature, globalSignature: foreign.globalSignature), .trustedCommentInvalid),
            (
                .init(signature: Array(parts.signature.prefix(63)), globalSignature: parts.globalSignature),
                .signatureInvalid
            ),
        ]
        for (bad, expected) in cases {
            #expect(throws: expected) {
                try MinisignSignature(digest: digest, parts: bad, publicKey: key.publicKey, trustedComment: comment)
            }
        }
        // Signed for one comment, presented with another.
        #expect(throws: CryptoError.trustedCommentInvalid) {
            try MinisignSignature(digest: digest, parts: parts, publicKey: key.publicKey, trustedComment: "other")
        }
        // A digest of the wrong length is never signed nor assembled.
        #expect(throws: CryptoError.self) { try key.signPrehashed(digest: [1, 2, 3], trustedComment: comment) }
        #expect(throws: CryptoError.signatureInvalid) {
            try MinisignSignature(
                digest: Array(digest.prefix(32)), parts: parts, publicKey: key.publicKey, trustedComment: comment)
        }
        #expect(throws: CryptoError.self) { try key.signPrehashed(digest: digest, trustedComment: "two\nlines") }
    }

    @Test func theRawKeyRoundTripsAndADamagedOneIsRefused() throws {
        let raw = key.raw
        #expect(raw.count == MinisignSecretKey.rawLength)
        let back = try MinisignSecretKey(raw: raw)
        #expect(back.publicKey == key.publicKey)
        #expect(back.signDetached([1, 2, 3]) == key.signDetached([1, 2, 3]))

        let damaged = SecretBytes(count: raw.count)
        damaged.withUnsafeMutableBytes { out in
            raw.withUnsafeBytes { out.copyMemory(from: $0) }
            out[out.count - 1] ^= 1  // the public half no longer matches the seed
        }
        #expect(throws: CryptoError.self) { try MinisignSecretKey(raw: damaged) }
        #expect(throws: CryptoError.self) { try MinisignSecretKey(raw: raw.slice(0..<71)) }
    }
}
