import Foundation
import Testing
import VitniFormats
import VitniKit
import VitniTestSupport

@Suite struct TranscriptRedactCLITests {
    let f: TranscriptCLIFixture
    /// A child's name, a valid Swedish personnummer and a Swedish mobile number.
    let secrets = ["Zebulon", "811218-9876", "070-123 45 67"]
    let transcript = """
        WEBVTT

        00:00:00.000 --> 00:00:03.000
        <v INT>Hello Zebulon, I'm the interviewer.

        00:00:03.500 --> 00:00:06.000
        <v CHILD>My number is 811218-9876.

        00:00:06.500 --> 00:00:09.000
        <v INT>Whose phone is 070-123 45 67?

        00:00:09.000 --> 00:00:12.000
        <v CHILD>Zebulon's mum's.

        """

    init() throws {
        f = try TranscriptCLIFixture()
        let imported = try f.importFile("interview.vtt", transcript)
        try #require(imported.status == 0, "\(imported.stderrText)")
    }

    func key(_ name: String) -> String { f.cli.work.file(name + ".key") }

    @Test func protectedNamesAreSealedAndListedWithAKey() throws {
        let namesFile = try f.cli.work.write("names.txt", "# family\nKastanjeskolan\n\n  Ystad  \n")
        let added = try f.cli.inWorkspace(
            [
                "redact", "names", "add", "--as", "anna", "--session", f.session, "Quilla Marchetti", "--names-file",
                namesFile,
            ])
        #expect(added.status == 0, "\(added.stderrText)")
        #expect(added.stdoutText.contains("added 3 protected names"))
        #expect(
            try f.cli.inWorkspace(["redact", "names", "remove", "--as", "olle", "--session", f.session, "ystad"]).status
                == 0)
        let listed = try f.cli.inWorkspace(["redact", "names", "list", "--session", f.session, "-i", key("olle")])
        #expect(listed.status == 0, "\(listed.stderrText)")
        #expect(listed.stdoutText == "Quilla Marchetti\nKastanjeskolan\n")
        for name in ["Quilla Marchetti", "Kastanjeskolan", "Ystad"] {
            #expect(try CanarySearch.files(under: f.cli.work.file("ws"), containing: name).isEmpty, "\(name) on disk")
        }
        let outsider = try f.cli.inWorkspace(["redact", "names", "list", "--session", f.session, "-i", key("eve")])
        #expect(outsider.status == 1)
        #expect(!outsider.stdoutText.contains("Quilla"))
        #expect(try f.cli.inWorkspace(["redact", "names", "add", "--as", "anna", "--session", f.session]).status == 64)
    }

    /// A translation repeats the names redaction removes and nobody reviews it, so the redacted
    /// copy carries no layers while the original keeps them.
    @Test func theRedactedCopyCarriesNoLayers() throws {
        let layer =
            "NOTE layer CHILD/translation\nparent: CHILD\nconstraint: Symbolic_Association\n"
            + "type: translation\n@2 Zebulons mamma.\n\n"
        let imported = try f.importFile("layered.vtt", transcript + "\n" + layer)
        #expect(imported.status == 0, "\(imported.stderrText)")
        let redacted = try f.cli.inWorkspace([
            "redact", "--as", "olle", "-i", key("olle"), "--session", f.session, "--name", "Zebulon", "--accept-all",
        ])
        #expect(redacted.status == 0, "\(redacted.stderrText)")
        let export = try f.export(["--redacted"], as: "anna")
        #expect(export.status == 0, "\(export.stderrText)")
        #expect(!export.stdoutText.contains("NOTE layer") && !export.stdoutText.contains("Zebulon"))
        let original = try f.export([], as: "anna")
        #expect(original.stdoutText.contains(layer), "\(original.stdoutText)")
    }

    @Test func acceptAllRedactsNamesIDsAndPhonesAndLogsSpansWithoutText() throws {
        let redacted = try f.cli.inWorkspace([
            "redact", "--as", "olle", "-i", key("olle"), "--session", f.session, "--name", "Zebulon", "Quilla",
            "--accept-all", "--audio-span", "utterance",
        ])
        #expect(redacted.status == 0, "\(redacted.stderrText)")
        #expect(redacted.stdoutText.contains("redacted 4 spans (3 labels) in 4 utterances"), "\(redacted.stdoutText)")
        let names = try f.cli.inWorkspace(["redact", "names", "list", "--session", f.session, "-i", key("anna")])
        #expect(names.stdoutText == "Zebulon\nQuilla\n", "names given to a run join the session's list")

        let export = try f.export(["--redacted"], as: "anna")
        #expect(export.status == 0, "\(export.stderrText)")
        for label in ["Hello [NAME-1],", "My number is [ID-1].", "Whose phone is [PHONE-1]?", "[NAME-1] mum's."] {
            #expect(export.stdoutText.contains(label), "\(label) missing from \(export.stdoutText)")
        }
        for secret in secrets + ["9876", "45 67"] { #expect(!export.stdoutText.contains(secret)) }
        let original = try f.export([], as: "anna")
        #expect(original.stdoutText.contains("Hello Zebulon,"), "the original stays current and unchanged")

        let log = try f.cli.inWorkspace(["redact", "log", "--session", f.session, "-i", key("anna")])
        #expect(log.status == 0, "\(log.stderrText)")
        let entries = try log.stdoutText.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(entries.count == 4)
        #expect(entries.map { $0["start_ms"] as? Int } == [0, 3_500, 6_500, 9_000])
        #expect(entries.map { $0["end_ms"] as? Int } == [3_000, 6_000, 9_000, 12_000])
        #expect(entries.map { $0["label"] as? String } == ["[NAME-1]", "[ID-1]", "[PHONE-1]", "[NAME-1]"])
        #expect(entries.allSatisfy { ($0["reviewer"] as? String)?.count == 16 && $0["time"] is String })
        for secret in secrets + ["9876", "123"] { #expect(!log.stdoutText.contains(secret)) }
        for secret in secrets {
            #expect(
                try CanarySearch.files(under: f.cli.work.file("ws"), containing: secret).isEmpty, "\(secret) on disk")
        }
        let court = try f.export(["--redacted", "--format", "court"], as: "anna")
        #expect(court.status == 0)
        #expect(!court.stdoutText.contains("anna") && !court.stdoutText.contains("olle"), "names withheld")
        #expect(court.stdoutText.contains("[NAME-1]"))
    }

    /// Review answers piped on standard input, with no controlling terminal (setsid).
    func review(_ answers: String) throws -> ProcessResult {
        try runProcess(
            "/usr/bin/setsid",
            [
                "--wait", Repository.vitniBinary, "redact", "review", "--workspace", f.cli.work.file("ws"), "--as",
                "anna",
                "-i", key("anna"), "--session", f.session, "--name", "Zebulon",
            ],
            stdin: Array(answers.utf8), environment: ["VITNI_HOME": f.cli.home.path], currentDirectory: f.cli.work.path)
    }

    @Test func reviewTakesEachAnswerInTurn() throws {
        let result = try review("maybe\na\nr\n+ whose\n+ nowhere\na\nS\n")
        #expect(result.status == 0, "\(result.stderrText)")
        let out = result.stdoutText
        #expect(out.contains("proposal 1 of 4: name (detector name)"))
        #expect(out.contains("proposal 2 of 4: personal-id"))
        #expect(out.contains("utterance 3, INT 00:06.500 --> 00:09.000"))
        #expect(out.contains("»070-123 45 67«"), "the reviewer sees the span in context")
        #expect(out.contains("not an answer"))
        #expect(out.contains("added 1 span\n"))
        #expect(out.contains("not found in this utterance"))
        #expect(out.contains("proposal 4 of 4: name"))
        let export = try f.export(["--redacted", "--format", "text"], as: "anna")
        let lines = export.stdoutText.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count == 4)
        #expect(lines[0].hasSuffix("INT: Hello [NAME-1], I'm the interviewer."))
        #expect(lines[1].hasSuffix("CHILD: My number is 811218-9876."), "rejected: kept")
        #expect(lines[2].hasSuffix("INT: [NAME-2] phone is [PHONE-1]?"))
        #expect(lines[3].hasSuffix("CHILD: Zebulon's mum's."), "skipped: kept")
        let log = try f.cli.inWorkspace(["redact", "log", "--session", f.session, "-i", key("anna")])
        let decisions = log.stdoutText.split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["decision"] as? String
        }
        #expect(decisions == ["accepted", "rejected", "added", "accepted", "rejected"])
    }

    @Test func quittingOrEndingTheInputStoresNothing() throws {
        for answers in ["a\nq\n", "a\n"] {
            let result = try review(answers)
            #expect(result.status == 0, "\(result.stderrText)")
            #expect(result.stdoutText.contains("nothing was stored"))
        }
        let list = try f.cli.inWorkspace(["transcript", "list", "--session", f.session])
        #expect(!list.stdoutText.contains("redacted"))
    }

    @Test func reviewOnATerminal() throws {
        let result = try TerminalPassphraseTests.typing(
            ["r", "A"],
            into:
                "redact --workspace \(f.cli.work.file("ws")) --as anna -i \(key("anna")) --session \(f.session) --name Zebulon",
            home: f.cli.home.path)
        #expect(result.status == 0, "\(result.stdoutText) \(result.stderrText)")
        #expect(result.stdoutText.contains("proposal 1 of 4"))
        #expect(result.stdoutText.contains("redacted 3 spans"), "\(result.stdoutText)")
        let export = try f.export(["--redacted"], as: "anna")
        #expect(export.stdoutText.contains("Hello Zebulon,"), "the first proposal was rejected")
        #expect(export.stdoutText.contains("[ID-1]") && export.stdoutText.contains("[PHONE-1]"))
    }
}
