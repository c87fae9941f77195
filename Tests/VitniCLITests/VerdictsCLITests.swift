import Foundation
import Testing
import VitniKit
import VitniTestSupport

/// Each verdict means one thing, with its exit code and the next step: VALID (0); INVALID (1),
/// something changed; COULD NOT CHECK (2), this verifier lacks a key, an identity or the bytes.
/// An unknown signer or a verifier who is not a recipient must never look like tampering.
@Suite struct VerdictsCLITests {
    let session: SealedSession
    let scratch: TemporaryDirectory
    var cli: CLI { session.cli }

    init() throws {
        session = try StockVerificationCLITests.shared.get()
        scratch = try TemporaryDirectory()
    }

    /// `vitni` as a verifier who trusts nobody and has no identity of their own.
    func stranger(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(
            Repository.vitniBinary, arguments, environment: ["VITNI_HOME": scratch.file("empty-home")],
            currentDirectory: scratch.path)
    }

    func flipByte(_ file: String, in bundle: String) throws {
        let url = URL(fileURLWithPath: bundle + "/" + file)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 1] ^= 0x01
        try bytes.write(to: url)
    }

    @Test func anIntactBundleIsValid() throws {
        let result = try cli.run(["verify", session.bundle])
        #expect(result.status == 0, "\(result.stdoutText)")
        #expect(result.stdoutText.hasPrefix("VALID: "), "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("next:"), "nothing to do for a valid bundle")
    }

    @Test func anAlteredBundleIsInvalidWithItsNextStep() throws {
        let bundle = try session.copyOfBundle("altered", in: scratch)
        try flipByte("data/notes.jsonl.age", in: bundle)
        let result = try cli.run(["verify", bundle])
        #expect(result.status == 1, "\(result.stdoutText)")
        #expect(result.stdoutText.hasPrefix("INVALID: "), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("bag.payload-hashes"))
        #expect(result.stdoutText.contains("next: the bundle is not as its signers left it"), "\(result.stdoutText)")
    }

    /// The seal and every event are by anna, whom this verifier does not know: could not check,
    /// naming her key id and how to trust it, in every form of the report.
    @Test func anUnknownSignerCouldNotBeChecked() throws {
        let html = scratch.file("report.html")
        let result = try stranger(["verify", session.bundle, "-o", html])
        #expect(result.status == 2, "\(result.stdoutText)\(result.stderrText)")
        let text = result.stdoutText
        #expect(text.hasPrefix("COULD NOT CHECK: "), "\(text)")
        #expect(!text.contains("INVALID") && !text.contains("[FAIL]"), "nothing was found wrong: \(text)")
        #expect(text.contains("seal.signature") && text.contains("custody.signatures"), "\(text)")
        #expect(text.contains("next: key \(session.annaKeyID) is not in your trust store"), "\(text)")
        #expect(text.contains("`vitni trust add FILE`") && text.contains("`--trust FILE`"), "\(text)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("COULD NOT CHECK") && page.contains("vitni trust add FILE"), "the HTML report too")
        #expect(page.contains(session.annaKeyID))

        let json = try stranger(["verify", session.bundle, "--json"])
        #expect(json.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any])
        #expect(object["outcome"] as? String == "could-not-check")
        #expect(object["exitCode"] as? Int == 2)
        #expect((object["failedChecks"] as? [String])?.isEmpty == true)
        #expect((object["uncheckedChecks"] as? [String])?.contains("seal.signature") == true)
        #expect((object["nextSteps"] as? [String])?.first?.contains("vitni trust add FILE") == true)

        let trusted = try stranger(["verify", session.bundle, "--trust", cli.work.file("anna.json")])
        #expect(trusted.status == 0, "with anna's key given, it verifies: \(trusted.stdoutText)")
    }

    /// An altered bundle is invalid whoever verifies it: a failure wins over a key not known.
    @Test func anAlteredBundleByAnUnknownSignerIsStillInvalid() throws {
        let bundle = try session.copyOfBundle("altered-unknown", in: scratch)
        try flipByte("data/checklist.json.age", in: bundle)
        let result = try stranger(["verify", bundle])
        #expect(result.status == 1, "\(result.stdoutText)")
        #expect(result.stdoutText.hasPrefix("INVALID: "), "\(result.stdoutText)")
    }

    /// rita is a custodian, not a participant: the files are not encrypted to her. Her identity
    /// opens nothing, which is not the same as bytes that are wrong.
    @Test func aVerifierWhoIsNotARecipientCouldNotCheckThePlaintext() throws {
        let result = try cli.run(["verify", session.bundle, "-i", session.signingKey("rita", age: true)])
        #expect(result.status == 2, "\(result.stdoutText)\(result.stderrText)")
        let text = result.stdoutText
        #expect(text.hasPrefix("COULD NOT CHECK: "), "\(text)")
        #expect(!text.contains("INVALID") && !text.contains("[FAIL]"), "\(text)")
        #expect(text.contains("age.plaintext"))
        #expect(text.contains("next: you are not a recipient: the files are encrypted to 2 recipients"), "\(text)")
        #expect(text.contains("its sealer, anna (\(session.annaKeyID)), can say who"), "\(text)")
        #expect(text.contains("`vitni export --for YOUR-NAME BUNDLE`"), "\(text)")

        let court = try cli.run(["verify", session.bundle, "-i", session.courtKey])
        #expect(court.status == 0, "a recipient checks every plaintext: \(court.stdoutText)")
    }

    /// Reading commands answer as verify does: an unknown signer is could-not-check (exit 2) with
    /// the hint to trust the key, and nothing is printed from the bundle.
    @Test func readingABundleFromAnUnknownSignerCouldNotCheck() throws {
        let result = try stranger([
            "open", "--part", "notes", session.bundle, "-i", session.signingKey("anna", age: true),
        ])
        #expect(result.status == 2, "\(result.stderrText)")
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderrText.contains("could not be verified: could not check ")
                && result.stderrText.contains("seal.signature"), "\(result.stderrText)")
        #expect(result.stderrText.contains("hint: key \(session.annaKeyID) is not in your trust store"))
        #expect(result.stderrText.contains("`vitni trust add FILE`"), "\(result.stderrText)")
    }
}
