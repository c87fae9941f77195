import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// `vitni trust` and public identity files from colleagues, as hostile input.
@Suite struct TrustCLITests {
    let cli: CLI
    let perKey = MinisignSecretKey.generate()
    let per: PublicIdentity

    init() throws {
        cli = try CLI()
        per = PublicIdentity(
            name: "per", role: .prosecutor, recipient: Age.X25519Identity.generate().recipient, signedBy: perKey,
            created: Date())
        try write("per.json", per)
        let added = try cli.run(["trust", "add", "per.json"])
        try #require(added.status == 0, "\(added.stderrText)")
    }

    @discardableResult
    func write(_ name: String, _ identity: PublicIdentity) throws -> String {
        try cli.work.write(name, identity.encoded())
    }

    @Test func addingSaysWhatWasTrustedAndListShowsTheRecipient() throws {
        let again = try cli.run(["trust", "add", "per.json"])
        #expect(again.status == 0)
        #expect(again.stdoutText.contains("already trusted: 'per' (prosecutor), key id \(per.keyID)"))
        let list = try cli.run(["trust", "list"])
        #expect(list.status == 0)
        #expect(
            list.stdoutText
                == "\(per.keyID)\tper\tprosecutor\t\(per.minisignPublicKey)\t\(per.ageRecipient)\n")
    }

    @Test func theSameKeyUnderANewNameIsRefusedShowingBoth() throws {
        var renamed = per
        renamed.name = "peter"
        renamed.sign(with: perKey)
        try write("peter.json", renamed)
        let refused = try cli.run(["trust", "add", "peter.json"])
        #expect(refused.status == 2)
        let stderr = refused.stderrText
        #expect(stderr.contains("this key is already trusted under another name"), "\(stderr)")
        #expect(stderr.contains("in the file:     'peter' (prosecutor), key id \(per.keyID), fingerprint"))
        #expect(stderr.contains("already trusted: 'per' (prosecutor), key id \(per.keyID), fingerprint"))
        #expect(stderr.contains(per.spacedFingerprint))
        #expect(stderr.contains("hint: a key has one name"))
        let list = try cli.run(["trust", "list"]).stdoutText
        #expect(!list.contains("peter"))
    }

    @Test func aDifferentKeyWithACollidingKeyIDIsRefused() throws {
        let key = MinisignSecretKey.generate()
        var forged = PublicIdentity(
            name: "mallory", role: .defence, recipient: Age.X25519Identity.generate().recipient, signedBy: key,
            created: Date())
        let victim = try #require(Base64.decode(per.minisignPublicKey))
        let own = try #require(Base64.decode(forged.minisignPublicKey))
        forged.minisignPublicKey = Base64.encode(Array(victim[0..<10]) + Array(own[10...]))
        forged.keyID = per.keyID
        forged.sign(with: key)
        try write("mallory.json", forged)
        let refused = try cli.run(["trust", "add", "mallory.json"])
        #expect(refused.status == 2)
        #expect(refused.stderrText.contains("a different key with the same key id is already trusted"))
        #expect(
            refused.stderrText.contains(forged.spacedFingerprint) && refused.stderrText.contains(per.spacedFingerprint))
        let list = try cli.run(["trust", "list"]).stdoutText
        #expect(list.contains("\tper\t") && !list.contains("mallory"))
    }

    /// The defect: per's name and signing key with mallory's recipient, and `encrypt -r` obeyed it.
    @Test func aSwappedRecipientIsRefusedForTrustAndForEncryption() throws {
        let mallory = Age.X25519Identity.generate().recipient.encoded
        let text = try String(contentsOfFile: cli.work.file("per.json"), encoding: .utf8)
            .replacingOccurrences(of: per.ageRecipient, with: mallory)
        let forged = try cli.work.write("forged.json", text)
        let plain = try cli.work.write("plain.txt", "evidence")
        for arguments in [["trust", "add", forged], ["encrypt", "-r", forged, "-o", "out.age", plain]] {
            let refused = try cli.run(arguments)
            #expect(refused.status == 1, "\(arguments): \(refused.stderrText)")
            #expect(refused.stderrText.contains("self-signature does not verify"), "\(refused.stderrText)")
        }
        #expect(!cli.exists("out.age"))
    }

    @Test func aColleaguesUnsignedV1FileIsRefusedWithAHint() throws {
        var legacy = PublicIdentity(
            name: "bo", role: .defence, recipient: Age.X25519Identity.generate().recipient,
            signedBy: MinisignSecretKey.generate(), created: Date())
        legacy.format = PublicIdentity.legacyFormatTag
        legacy.signature = nil
        try write("bo.json", legacy)
        let plain = try cli.work.write("plain.txt", "evidence")
        for arguments in [["trust", "add", "bo.json"], ["encrypt", "-r", "bo.json", "-o", "out.age", plain]] {
            let refused = try cli.run(arguments)
            #expect(refused.status == 2, "\(arguments)")
            #expect(refused.stderrText.contains("the identity file for 'bo' is unsigned"), "\(refused.stderrText)")
            #expect(refused.stderrText.contains("hint: ask bo for a new export"))
        }
    }

    @Test func encryptingToATrustedNameUsesItsSignedRecipient() throws {
        let plain = try cli.work.write("plain.txt", "evidence")
        let encrypted = try cli.run(["encrypt", "-r", "per", "-o", "out.age", plain])
        #expect(encrypted.status == 0, "\(encrypted.stderrText)")
        let header = try String(contentsOfFile: cli.work.file("out.age"), encoding: .isoLatin1)
        #expect(header.hasPrefix("age-encryption.org/v1\n-> X25519 "))
    }

    @Test func aTrustDirectoryOthersCanEnterIsRefused() throws {
        chmod(cli.home.file("trust"), 0o755)
        let list = try cli.run(["trust", "list"])
        #expect(list.status == 2)
        #expect(list.stderrText.contains("directory permissions 755 are too open"))
        #expect(list.stderrText.contains("hint: run `chmod 700 \(cli.home.file("trust"))`"))
    }
}
