import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

@Suite struct MinisignPublicKeyTests {
    @Test func readsMinisignFileAndPrintsItsKeyID() throws {
        let key = try MinisignPublicKey(fileText: MinisignFixture.publicKeyFile)
        #expect(key.keyID == MinisignFixture.keyID)
        #expect(key.base64 == MinisignFixture.publicKeyBase64)
        #expect(key.fileText == MinisignFixture.publicKeyFile)
        #expect(try MinisignPublicKey(base64: MinisignFixture.publicKeyBase64) == key)
    }

    @Test func toleratesCRLFAndMissingFinalNewline() throws {
        let expected = try MinisignPublicKey(base64: MinisignFixture.publicKeyBase64)
        let crlf = MinisignFixture.publicKeyFile.replacingOccurrences(of: "\n", with: "\r\n")
        let unterminated = String(MinisignFixture.publicKeyFile.dropLast())
        #expect(try MinisignPublicKey(fileText: crlf) == expected)
        #expect(try MinisignPublicKey(fileText: unterminated) == expected)
    }

    @Test func roundTripsThroughAFile() throws {
        let directory = try TemporaryDirectory()
        let key = MinisignSecretKey.generate().publicKey
        let path = directory.file("key.pub")
        try key.write(toFile: path)
        #expect(try MinisignPublicKey(contentsOfFile: path) == key)
        #expect(
            try String(contentsOfFile: path, encoding: .utf8)
                == "untrusted comment: minisign public key \(key.keyID)\n\(key.base64)\n")
        #expect(throws: CryptoError.io(path: path, operation: "create", code: EEXIST)) { try key.write(toFile: path) }
    }

    @Test func keyIDIsTheLittleEndianNumberInUpperCaseHex() throws {
        // "Ed" ‖ key id 01 02 … 08 ‖ 32 zero bytes: minisign prints 0807060504030201.
        let key = try MinisignPublicKey(base64: Base64Fixture.publicKey(keyID: [1, 2, 3, 4, 5, 6, 7, 0xAB]))
        #expect(key.keyID == "AB07060504030201")
        #expect(key.keyID.count == 16)
    }

    @Test(arguments: [
        ("RWT03m8n4MG9p3aOkuljumo90REYwBJFgRSz72k/teNsA5DJN/TMEL", "truncated"),
        ("RWT03m8n4MG9p3aOkuljumo90REYwBJFgRSz72k/teNsA5DJN/TMELX9=", "too long"),
        ("RWT03m8n4MG9p3aOkuljumo90REYwBJFgRSz72k/teNsA5DJN/TMEL!9", "not base64"),
        (" RWT03m8n4MG9p3aOkuljumo90REYwBJFgRSz72k/teNsA5DJN/TMELX9", "leading space"),
    ])
    func rejectsMalformedBase64(_ line: String, _ reason: String) {
        let error = #expect(throws: CryptoError.self, "\(reason)") { try MinisignPublicKey(base64: line) }
        guard case .minisignMalformed? = error else {
            Issue.record("\(reason): expected minisignMalformed, got \(String(describing: error))")
            return
        }
    }

    @Test func rejectsAnotherAlgorithm() throws {
        let file = MinisignFixture.patchingBase64Line(1, of: MinisignFixture.publicKeyFile) {
            $0[1] = UInt8(ascii: "D")
        }
        #expect(throws: CryptoError.minisignUnsupported("the public key's algorithm is not Ed25519 (\"Ed\")")) {
            try MinisignPublicKey(fileText: file)
        }
    }

    @Test func rejectsMissingCommentMissingLinesAndTrailingData() {
        #expect(throws: CryptoError.minisignMalformed("the public key file is truncated: expected 2 lines, found 1")) {
            try MinisignPublicKey(fileText: "untrusted comment: minisign public key\n")
        }
        #expect(
            throws: CryptoError.minisignMalformed(
                "the public key's comment line does not start with \"untrusted comment: \"")
        ) {
            try MinisignPublicKey(fileText: "comment\n\(MinisignFixture.publicKeyBase64)\n")
        }
        #expect(throws: CryptoError.minisignMalformed("the public key file has data after its 2 lines")) {
            try MinisignPublicKey(fileText: MinisignFixture.publicKeyFile + "\n")
        }
    }

    @Test func refusesAnOversizedFileWithoutReadingIt() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("huge.pub", [UInt8](repeating: UInt8(ascii: "A"), count: 1 << 20))
        #expect(throws: CryptoError.minisignMalformed("\(path): the public key file is larger than 4096 bytes")) {
            try MinisignPublicKey(contentsOfFile: path)
        }
    }
}

/// Builds public-key lines from raw parts, for key id and collision tests.
enum Base64Fixture {
    static func publicKey(keyID: [UInt8], key: [UInt8] = [UInt8](repeating: 0, count: 32)) -> String {
        Base64.encode(Array("Ed".utf8) + keyID + key)
    }
}

@Suite struct MinisignSecretKeyTests {
    @Test func costsAreLibsodiumsPresets() {
        #expect(MinisignSecretKey.Cost.sensitive.opsLimit == 33_554_432)
        #expect(MinisignSecretKey.Cost.sensitive.memLimit == 1_073_741_824)
        #expect(MinisignSecretKey.Cost.interactive.opsLimit == 524_288)
        #expect(MinisignSecretKey.Cost.interactive.memLimit == 16_777_216)
    }

    @Test func encryptedKeyRoundTrips() throws {
        let key = MinisignSecretKey.generate()
        let file = try key.encoded(.passphrase(MinisignFixture.secret("correct horse"), cost: .interactive))
        let text = MinisignFixture.text(file)
        #expect(text.hasPrefix("untrusted comment: minisign encrypted secret key\n"))
        #expect(try MinisignSecretKey.isEncrypted(encoded: file))
        let read = try MinisignSecretKey(encoded: file, passphrase: MinisignFixture.secret("correct horse"))
        #expect(read.publicKey == key.publicKey)
        #expect(read.keyID == key.keyID)
        // The key that was read signs what the original's public key accepts.
        let signature = try MinisignSignature.sign(MemorySource([1, 2, 3]), with: read, trustedComment: "t")
        #expect(try signature.verify(MemorySource([1, 2, 3]), with: key.publicKey).keyID == key.keyID)
    }

    @Test func unencryptedKeyRoundTrips() throws {
        let key = MinisignSecretKey.generate()
        let file = try key.encoded(.unencrypted)
        #expect(try !MinisignSecretKey.isEncrypted(encoded: file))
        let read = try MinisignSecretKey(encoded: file, passphrase: nil)
        #expect(read.publicKey == key.publicKey)
    }

    @Test func encryptionUsesAFreshSaltEachTime() throws {
        let key = MinisignSecretKey.generate()
        let first = MinisignFixture.text(try key.encoded(.passphrase(MinisignFixture.secret("p"), cost: .interactive)))
        let second = MinisignFixture.text(try key.encoded(.passphrase(MinisignFixture.secret("p"), cost: .interactive)))
        #expect(first != second)
    }

    @Test func wrongOrMissingPassphraseIsRefused() throws {
        let file = try MinisignSecretKey.generate().encoded(
            .passphrase(MinisignFixture.secret("right"), cost: .interactive))
        #expect(throws: CryptoError.minisignIncorrectPassphrase) {
            try MinisignSecretKey(encoded: file, passphrase: MinisignFixture.secret("wrong"))
        }
        #expect(throws: CryptoError.minisignPassphraseRequired) {
            try MinisignSecretKey(encoded: file, passphrase: nil)
        }
    }

    @Test func writesMode0600AndNeverOverwrites() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("key")
        let key = MinisignSecretKey.generate()
        try key.write(toFile: path, .passphrase(MinisignFixture.secret("p"), cost: .interactive))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(throws: CryptoError.io(path: path, operation: "create", code: EEXIST)) {
            try key.write(toFile: path, .unencrypted)
        }
        #expect(try MinisignSecretKey.isEncrypted(contentsOfFile: path))
        #expect(
            try MinisignSecretKey(contentsOfFile: path, passphrase: MinisignFixture.secret("p")).publicKey
                == key.publicKey)
    }

    @Test func refusesAbsurdScryptLimitsBeforeRunningScrypt() throws {
        let file = MinisignFixture.text(
            try MinisignSecretKey.generate().encoded(.passphrase(MinisignFixture.secret("p"), cost: .interactive)))
        let hugeMemory = MinisignFixture.patchingBase64Line(1, of: file) { bytes in
            bytes.replaceSubrange(46..<54, with: withUnsafeBytes(of: UInt64(1 << 40).littleEndian, Array.init))
        }
        let hugeOps = MinisignFixture.patchingBase64Line(1, of: file) { bytes in
            bytes.replaceSubrange(38..<46, with: withUnsafeBytes(of: UInt64.max.littleEndian, Array.init))
        }
        #expect(throws: CryptoError.minisignKDFLimitsTooHigh(opsLimit: 524_288, memLimit: 1 << 40)) {
            try MinisignSecretKey(encoded: MinisignFixture.secret(hugeMemory), passphrase: MinisignFixture.secret("p"))
        }
        #expect(throws: CryptoError.minisignKDFLimitsTooHigh(opsLimit: UInt64.max, memLimit: 16_777_216)) {
            try MinisignSecretKey(encoded: MinisignFixture.secret(hugeOps), passphrase: MinisignFixture.secret("p"))
        }
    }

    @Test func rejectsMalformedKeyFiles() throws {
        let file = MinisignFixture.text(try MinisignSecretKey.generate().encoded(.unencrypted))
        let lines = file.split(separator: "\n").map(String.init)
        let shortLine = String(lines[1].dropLast(4))
        let cases: [(String, CryptoError)] = [
            (
                lines[0] + "\n" + shortLine + "\n",
                .minisignMalformed("the secret key line has 208 base64 characters, expected 212")
            ),
            (lines[0] + "\n" + shortLine + "@@@=\n", .minisignMalformed("the secret key line is not valid base64")),
            (lines[0] + "\n", .minisignMalformed("the secret key line has 0 base64 characters, expected 212")),
            (lines[0], .minisignMalformed("the secret key file is truncated: expected 2 lines")),
            (
                "comment\n" + lines[1] + "\n",
                .minisignMalformed("the secret key file does not start with \"untrusted comment: \"")
            ),
            (file + "extra\n", .minisignMalformed("the secret key file has data after its 2 lines")),
            (
                MinisignFixture.patchingBase64Line(1, of: file) { $0[0] = UInt8(ascii: "X") },
                .minisignUnsupported("the secret key's algorithm is not Ed25519 (\"Ed\")")
            ),
            (
                MinisignFixture.patchingBase64Line(1, of: file) {
                    $0[2] = UInt8(ascii: "A")
                    $0[3] = UInt8(ascii: "r")
                },
                .minisignUnsupported("the secret key's key derivation is neither scrypt (\"Sc\") nor none")
            ),
            (
                MinisignFixture.patchingBase64Line(1, of: file) { $0[4] = UInt8(ascii: "S") },
                .minisignUnsupported("the secret key's checksum algorithm is not BLAKE2b (\"B2\")")
            ),
            (
                MinisignFixture.patchingBase64Line(1, of: file) { $0[100] ^= 1 },
                .minisignMalformed("the secret key's checksum does not match: the file is damaged")
            ),
        ]
        for (text, expected) in cases {
            #expect(throws: expected) { try MinisignSecretKey(encoded: MinisignFixture.secret(text), passphrase: nil) }
        }
    }

    @Test func unencryptedKeyWithZeroChecksumMustStillBeWhole() throws {
        // `minisign -G -W` writes a zero checksum; then only the seed/public-key check catches damage.
        let file = MinisignFixture.text(try MinisignSecretKey.generate().encoded(.unencrypted))
        let zeroChecksum = MinisignFixture.patchingBase64Line(1, of: file) {
            $0.replaceSubrange(126..<158, with: [UInt8](repeating: 0, count: 32))
        }
        #expect(throws: Never.self) {
            try MinisignSecretKey(encoded: MinisignFixture.secret(zeroChecksum), passphrase: nil)
        }
        let damaged = MinisignFixture.patchingBase64Line(1, of: zeroChecksum) { $0[70] ^= 0x40 }
        #expect(
            throws: CryptoError.minisignMalformed("the secret key is damaged: its public half does not match its seed")
        ) {
            try MinisignSecretKey(encoded: MinisignFixture.secret(damaged), passphrase: nil)
        }
    }

    @Test func fileErrorsNameThePath() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("key", "untrusted comment: x\nnot a key\n")
        #expect(
            throws: CryptoError.minisignMalformed("\(path): the secret key line has 9 base64 characters, expected 212")
        ) {
            try MinisignSecretKey(contentsOfFile: path, passphrase: nil)
        }
    }
}
