import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// Identities under VITNI_HOME as hostile input: swapped files, open permissions, and the
/// upgrade of an identity Vitni 1.0 made.
@Suite struct IdentityCLITests {
    let cli: CLI
    let passphrase: String
    let anna: PublicIdentity

    init() throws {
        cli = try CLI()
        passphrase = try cli.passphraseFile("identity cli passphrase")
        let secret = Array("identity cli passphrase".utf8).withUnsafeBytes { SecretBytes(copying: $0) }
        let store = KeyStore(home: cli.home.path)
        anna = try store.create(
            name: "anna", role: .interviewer, passphrase: secret, ageWorkFactor: 10, signingKeyCost: .interactive)
        try store.create(
            name: "bo", role: .defence, passphrase: secret, ageWorkFactor: 10, signingKeyCost: .interactive)
    }

    var annaDirectory: String { cli.home.file("identities/anna") }

    @Test func anOwnV1IdentityIsUpgradedBeforeItCanBeExported() throws {
        var legacy = anna
        legacy.format = PublicIdentity.legacyFormatTag
        legacy.signature = nil
        try Data(legacy.encoded().utf8).write(to: URL(fileURLWithPath: annaDirectory + "/identity.json"))
        #expect(try cli.run(["key", "show", "anna"]).stdoutText.contains("self-signed:         no"))
        let refused = try cli.run(["key", "export", "anna"])
        #expect(refused.status == 2)
        #expect(refused.stderrText.contains("hint: run `vitni key upgrade anna`"), "\(refused.stderrText)")
        let upgrade = try cli.run(["key", "upgrade", "anna", "--passphrase-file", passphrase])
        #expect(upgrade.status == 0, "\(upgrade.stderrText)")
        #expect(upgrade.stdoutText.contains("signed identity 'anna' with its own key \(anna.keyID)"))
        let exported = try cli.run(["key", "export", "anna", "-o", "anna.json"])
        #expect(exported.status == 0, "\(exported.stderrText)")
        #expect(try PublicIdentity.load(path: cli.work.file("anna.json")).ageRecipient == anna.ageRecipient)
        let again = try cli.run(["key", "upgrade", "anna", "--passphrase-file", passphrase])
        #expect(again.stdoutText.contains("is signed already"))
    }

    @Test func aSwappedAgeIdentityIsRefusedOnUnlock() throws {
        let target = annaDirectory + "/age-identity.age"
        try FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: cli.home.file("identities/bo/age-identity.age"), toPath: target)
        let unlock = try cli.run(["unlock", "anna", "--passphrase-file", passphrase, "--timeout", "1"])
        #expect(unlock.status == 1)
        #expect(unlock.stderrText.contains("age-identity.age holds the key of"), "\(unlock.stderrText)")
        #expect(unlock.stderrText.contains("but identity.json gives the age recipient \(anna.ageRecipient)"))
        #expect(unlock.stderrText.contains("hint: one of the files in \(annaDirectory) was replaced"))
        #expect(!FileManager.default.fileExists(atPath: cli.home.file("agent/agent.sock")))
    }

    @Test func aSwappedSigningKeyIsRefusedBeforeItSigns() throws {
        let target = annaDirectory + "/minisign.key"
        try FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: cli.home.file("identities/bo/minisign.key"), toPath: target)
        let file = try cli.work.write("doc.txt", "a document")
        let sign = try cli.run(["sign", "-k", "anna", "--passphrase-file", passphrase, file])
        #expect(sign.status == 1)
        #expect(sign.stderrText.contains("minisign.key holds the key"), "\(sign.stderrText)")
        #expect(!cli.exists("doc.txt.minisig"))
    }

    @Test(arguments: ["", "identities", "identities/anna"])
    func aDirectoryOpenToOthersIsRefused(_ relative: String) throws {
        let path = relative.isEmpty ? cli.home.path : cli.home.file(relative)
        chmod(path, 0o755)
        let list = try cli.run(["key", "show", "anna"])
        #expect(list.status == 2)
        #expect(list.stderrText.contains("\(path): directory permissions 755 are too open"), "\(list.stderrText)")
        #expect(list.stderrText.contains("hint: run `chmod 700 \(path)` if the directory is yours"))
    }

    @Test func aPassphraseFileOthersCanReadIsRefused() throws {
        chmod(passphrase, 0o644)
        let file = try cli.work.write("doc.txt", "a document")
        let sign = try cli.run(["sign", "-k", "anna", "--passphrase-file", passphrase, file])
        #expect(sign.status == 2)
        #expect(sign.stderrText.contains("\(passphrase): passphrase file permissions 644 are too open"))
        #expect(sign.stderrText.contains("hint: run `chmod 600 \(passphrase)`"))
        #expect(!cli.exists("doc.txt.minisig"))
    }
}
