import Foundation
import Testing
import VitniTestSupport

/// Identities through the CLI: created once per suite (each costs minisign's full scrypt).
@Suite(.serialized) struct KeyCLITests {
    static let shared = Result { try Fixture() }

    struct Fixture {
        let cli: CLI
        let passphrase: String
        let created: ProcessResult

        init() throws {
            cli = try CLI()
            cli.home.removeAtExit()
            cli.work.removeAtExit()
            passphrase = try cli.passphraseFile("a long and private passphrase")
            created = try cli.run([
                "key", "new", "--name", "anna", "--role", "interviewer", "--passphrase-file", passphrase,
            ])
        }

        var identityDirectory: String { cli.home.path + "/identities/anna" }
    }

    var fixture: Fixture { get throws { try Self.shared.get() } }

    @Test func createsIdentityWithPrivateFiles() throws {
        let f = try fixture
        #expect(f.created.status == 0, "\(f.created.stderrText)")
        #expect(f.created.stdoutText.contains("age recipient:       age1"))
        for name in ["identity.json", "age-identity.age", "minisign.key"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: f.identityDirectory + "/" + name)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(name) must be 0600")
        }
        let directoryMode =
            try FileManager.default.attributesOfItem(atPath: f.identityDirectory)[.posixPermissions] as? Int
        #expect(directoryMode == 0o700)
    }

    @Test func secretsAreNeverPrintedOrStoredInPlaintext() throws {
        let f = try fixture
        var outputs = [f.created.stdoutText, f.created.stderrText]
        for arguments in [
            ["key", "list"], ["key", "list", "--json"], ["key", "show", "anna"], ["key", "export", "anna"],
            ["key", "export", "anna", "--format", "minisign"],
        ] {
            let result = try f.cli.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderrText)")
            outputs += [result.stdoutText, result.stderrText]
        }
        for output in outputs {
            #expect(!output.contains("AGE-SECRET-KEY"), "a secret key was printed")
            #expect(!output.contains("a long and private passphrase"))
        }
        let ageFile = try Data(contentsOf: URL(fileURLWithPath: f.identityDirectory + "/age-identity.age"))
        #expect(
            ageFile.starts(with: Array("age-encryption.org/v1\n-> scrypt ".utf8)),
            "the X25519 identity is passphrase-encrypted")
        #expect(!String(decoding: ageFile, as: UTF8.self).contains("AGE-SECRET-KEY"))
        let minisignKey = try String(contentsOfFile: f.identityDirectory + "/minisign.key", encoding: .utf8)
        let keyBytes = try #require(Data(base64Encoded: String(minisignKey.split(separator: "\n")[1])))
        #expect(Array(keyBytes[2..<4]) == Array("Sc".utf8), "the minisign key is scrypt-encrypted")
    }

    @Test func wrongPassphraseCannotUnlock() throws {
        let f = try fixture
        let wrong = try f.cli.passphraseFile("not the passphrase", name: "wrong-pass")
        let file = try f.cli.work.write("doc.txt", "a document")
        let result = try f.cli.run(["sign", "-k", "anna", "--passphrase-file", wrong, file])
        #expect(result.status == 1)
        #expect(result.stderrText.contains("incorrect passphrase"))
        #expect(!f.cli.exists("doc.txt.minisig"))
    }

    @Test func duplicateAndInvalidNamesAreRefused() throws {
        let f = try fixture
        let again = try f.cli.run([
            "key", "new", "--name", "anna", "--role", "observer", "--passphrase-file", f.passphrase,
        ])
        #expect(again.status == 2)
        #expect(again.stderrText.contains("already exists"))
        let bad = try f.cli.run([
            "key", "new", "--name", "../escape", "--role", "observer", "--passphrase-file", f.passphrase,
        ])
        #expect(bad.status == 2)
        #expect(bad.stderrText.contains("invalid name"))
        let role = try f.cli.run(["key", "new", "--name", "x", "--role", "janitor", "--passphrase-file", f.passphrase])
        #expect(role.status == 64)
        #expect(role.stderrText.contains("unknown role"))
    }

    /// Vitni signs; stock minisign verifies against the exported public key, and Vitni rejects
    /// the signature for any other file.
    @Test func signaturesInteroperateWithMinisign() throws {
        let f = try fixture
        let file = try f.cli.work.write("evidence.bin", testBytes(count: 100_000, seed: 3))
        let sign = try f.cli.run([
            "sign", "-k", "anna", "--passphrase-file", f.passphrase, "-t", "sealed by anna", file,
        ])
        #expect(sign.status == 0, "\(sign.stderrText)")
        let export = try f.cli.run(["key", "export", "anna", "--format", "minisign", "-o", "anna.pub"])
        #expect(export.status == 0)
        let minisign = try runProcess(
            try Peer.path("minisign"), ["-V", "-H", "-p", f.cli.work.file("anna.pub"), "-m", file])
        #expect(minisign.status == 0, "minisign rejected Vitni's signature: \(minisign.stderrText)")
        #expect(minisign.stdoutText.contains("sealed by anna"))
        let check = try f.cli.run(["check-signature", "-P", "anna", file])
        #expect(check.status == 0, "\(check.stderrText)")
        #expect(check.stdoutText.contains("sealed by anna"))

        let other = try f.cli.work.write("other.bin", testBytes(count: 100_000, seed: 4))
        let mismatch = try f.cli.run([
            "check-signature", "-P", f.cli.work.file("anna.pub"), "-x", file + ".minisig", other,
        ])
        #expect(mismatch.status == 1)
        #expect(mismatch.stderrText.contains("signature verification failed"))
        #expect(mismatch.stderrText.contains("other.bin"))
    }

    /// The exported age recipient works with stock age, and Vitni decrypts with the identity name.
    @Test func exportedRecipientWorksWithAge() throws {
        let f = try fixture
        let recipient = try f.cli.run(["key", "export", "anna", "--format", "age"]).stdoutText.trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(recipient.hasPrefix("age1"))
        let plain = testBytes(count: 70_000, seed: 9)
        let input = try f.cli.work.write("plain.bin", plain)
        let age = try runProcess(try Peer.path("age"), ["-r", recipient, "-o", f.cli.work.file("to-anna.age"), input])
        #expect(age.status == 0, "\(age.stderrText)")
        let decrypted = try f.cli.run(["decrypt", "-i", "anna", "--passphrase-file", f.passphrase, "to-anna.age"])
        #expect(decrypted.status == 0, "\(decrypted.stderrText)")
        #expect(decrypted.stdout == plain)
    }

    @Test func trustAddListRemove() throws {
        let f = try fixture
        let exported = try f.cli.run(["key", "export", "anna", "-o", "anna.identity.json"])
        #expect(exported.status == 0)
        let add = try f.cli.run(["trust", "add", "anna.identity.json"])
        #expect(add.status == 0, "\(add.stderrText)")
        let list = try f.cli.run(["trust", "list"])
        #expect(list.stdoutText.contains("anna\tinterviewer"))
        let forged = try f.cli.work.write(
            "forged.json",
            try String(contentsOfFile: f.cli.work.file("anna.identity.json"), encoding: .utf8)
                .replacingOccurrences(of: "\"key_id\" : \"", with: "\"key_id\" : \"0"))
        let refused = try f.cli.run(["trust", "add", forged])
        #expect(refused.status == 2)
        #expect(refused.stderrText.contains("forged.json"))
        let remove = try f.cli.run(["trust", "remove", "anna"])
        #expect(remove.status == 0)
        #expect(try f.cli.run(["trust", "list"]).stdoutText.contains("no trusted keys"))
        let missing = try f.cli.run(["trust", "remove", "anna"])
        #expect(missing.status == 2)
    }
}
