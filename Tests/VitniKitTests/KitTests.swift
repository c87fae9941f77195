import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

@Suite struct OutputFileTests {
    @Test func appearsOnlyWhenCommitted() throws {
        let directory = try TemporaryDirectory()
        let target = directory.file("out.bin")
        do {
            let output = try OutputFile(path: target)
            try output.write([1, 2, 3])
            #expect(!FileManager.default.fileExists(atPath: target), "nothing under the final name before commit")
        }
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "the temporary is removed")

        let output = try OutputFile(path: target)
        try output.write([4, 5])
        try output.commit()
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: target))) == [4, 5])
        #expect((try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) == 0o600)
    }

    @Test func devicesAreWrittenInPlaceNotReplaced() throws {
        let output = try OutputFile(path: "/dev/null")
        try output.write([1, 2, 3])
        try output.commit()
        var info = stat()
        #expect(stat("/dev/null", &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFCHR, "/dev/null must stay a character device")
    }

    /// A file written while this one was being made (a racing writer, or a certificate already
    /// printed and signed) is kept; the new output is discarded and nothing is left behind.
    @Test func notReplacingKeepsAnExistingFile() throws {
        let directory = try TemporaryDirectory()
        let target = directory.file("certificate.html")
        let output = try OutputFile(path: target, mode: 0o600, replacing: false)
        try output.write(Array("new".utf8))
        _ = try directory.write("certificate.html", "signed")
        #expect {
            try output.commit()
        } throws: { error in
            if case VitniError.io(let path, _, let code) = error { path == target && code == EEXIST } else { false }
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "signed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["certificate.html"])

        try FileManager.default.removeItem(atPath: target)
        try OutputFile.write(Array("new".utf8), to: target, replacing: false)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
    }

    @Test func missingDirectoryIsAnIOError() {
        #expect(throws: VitniError.self) { try OutputFile(path: "/nonexistent-vitni-dir/out") }
    }
}

@Suite struct PassphraseTests {
    @Test func readsFirstLineOnly() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("pass", "correct horse\nsecond line\n")
        chmod(path, 0o600)  // a passphrase file others can read is refused
        let secret = try Passphrase.read(fromFile: path)
        #expect(secret.withUnsafeBytes { Array($0) } == Array("correct horse".utf8))
    }

    @Test func refusesEmptyMissingAndOversized() throws {
        let directory = try TemporaryDirectory()
        let empty = try directory.write("empty", "\n")
        let long = try directory.write("long", String(repeating: "x", count: 2000))
        for path in [empty, long] { chmod(path, 0o600) }  // refused for their contents, not their mode
        #expect(throws: VitniError.self) { try Passphrase.read(fromFile: empty) }
        #expect(throws: VitniError.self) { try Passphrase.read(fromFile: directory.file("missing")) }
        #expect(throws: VitniError.self) { try Passphrase.read(fromFile: long) }
    }
}

@Suite struct KeyStoreTests {
    static func secret(_ text: String) -> SecretBytes {
        Array(text.utf8).withUnsafeBytes { SecretBytes(copying: $0) }
    }

    @Test func createUnlockAndUse() throws {
        let home = try TemporaryDirectory()
        let store = KeyStore(home: home.path)
        let passphrase = Self.secret("kit test passphrase")
        let identity = try store.create(name: "lena", role: .advocate, passphrase: passphrase, ageWorkFactor: 10)
        #expect(try store.list().map(\.name) == ["lena"])
        #expect(try store.identity(named: "lena") == identity)

        let ageIdentity = try store.ageIdentity(named: "lena", passphrase: passphrase)
        #expect(ageIdentity.recipient.encoded == identity.ageRecipient)
        let signingKey = try store.signingKey(named: "lena", passphrase: passphrase)
        #expect(signingKey.keyID == identity.keyID)

        #expect(throws: VitniError.self) { try store.ageIdentity(named: "lena", passphrase: Self.secret("wrong")) }
        #expect(throws: VitniError.self) { try store.identity(named: "nobody") }
        #expect(throws: VitniError.self) {
            try store.create(name: "lena", role: .court, passphrase: passphrase, ageWorkFactor: 10)
        }
    }

    @Test func refusesKeyFilesOthersCanRead() throws {
        let home = try TemporaryDirectory()
        let path = try home.write("key.txt", "AGE-SECRET-KEY-1")
        chmod(path, 0o640)
        #expect(throws: VitniError.self) { try KeyStore.checkPrivate(path) }
        chmod(path, 0o600)
        try KeyStore.checkPrivate(path)
    }

    @Test(arguments: ["", ".hidden", "a/b", "../x", "name with space", String(repeating: "n", count: 65)])
    func refusesUnsafeNames(_ name: String) {
        #expect(throws: VitniError.self) { try KeyStore.validate(name: name) }
    }
}

@Suite struct PublicIdentityTests {
    static func sample() -> PublicIdentity {
        PublicIdentity(
            name: "per", role: .prosecutor, recipient: Age.X25519Identity.generate().recipient,
            signedBy: MinisignSecretKey.generate(), created: Date(timeIntervalSince1970: 0))
    }

    @Test func roundTripsThroughItsFile() throws {
        let directory = try TemporaryDirectory()
        let identity = Self.sample()
        let path = try directory.write("per.json", identity.encoded())
        #expect(try PublicIdentity.load(path: path) == identity)
    }

    @Test(arguments: ["{}", "not json", "[1,2]"])
    func rejectsMalformedFiles(_ text: String) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("bad.json", text)
        #expect(throws: VitniError.self) { try PublicIdentity.load(path: path) }
    }

    @Test func rejectsAKeyIDThatIsNotTheKeysOwn() throws {
        let directory = try TemporaryDirectory()
        var identity = Self.sample()
        identity.keyID = "0000000000000000"
        let path = try directory.write("forged.json", identity.encoded())
        #expect(throws: VitniError.self) { try PublicIdentity.load(path: path) }
    }
}
