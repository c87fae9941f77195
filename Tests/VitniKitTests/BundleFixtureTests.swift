import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// A sealed bundle of real age ciphertext, its keys and the tools tests check it with.
final class BundleFixture: @unchecked Sendable {
    let directory: TemporaryDirectory
    let key: MinisignSecretKey
    let signer: MinisignBundleSigner
    let identity: Age.X25519Identity
    let publicKeyFile: String
    /// Other people in the chain of custody, trusted.
    let custodian: MinisignBundleSigner
    let prosecutor: MinisignBundleSigner
    let trust: BundleTrust

    static let bundleName = "CASE-2026-0042_S01"
    static let sealTime = Custody.Timestamp("2026-03-01T10:00:00Z")!

    /// The payload: audio large enough to span several age chunks and read buffers, and two small files.
    static let payload: [(String, [UInt8])] = [
        ("data/audio/1.flac.age", testBytes(count: 300_000, seed: 1)),
        ("data/session.json.age", Array(#"{"case":"synthetic"}"#.utf8)),
        ("data/notes.jsonl.age", testBytes(count: 5_000, seed: 2)),
    ]

    init() throws {
        directory = try TemporaryDirectory()
        key = MinisignSecretKey.generate()
        signer = MinisignBundleSigner(key: key)
        custodian = MinisignBundleSigner(key: .generate())
        prosecutor = MinisignBundleSigner(key: .generate())
        identity = Age.X25519Identity.generate()
        publicKeyFile = directory.file("sealer.pub")
        try key.publicKey.write(toFile: publicKeyFile)
        trust = BundleTrust([
            .init(publicKey: key.publicKey, name: "Interviewer One", role: "interviewer"),
            .init(publicKey: custodian.publicKey, name: "Records Office", role: "custodian"),
            .init(publicKey: prosecutor.publicKey, name: "Prosecutor", role: "prosecutor"),
        ])
    }

    /// A producer that age-encrypts `plaintext` to the fixture's identity into the sink.
    func encrypting(_ plaintext: [UInt8]) -> (any ByteSink) throws -> Void {
        let recipient = identity.recipient
        return { sink in
            let encryptor = try Age.Encryptor(recipients: [recipient], to: sink)
            try encryptor.write(plaintext)
            try encryptor.finish()
        }
    }

    var metadata: BagWriter.Metadata {
        BagWriter.Metadata(bundleID: Self.bundleName, sourceOrganization: "Barnahus Test", protocolID: "nichd-revised")
    }

    /// Seals the standard payload under `name` in the fixture's directory.
    @discardableResult
    func seal(name: String = BundleFixture.bundleName, form: BagWriter.Form = .directory) throws -> BagWriter.Result {
        let writer = try BagWriter(
            destination: directory.file(name), form: form, metadata: metadata, signer: signer, time: Self.sealTime)
        for (path, plaintext) in Self.payload { try writer.addPayload(path: path, encrypting(plaintext)) }
        return try writer.finish()
    }

    func verify(_ path: String, expectHead: String? = nil, expectedRecipients: Int? = nil) -> VerificationReport {
        BundleVerifier(
            options: .init(trust: trust, expectHead: expectHead, expectedRecipients: expectedRecipients)
        ).verify(bundle: path)
    }

    /// `bagit.py --validate` (full: every byte hashed).
    static func bagitValidate(_ path: String) throws -> ProcessResult {
        let candidates = [Repository.root + "/.venv/bin/bagit.py", "/work/main/.venv/bin/bagit.py"]
        guard let bagit = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw TestSupportError(
                "bagit.py is not installed (looked in \(candidates.joined(separator: ", "))): run scripts/install-deps")
        }
        return try runProcess(bagit, ["--validate", path])
    }

    static func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    static func write(_ path: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

    /// Rewrites the tag manifest from the current tag files (what a forger who knows BagIt does).
    static func regenerateTagManifest(_ bundle: String) throws {
        var text = ""
        for path in ["bag-info.txt", "bagit.txt", "custody/custody-log.jsonl", "manifest-sha256.txt"] {
            text += Hex.encode(Hashing.sha256(try read(bundle + "/" + path))) + "  " + path + "\n"
        }
        try write(bundle + "/tagmanifest-sha256.txt", Array(text.utf8))
    }

    /// Replaces the seal with a minisign signature by `key` with `comment`.
    static func reseal(_ bundle: String, with key: MinisignSecretKey, comment: String) throws {
        let seal = bundle + "/tagmanifest-sha256.txt.minisig"
        unlink(seal)
        try MinisignSignature.sign(
            contentsOfFile: bundle + "/tagmanifest-sha256.txt", with: key, trustedComment: comment
        ).write(toFile: seal)
    }
}

@Suite struct BundleFixtureTests {
    /// The fixture's payload really is age ciphertext that decrypts with the `age` tool.
    @Test func payloadIsRealAgeCiphertext() throws {
        let fixture = try BundleFixture()
        try fixture.seal()
        let identityFile = try fixture.directory.write(
            "identity.txt", fixture.identity.encoded.withUnsafeBytes { Array($0) })
        let result = try runProcess(
            Peer.path("age"),
            ["-d", "-i", identityFile, fixture.directory.file(BundleFixture.bundleName + "/data/notes.jsonl.age")])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdout == BundleFixture.payload[2].1)
    }
}
