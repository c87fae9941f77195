import Foundation
import Testing
import VitniKit
import VitniTestSupport

/// `vitni record` as an interviewer runs it: on a terminal, with a live status line, through
/// digital silence, full-scale clipping and the turns between silence and speech, while a
/// note is typed. Vitni 1.0 stopped with a trap at the first block of exact zeros.
@Suite struct RecorderTerminalCLITests {
    let cli: CLI
    let session: String

    /// The same interviewer and open session as `RecorderCLITests`.
    init() throws {
        let base = try RecorderCLITests()
        cli = base.cli
        session = base.session
    }

    /// 16 kHz mono int16 WAV: 3 s of the sample interview, 3 s of exact zeros, 1 s of speech,
    /// 0.5 s of a full-scale square wave, 1 s of speech. No dither anywhere (`-D`), so the zeros
    /// stay zeros.
    func difficultInput() throws -> String {
        let sox = try Peer.path("sox")
        let sample = Repository.root + "/samples/interview.flac"
        let parts = [
            ("speech1.wav", [sample, "-D", "PART", "trim", "1", "3"]),
            ("zeros.wav", ["-D", "-n", "-r", "16000", "-c", "1", "-b", "16", "PART", "trim", "0", "3"]),
            ("speech2.wav", [sample, "-D", "PART", "trim", "8", "1"]),
            (
                "square.wav",
                [
                    "-D", "-n", "-r", "16000", "-c", "1", "-b", "16", "PART", "synth", "0.5", "square", "440", "gain",
                    "-n", "0",
                ]
            ),
            ("speech3.wav", [sample, "-D", "PART", "trim", "20", "1"]),
        ]
        for (name, arguments) in parts {
            let made = try runProcess(sox, arguments.map { $0 == "PART" ? cli.work.file(name) : $0 })
            try #require(made.status == 0, "\(made.stderrText)")
        }
        let input = cli.work.file("difficult.wav")
        let joined = try runProcess(sox, ["-D"] + parts.map { cli.work.file($0.0) } + [input])
        try #require(joined.status == 0, "\(joined.stderrText)")
        let zeros = try runProcess(sox, [cli.work.file("zeros.wav"), "-t", "raw", "-"])
        try #require(zeros.stdout.count == 16_000 * 2 * 3 && zeros.stdout.allSatisfy { $0 == 0 }, "exact zeros")
        return input
    }

    /// The last `● REC m:ss.mmm` drawn, in milliseconds.
    static func lastElapsed(_ text: String) -> Int64? {
        guard let range = text.range(of: "● REC ", options: .backwards) else { return nil }
        return Offset.parse(String(text[range.upperBound...].prefix(while: { $0 != " " })))
    }

    @Test func silenceClippingAndATypedNoteOnATerminal() throws {
        let input = try difficultInput()
        let terminal = try PseudoTerminal(
            ["record", "--workspace", cli.work.file("ws"), "--as", "anna", "--input", input, "--realtime"],
            environment: ["VITNI_HOME": cli.home.path], directory: cli.work.path)
        // Begin the note two seconds in (during speech), finish it 1.5 s later, in the silence.
        let seen = try #require(
            terminal.waitUntil(timeout: .seconds(30)) { (Self.lastElapsed($0) ?? 0) >= 2_000 },
            "no status line: \(terminal.text)")
        let shownWhenTypingBegan = try #require(Self.lastElapsed(seen))
        terminal.type("P")
        Thread.sleep(forTimeInterval: 1.5)
        terminal.type("ause noted, child looked away\r")
        let status = terminal.exitStatus(timeout: .seconds(60))
        let drawn = terminal.text
        #expect(status == 0, "\(drawn)")
        #expect(drawn.contains("silent"), "the meter says digital silence")
        #expect(drawn.contains("CLIP"), "the meter says clipping")
        #expect(drawn.contains("recording 1 finalised"), "\(drawn)")
        #expect(!drawn.contains("Fatal error"))

        // While the note was being typed, every redraw of the status line drew it again below.
        let typing = try #require(drawn.range(of: "> P")).lowerBound
        let entered = try #require(drawn.range(of: "noted at")).lowerBound
        let redraws = drawn[typing..<entered].components(separatedBy: "● REC").dropFirst()
        #expect(redraws.count >= 4, "the status line went on during the 1.5 s of typing")
        for redraw in redraws.dropLast() {
            #expect(redraw.contains("> P"), "a status redraw left the typed note off the screen")
        }

        // The audio is the input, sample for sample.
        let flac = cli.work.file("1.flac")
        let decrypted = try cli.run([
            "decrypt", "-i", cli.work.file("anna.key"), "-o", flac, cli.work.file("ws/audio/\(session)/1.flac.age"),
        ])
        try #require(decrypted.status == 0, "\(decrypted.stderrText)")
        let sox = try Peer.path("sox")
        let recorded = try runProcess(sox, [flac, "-t", "raw", "-"]).stdout
        let original = try runProcess(sox, [input, "-t", "raw", "-"]).stdout
        #expect(recorded.count == original.count && recorded == original, "recorded audio differs from the input")

        // The note is dated by its first keystroke (the status shown then lags by at most 0.25 s).
        let notes = try cli.inWorkspace(["notes", "-i", cli.work.file("anna.key"), "--json"])
        try #require(notes.status == 0, "\(notes.stderrText)")
        let line = try #require(notes.stdoutText.split(separator: "\n").first)
        let note = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(note["text"] as? String == "Pause noted, child looked away")
        let offset = try #require((note["offset_ms"] as? NSNumber)?.int64Value, "\(note)")
        #expect(
            abs(offset - shownWhenTypingBegan) <= 250,
            "offset \(offset) ms; typing began when \(shownWhenTypingBegan) ms was shown")
    }

    @Test func checkSaysSilenceAndClippingAndKeepsNothing() throws {
        let sox = try Peer.path("sox")
        let silent = cli.work.file("silent.wav")
        let square = cli.work.file("square.wav")
        #expect(
            try runProcess(sox, ["-D", "-n", "-r", "48000", "-c", "1", "-b", "16", silent, "trim", "0", "2"]).status
                == 0)
        #expect(
            try runProcess(
                sox,
                [
                    "-D", "-n", "-r", "48000", "-c", "1", "-b", "16", square, "synth", "2", "square", "440", "gain",
                    "-n", "0",
                ]
            )
            .status == 0)
        let before = try FileManager.default.subpathsOfDirectory(atPath: cli.work.file("ws"))

        let muted = try cli.run(["record", "--check", "--input", silent, "--check-seconds", "1"])
        #expect(muted.status == 1)
        #expect(muted.stderrText.contains("digital silence"), "\(muted.stderrText)")
        let clipping = try cli.run(["record", "--check", "--input", square, "--check-seconds", "1"])
        #expect(clipping.status == 1)
        #expect(clipping.stderrText.contains("clipping"), "\(clipping.stderrText)")
        let speech = try cli.run([
            "record", "--check", "--input", Repository.root + "/samples/interview.flac", "--check-seconds", "3",
        ])
        #expect(speech.status == 0, "\(speech.stderrText)")
        #expect(speech.stdoutText.contains("00:03.000 measured"), "\(speech.stdoutText)")
        #expect(speech.stdoutText.contains("looks usable"))
        #expect(try FileManager.default.subpathsOfDirectory(atPath: cli.work.file("ws")) == before, "nothing kept")
    }

    /// ALSA's own configuration always defines `null`, a capture device that yields zeros.
    @Test func listedDevicesCanBeChecked() throws {
        let listed = try cli.run(["record", "--list-devices"])
        #expect(listed.status == 0)
        #expect(listed.stdoutText.split(separator: "\n").contains { $0.hasPrefix("alsa:null") }, "\(listed.stdoutText)")
        let checked = try cli.run(["record", "--check", "--input", "alsa:null", "--check-seconds", "0.5"])
        #expect(checked.status == 1)
        #expect(checked.stderrText.contains("digital silence"), "\(checked.stderrText)")
    }

    @Test func aCrashedRecordingSaysHowToRecover() throws {
        let process = try Process.launch(
            Repository.vitniBinary,
            [
                "record", "--workspace", cli.work.file("ws"), "--as", "anna", "--input",
                Repository.root + "/samples/interview.flac", "--realtime", "--quiet",
            ],
            environment: ["VITNI_HOME": cli.home.path], errorLog: cli.work.file("record.err"))
        let live = cli.work.file("ws/audio/\(session)/1.pcm.age")
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: live) && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        Thread.sleep(forTimeInterval: 0.5)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let again = try cli.inWorkspace(["record", "--as", "anna", "--input", "-"])
        #expect(again.status != 0)
        #expect(again.stderrText.contains("vitni recover --session \(session)"), "\(again.stderrText)")
        let recovered = try cli.inWorkspace(["recover", "--session", session])
        #expect(recovered.status == 0, "\(recovered.stderrText)")
    }
}
