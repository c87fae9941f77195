import Foundation
import Testing
import VitniCrypto
import VitniKit
import VitniTestSupport

extension AgentSandbox {
    /// Runs `vitni ARGS` in this home with no controlling terminal (setsid), so nothing can ask
    /// for a passphrase, measuring the child's peak resident memory (GNU time's %M, in KiB).
    func detached(_ arguments: [String]) throws -> (result: ProcessResult, peakKiB: Int) {
        let measurement = work.file("rss-\(UUID().uuidString)")
        let result = try runProcess(
            "/usr/bin/setsid",
            ["--wait", "/usr/bin/time", "-f", "%M", "-o", measurement, Repository.vitniBinary] + arguments,
            environment: ["VITNI_HOME": home.path], currentDirectory: work.path)
        let text = (try? String(contentsOfFile: measurement, encoding: .utf8)) ?? ""
        // GNU time writes "Command exited with non-zero status N" before the figure on failure.
        let peak = text.split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.last
        return (result, peak ?? -1)
    }
}

/// One `vitni unlock` for the working day: sealing, exporting and handing over sign through the
/// agent with no passphrase file and no terminal, and `vitni lock` takes that away again.
@Suite(.serialized) struct AgentSigningCLITests {
    let sandbox: AgentSandbox
    let workspace: String
    let session = "CASE-9_S01"

    init() throws {
        sandbox = try AgentSandbox()
        workspace = sandbox.work.file("ws")
        try #require(try sandbox.vitni(["init", workspace]).status == 0)
    }

    func inWorkspace(_ arguments: [String]) throws -> ProcessResult {
        try sandbox.vitni(arguments + ["--workspace", workspace])
    }

    /// A session by anna holding the sample interview, its transcript and redactions, closed.
    func closedSession() throws {
        let started = try inWorkspace([
            "session", "start", "--case", "CASE-9", "--protocol", "nichd-revised", "--interviewer", "anna",
            "--observer", "bo", "--language", "en", "--child-ref", "Elin Solberg",
        ])
        try #require(started.status == 0, "\(started.stderrText)")
        let samples = Repository.root + "/samples"
        let recorded = try runProcess(
            Repository.vitniBinary, ["record", "--workspace", workspace, "--as", "anna", "--quiet"],
            stdin: Array(try Data(contentsOf: URL(fileURLWithPath: samples + "/interview.flac"))),
            environment: ["VITNI_HOME": sandbox.home.path], currentDirectory: sandbox.work.path)
        try #require(recorded.status == 0, "\(recorded.stderrText)")
        let imported = try inWorkspace(["transcript", "import", samples + "/interview.vtt", "--as", "anna"])
        try #require(imported.status == 0, "\(imported.stderrText)")
        let redacted = try inWorkspace(["redact", "--as", "anna", "--accept-all", "--name", "Elin"])
        try #require(redacted.status == 0, "\(redacted.stderrText)")
        let closed = try inWorkspace([
            "session", "close", "--as", "anna", "--session", session, "--force", "--reason", "test session",
        ])
        try #require(closed.status == 0, "\(closed.stderrText)")
    }

    @Test func sealExportAndTransferSignThroughTheAgentThenLockAsksAgain() throws {
        #expect(try sandbox.unlock("anna").status == 0)
        let second = try sandbox.unlock("bo")
        #expect(second.status == 0, "\(second.stderrText)")
        #expect(second.stdoutText.contains("until then it also signs as 'bo' (key \(sandbox.identities.bo.keyID))"))
        let status = try sandbox.vitni(["agent", "status"])
        #expect(
            status.stdoutText.contains(
                "anna\t\(sandbox.identities.anna.ageRecipient)\tsigns with key \(sandbox.identities.anna.keyID)"))
        #expect(
            status.stdoutText.contains(
                "bo\t\(sandbox.identities.bo.ageRecipient)\tsigns with key \(sandbox.identities.bo.keyID)"))
        try closedSession()

        let out = sandbox.work.file("out")
        let (sealed, sealPeak) = try sandbox.detached([
            "seal", "--workspace", workspace, "--session", session, "--output-directory", out, "--as", "anna",
        ])
        #expect(sealed.status == 0, "\(sealed.stderrText)")
        #expect(sealed.stdoutText.contains("sealed \(session)"))
        #expect(sealPeak > 0 && sealPeak < 64 * 1024, "seal peak RSS \(sealPeak) KiB")
        print("seal through the agent: peak RSS \(sealPeak) KiB")
        let bundle = out + "/" + session
        let verified = try sandbox.vitni([
            "verify", bundle, "--expect-head",
            try #require(StockVerificationCLITests.head(inReceipt: sealed.stdoutText)),
        ])
        #expect(verified.status == 0, "\(verified.stdoutText)")
        #expect(verified.stdoutText.contains(sandbox.identities.anna.keyID), "the seal is anna's")

        let (exported, _) = try sandbox.detached([
            "export", "--redacted", "--for", "bo", bundle, "--workspace", workspace, "--as", "anna",
        ])
        #expect(exported.status == 0, "\(exported.stderrText)")
        let copy = try sandbox.vitni(["verify", bundle + "_REDACTED", "--original", bundle])
        #expect(copy.status == 0, "\(copy.stdoutText)")

        let (transferred, _) = try sandbox.detached(["custody", "transfer", bundle, "--to", "bo", "--as", "anna"])
        #expect(transferred.status == 0, "\(transferred.stderrText)")
        #expect(transferred.stdoutText.contains("transferred to bo (\(sandbox.identities.bo.keyID))"))
        #expect(try sandbox.vitni(["verify", bundle]).status == 0)
        let log = try sandbox.vitni(["custody", "log", bundle])
        #expect(log.stdoutText.contains("transferred by anna (prosecutor) to bo"), "\(log.stdoutText)")

        #expect(try sandbox.vitni(["lock"]).status == 0)
        let (refused, _) = try sandbox.detached(["custody", "transfer", bundle, "--to", "anna", "--as", "bo"])
        #expect(refused.status == 2)
        #expect(refused.stderrText.contains("the signing key of 'bo' is locked"), "\(refused.stderrText)")
        #expect(refused.stderrText.contains("`vitni unlock bo`") && refused.stderrText.contains("--passphrase-file"))
        #expect(try sandbox.vitni(["verify", bundle]).status == 0, "a refused transfer changes nothing")

        // Scripts keep their path: with a passphrase file the key is unlocked in the command itself.
        let scripted = try sandbox.vitni([
            "custody", "transfer", bundle, "--to", "anna", "--as", "bo", "--passphrase-file", sandbox.passphraseFile,
        ])
        #expect(scripted.status == 0, "\(scripted.stderrText)")
    }

    @Test func vitniSignThroughTheAgentVerifiesWithStockMinisign() throws {
        let file = try sandbox.work.write("evidence.bin", testBytes(count: 3_000_000, seed: 4))
        #expect(try sandbox.unlock("anna").status == 0)
        let (signed, peak) = try sandbox.detached(["sign", "-k", "anna", "-t", "handed over in room 2", file])
        #expect(signed.status == 0, "\(signed.stderrText)")
        #expect(signed.stdoutText.contains("with key \(sandbox.identities.anna.keyID)"))
        #expect(peak > 0 && peak < 64 * 1024, "\(peak) KiB")
        let publicKey = try sandbox.work.write("anna.pub", try sandbox.identities.anna.signingKey().fileText)
        let minisign = try runProcess(try Peer.path("minisign"), ["-V", "-p", publicKey, "-m", file])
        #expect(minisign.status == 0, "minisign: \(minisign.stderrText)")
        #expect(minisign.stdoutText.contains("handed over in room 2"))

        #expect(try sandbox.vitni(["lock"]).status == 0)
        let (refused, _) = try sandbox.detached(["sign", "-k", "anna", "-x", file + ".again", file])
        #expect(refused.status == 2)
        #expect(refused.stderrText.contains("`vitni unlock anna`"), "\(refused.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: file + ".again"))
    }
}
