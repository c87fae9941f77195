import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// The rules of custody, checked where a bundle is verified and where an event is added: only
/// the holder adds events, a transfer's `from` is its signer, every payload file is an age
/// file, and an event dated beyond the clock is reported (and nothing can follow it).
@Suite struct CustodyRulesCLITests {
    let session: SealedSession
    let scratch: TemporaryDirectory
    var cli: CLI { session.cli }

    init() throws {
        session = try StockVerificationCLITests.shared.get()
        scratch = try TemporaryDirectory()
    }

    func copyOfBundle(_ name: String) throws -> String { try session.copyOfBundle(name, in: scratch) }

    func signer(_ name: String) throws -> MinisignBundleSigner {
        MinisignBundleSigner(key: try MinisignSecretKey(contentsOfFile: session.signingKey(name), passphrase: nil))
    }

    /// A trusted key may date an event in the far future; verify says so (not fatal to the
    /// bundle's integrity), and no event can be added after it.
    @Test func anEventDatedBeyondTheClockIsReported() throws {
        let bundle = try copyOfBundle("future")
        try Forger.appendEvent(
            to: bundle, action: .accessed, signer: try signer("anna"),
            time: try #require(Custody.Timestamp("9999-12-31T00:00:00Z")))
        let verified = try cli.run(["verify", bundle])
        #expect(verified.status == 0, "\(verified.stdoutText)")
        #expect(
            verified.stdoutText.contains("custody.times") && verified.stdoutText.contains("in this computer's future"))
        let transfer = try cli.run(["custody", "transfer", bundle, "--to", "rita", "--key", session.signingKey("anna")])
        #expect(transfer.status == 1)
        #expect(transfer.stderrText.contains("later than this computer's clock"), "\(transfer.stderrText)")
    }

    @Test func aTransferWhoseFromIsNotItsSignerFails() throws {
        let bundle = try copyOfBundle("from")
        try Forger.appendEvent(
            to: bundle, action: .transferred,
            detail: ["from": .string(session.ritaKeyID), "to": .string(session.ritaKeyID)], signer: try signer("anna"))
        let verified = try cli.run(["verify", bundle])
        #expect(verified.status == 1)
        #expect(verified.stdoutText.contains("the transfer's `from` is not its signer"), "\(verified.stdoutText)")
    }

    /// rita, trusted but not holding the bundle, signs an event: verify fails it as a fork, and
    /// the append path refuses to add such an event at all (theFormerHolderCannotAmend). A
    /// reader's `decrypted` event stays a warning, since Vitni 1.0 let readers record them.
    @Test func anEventBySomeoneWhoDoesNotHoldTheBundleIsAFork() throws {
        let bundle = try copyOfBundle("fork")
        try Forger.appendEvent(to: bundle, action: .accessed, signer: try signer("rita"))
        let verified = try cli.run(["verify", bundle])
        #expect(verified.status == 1, "\(verified.stdoutText)")
        #expect(verified.stdoutText.contains("INVALID") && verified.stdoutText.contains("custody.holder"))
        #expect(verified.stdoutText.contains("accessed by \(session.ritaKeyID), who does not hold the bundle"))

        let reader = try copyOfBundle("reader")
        try Forger.appendEvent(
            to: reader, action: .decrypted, detail: ["file": .string("data/notes.jsonl.age")],
            signer: try signer("rita"))
        let read = try cli.run(["verify", reader])
        #expect(read.status == 0, "\(read.stdoutText)")
        #expect(read.stdoutText.contains("[warn] custody.holder"), "\(read.stdoutText)")
        #expect(read.stdoutText.contains("a reader's `decrypted` event"), "\(read.stdoutText)")
    }

    /// The former holder cannot add a transcript after handing the bundle on.
    @Test func theFormerHolderCannotAmend() throws {
        let bundle = try copyOfBundle("former")
        let handed = try cli.run(["custody", "transfer", bundle, "--to", "rita", "--key", session.signingKey("anna")])
        try #require(handed.status == 0, "\(handed.stderrText)")
        let vtt = scratch.file("t.vtt")
        try Data("WEBVTT\n\n00:00.000 --> 00:01.000\n<v INT>Hello.\n".utf8).write(to: URL(fileURLWithPath: vtt))
        let amended = try cli.run([
            "transcript", "import", vtt, "--bundle", bundle, "--as", "anna", "--key", session.signingKey("anna"), "-i",
            session.signingKey("anna", age: true),
        ])
        #expect(amended.status == 1)
        #expect(amended.stderrText.contains("does not hold this bundle"), "\(amended.stderrText)")
        #expect(try cli.custodyActions(bundle) == ["sealed", "transferred"])
    }

    /// A plaintext file committed by a properly signed `amended` event is still refused: every
    /// payload file is encrypted.
    @Test func aPlaintextPayloadFileFails() throws {
        let bundle = try copyOfBundle("plaintext")
        let text = Array("the child's name in the clear\n".utf8)
        try Data(text).write(to: URL(fileURLWithPath: bundle + "/data/extra.txt"))
        let digest = Hex.encode(Hashing.sha256(text))
        let manifestPath = bundle + "/manifest-sha256.txt"
        let manifest = try String(contentsOfFile: manifestPath, encoding: .utf8) + "\(digest)  data/extra.txt\n"
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: manifestPath))
        let infoPath = bundle + "/bag-info.txt"
        var info = try String(contentsOfFile: infoPath, encoding: .utf8)
        let oxumLine = try #require(info.split(separator: "\n").first { $0.hasPrefix("Payload-Oxum: ") })
        let parts = oxumLine.dropFirst("Payload-Oxum: ".count).split(separator: ".")
        let oxum = "Payload-Oxum: \(Int(parts[0])! + text.count).\(Int(parts[1])! + 1)"
        info = info.replacingOccurrences(of: String(oxumLine), with: oxum)
        try Data(info.utf8).write(to: URL(fileURLWithPath: infoPath))
        try Forger.appendEvent(
            to: bundle, action: .amended,
            detail: [
                "files": .array([.object(["path": .string("data/extra.txt"), "sha256": .string(digest)])]),
                "manifest_sha256": .string(Hex.encode(Hashing.sha256(Array(manifest.utf8)))),
            ], signer: try signer("anna"))
        let verified = try cli.run(["verify", bundle])
        #expect(verified.status == 1)
        #expect(verified.stdoutText.contains("is not an age file"), "\(verified.stdoutText)")
    }
}
