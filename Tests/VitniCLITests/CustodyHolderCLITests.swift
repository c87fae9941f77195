import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// Custody passes from holder to holder, and only the holder adds events: a transfer to someone
/// who cannot open the evidence says so, and an event by a former holder is a fork.
@Suite struct CustodyHolderCLITests {
    let session: SealedSession
    let scratch: TemporaryDirectory
    var cli: CLI { session.cli }

    init() throws {
        session = try StockVerificationCLITests.shared.get()
        scratch = try TemporaryDirectory()
    }

    func handToRita(_ name: String, check: [String] = []) throws -> (String, ProcessResult) {
        let bundle = try session.copyOfBundle(name, in: scratch)
        let handed = try cli.run(
            ["custody", "transfer", bundle, "--to", "rita", "--key", session.signingKey("anna")] + check)
        return (bundle, handed)
    }

    /// rita is not a recipient: the transfer succeeds, and warns who can open the evidence and
    /// how to make her a copy she can read.
    @Test func aTransferToSomeoneWhoCannotDecryptWarns() throws {
        let (bundle, handed) = try handToRita("non-recipient", check: ["-i", session.signingKey("anna", age: true)])
        #expect(handed.status == 0, "\(handed.stderrText)")
        #expect(try cli.custodyActions(bundle) == ["sealed", "transferred"])
        let warning = handed.stderrText
        #expect(warning.contains("warning: rita (\(session.ritaKeyID)) is not a recipient"), "\(warning)")
        #expect(warning.contains("encrypted to anna (interviewer), 1 other recipient"), "\(warning)")
        #expect(warning.contains("`vitni export --for rita \(bundle)`"), "\(warning)")

        // rita, verifying what she now holds, is told she is not a recipient, and whom to ask.
        let verified = try cli.run(["verify", bundle, "-i", session.signingKey("rita", age: true)])
        #expect(verified.status == 2, "\(verified.stdoutText)")
        #expect(verified.stdoutText.contains("ask the holder, rita (\(session.ritaKeyID)),"), "\(verified.stdoutText)")
    }

    /// Without an identity that opens the session facts, the transfer cannot tell, and says so.
    @Test func aTransferThatCannotTellWhoCanDecryptSaysSo() throws {
        let (_, handed) = try handToRita("cannot-tell", check: ["-i", session.signingKey("rita", age: true)])
        #expect(handed.status == 0, "\(handed.stderrText)")
        #expect(handed.stderrText.contains("could not tell whether rita can open the evidence"), "\(handed.stderrText)")
        #expect(handed.stderrText.contains("`vitni export --for rita"), "\(handed.stderrText)")
    }

    /// After the transfer anna is a former holder: Vitni refuses her event, naming the holder,
    /// and one forged by hand (an `amended` event she signs) fails verify as a fork.
    @Test func aFormerHoldersAmendedEventIsAFork() throws {
        let (bundle, handed) = try handToRita("fork")
        try #require(handed.status == 0, "\(handed.stderrText)")
        let again = try cli.run([
            "custody", "transfer", bundle, "--to", "rita", "--note", "once more", "--key", session.signingKey("anna"),
        ])
        #expect(again.status == 1)
        #expect(
            again.stderrText.contains("does not hold this bundle (rita, key \(session.ritaKeyID), does)"),
            "\(again.stderrText)")

        let manifest = try Data(contentsOf: URL(fileURLWithPath: bundle + "/manifest-sha256.txt"))
        let anna = MinisignBundleSigner(
            key: try MinisignSecretKey(contentsOfFile: session.signingKey("anna"), passphrase: nil))
        try Forger.appendEvent(
            to: bundle, action: .amended,
            detail: ["files": .array([]), "manifest_sha256": .string(Hex.encode(Hashing.sha256(Array(manifest))))],
            signer: anna)
        let verified = try cli.run(["verify", bundle, "--json"])
        #expect(verified.status == 1, "\(verified.stdoutText)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(verified.stdout)) as? [String: Any])
        #expect((object["failedChecks"] as? [String])?.contains("custody.holder") == true, "\(verified.stdoutText)")
        let text = try cli.run(["verify", bundle]).stdoutText
        #expect(
            text.contains(
                "line 3: amended by \(session.annaKeyID), who does not hold the bundle (\(session.ritaKeyID) does)"),
            "\(text)")
        #expect(text.contains("a fork"), "\(text)")
    }
}
