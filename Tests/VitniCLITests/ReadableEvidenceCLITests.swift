import Foundation
import Testing
import VitniKit
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

/// With several recordings, `play` never guesses which: the first may be a fragment that a
/// crash cut short. It lists them and plays the one named.
@Suite struct PlayChoiceCLITests {
    @Test func severalRecordingsAreListedAndOneMustBeNamed() throws {
        let cli = try CLI()
        try cli.signingPerson("anna", .interviewer)
        try #require(try cli.run(["init", cli.work.file("ws")]).status == 0)
        try #require(
            try cli.inWorkspace([
                "session", "start", "--case", "CASE-4", "--protocol", "nichd-revised", "--interviewer", "anna",
            ]).status == 0)
        for seconds in ["1", "2"] {
            let tone = try runProcess(
                try Peer.path("sox"),
                ["-D", "-n", "-r", "16000", "-c", "1", "-b", "16", "-t", "wav", "-", "synth", seconds, "sine", "440"])
            let recorded = try cli.run(
                ["record", "--workspace", cli.work.file("ws"), "--as", "anna", "--input", "-", "--quiet"],
                stdin: tone.stdout)
            try #require(recorded.status == 0, "\(recorded.stderrText)")
        }
        let reader = ["-i", cli.work.file("anna.key")]
        let listed = try cli.inWorkspace(["play", "--list"])
        #expect(listed.status == 0, "\(listed.stderrText)")
        #expect(listed.stdoutText.contains("1: 00:01.000 from") && listed.stdoutText.contains("2: 00:02.000 from"))
        let unnamed = try cli.run(["play", "--workspace", cli.work.file("ws")] + reader, stdin: [])
        #expect(unnamed.status != 0 && unnamed.stdout.isEmpty)
        #expect(unnamed.stderrText.contains("has 2 recordings") && unnamed.stderrText.contains("--recording N"))
        let second = try cli.run(["play", "--workspace", cli.work.file("ws"), "--recording", "2"] + reader, stdin: [])
        #expect(second.status == 0, "\(second.stderrText)")
        #expect(second.stdout.count == 44 + 2 * 16_000 * 2, "recording 2 as WAV")

        try #require(
            try cli.inWorkspace(["session", "close", "--as", "anna", "--force", "--reason", "test"]).status == 0)
        let sealed = try cli.inWorkspace([
            "seal", "--output-directory", cli.work.file("out"), "-i", cli.work.file("anna.key"), "--key",
            cli.work.file("anna.minisign"),
        ])
        try #require(sealed.status == 0, "\(sealed.stderrText)")
        let bundle = cli.work.file("out/CASE-4_S01")
        let trust = ["--trust", cli.work.file("anna.json")] + reader
        let fromBundle = try cli.run(["play", "--bundle", bundle, "--list"] + trust)
        #expect(fromBundle.stdoutText.split(separator: "\n").count == 2, "\(fromBundle.stdoutText)")
        let guessed = try cli.run(["play", "--bundle", bundle] + trust, stdin: [])
        #expect(guessed.status != 0 && guessed.stderrText.contains("holds 2 recordings"))
        let named = try cli.run(["play", "--bundle", bundle, "--recording", "1"] + trust, stdin: [])
        #expect(named.status == 0 && named.stdout.count == 44 + 16_000 * 2, "\(named.stderrText)")

        // All of them, in order, as one stream: recording 1, a second of marker, recording 2.
        let all = try cli.run(["play", "--bundle", bundle, "--all"] + trust, stdin: [])
        #expect(all.status == 0, "\(all.stderrText)")
        #expect(all.stderrText.contains("playing 2 recordings as one stream, 00:04.000 in all"), "\(all.stderrText)")
        #expect(all.stderrText.contains("00:01.000  gap marker (two beeps):"), "\(all.stderrText)")
        #expect(all.stderrText.contains("not recorded between recordings 1 and 2"), "\(all.stderrText)")
        #expect(all.stderrText.contains("00:02.000  recording 2: 00:02.000 from"), "\(all.stderrText)")
        let pcm = Array(all.stdout.dropFirst(44))
        let second1 = 16_000 * 2
        try #require(all.stdout.count == 44 + 4 * second1)
        #expect(pcm[0..<second1] == named.stdout.dropFirst(44)[...], "recording 1 comes first, unchanged")
        #expect(pcm[(2 * second1)...] == second.stdout.dropFirst(44)[...], "recording 2 follows the marker, unchanged")
        let marker = pcm[second1..<(2 * second1)]
        func peak(_ seconds: Range<Double>) -> Int {
            let frames = Int(seconds.lowerBound * 16_000)..<Int(seconds.upperBound * 16_000)
            return frames.map { frame in
                let low = marker[marker.startIndex + 2 * frame]
                let high = marker[marker.startIndex + 2 * frame + 1]
                return abs(Int(Int16(bitPattern: UInt16(low) | UInt16(high) << 8)))
            }.max() ?? 0
        }
        #expect(peak(0.22..<0.33) > 3000 && peak(0.52..<0.63) > 3000, "two beeps at about -20 dBFS")
        #expect(peak(0..<0.2) == 0 && peak(0.36..<0.49) == 0 && peak(0.66..<1) == 0, "silence around them")
        let misused = try cli.run(["play", "--all", "--workspace", cli.work.file("ws")] + reader, stdin: [])
        #expect(misused.status != 0 && misused.stderrText.contains("add --bundle"), "\(misused.stderrText)")
    }
}
