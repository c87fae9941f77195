import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

/// Vitni against the real `minisign` 0.11, both ways: what a court runs must accept what Vitni
/// writes, and Vitni must accept what minisign writes.
@Suite(.serialized) struct MinisignInteropTests {
    /// minisign reads the passphrase from standard input when it is not a terminal, one line per
    /// prompt (`-G` asks twice).
    static let passphrase = "pass"

    private func minisign(_ arguments: [String], stdin: String? = nil) throws -> ProcessResult {
        try runProcess(Peer.path("minisign"), arguments, stdin: stdin.map { Array($0.utf8) })
    }

    /// `minisign -G`, unencrypted (`-W`) or encrypted at minisign's default cost.
    private func minisignKeyPair(in directory: TemporaryDirectory, encrypted: Bool) throws -> (pub: String, key: String)
    {
        let pub = directory.file("minisign.pub")
        let key = directory.file("minisign.key")
        let result =
            encrypted
            ? try minisign(["-G", "-p", pub, "-s", key], stdin: "\(Self.passphrase)\n\(Self.passphrase)\n")
            : try minisign(["-G", "-W", "-p", pub, "-s", key])
        #expect(result.status == 0, "minisign -G failed: \(result.stderrText)")
        return (pub, key)
    }

    // MARK: Vitni signs, minisign verifies

    @Test(arguments: MinisignFixture.sizes)
    func vitniSignaturesVerifyWithMinisign(size: Int) throws {
        let directory = try TemporaryDirectory()
        let key = MinisignSecretKey.generate()
        let pub = directory.file("vitni.pub")
        try key.publicKey.write(toFile: pub)
        let file = try directory.write("interview-\(size).flac", testBytes(count: size))
        let signature = try MinisignSignature.sign(contentsOfFile: file, with: key)
        try signature.write(toFile: file + ".minisig")

        let result = try minisign(["-V", "-H", "-p", pub, "-m", file, "-x", file + ".minisig"])
        #expect(result.status == 0, "minisign rejected a Vitni signature: \(result.stderrText)")
        #expect(
            result.stdoutText
                == "Signature and comment signature verified\nTrusted comment: \(signature.trustedComment)\n")
        let inline = try minisign(["-V", "-H", "-P", key.publicKey.base64, "-m", file, "-x", file + ".minisig"])
        #expect(inline.status == 0, "minisign -P rejected a Vitni signature: \(inline.stderrText)")
    }

    @Test func minisignRejectsWhatVitniRejects() throws {
        let directory = try TemporaryDirectory()
        let key = MinisignSecretKey.generate()
        let pub = directory.file("vitni.pub")
        try key.publicKey.write(toFile: pub)
        var data = testBytes(count: 1000)
        let file = try directory.write("notes.jsonl", data)
        let signature = try MinisignSignature.sign(contentsOfFile: file, with: key, trustedComment: "custody: A to B")

        data[500] ^= 1
        let tampered = try directory.write("tampered.jsonl", data)
        let sigPath = try directory.write("notes.minisig", signature.fileText)
        let badFile = try minisign(["-V", "-H", "-p", pub, "-m", tampered, "-x", sigPath])
        #expect(badFile.status == 1 && badFile.stderrText.contains("Signature verification failed"))

        let commentPath = try directory.write(
            "comment.minisig",
            MinisignFixture.replacingLine(2, of: signature.fileText, with: "trusted comment: custody: A to C"))
        let badComment = try minisign(["-V", "-H", "-p", pub, "-m", file, "-x", commentPath])
        #expect(badComment.status == 1 && badComment.stderrText.contains("Comment signature verification failed"))
        #expect(throws: CryptoError.trustedCommentInvalid) {
            try MinisignSignature(contentsOfFile: commentPath).verify(contentsOfFile: file, with: key.publicKey)
        }
    }

    // MARK: minisign signs, Vitni verifies

    @Test(arguments: MinisignFixture.sizes)
    func minisignSignaturesVerifyWithVitni(size: Int) throws {
        let directory = try TemporaryDirectory()
        let (pub, key) = try minisignKeyPair(in: directory, encrypted: false)
        let file = try directory.write("audio-\(size).wav", testBytes(count: size, seed: UInt64(size)))
        let signed = try minisign(["-S", "-s", key, "-m", file, "-x", file + ".minisig"])
        #expect(signed.status == 0, "minisign -S failed: \(signed.stderrText)")

        let publicKey = try MinisignPublicKey(contentsOfFile: pub)
        let signature = try MinisignSignature(contentsOfFile: file + ".minisig")
        #expect(signature.algorithm == .prehashed)
        let result = try signature.verify(contentsOfFile: file, with: publicKey)
        #expect(!result.isLegacy)
        #expect(result.keyID == publicKey.keyID)
        #expect(result.trustedComment.hasPrefix("timestamp:"))
        #expect(result.trustedComment.hasSuffix("\tfile:audio-\(size).wav\thashed"))

        var altered = testBytes(count: size, seed: UInt64(size))
        altered.append(0)
        #expect(throws: CryptoError.signatureInvalid) { try signature.verify(MemorySource(altered), with: publicKey) }
    }

    @Test func minisignPublicKeyLineAndKeyIDMatch() throws {
        let directory = try TemporaryDirectory()
        let (pub, _) = try minisignKeyPair(in: directory, encrypted: false)
        let fileText = try String(contentsOfFile: pub, encoding: .utf8)
        let lines = fileText.split(separator: "\n").map(String.init)
        let key = try MinisignPublicKey(contentsOfFile: pub)
        #expect(lines[1] == key.base64)
        #expect(try MinisignPublicKey(base64: lines[1]) == key)
        // minisign names the key id in the comment. 0.11 prints it with `%llX`, dropping leading
        // zeros (newer releases pad to 16 digits, as Vitni always does): compare the numbers.
        let printed = try #require(lines[0].split(separator: " ").last.flatMap { UInt64($0, radix: 16) })
        #expect(UInt64(key.keyID, radix: 16) == printed)
        #expect(key.keyID.count == 16 && key.keyID == key.keyID.uppercased())
    }

    @Test(arguments: MinisignFixture.sizes)
    func legacySignaturesVerifyWithAWarning(size: Int) throws {
        let directory = try TemporaryDirectory()
        let (pub, key) = try minisignKeyPair(in: directory, encrypted: false)
        let file = try directory.write("legacy-\(size)", testBytes(count: size))
        let signed = try minisign(["-S", "-l", "-s", key, "-m", file, "-x", file + ".minisig", "-t", "old tool"])
        #expect(signed.status == 0, "minisign -S -l failed: \(signed.stderrText)")

        let signature = try MinisignSignature(contentsOfFile: file + ".minisig")
        #expect(signature.algorithm == .legacy)
        let result = try signature.verify(contentsOfFile: file, with: MinisignPublicKey(contentsOfFile: pub))
        #expect(result == MinisignVerification(keyID: signature.keyID, trustedComment: "old tool", isLegacy: true))
        // The reason for the warning: the court's `minisign -V -H` refuses legacy signatures.
        let strict = try minisign(["-V", "-H", "-p", pub, "-m", file, "-x", file + ".minisig"])
        #expect(strict.status == 1 && strict.stderrText.contains("Legacy (non-prehashed) signature found"))
        if size > 1 {
            #expect(throws: CryptoError.minisignLegacyInputTooLarge(limit: size - 1)) {
                try signature.verify(
                    contentsOfFile: file, with: MinisignPublicKey(contentsOfFile: pub), legacyInputLimit: size - 1)
            }
        }
    }

    // MARK: Key files, both ways

    @Test func vitniReadsMinisignUnencryptedKey() throws {
        let directory = try TemporaryDirectory()
        let (pub, keyPath) = try minisignKeyPair(in: directory, encrypted: false)
        // What `-W` writes: kdf 0,0, zero salt and limits, and a zero checksum.
        let line = try String(contentsOfFile: keyPath, encoding: .utf8).split(separator: "\n")[1]
        let raw = try #require(Base64.decode(line))
        #expect(raw[2..<4] == [0, 0] && raw[6..<54].allSatisfy { $0 == 0 } && raw[126..<158].allSatisfy { $0 == 0 })

        #expect(try !MinisignSecretKey.isEncrypted(contentsOfFile: keyPath))
        let key = try MinisignSecretKey(contentsOfFile: keyPath, passphrase: nil)
        #expect(key.publicKey == (try MinisignPublicKey(contentsOfFile: pub)))
        let file = try directory.write("f", testBytes(count: 10))
        try MinisignSignature.sign(contentsOfFile: file, with: key).write(toFile: file + ".minisig")
        #expect(try minisign(["-V", "-H", "-p", pub, "-m", file]).status == 0)
    }

    @Test func vitniReadsMinisignEncryptedKeyAtDefaultCost() throws {
        let directory = try TemporaryDirectory()
        let (pub, keyPath) = try minisignKeyPair(in: directory, encrypted: true)
        let line = try String(contentsOfFile: keyPath, encoding: .utf8).split(separator: "\n")[1]
        let raw = try #require(Base64.decode(line))
        let limits = raw[38..<54].withUnsafeBytes {
            (
                UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)),
                UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            )
        }
        #expect(raw[2..<4].elementsEqual("Sc".utf8))
        #expect(
            limits.0 == MinisignSecretKey.Cost.sensitive.opsLimit
                && limits.1 == MinisignSecretKey.Cost.sensitive.memLimit)

        #expect(try MinisignSecretKey.isEncrypted(contentsOfFile: keyPath))
        let key = try MinisignSecretKey(contentsOfFile: keyPath, passphrase: MinisignFixture.secret(Self.passphrase))
        let publicKey = try MinisignPublicKey(contentsOfFile: pub)
        #expect(key.publicKey == publicKey)
        #expect(throws: CryptoError.minisignIncorrectPassphrase) {
            try MinisignSecretKey(contentsOfFile: keyPath, passphrase: MinisignFixture.secret("not the passphrase"))
        }

        // minisign signs with its encrypted key (passphrase on stdin); Vitni verifies.
        let file = try directory.write("seal", testBytes(count: 1 << 20))
        let signed = try minisign(
            ["-S", "-s", keyPath, "-m", file, "-t", "sealed by minisign"], stdin: "\(Self.passphrase)\n")
        #expect(signed.status == 0, "minisign -S failed: \(signed.stderrText)")
        let result = try MinisignSignature(contentsOfFile: file + ".minisig").verify(
            contentsOfFile: file, with: publicKey)
        #expect(
            result
                == MinisignVerification(keyID: publicKey.keyID, trustedComment: "sealed by minisign", isLegacy: false))
    }

    @Test func minisignSignsWithVitniEncryptedKey() throws {
        let directory = try TemporaryDirectory()
        let key = MinisignSecretKey.generate()
        let keyPath = directory.file("vitni.key")
        let pub = directory.file("vitni.pub")
        try key.write(toFile: keyPath, .passphrase(MinisignFixture.secret(Self.passphrase), cost: .interactive))
        try key.publicKey.write(toFile: pub)

        for size in MinisignFixture.sizes {
            let file = try directory.write("data-\(size)", testBytes(count: size))
            // `-p` makes minisign check its signature against Vitni's public key before writing it.
            let signed = try minisign(["-S", "-s", keyPath, "-p", pub, "-m", file], stdin: "\(Self.passphrase)\n")
            #expect(signed.status == 0, "minisign could not sign with a Vitni key: \(signed.stderrText)")
            let result = try MinisignSignature(contentsOfFile: file + ".minisig").verify(
                contentsOfFile: file, with: key.publicKey)
            #expect(result.keyID == key.keyID && !result.isLegacy)
        }

        let wrong = try minisign(
            ["-S", "-s", keyPath, "-m", directory.file("data-0"), "-x", directory.file("x.minisig")], stdin: "nope\n")
        #expect(wrong.status != 0 && wrong.stderrText.contains("Wrong password for that key"))

        // minisign recreates the same public key file from Vitni's secret key.
        let recreated = directory.file("recreated.pub")
        let recreate = try minisign(["-R", "-s", keyPath, "-p", recreated], stdin: "\(Self.passphrase)\n")
        #expect(recreate.status == 0, "minisign -R failed: \(recreate.stderrText)")
        // The key line is the same; in the (untrusted) comment minisign 0.11 prints the key id
        // without leading zeros (`%llX`), Vitni with all 16 digits, as key ids are shown elsewhere.
        let written = try String(contentsOfFile: recreated, encoding: .utf8).split(separator: "\n")
        let vitni = key.publicKey.fileText.split(separator: "\n")
        #expect(written.count == 2 && written.last == vitni.last, "minisign wrote \(written); Vitni \(vitni)")
        let prefix = "untrusted comment: minisign public key "
        let writtenID = written.first.flatMap { UInt64($0.dropFirst(prefix.count), radix: 16) }
        #expect(written.first?.hasPrefix(prefix) == true && writtenID == UInt64(key.keyID, radix: 16))
    }

    @Test func minisignSignsWithVitniUnencryptedKey() throws {
        let directory = try TemporaryDirectory()
        let key = MinisignSecretKey.generate()
        let keyPath = directory.file("vitni.key")
        try key.write(toFile: keyPath, .unencrypted)
        let file = try directory.write("data", testBytes(count: 1))
        let signed = try minisign(["-S", "-s", keyPath, "-m", file, "-t", "unencrypted key"])
        #expect(signed.status == 0, "minisign could not sign with a Vitni unencrypted key: \(signed.stderrText)")
        let result = try MinisignSignature(contentsOfFile: file + ".minisig").verify(
            contentsOfFile: file, with: key.publicKey)
        #expect(result.trustedComment == "unencrypted key")
    }

    @Test func vitniReadsAKeyMinisignDecrypted() throws {
        // `minisign -C -W` strips encryption but keeps the real checksum (unlike `-G -W`).
        let directory = try TemporaryDirectory()
        let key = MinisignSecretKey.generate()
        let keyPath = directory.file("vitni.key")
        try key.write(toFile: keyPath, .passphrase(MinisignFixture.secret(Self.passphrase), cost: .interactive))
        let converted = try minisign(["-C", "-W", "-s", keyPath], stdin: "\(Self.passphrase)\n")
        #expect(converted.status == 0, "minisign -C -W failed: \(converted.stderrText)")
        #expect(try !MinisignSecretKey.isEncrypted(contentsOfFile: keyPath))
        #expect(try MinisignSecretKey(contentsOfFile: keyPath, passphrase: nil).publicKey == key.publicKey)
    }
}
