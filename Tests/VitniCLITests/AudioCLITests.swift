import Foundation
import Testing
import VitniAudio
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// Real audio through the recorder, import and player, made with sox and espeak-ng in the test.
@Suite struct AudioCLITests {
    let cli: CLI
    let session = "CASE-5_S01"

    init() throws {
        cli = try CLI()
        try cli.person("anna", .interviewer)
        try #require(try cli.run(["init", cli.work.file("ws")]).status == 0)
        let started = try cli.inWorkspace([
            "session", "start", "--case", "CASE-5", "--protocol", "nichd-revised", "--interviewer", "anna",
            "--language", "en",
        ])
        try #require(started.status == 0, "\(started.stderrText)")
    }

    /// Raw little-endian PCM of an audio file, as sox decodes it.
    func samples(_ path: String) throws -> [UInt8] {
        let result = try runProcess(try Peer.path("sox"), [path, "-t", "raw", "-"])
        try #require(result.status == 0, "\(result.stderrText)")
        return result.stdout
    }

    func sox(_ arguments: [String]) throws {
        let result = try runProcess(try Peer.path("sox"), ["-D"] + arguments)
        try #require(result.status == 0, "\(result.stderrText)")
    }

    func decrypt(_ relative: String) throws -> String {
        let target = cli.work.file(
            "out-" + URL(fileURLWithPath: relative).lastPathComponent.replacingOccurrences(of: ".age", with: ""))
        let result = try cli.run([
            "decrypt", "-i", cli.work.file("anna.key"), "-o", target, cli.work.file("ws/" + relative),
        ])
        try #require(result.status == 0, "\(result.stderrText)")
        return target
    }

    struct Case: Sendable, CustomStringConvertible {
        var rate: Int, channels: Int, bits: Int, container: String
        var description: String { "\(rate) Hz \(channels) ch \(bits)-bit \(container)" }
    }

    /// Every rate, channel count, bit depth and container at least once, and the combinations a
    /// Barnahus records in; RoundTripTests (VitniAudio) runs the full matrix through the codec.
    static let matrix: [Case] = [
        Case(rate: 16_000, channels: 1, bits: 16, container: "flac"),
        Case(rate: 44_100, channels: 2, bits: 24, container: "wav"),
        Case(rate: 48_000, channels: 2, bits: 16, container: "flac"),
        Case(rate: 48_000, channels: 1, bits: 24, container: "wav"),
        Case(rate: 48_000, channels: 2, bits: 24, container: "flac"),
    ]

    /// Speech over a tone, piped as WAV into `vitni record`, finalised, decrypted, decoded:
    /// the samples are the input's exactly.
    @Test(arguments: matrix)
    func recordedAudioRoundTripsSampleExact(_ format: Case) throws {
        let speech = cli.work.file("speech.wav")
        let espeak = try runProcess(
            try Peer.path("espeak-ng"), ["-w", speech, "Tell me about the day you went to the lake."])
        try #require(espeak.status == 0)
        let input = cli.work.file("input.wav")
        try sox([speech, "-r", String(format.rate), "-c", String(format.channels), "-b", String(format.bits), input])
        let recorded = try cli.run(
            ["record", "--workspace", cli.work.file("ws"), "--as", "anna", "--quiet", "--format", format.container],
            stdin: Array(try Data(contentsOf: URL(fileURLWithPath: input))))
        try #require(recorded.status == 0, "\(recorded.stderrText)")
        let output = try decrypt("audio/\(session)/1.\(format.container).age")
        if format.container == "flac" {
            #expect(
                try runProcess(try Peer.path("flac"), ["-t", "-s", output]).status == 0,
                "flac -t checks STREAMINFO's MD5")
        }
        let decoded = try AudioDecoder(path: output)
        #expect(decoded.format.sampleRate == format.rate && decoded.format.channels == format.channels)
        #expect(decoded.format.encoding.bitDepth == format.bits)
        #expect(try samples(output) == samples(input))
    }

    @Test func importedFileIsEncryptedHashedAndRemovedOnlyWhenAskedAndVerified() throws {
        let input = cli.work.file("tone.flac")
        try sox(["-n", "-r", "44100", "-c", "2", "-b", "24", input, "synth", "2", "sine", "440", "sine", "660"])
        let original = try samples(input)
        let digest = Hex.encode(Hashing.sha256(Array(try Data(contentsOf: URL(fileURLWithPath: input)))))
        let imported = try cli.inWorkspace(["import-audio", input, "--session", session])
        #expect(imported.status == 0, "\(imported.stderrText)")
        #expect(imported.stdoutText.contains(digest), "the source's SHA-256 is reported")
        #expect(FileManager.default.fileExists(atPath: input), "kept without --remove-source")
        #expect(try samples(decrypt("audio/\(session)/1.flac.age")) == original)
        let removed = try cli.inWorkspace(["import-audio", input, "--session", session, "--remove-source"])
        #expect(removed.status == 0, "\(removed.stderrText)")
        #expect(removed.stderrText.contains("copy-on-write"))
        #expect(!FileManager.default.fileExists(atPath: input))
        #expect(try samples(decrypt("audio/\(session)/2.flac.age")) == original)
    }

    @Test func playWritesTheRequestedSpanAsWAV() throws {
        let input = cli.work.file("tone.wav")
        try sox(["-n", "-r", "16000", "-c", "1", "-b", "16", input, "synth", "3", "sine", "300"])
        #expect(try cli.inWorkspace(["import-audio", input]).status == 0)
        let played = try cli.inWorkspace(["play", "-i", cli.work.file("anna.key"), "--from", "1", "--to", "2.5"])
        #expect(played.status == 0, "\(played.stderrText)")
        let wav = try cli.work.write("played.wav", played.stdout)
        let expected = try runProcess(try Peer.path("sox"), [input, "-t", "raw", "-", "trim", "1", "1.5"]).stdout
        #expect(try samples(wav) == expected)
    }

    @Test(arguments: [
        ("empty", [UInt8]()), ("not audio", Array("this is not a recording at all".utf8)),
        ("corrupt wav", Array("RIFF\u{10}\0\0\0WAVEfmt garbage garbage".utf8)),
    ])
    func badInputIsRefusedClearlyAndNothingIsLeft(_ name: String, _ bytes: [UInt8]) throws {
        let path = try cli.work.write("bad.wav", bytes)
        let imported = try cli.inWorkspace(["import-audio", path])
        #expect(imported.status != 0)
        #expect(imported.stderrText.contains(path), "\(name): the message names the file: \(imported.stderrText)")
        let recorded = try cli.run(
            ["record", "--workspace", cli.work.file("ws"), "--as", "anna", "--quiet"], stdin: bytes)
        #expect(recorded.status != 0, "\(name)")
        #expect(recorded.stderrText.contains("<stdin>"), "\(name): \(recorded.stderrText)")
        let listed =
            ((try? FileManager.default.contentsOfDirectory(atPath: cli.work.file("ws/audio/\(session)"))) ?? [])
        #expect(listed.isEmpty, "nothing is left from bad input: \(listed)")
        let show = try cli.inWorkspace(["show", session])
        #expect(show.stdoutText.contains("state:      open"), "the session is open again")
    }

    /// A distinctive pattern recorded live is never on disk in the clear, while recording or after.
    @Test func audioCanaryIsNeverOnDisk() throws {
        var pattern: [UInt8] = []
        for index in 0..<4_000 { pattern += [0x7A, 0x11, UInt8(index & 0xFF), 0x5C] }
        let audio = Array((0..<12).map { _ in pattern }.joined())  // 1 s of 48 kHz stereo s16
        let input = try cli.work.write("canary.raw", audio)
        let process = try Process.launch(
            Repository.vitniBinary,
            [
                "record", "--workspace", cli.work.file("ws"), "--as", "anna", "--input", input, "--realtime", "--rate",
                "48000",
                "--channels", "2", "--quiet",
            ],
            environment: ["VITNI_HOME": cli.home.path])
        let needle = Array(pattern[0..<64])
        Thread.sleep(forTimeInterval: 0.6)
        let during = try filesContaining(needle)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(during.isEmpty, "plaintext audio on disk while recording: \(during)")
        #expect(try filesContaining(needle).isEmpty)
        #expect(try filesContaining(Array("fLaC".utf8)).isEmpty, "no unencrypted FLAC either")
        let output = try decrypt("audio/\(session)/1.flac.age")
        #expect(try samples(output) == audio)
    }

    /// `--input alsa:DEVICE` through ALSA's own `file` plugin over the `null` device (no sound
    /// card): the recording starts with the plugin's input file, sample for sample, and Ctrl-C
    /// (SIGINT) stops it cleanly.
    @Test func alsaCaptureThroughTheFilePlugin() throws {
        let input = cli.work.file("alsa-in.raw")
        try sox([
            "-n", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed", "-t", "raw", input, "synth", "1", "sine", "440",
        ])
        let home = try TemporaryDirectory()
        _ = try home.write(
            ".asoundrc",
            """
            pcm.vitnitest {
                type file
                slave.pcm "null"
                file "/dev/null"
                infile "\(input)"
                format "raw"
            }
            """)
        let process = try Process.launch(
            Repository.vitniBinary,
            [
                "record", "--workspace", cli.work.file("ws"), "--as", "anna", "--input", "alsa:vitnitest", "--rate",
                "16000",
                "--channels", "1", "--quiet",
            ],
            environment: ["VITNI_HOME": cli.home.path, "HOME": home.path])
        Thread.sleep(forTimeInterval: 1.0)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let recorded = try samples(decrypt("audio/\(session)/1.flac.age"))
        let expected = Array(try Data(contentsOf: URL(fileURLWithPath: input)))
        #expect(recorded.count >= expected.count)
        #expect(Array(recorded.prefix(expected.count)) == expected)
        let shown = try cli.inWorkspace(["show", session])
        #expect(shown.stdoutText.contains("state:      open"), "the session is open again after Ctrl-C")
    }

    func filesContaining(_ needle: [UInt8]) throws -> [String] {
        var hits: [String] = []
        let root = cli.work.file("ws")
        for relative in FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [] {
            guard let data = FileManager.default.contents(atPath: root + "/" + relative) else { continue }
            if CanarySearch.contains(Array(data), needle) { hits.append(relative) }
        }
        return hits
    }
}
