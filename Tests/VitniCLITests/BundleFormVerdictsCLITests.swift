import Foundation
import Testing
import VitniKit
import VitniTestSupport

/// The verdicts of ``VerdictsCLITests`` for both forms of a bundle — a directory, and an archive
/// sealed with `--tar` and read in place — with the same exit codes, checks and next steps: VALID
/// (0); INVALID (1) for a payload or the custody log altered; COULD NOT CHECK (2) for a signer this
/// verifier does not trust or a verifier who is not a recipient.
@Suite struct BundleFormVerdictsCLITests {
    enum Form: String, CaseIterable, CustomTestStringConvertible {
        case directory, tar
        var testDescription: String { rawValue }
    }

    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory() }

    func session(_ form: Form) throws -> SealedSession {
        try (form == .directory ? StockVerificationCLITests.shared : TarBundleCLITests.shared).get()
    }

    /// `vitni` as a verifier who trusts nobody and has no identity of their own.
    func stranger(_ session: SealedSession, _ arguments: [String]) throws -> ProcessResult {
        try runProcess(
            Repository.vitniBinary, arguments, environment: ["VITNI_HOME": scratch.file("empty-home")],
            currentDirectory: scratch.path)
    }

    /// Flips one bit of `file` of `bundle`, `fromEnd` bytes before its end, in either form.
    func flip(_ file: String, in bundle: String, fromEnd: Int = 1) throws {
        if bundle.hasSuffix(".tar") { return try TarSurgery.flip(file, in: bundle, fromEnd: fromEnd) }
        var bytes = try TarSurgery.read(bundle + "/" + file)
        bytes[bytes.count - fromEnd] ^= 0x01
        try TarSurgery.write(bundle + "/" + file, bytes)
    }

    @Test(arguments: Form.allCases) func anIntactBundleIsValid(form: Form) throws {
        let session = try session(form)
        let result = try session.cli.run(["verify", session.bundle, "--expect-head", session.sealHead])
        #expect(result.status == 0, "\(result.stdoutText)")
        #expect(result.stdoutText.hasPrefix("VALID: "), "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("next:"), "nothing to do for a valid bundle")
        #expect(result.stdoutText.contains("bag.archive") == (form == .tar), "the archive's own check, tar only")
    }

    @Test(arguments: Form.allCases) func anAlteredPayloadIsInvalidWithItsNextStep(form: Form) throws {
        let session = try session(form)
        let bundle = try session.copyOfBundle("payload-\(form)", in: scratch)
        try flip("data/notes.jsonl.age", in: bundle)
        let result = try session.cli.run(["verify", bundle])
        #expect(result.status == 1, "\(result.stdoutText)")
        #expect(result.stdoutText.hasPrefix("INVALID: "), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("bag.payload-hashes"))
        #expect(result.stdoutText.contains("next: the bundle is not as its signers left it"), "\(result.stdoutText)")

        // A reader refuses it too, and shows nothing from it.
        let read = try session.cli.run(["open", "--part", "notes", bundle, "-i", session.signingKey("anna", age: true)])
        #expect(read.status == 1, "\(read.stderrText)")
        #expect(read.stdout.isEmpty)
        #expect(read.stderrText.contains("does not verify") || read.stderrText.contains("differ"), "\(read.stderrText)")
    }

    @Test(arguments: Form.allCases) func anAlteredCustodyLogIsInvalidWithItsNextStep(form: Form) throws {
        let session = try session(form)
        let bundle = try session.copyOfBundle("custody-\(form)", in: scratch)
        try flip("custody/custody-log.jsonl", in: bundle, fromEnd: 20)
        let result = try session.cli.run(["verify", bundle])
        #expect(result.status == 1, "\(result.stdoutText)")
        #expect(result.stdoutText.hasPrefix("INVALID: "), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("bag.tag-manifest"), "the seal's manifest no longer matches the log")
        #expect(result.stdoutText.contains("next: the bundle is not as its signers left it"), "\(result.stdoutText)")
        let transfer = try session.cli.run([
            "custody", "transfer", bundle, "--to", "rita", "--key", session.signingKey("anna"),
        ])
        #expect(transfer.status == 1, "nothing is added to an altered bundle: \(transfer.stderrText)")
    }

    @Test(arguments: Form.allCases) func anUnknownSignerCouldNotBeChecked(form: Form) throws {
        let session = try session(form)
        let result = try stranger(session, ["verify", session.bundle])
        #expect(result.status == 2, "\(result.stdoutText)\(result.stderrText)")
        let text = result.stdoutText
        #expect(text.hasPrefix("COULD NOT CHECK: "), "\(text)")
        #expect(!text.contains("INVALID") && !text.contains("[FAIL]"), "nothing was found wrong: \(text)")
        #expect(text.contains("next: key \(session.annaKeyID) is not in your trust store"), "\(text)")
        #expect(text.contains("`vitni trust add FILE`") && text.contains("`--trust FILE`"), "\(text)")
        let trusted = try stranger(session, ["verify", session.bundle, "--trust", session.cli.work.file("anna.json")])
        #expect(trusted.status == 0, "with anna's key given, it verifies: \(trusted.stdoutText)")
    }

    @Test(arguments: Form.allCases) func aVerifierWhoIsNotARecipientCouldNotCheckThePlaintext(form: Form) throws {
        let session = try session(form)
        let result = try session.cli.run(["verify", session.bundle, "-i", session.signingKey("rita", age: true)])
        #expect(result.status == 2, "\(result.stdoutText)\(result.stderrText)")
        let text = result.stdoutText
        #expect(text.hasPrefix("COULD NOT CHECK: "), "\(text)")
        #expect(!text.contains("INVALID") && !text.contains("[FAIL]"), "\(text)")
        #expect(text.contains("next: you are not a recipient: the files are encrypted to 2 recipients"), "\(text)")
        #expect(text.contains("`vitni export --for YOUR-NAME BUNDLE`"), "\(text)")
        let court = try session.cli.run(["verify", session.bundle, "-i", session.courtKey])
        #expect(court.status == 0, "a recipient checks every plaintext: \(court.stdoutText)")
    }
}
