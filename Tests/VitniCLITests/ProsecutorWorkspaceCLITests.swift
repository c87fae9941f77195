import Foundation
import Testing
import VitniKit
import VitniTestSupport

/// The prosecutor who holds a bundle derives from it in her own workspace, which has never seen
/// the session: she reviews the redaction and exports the advocate's copy; the advocate's copy
/// verifies against the original. Vitni 1.0 said "redact in the workspace that sealed it".
@Suite struct ProsecutorWorkspaceCLITests {
    @Test func theHolderRedactsAndExportsInAWorkspaceOfHerOwn() throws {
        let cli = try CLI()
        try cli.signingPerson("anna", .interviewer)
        try cli.signingPerson("per", .prosecutor)
        try cli.signingPerson("frida", .advocate)
        let samples = Repository.root + "/samples"
        let interviewer = ["--workspace", cli.work.file("ws")]
        try SealedSession.succeed(try cli.run(["init", cli.work.file("ws")]), "init")
        try SealedSession.succeed(
            try cli.run(
                [
                    "session", "start", "--case", "CASE-12", "--protocol", "nichd-revised", "--interviewer", "anna",
                    "--recipient", "per", "--language", "en", "--child-ref", "Elin Solberg",
                ] + interviewer),
            "session start")
        try SealedSession.succeed(
            try cli.run(
                ["record", "--as", "anna", "--quiet"] + interviewer,
                stdin: Array(try Data(contentsOf: URL(fileURLWithPath: samples + "/interview.flac")))), "record")
        try SealedSession.succeed(
            try cli.run(["transcript", "import", samples + "/interview.vtt", "--as", "anna"] + interviewer), "import")
        try SealedSession.succeed(
            try cli.run(["session", "close", "--as", "anna", "--force", "--reason", "test"] + interviewer), "close")
        try SealedSession.succeed(
            try cli.run(
                [
                    "seal", "--output-directory", cli.work.file("out"), "-i", cli.work.file("anna.key"), "--key",
                    cli.work.file("anna.minisign"),
                ] + interviewer), "seal")
        let original = cli.work.file("out/CASE-12_S01")
        try SealedSession.succeed(
            try cli.run(["custody", "transfer", original, "--to", "per", "--key", cli.work.file("anna.minisign")]),
            "transfer")

        // The prosecutor's own workspace: it has never held CASE-12_S01.
        let prosecutor = ["--workspace", cli.work.file("per-ws")]
        let asPer = ["--as", "per", "-i", cli.work.file("per.key"), "--trust", cli.work.file("anna.json")]
        try SealedSession.succeed(try cli.run(["init", cli.work.file("per-ws")]), "init")
        let tooEarly = try cli.run(
            ["export", original, "--redacted", "--for", "frida", "--key", cli.work.file("per.minisign")] + asPer
                + prosecutor)
        #expect(tooEarly.status != 0 && tooEarly.stderrText.contains("vitni redact review --bundle"))
        let redacted = try cli.run(
            ["redact", "run", "--bundle", original, "--name", "Elin Solberg", "--name", "Elin", "--accept-all"]
                + asPer + prosecutor)
        #expect(redacted.status == 0, "\(redacted.stderrText)")
        #expect(redacted.stdoutText.contains("of CASE-12_S01"))
        let shown = try cli.run(["show", "CASE-12_S01"] + prosecutor)
        #expect(shown.stdoutText.contains("sealed"), "the received session is sealed: \(shown.stdoutText)")
        let note = try cli.run(["note", "--session", "CASE-12_S01", "--as", "per", "late note"] + prosecutor)
        #expect(note.status != 0, "nothing is noted in a received session")

        let exported = try cli.run(
            ["export", original, "--redacted", "--for", "frida", "--key", cli.work.file("per.minisign")] + asPer
                + prosecutor)
        #expect(exported.status == 0, "\(exported.stderrText)")
        let copy = cli.work.file("out/CASE-12_S01_REDACTED")
        let verified = try cli.run([
            "verify", copy, "--original", original, "--trust", cli.work.file("anna.json"), "--trust",
            cli.work.file("per.json"), "--identity", cli.work.file("frida.key"),
        ])
        #expect(verified.status == 0, "\(verified.stdoutText)")
        let transcript = try cli.run([
            "transcript", "export", "--bundle", copy, "-i", cli.work.file("frida.key"), "--trust",
            cli.work.file("anna.json"), "--trust", cli.work.file("per.json"),
        ])
        #expect(transcript.status == 0, "\(transcript.stderrText)")
        #expect(transcript.stdoutText.contains("[NAME-") && !transcript.stdoutText.contains("Elin"))
        #expect(try cli.run(["custody", "log", "--json", original]).stdoutText.contains("\"redaction_log_sha256\""))
        try courtCopy(of: original, cli: cli, asPer: asPer, prosecutor: prosecutor)
    }

    /// The court's copy: the unredacted evidence re-encrypted to the judge alone, linked both ways.
    private func courtCopy(of original: String, cli: CLI, asPer: [String], prosecutor: [String]) throws {
        try cli.signingPerson("judge", .court)
        let export =
            ["export", original, "--for", "judge", "--key", cli.work.file("per.minisign")] + asPer + prosecutor
        let exported = try cli.run(export)
        #expect(exported.status == 0, "\(exported.stderrText)")
        let copy = cli.work.file("out/CASE-12_S01_FOR-judge")
        #expect(exported.stdoutText.contains("full copy: \(copy)"), "\(exported.stdoutText)")
        let trustBoth = ["--trust", cli.work.file("anna.json"), "--trust", cli.work.file("per.json")]
        let verified = try cli.run(
            ["verify", copy, "--original", original, "--identity", cli.work.file("judge.key"), "--json"] + trustBoth)
        #expect(verified.status == 0, "\(verified.stdoutText)")
        #expect(verified.stdoutText.contains("\"derived.link\""))
        let certificate = cli.work.file("court-copy-certificate.html")
        let certified = try cli.run(
            ["verify", copy, "--original", original, "--certificate", certificate] + trustBoth)
        #expect(certified.status == 0, "\(certified.stderrText)")
        let page = try String(contentsOfFile: certificate, encoding: .utf8)
        #expect(
            page.contains("full copy derived from the sealed original CASE-12_S01"), "the certificate names the kind")
        #expect(!page.contains("redacted copy derived"))

        // The judge reads the transcript unredacted; the prosecutor cannot open the judge's copy.
        let transcript = try cli.run(
            ["transcript", "export", "--bundle", copy, "-i", cli.work.file("judge.key")] + trustBoth)
        #expect(transcript.status == 0, "\(transcript.stderrText)")
        #expect(transcript.stdoutText.contains("Elin"))
        let notReader = try cli.run(
            ["transcript", "export", "--bundle", copy, "-i", cli.work.file("per.key")] + trustBoth)
        #expect(notReader.status != 0 && notReader.stderrText.contains("encrypted to other recipients"))
        #expect(!notReader.stdoutText.contains("Elin"))

        // The recording is the sealed one, byte for byte, under the new encryption.
        let audio = "data/audio/1.flac.age"
        let fromOriginal = try cli.run(["decrypt", "-i", cli.work.file("per.key"), original + "/" + audio])
        let fromCopy = try cli.run(["decrypt", "-i", cli.work.file("judge.key"), copy + "/" + audio])
        #expect(fromOriginal.status == 0 && fromCopy.status == 0)
        #expect(!fromCopy.stdout.isEmpty && fromCopy.stdout == fromOriginal.stdout)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: copy + "/" + audio))
                != Data(contentsOf: URL(fileURLWithPath: original + "/" + audio)))

        // The original records both copies; a second run finds the copy made and adds nothing.
        let log = try cli.run(["custody", "log", "--json", original] + trustBoth).stdoutText
        #expect(log.components(separatedBy: "\"exported\"").count - 1 == 2)
        #expect(log.contains("\"derived_bundle\":\"CASE-12_S01_FOR-judge\"") && log.contains("\"redacted\":false"))
        let account = try cli.run(["custody", "log", original] + trustBoth).stdoutText
        #expect(
            account.contains("exported by per (prosecutor): the redacted copy CASE-12_S01_REDACTED for "), "\(account)")
        #expect(
            account.contains("exported by per (prosecutor): the full copy CASE-12_S01_FOR-judge for "), "\(account)")
        let again = try cli.run(export)
        #expect(again.status == 0 && again.stderrText.contains("already recorded"), "\(again.stderrText)")
        #expect(try cli.run(["custody", "log", "--json", original] + trustBoth).stdoutText == log)
    }
}
