import Foundation
import Testing
import VitniKit
import VitniTestSupport

/// The checklist as an interviewer uses it after the interview: whole phases in one command,
/// one summary on request, and a close that checks the work is done.
@Suite struct ChecklistCLITests {
    let cli: CLI

    init() throws {
        cli = try CLI()
        try cli.person("anna", .interviewer)
        try cli.person("olle", .observer)
        try #require(try cli.run(["init", cli.work.file("ws")]).status == 0)
        let started = try cli.inWorkspace([
            "session", "start", "--case", "CASE-5", "--protocol", "nichd-revised", "--interviewer", "anna",
            "--observer", "olle",
        ])
        try #require(started.status == 0, "\(started.stderrText)")
    }

    /// The sample interview recorded and finalised, as the recorder leaves it.
    func recordSample() throws {
        let sample = Array(try Data(contentsOf: URL(fileURLWithPath: Repository.root + "/samples/interview.flac")))
        let recorded = try cli.run(
            ["record", "--workspace", cli.work.file("ws"), "--as", "anna", "--quiet"], stdin: sample)
        try #require(recorded.status == 0, "\(recorded.stderrText)")
    }

    @Test func theSamplesPostInterviewChecklistTakesFiveCommands() throws {
        try recordSample()
        let commands: [[String]] = [
            [
                "checklist", "tick", "--as", "anna", "--phase", "introduction", "--phase", "rapport", "--phase",
                "ground-rules", "--phase", "narrative-practice", "--phase", "closing", "--phase", "neutral-topic",
            ],
            [
                "checklist", "skip", "--as", "anna", "--phase", "transition", "--phase", "investigating-incidents",
                "--phase", "break", "--phase", "undisclosed-information", "--phase", "disclosure-information",
                "--reason", "a practice interview on neutral events only",
            ],
            ["checklist", "show", "--open"],
            ["session", "close", "--as", "anna"],
            ["checklist", "report", "--session", "CASE-5_S01", "--json"],
        ]
        var results: [ProcessResult] = []
        for command in commands {
            let result = try cli.inWorkspace(command)
            #expect(result.status == 0, "\(command.prefix(3)): \(result.stderrText)")
            results.append(result)
        }
        #expect(commands.count <= 5)
        let ticked = results[0].stdoutText.split(separator: "\n")
        #expect(ticked.count == 6, "one line per phase: \(results[0].stdoutText)")
        #expect(ticked.allSatisfy { $0.hasSuffix("outside a recording (no offset)") }, "\(results[0].stdoutText)")
        #expect(results[0].stderrText.isEmpty, "no out-of-order warning after the recording: \(results[0].stderrText)")
        #expect(results[2].stdoutText.hasPrefix("0 required and 0 optional items open"), "\(results[2].stdoutText)")
        let report = try JSONSerialization.jsonObject(with: Data(results[4].stdoutText.utf8)) as! [String: Any]
        #expect(report["required_missing"] as? Int == 0)
        #expect(report["required_done"] as? Int == 23)
        #expect(report["forced_close"] == nil)
        let phases = report["phases"] as! [[String: Any]]
        #expect(phases.allSatisfy { $0["duration_ms"] == nil }, "ticks after the recording time no phase")
    }

    @Test func severalItemsAreAllOrNothingWithSuggestions() throws {
        let typo = try cli.inWorkspace([
            "checklist", "tick", "--as", "anna", "introduction.name-and-role", "rapport.get-to-kno", "dont-know",
        ])
        #expect(typo.status == 2)
        #expect(typo.stderrText.contains("did you mean rapport.get-to-know"), "\(typo.stderrText)")
        #expect(typo.stderrText.contains("did you mean ground-rules.dont-know"), "\(typo.stderrText)")
        #expect(typo.stderrText.contains("nothing was recorded"))
        let open = try cli.inWorkspace(["checklist", "show", "--open", "--json"])
        #expect(open.stdoutText.contains("introduction.name-and-role"), "the good item was not ticked either")
        let both = try cli.inWorkspace(["checklist", "tick", "--as", "anna", "introduction.name-and-role", "rapport"])
        #expect(both.status == 2, "a phase needs --phase: \(both.stderrText)")
        let two = try cli.inWorkspace([
            "checklist", "tick", "--as", "anna", "introduction.name-and-role", "introduction.recording",
        ])
        #expect(two.status == 0, "\(two.stderrText)")
        #expect(two.stdoutText.contains("introduction: tick name-and-role, recording"), "\(two.stdoutText)")
        let undo = try cli.inWorkspace(["checklist", "undo", "--as", "anna", "--phase", "introduction"])
        #expect(undo.status == 0, "\(undo.stderrText)")
        #expect(undo.stdoutText.contains("introduction: undo name-and-role, recording"), "\(undo.stdoutText)")
    }

    @Test func closeRefusesWithTheListAndAcceptsForceWithAReason() throws {
        try recordSample()
        #expect(try cli.inWorkspace(["checklist", "tick", "--as", "anna", "--phase", "introduction"]).status == 0)
        let refused = try cli.inWorkspace(["session", "close", "--as", "anna"])
        #expect(refused.status == 2, "\(refused.stderrText)")
        #expect(refused.stderrText.contains("session CASE-5_S01 is not ready to close:"))
        #expect(refused.stderrText.contains("  rapport: 4 required items neither done nor skipped"))
        #expect(refused.stderrText.contains("  neutral-topic: 2 required items"))
        #expect(!refused.stderrText.contains("introduction:"), "introduction is done")
        #expect(refused.stderrText.contains("hint: finish these first, or close anyway with --force --reason"))
        let noReason = try cli.inWorkspace(["session", "close", "--as", "anna", "--force"])
        #expect(noReason.status == 64, "\(noReason.stderrText)")
        let reason = "REASON-\(UUID().uuidString)"
        let forced = try cli.inWorkspace(["session", "close", "--as", "anna", "--force", "--reason", reason])
        #expect(forced.status == 0, "\(forced.stderrText)")
        let report = try cli.inWorkspace(["checklist", "report", "--session", "CASE-5_S01"])
        #expect(report.stdoutText.contains("closed with work unfinished (--force)"), "\(report.stdoutText)")
        #expect(!report.stdoutText.contains(reason), "the report needs no key and shows no reason")
        let notes = try cli.inWorkspace(["notes", "--session", "CASE-5_S01", "--json", "-i", cli.work.file("anna.key")])
        #expect(notes.stdoutText.contains(reason), "the reason is kept as a sealed note")
        #expect(notes.stdoutText.contains("\"forced-close\""))
        let files = try CanarySearch.files(under: cli.work.file("ws"), containing: reason)
        #expect(files.isEmpty, "the reason is stored encrypted: \(files)")
    }

    @Test func aNoteOutsideARecordingIsKeptFlaggedAndWarned() throws {
        let note = try cli.inWorkspace(["note", "--as", "olle", "the child arrived early"])
        #expect(note.status == 0, "\(note.stderrText)")
        #expect(note.stdoutText.contains("outside a recording"))
        #expect(note.stderrText.hasPrefix("vitni: warning: no recording is running"), "\(note.stderrText)")
        #expect(!note.stderrText.contains("arrived early"), "the warning repeats no evidence")
        let json = try cli.inWorkspace(["notes", "--json", "-i", cli.work.file("anna.key")])
        #expect(json.stdoutText.contains("\"outside_recording\":true"), "\(json.stdoutText)")
        #expect(!json.stdoutText.contains("offset_ms"), "no offset into any recording")
        let text = try cli.inWorkspace(["notes", "-i", cli.work.file("anna.key")])
        #expect(text.stdoutText.contains("[outside recording]"), "\(text.stdoutText)")
    }
}
