import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// A workspace with one session (anna interviews, olle observes) for transcript commands.
struct TranscriptCLIFixture {
    let cli: CLI
    let session = "CASE-7_S01"

    init(language: String = "en") throws {
        cli = try CLI()
        try cli.person("anna", .interviewer)
        try cli.person("olle", .observer)
        try cli.person("eve", .defence)
        let initialised = try cli.run(["init", cli.work.file("ws")])
        try #require(initialised.status == 0, "\(initialised.stderrText)")
        let started = try cli.inWorkspace([
            "session", "start", "--case", "CASE-7", "--protocol", "nichd-revised", "--interviewer", "anna",
            "--observer", "olle", "--child-ref", "child 1", "--language", language,
        ])
        try #require(started.status == 0, "\(started.stderrText)")
    }

    /// Writes `text` to a file in the work directory and imports it as anna.
    func importFile(_ name: String, _ text: String, _ extra: [String] = []) throws -> ProcessResult {
        let path = try cli.work.write(name, text)
        return try cli.inWorkspace(["transcript", "import", "--as", "anna", "--session", session, path] + extra)
    }

    func export(_ extra: [String], as person: String = "olle") throws -> ProcessResult {
        try cli.inWorkspace(
            ["transcript", "export", "--session", session, "-i", cli.work.file(person + ".key")] + extra)
    }
}

@Suite struct TranscriptCLITests {
    let f: TranscriptCLIFixture
    init() throws { f = try TranscriptCLIFixture() }

    let sample = Transcript(
        metadata: .init(language: "en"),
        utterances: [
            Utterance(start: 500, end: 2_250, speaker: .interviewer, text: "Tell me about the day at the lake."),
            Utterance(start: 2_800, end: 6_000, speaker: .child, text: "We swam (1.5) and [inaudible] ((laughs))."),
            Utterance(start: 5_500, end: 6_400, speaker: .interviewer, text: "Mm-hm."),
            Utterance(start: 7_000, end: 9_125, speaker: .observer(1), text: "Ask about the car & the <boat>."),
        ])

    @Test(arguments: [TranscriptFormat.webVTT, .srt, .eaf, .plainText])
    func importsEachFormatAndExportsEachFormatUnchanged(_ format: TranscriptFormat) throws {
        let suffix = ["webvtt": "vtt", "srt": "srt", "eaf": "eaf", "text": "txt"][format.rawValue]!
        let imported = try f.importFile("input." + suffix, sample.rendered(as: format))
        #expect(imported.status == 0, "\(imported.stderrText)")
        #expect(imported.stdoutText.contains("imported 4 utterances (\(format.displayName), human)"))
        #expect(imported.stderrText.contains("times not checked"), "no recording yet: the check was not possible")
        for out in TranscriptFormat.allCases {
            let exported = try f.export(["--format", out.rawValue])
            #expect(exported.status == 0, "\(exported.stderrText)")
            let back = try Transcript.parse(exported.stdoutText, format: out)
            #expect(back.utterances == sample.utterances, "\(format.rawValue) in, \(out.rawValue) out")
            if out != .srt { #expect(back.metadata.source == "human") }
        }
    }

    @Test func exportWritesAPrivateFileAndCourtFormatsCarryTheSessionHeader() throws {
        #expect(try f.importFile("t.vtt", sample.rendered(as: .webVTT), ["--source", "machine"]).status == 0)
        let path = f.cli.work.file("out.srt")
        #expect(try f.export(["--format", "srt", "-o", path]).status == 0)
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(try Transcript.parse(String(contentsOfFile: path, encoding: .utf8), format: .srt).utterances.count == 4)

        let court = try f.export(["--format", "court", "--place", "Barnahus Lund"])
        #expect(court.status == 0, "\(court.stderrText)")
        for fact in ["CASE-7", "CASE-7_S01", "Barnahus Lund", "anna", "olle", "unverified machine transcript", "OBS-1"]
        {
            #expect(court.stdoutText.contains(fact), "court text lacks \(fact)")
        }
        #expect(court.stdoutText.contains("    1 00:00:00 INT: Tell me about the day"))
        #expect(!court.stdoutText.contains("child 1"), "the child reference is never printed")
        let html = try f.export(["--format", "court-html"])
        #expect(html.stdoutText.hasPrefix("<!DOCTYPE html>"))
        #expect(html.stdoutText.contains("the car &amp; the &lt;boat&gt;"))
    }

    @Test func malformedFilesAreRejectedWithFileAndLine() throws {
        let bad = "WEBVTT\n\n1\n00:00:01.000 -> 00:00:02.000\n<v INT>Hello\n"
        let result = try f.importFile("bad.vtt", bad)
        #expect(result.status == 1)
        #expect(result.stderrText.contains("bad.vtt:4: WebVTT: "), "\(result.stderrText)")
        let noSpeaker = try f.importFile("plain.srt", "1\n00:00:01,000 --> 00:00:02,000\nno label here\n")
        #expect(noSpeaker.status == 1)
        #expect(noSpeaker.stderrText.contains("plain.srt:3: SRT: "), "\(noSpeaker.stderrText)")
        let defaulted = try f.importFile(
            "plain2.srt", "1\n00:00:01,000 --> 00:00:02,000\nno label here\n", ["--speaker-default", "CHILD"])
        #expect(defaulted.status == 0, "\(defaulted.stderrText)")
        let unknown = try f.importFile("notes.doc", sample.rendered(as: .webVTT))
        #expect(unknown.status == 64)
        #expect(unknown.stderrText.contains("--format"))
        let list = try f.cli.inWorkspace(["transcript", "list", "--session", f.session])
        #expect(list.stdoutText.split(separator: "\n").count == 1, "only the good import is stored")
    }

    @Test func aTranscriptLongerThanTheRecordingIsRejectedNamingTheCue() throws {
        let audio = testBytes(count: 16_000 * 2 * 2)  // 2 s, 16 kHz mono s16le
        let recorded = try f.cli.run(
            [
                "record", "--workspace", f.cli.work.file("ws"), "--as", "anna", "--session", f.session, "--rate",
                "16000",
                "--channels", "1", "--quiet",
            ], stdin: audio)
        try #require(recorded.status == 0, "\(recorded.stderrText)")
        let long =
            "WEBVTT\n\n00:00:00.500 --> 00:00:01.500\n<v INT>Hi.\n\n00:00:01.600 --> 00:00:02.500\n<v CHILD>Hello.\n"
        let rejected = try f.importFile("long.vtt", long)
        #expect(rejected.status == 1)
        #expect(rejected.stderrText.contains("long.vtt: utterance 2:"), "\(rejected.stderrText)")
        #expect(rejected.stderrText.contains("00:00:02.500"))
        #expect(rejected.stderrText.contains("ends after the recording, which is 00:00:02.000 long"))
        let fitting = try f.importFile("fit.vtt", long.replacingOccurrences(of: "00:00:02.500", with: "00:00:01.950"))
        #expect(fitting.status == 0, "\(fitting.stderrText)")
        #expect(fitting.stdoutText.contains("times checked against recording 1 (00:02.000)"))
    }

    @Test func readingNeedsAnIdentityTheTranscriptIsSealedTo() throws {
        #expect(try f.importFile("t.vtt", sample.rendered(as: .webVTT)).status == 0)
        let outsider = try f.export([], as: "eve")
        #expect(outsider.status == 1)
        #expect(!outsider.stdoutText.contains("lake"))
        #expect(try CanarySearch.files(under: f.cli.work.file("ws"), containing: "day at the lake").isEmpty)
        let stale = try f.export(["--redacted"])
        #expect(stale.status == 2)
        #expect(stale.stderrText.contains("vitni redact"))
    }
}
