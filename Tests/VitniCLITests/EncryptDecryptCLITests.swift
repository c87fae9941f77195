import Foundation
import Testing
import VitniTestSupport

/// `vitni encrypt` / `decrypt` as a user runs them, with keys made by the real `age-keygen`.
@Suite struct EncryptDecryptCLITests {
    let cli: CLI
    let keyFile: String
    let recipient: String
    /// A second recipient, so a byte flipped in its stanza leaves the file key recoverable and
    /// the header MAC is what catches it.
    let otherRecipient: String
    let plaintextPath: String
    static let plaintext = testBytes(count: 3 * 65536, seed: 42)  // a full final chunk: trailing data is detectable

    init() throws {
        cli = try CLI()
        keyFile = cli.work.file("key.txt")
        let keygen = try runProcess(try Peer.path("age-keygen"), ["-o", keyFile])
        try #require(keygen.status == 0, "age-keygen failed: \(keygen.stderrText)")
        let text = try String(contentsOfFile: keyFile, encoding: .utf8)
        recipient = try #require(text.split(separator: "\n").first { $0.hasPrefix("# public key: ") }).dropFirst(14)
            .description
        let other = try runProcess(try Peer.path("age-keygen"), [])
        otherRecipient = try #require(other.stdoutText.split(separator: "\n").first { $0.hasPrefix("# public key: ") })
            .dropFirst(14).description
        plaintextPath = try cli.work.write("evidence.bin", Self.plaintext)
    }

    func encrypted() throws -> [UInt8] {
        let result = try cli.run([
            "encrypt", "-r", recipient, "-r", otherRecipient, "-o", "evidence.age", plaintextPath,
        ])
        try #require(result.status == 0, "\(result.stderrText)")
        return Array(try Data(contentsOf: URL(fileURLWithPath: cli.work.file("evidence.age"))))
    }

    @Test func roundTripThroughFilesAndPipes() throws {
        _ = try encrypted()
        let toFile = try cli.run(["decrypt", "-i", keyFile, "-o", "out.bin", "evidence.age"])
        #expect(toFile.status == 0, "\(toFile.stderrText)")
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: cli.work.file("out.bin")))) == Self.plaintext)
        let attributes = try FileManager.default.attributesOfItem(atPath: cli.work.file("out.bin"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "decrypted output must be private")
        let piped = try cli.run(["decrypt", "-i", keyFile], stdin: try encrypted())
        #expect(piped.status == 0)
        #expect(piped.stdout == Self.plaintext)
    }

    /// Each damaged input: its own clear message, exit code 1, and no output file at all.
    @Test(arguments: [
        ("truncated at a chunk boundary", "truncated"),
        ("flipped header byte", "header has been altered"),
        ("flipped MAC byte", "header MAC"),
        ("flipped first-chunk byte", "chunk 0 fails"),
        ("flipped last-chunk byte", "chunk 2 fails"),
        ("trailing data", "data after its final chunk"),
        ("empty input", "file is empty"),
    ])
    func damagedInputFailsCleanly(_ damage: String, _ expected: String) throws {
        var bytes = try encrypted()
        let headerLength = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("\n---".utf8)) }) + 1
        let payloadStart = try #require(bytes[headerLength...].firstIndex(of: 0x0A)) + 1 + 16
        switch damage {
        case "truncated at a chunk boundary": bytes.removeLast(65536 + 16)
        case "flipped header byte":
            let secondStanzaBody = try #require(
                bytes.indices.filter { bytes[$0...].starts(with: Array("\n-> X25519".utf8)) }.last)
            let bodyStart = try #require(bytes[(secondStanzaBody + 1)...].firstIndex(of: 0x0A)) + 1
            bytes[bodyStart + 5] = bytes[bodyStart + 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        case "flipped MAC byte":
            bytes[headerLength + 10] =
                bytes[headerLength + 10] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        case "flipped first-chunk byte": bytes[payloadStart + 100] ^= 0x80
        case "flipped last-chunk byte": bytes[bytes.count - 20] ^= 0x80
        case "trailing data": bytes += [0x00]
        default: bytes = []
        }
        let damaged = try cli.work.write("damaged.age", bytes)
        let result = try cli.run(["decrypt", "-i", keyFile, "-o", "out.bin", damaged])
        #expect(result.status == 1, "\(damage): exit \(result.status)")
        #expect(result.stderrText.contains(expected), "\(damage): \(result.stderrText)")
        #expect(result.stderrText.contains("damaged.age"), "the error names the file: \(result.stderrText)")
        #expect(!cli.exists("out.bin"), "\(damage): a partial output file was left behind")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.work.path).filter {
            $0.contains("vitni-")
        }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }

    @Test func wrongIdentityIsNoMatch() throws {
        _ = try encrypted()
        let other = cli.work.file("other.txt")
        _ = try runProcess(try Peer.path("age-keygen"), ["-o", other])
        let result = try cli.run(["decrypt", "-i", other, "-o", "out.bin", "evidence.age"])
        #expect(result.status == 1)
        #expect(result.stderrText.contains("no identity given can decrypt"))
        #expect(!cli.exists("out.bin"))
    }

    @Test func wrongPassphrase() throws {
        let right = try cli.passphraseFile("correct horse", name: "right")
        let wrong = try cli.passphraseFile("wrong horse", name: "wrong")
        let encrypt = try cli.run(["encrypt", "-p", "--passphrase-file", right, "-o", "p.age", plaintextPath])
        #expect(encrypt.status == 0, "\(encrypt.stderrText)")
        let result = try cli.run(["decrypt", "-p", "--passphrase-file", wrong, "-o", "out.bin", "p.age"])
        #expect(result.status == 1)
        #expect(result.stderrText.contains("incorrect passphrase"))
        #expect(!cli.exists("out.bin"))
        let good = try cli.run(["decrypt", "-p", "--passphrase-file", right, "-o", "out.bin", "p.age"])
        #expect(good.status == 0)
    }

    @Test func keyFileWithOpenPermissionsIsRefused() throws {
        _ = try encrypted()
        chmod(keyFile, 0o644)
        let result = try cli.run(["decrypt", "-i", keyFile, "-o", "out.bin", "evidence.age"])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("permissions 644 are too open"))
        #expect(result.stderrText.contains("chmod 600"))
        #expect(!cli.exists("out.bin"))
    }

    @Test func keyFileInWrongFormatIsRefused() throws {
        _ = try encrypted()
        let bogus = try cli.passphraseFile("AGE-SECRET-KEY-1NOTAKEY", name: "bogus.txt")
        let result = try cli.run(["decrypt", "-i", bogus, "-o", "out.bin", "evidence.age"])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("invalid identity"))
        #expect(!result.stderrText.contains("NOTAKEY"), "key material must not be echoed")
        #expect(!cli.exists("out.bin"))
    }

    @Test func usageErrorsExit64() throws {
        let result = try cli.run(["encrypt", plaintextPath])
        #expect(result.status == 64)
        #expect(result.stderrText.contains("-r RECIPIENT"))
    }
}
