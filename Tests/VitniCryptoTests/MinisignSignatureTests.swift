import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

@Suite struct MinisignSignatureTests {
    static let key = MinisignSecretKey.generate()

    @Test(arguments: MinisignFixture.sizes)
    func signsAndVerifiesAStream(size: Int) throws {
        let data = testBytes(count: size)
        let signature = try MinisignSignature.sign(
            MemorySource(data), with: Self.key, trustedComment: "seal of session 7")
        #expect(signature.algorithm == .prehashed)
        #expect(signature.keyID == Self.key.keyID)
        let parsed = try MinisignSignature(fileText: signature.fileText)
        #expect(parsed == signature)
        let result = try parsed.verify(MemorySource(data), with: Self.key.publicKey)
        #expect(
            result == MinisignVerification(keyID: Self.key.keyID, trustedComment: "seal of session 7", isLegacy: false))
    }

    @Test func verifiesMinisignKnownAnswers() throws {
        let publicKey = try MinisignPublicKey(fileText: MinisignFixture.publicKeyFile)
        let prehashed = try MinisignSignature(fileText: MinisignFixture.prehashedSignature)
        #expect(prehashed.untrustedComment == "vitni test vector")
        #expect(
            try prehashed.verify(MemorySource(MinisignFixture.message), with: publicKey)
                == MinisignVerification(
                    keyID: MinisignFixture.keyID, trustedComment: "timestamp:1700000000\tfile:kat.txt\thashed",
                    isLegacy: false))
        let legacy = try MinisignSignature(fileText: MinisignFixture.legacySignature)
        #expect(legacy.algorithm == .legacy)
        #expect(
            try legacy.verify(MemorySource(MinisignFixture.message), with: publicKey)
                == MinisignVerification(
                    keyID: MinisignFixture.keyID, trustedComment: "timestamp:1700000000\tfile:kat.txt", isLegacy: true))
        // The file form is reproduced byte for byte.
        #expect(prehashed.fileText == MinisignFixture.prehashedSignature)
        #expect(legacy.fileText == MinisignFixture.legacySignature)
    }

    @Test func legacyInputIsCapped() throws {
        let publicKey = try MinisignPublicKey(fileText: MinisignFixture.publicKeyFile)
        let legacy = try MinisignSignature(fileText: MinisignFixture.legacySignature)
        #expect(throws: CryptoError.minisignLegacyInputTooLarge(limit: 5)) {
            try legacy.verify(MemorySource(MinisignFixture.message), with: publicKey, legacyInputLimit: 5)
        }
        #expect(try legacy.verify(MemorySource(MinisignFixture.message), with: publicKey, legacyInputLimit: 6).isLegacy)
    }

    @Test func streamsThroughAFixedBuffer() throws {
        let size = 16 << 20
        let source = CountingSource(count: size)
        let signature = try MinisignSignature.sign(source, with: Self.key, trustedComment: "large")
        #expect(source.produced == size)
        #expect(source.largestRequest <= 1 << 20)
        #expect(try signature.verify(CountingSource(count: size), with: Self.key.publicKey).trustedComment == "large")
    }

    @Test func defaultTrustedCommentMatchesMinisign() {
        #expect(
            MinisignSignature.defaultTrustedComment(forFile: "/a/b/seal.txt", timestamp: 1_700_000_000)
                == "timestamp:1700000000\tfile:seal.txt\thashed")
        let now = Int64(Date().timeIntervalSince1970)
        let comment = MinisignSignature.defaultTrustedComment(forFile: "x")
        let stamp = Int64(comment.dropFirst("timestamp:".count).prefix { $0 != "\t" }) ?? 0
        #expect(abs(stamp - now) <= 5)
    }

    @Test func signsAFileWithTheDefaultComment() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("audio.flac", testBytes(count: 1000))
        let signature = try MinisignSignature.sign(contentsOfFile: path, with: Self.key)
        #expect(signature.trustedComment.hasSuffix("\tfile:audio.flac\thashed"))
        #expect(signature.untrustedComment == MinisignSignature.defaultUntrustedComment)
        let sigPath = directory.file("audio.flac.minisig")
        try signature.write(toFile: sigPath)
        let read = try MinisignSignature(contentsOfFile: sigPath)
        #expect(
            try read.verify(contentsOfFile: path, with: Self.key.publicKey).trustedComment == signature.trustedComment)
    }

    // MARK: Negatives

    @Test func tamperedFileFails() throws {
        var data = testBytes(count: 4096)
        let signature = try MinisignSignature.sign(MemorySource(data), with: Self.key, trustedComment: "t")
        data[2000] ^= 1
        #expect(throws: CryptoError.signatureInvalid) {
            try signature.verify(MemorySource(data), with: Self.key.publicKey)
        }
        #expect(throws: CryptoError.signatureInvalid) {
            try signature.verify(MemorySource(Array(data.dropLast())), with: Self.key.publicKey)
        }
    }

    @Test func tamperedTrustedCommentFails() throws {
        let data = testBytes(count: 100)
        let signature = try MinisignSignature.sign(MemorySource(data), with: Self.key, trustedComment: "custodian: A")
        let altered = MinisignFixture.replacingLine(2, of: signature.fileText, with: "trusted comment: custodian: B")
        #expect(throws: CryptoError.trustedCommentInvalid) {
            try MinisignSignature(fileText: altered).verify(MemorySource(data), with: Self.key.publicKey)
        }
        // The untrusted comment is not signed: changing it changes nothing.
        let relabelled = MinisignFixture.replacingLine(0, of: signature.fileText, with: "untrusted comment: anything")
        #expect(
            try MinisignSignature(fileText: relabelled).verify(MemorySource(data), with: Self.key.publicKey)
                .trustedComment
                == "custodian: A")
    }

    @Test func tamperedSignatureBytesFail() throws {
        let data = testBytes(count: 100)
        let signature = try MinisignSignature.sign(MemorySource(data), with: Self.key, trustedComment: "t")
        let flippedSignature = MinisignFixture.patchingBase64Line(1, of: signature.fileText) { $0[40] ^= 1 }
        #expect(throws: CryptoError.signatureInvalid) {
            try MinisignSignature(fileText: flippedSignature).verify(MemorySource(data), with: Self.key.publicKey)
        }
        let flippedGlobal = MinisignFixture.patchingBase64Line(3, of: signature.fileText) { $0[10] ^= 1 }
        #expect(throws: CryptoError.trustedCommentInvalid) {
            try MinisignSignature(fileText: flippedGlobal).verify(MemorySource(data), with: Self.key.publicKey)
        }
    }

    @Test func anotherKeysSignatureNamesBothKeyIDs() throws {
        let other = MinisignSecretKey.generate()
        let signature = try MinisignSignature.sign(MemorySource([7]), with: other, trustedComment: "t")
        #expect(throws: CryptoError.signatureKeyMismatch(signatureKeyID: other.keyID, publicKeyID: Self.key.keyID)) {
            try signature.verify(MemorySource([7]), with: Self.key.publicKey)
        }
        let message = CryptoError.signatureKeyMismatch(signatureKeyID: other.keyID, publicKeyID: Self.key.keyID)
            .description
        #expect(message.contains(other.keyID) && message.contains(Self.key.keyID))
    }

    @Test func anotherKeyUnderTheSameKeyIDFails() throws {
        // A forger can copy a key id; the Ed25519 check must still fail.
        let other = MinisignSecretKey.generate()
        let signature = try MinisignSignature.sign(MemorySource([7]), with: other, trustedComment: "t")
        let impostor = MinisignFixture.patchingBase64Line(1, of: signature.fileText) { bytes in
            bytes.replaceSubrange(2..<10, with: Base64.decode(Self.key.publicKey.base64)![2..<10])
        }
        #expect(throws: CryptoError.signatureInvalid) {
            try MinisignSignature(fileText: impostor).verify(MemorySource([7]), with: Self.key.publicKey)
        }
    }

    @Test func refusesCommentsMinisignCannotCarry() {
        #expect(
            throws: CryptoError.minisignInvalidComment(
                "the trusted comment must be a single line without NUL or CR characters")
        ) {
            try MinisignSignature.sign(MemorySource([]), with: Self.key, trustedComment: "a\nb")
        }
        #expect(
            throws: CryptoError.minisignInvalidComment(
                "the untrusted comment must be a single line without NUL or CR characters")
        ) {
            try MinisignSignature.sign(MemorySource([]), with: Self.key, trustedComment: "t", untrustedComment: "a\rb")
        }
        #expect(
            throws: CryptoError.minisignInvalidComment(
                "the trusted comment is 8174 bytes; minisign accepts at most 8173")
        ) {
            try MinisignSignature.sign(
                MemorySource([]), with: Self.key, trustedComment: String(repeating: "x", count: 8174))
        }
        #expect(throws: Never.self) {
            try MinisignSignature.sign(
                MemorySource([]), with: Self.key, trustedComment: String(repeating: "x", count: 8173))
        }
    }

    @Test func parsesCRLFAndAMissingFinalNewline() throws {
        let expected = try MinisignSignature(fileText: MinisignFixture.prehashedSignature)
        let crlf = MinisignFixture.prehashedSignature.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try MinisignSignature(fileText: crlf) == expected)
        #expect(try MinisignSignature(fileText: String(MinisignFixture.prehashedSignature.dropLast())) == expected)
    }

    @Test func rejectsMalformedSignatureFiles() {
        let good = MinisignFixture.prehashedSignature
        let lines = good.split(separator: "\n").map(String.init)
        let cases: [(String, CryptoError)] = [
            (
                lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n",
                .minisignMalformed("the signature file is truncated: expected 4 lines, found 3")
            ),
            ("", .minisignMalformed("the signature file is truncated: expected 4 lines, found 0")),
            (good + "more\n", .minisignMalformed("the signature file has data after its 4 lines")),
            (
                MinisignFixture.replacingLine(1, of: good, with: String(lines[1].dropLast(4))),
                .minisignMalformed("the signature line has 96 base64 characters, expected 100")
            ),
            (
                MinisignFixture.replacingLine(1, of: good, with: String(lines[1].dropLast(2)) + "Z="),
                .minisignMalformed("the signature line is not valid base64")
            ),
            (
                MinisignFixture.replacingLine(3, of: good, with: String(lines[3].dropLast(4))),
                .minisignMalformed("the trusted comment's signature line has 84 base64 characters, expected 88")
            ),
            (
                MinisignFixture.patchingBase64Line(1, of: good) { $0[0] = UInt8(ascii: "X") },
                .minisignUnsupported("unknown signature algorithm 0x5844 (expected \"ED\" or \"Ed\")")
            ),
            (
                MinisignFixture.replacingLine(0, of: good, with: "comment: x"),
                .minisignMalformed("the signature's untrusted comment line does not start with \"untrusted comment: \"")
            ),
            (
                MinisignFixture.replacingLine(2, of: good, with: "untrusted comment: x"),
                .minisignMalformed("the signature's trusted comment line does not start with \"trusted comment: \"")
            ),
            // A newline inside the trusted comment turns it into a fifth line.
            (
                MinisignFixture.replacingLine(2, of: good, with: "trusted comment: a\nb"),
                .minisignMalformed("the signature file has data after its 4 lines")
            ),
            (
                MinisignFixture.replacingLine(2, of: good, with: "trusted comment: a\rb"),
                .minisignMalformed(
                    "the signature's trusted comment line contains a control character minisign cannot handle")
            ),
            (
                MinisignFixture.replacingLine(
                    2, of: good, with: "trusted comment: " + String(repeating: "x", count: 8174)),
                .minisignMalformed("the signature's trusted comment line is longer than minisign accepts (8173 bytes)")
            ),
            (
                good + String(repeating: "\n", count: 16 << 10),
                .minisignMalformed("the signature file is larger than 16384 bytes")
            ),
        ]
        for (text, expected) in cases {
            #expect(throws: expected) { try MinisignSignature(fileText: text) }
        }
    }

    @Test func refusesAnOversizedFileWithoutReadingItAll() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("big.minisig", [UInt8](repeating: UInt8(ascii: "A"), count: 10 << 20))
        #expect(throws: CryptoError.minisignMalformed("\(path): the signature file is larger than 16384 bytes")) {
            try MinisignSignature(contentsOfFile: path)
        }
        let notText = try directory.write("bin.minisig", [0xFF, 0xFE, 0x0A])
        #expect(throws: CryptoError.minisignMalformed("\(notText): the signature file is not UTF-8 text")) {
            try MinisignSignature(contentsOfFile: notText)
        }
    }
}
