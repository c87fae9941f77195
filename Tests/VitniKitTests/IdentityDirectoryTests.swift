import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// The files of one identity directory must belong together, and nobody else may reach them.
@Suite struct IdentityDirectoryTests {
    let home: TemporaryDirectory
    let store: KeyStore
    let anna: PublicIdentity

    init() throws {
        home = try TemporaryDirectory()
        store = KeyStore(home: home.path)
        anna = try IdentityFixtures.create("anna", in: home.path)
        try IdentityFixtures.create("bo", in: home.path, role: .defence)
    }

    func directory(_ name: String) -> String { home.file("identities/" + name) }

    func replace(_ file: String, of name: String, withThatOf other: String) throws {
        let target = directory(name) + "/" + file
        try FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: directory(other) + "/" + file, toPath: target)
    }

    @Test func newIdentitiesAreSelfSigned() throws {
        #expect(anna.isSigned)
        #expect(try PublicIdentity.load(path: directory("anna") + "/identity.json") == anna)
    }

    @Test func aSwappedAgeIdentityIsCaughtOnUnlock() throws {
        try replace("age-identity.age", of: "anna", withThatOf: "bo")
        do {
            _ = try store.ageIdentity(named: "anna", passphrase: IdentityFixtures.secret)
            Issue.record("a swapped age identity was unlocked")
        } catch VitniError.identityMismatch(let where_, let reason) {
            #expect(where_ == directory("anna"))
            #expect(reason.contains("age-identity.age") && reason.contains(anna.ageRecipient))
        }
    }

    @Test func aSwappedMinisignKeyIsCaughtOnUnlock() throws {
        try replace("minisign.key", of: "anna", withThatOf: "bo")
        do {
            _ = try store.signingKey(named: "anna", passphrase: IdentityFixtures.secret)
            Issue.record("a swapped signing key was unlocked")
        } catch VitniError.identityMismatch(_, let reason) {
            #expect(reason.contains("minisign.key") && reason.contains(anna.keyID))
        }
        #expect(VitniError.identityMismatch(directory: "d", reason: "r").exitCode == 1)
    }

    @Test func aPublicFileSwappedInFromAnotherIdentityIsCaught() throws {
        try replace("identity.json", of: "anna", withThatOf: "bo")
        expectError(
            VitniError.identityMismatch(directory: directory("anna"), reason: "identity.json names 'bo', not 'anna'")
        ) { _ = try store.identity(named: "anna") }
    }

    @Test func aSignedPublicFileNamingAnnaButAnotherKeyIsCaughtOnUnlock() throws {
        let (impostor, _) = IdentityFixtures.person("anna")
        try Data(impostor.encoded().utf8).write(to: URL(fileURLWithPath: directory("anna") + "/identity.json"))
        #expect(throws: VitniError.self) {
            _ = try store.ageIdentity(named: "anna", passphrase: IdentityFixtures.secret)
        }
        #expect(throws: VitniError.self) {
            _ = try store.signingKey(named: "anna", passphrase: IdentityFixtures.secret)
        }
    }

    @Test func upgradeSignsAnOwnV1IdentityAfterCheckingItsKeys() throws {
        let path = directory("anna") + "/identity.json"
        try Data(IdentityFixtures.legacyText(anna).utf8).write(to: URL(fileURLWithPath: path))
        #expect(try !store.identity(named: "anna").isSigned, "one's own v1 identity is still read")
        let (upgraded, signed) = try store.upgrade(named: "anna", passphrase: IdentityFixtures.secret)
        #expect(signed && upgraded.isSigned && upgraded.format == PublicIdentity.formatTag)
        #expect(try PublicIdentity.load(path: path) == upgraded)
        #expect(upgraded.ageRecipient == anna.ageRecipient && upgraded.keyID == anna.keyID)
        #expect(try store.upgrade(named: "anna", passphrase: IdentityFixtures.secret).signed == false)
    }

    @Test func upgradeNeverSignsASwappedRecipient() throws {
        let path = directory("anna") + "/identity.json"
        var swapped = anna
        swapped.format = PublicIdentity.legacyFormatTag
        swapped.signature = nil
        swapped.ageRecipient = Age.X25519Identity.generate().recipient.encoded
        try Data(swapped.encoded().utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: VitniError.self) { _ = try store.upgrade(named: "anna", passphrase: IdentityFixtures.secret) }
        #expect(try !store.identity(named: "anna").isSigned)
    }

    @Test(arguments: ["", "identities", "identities/anna"])
    func aDirectoryOthersCanEnterIsRefused(_ relative: String) throws {
        let path = relative.isEmpty ? home.path : home.file(relative)
        chmod(path, 0o755)
        defer { chmod(path, 0o700) }
        expectError(VitniError.directoryPermissions(path: path, mode: 0o755)) { _ = try store.identity(named: "anna") }
        let error = VitniError.directoryPermissions(path: path, mode: 0o755)
        #expect(error.description.contains("755") && error.hint == "run `chmod 700 \(path)` if the directory is yours")
    }

    @Test func aPassphraseFileOthersCanReadIsRefused() throws {
        let path = try home.write("pass", IdentityFixtures.passphrase + "\n")
        chmod(path, 0o644)
        expectError(VitniError.passphraseFilePermissions(path: path, mode: 0o644)) {
            _ = try Passphrase.read(fromFile: path)
        }
        #expect(
            VitniError.passphraseFilePermissions(path: path, mode: 0o644).hint?.contains("chmod 600 \(path)") == true)
        chmod(path, 0o600)
        #expect(try Passphrase.read(fromFile: path).isEqual(to: IdentityFixtures.secret))
    }
}
