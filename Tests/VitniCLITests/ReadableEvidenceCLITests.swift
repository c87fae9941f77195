import Foundation
import Testing
import VitniTestSupport

/// A holder reads a received bundle as text: facts, custody by name, checklist report, notes;
/// JSON only on request. Every read goes through verification first.
@Suite struct ReadableEvidenceCLITests {
    let session: SealedSession
    let scratch: TemporaryDirectory

    init() throws {
        session = try StockVerificationCLITests.shared.get()
        scratch = try TemporaryDirectory()
    }

    var trust: [String] { ["--trust", session.annaPub, "-i", session.cli.work.file("anna.key")] }

    @Test func openPrintsEveryPartAsText() throws {
        let opened = try session.cli.run(["open", session.bundle] + trust)
        #expect(opened.status == 0, "\(opened.stderrText)")
        let text = opened.stdoutText
        for heading in ["== session", "== custody", "== checklist", "== notes"] {
            #expect(text.contains(heading), "\(heading) missing: \(text)")
        }
        #expect(text.contains("session \(SealedSession.sessionID) of case CASE-77"))
        #expect(text.contains("recording 1: 00:02.000, FLAC"), "\(text)")
        #expect(text.contains("0. ") && text.contains("sealed by anna (interviewer)"), "custody by name: \(text)")
        #expect(text.contains("required items:"), "the checklist report")
        #expect(text.contains("observation: rapport phase started"), "the notes as lines")
        #expect(!text.contains("{\""), "no JSON unless asked for")
    }

    @Test func jsonOnlyForOnePartAndOnRequest() throws {
        let json = try session.cli.run(["open", "--part", "session", "--json", session.bundle] + trust)
        #expect(json.status == 0, "\(json.stderrText)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any]
        #expect(object?["session_id"] as? String == SealedSession.sessionID)
        let refused = try session.cli.run(["open", "--json", session.bundle] + trust)
        #expect(refused.status == 64)
        #expect(refused.stderrText.contains("--part session, checklist or notes"))
    }

    @Test func notesAndChecklistReportReadTheBundle() throws {
        let notes = try session.cli.run(["notes", "--bundle", session.bundle] + trust)
        #expect(notes.status == 0, "\(notes.stderrText)")
        let noteLines = notes.stdoutText.split(separator: "\n").filter { $0.hasPrefix("n-") }
        #expect(noteLines.count == 3, "two notes and the forced close's reason: \(notes.stdoutText)")
        #expect(notes.stdoutText.contains("short break"))
        let report = try session.cli.run(["checklist", "report", "--bundle", session.bundle] + trust)
        #expect(report.status == 0, "\(report.stderrText)")
        #expect(report.stdoutText.contains("checklist \(SealedSession.sessionID) — nichd-revised"))
        #expect(report.stdoutText.contains("closed with work unfinished (--force)"))
    }

    /// Reading goes through verification: an altered file is refused, not shown, by every
    /// command that reads it.
    @Test(arguments: [
        ("notes.jsonl.age", [["open"], ["open", "--part", "notes"], ["notes", "--bundle"]]),
        ("checklist.json.age", [["open"], ["open", "--part", "checklist"], ["checklist", "report", "--bundle"]]),
    ])
    func anAlteredFileIsNotRead(file: String, commands: [[String]]) throws {
        let copy = try session.copyOfBundle("altered-\(file)", in: scratch)
        let path = copy + "/data/" + file
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 20] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for command in commands {
            let refused = try session.cli.run(command + [copy] + trust)
            #expect(refused.status == 1, "\(command): \(refused.stdoutText)")
            #expect(!refused.stdoutText.contains("short break") && !refused.stdoutText.contains("required items"))
            #expect(refused.stderrText.contains(file), "\(refused.stderrText)")
        }
    }
}
