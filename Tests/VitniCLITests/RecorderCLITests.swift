import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

@Suite struct RecorderCLITests {
    let cli: CLI
    let session = "CASE-9_S01"

    init() throws {
        cli = try CLI()
        try cli.person("anna", .interviewer)
        try #require(try cli.run(["init", cli.work.file("ws")]).status == 0)
        let started = try cli.inWorkspace([
            "session", "start", "--case", "CASE-9", "--protocol", "nichd-revised", "--interviewer", "anna",
            "--language", "en",
        ])
        try #require(started.status == 0, "\(started.stderrText)")
    }

    func audioFile(_ number: Int) -> String { cli.work.file("ws/audio/\(session)/\(number).pcm.age") }

    func decrypt(_ number: Int) throws -> [UInt8] {
        let result = try cli.run(["decrypt", "-i", cli.work.file("anna.key"), audioFile(number)])
        try #require(result.status == 0, "\(result.stderrText)")
        return result.stdout
    }

    @Test func rawStandardInputRoundTripsByteExactThenFinalisesToFLAC() throws {
        let audio = testBytes(count: 48_000 * 4 * 3 + 4 * 7)  // 3 s and 7 frames of 48 kHz stereo int16
        let piped = try cli.run(
            [
                "record", "--workspace", cli.work.file("ws"), "--as", "anna", "--rate", "48000", "--channels", "2",
                "--quiet",
                "--no-finalise",
            ],
            stdin: audio)
        #expect(piped.status == 0, "\(piped.stderrText)")
        #expect(try decrypt(1) == audio)
        let finalised = try cli.inWorkspace(["finalise", "-i", cli.work.file("anna.key")])
        #expect(finalised.status == 0, "\(finalised.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: audioFile(1)), "the raw capture goes once the FLAC is verified")
        let flac = try cli.run([
            "decrypt", "-i", cli.work.file("anna.key"), "-o", cli.work.file("1.flac"),
            cli.work.file("ws/audio/\(session)/1.flac.age"),
        ])
        #expect(flac.status == 0)
        let decoded = try runProcess(try Peer.path("sox"), [cli.work.file("1.flac"), "-t", "raw", "-"])
        #expect(decoded.stdout == audio)
    }

    /// Kills the recorder at random moments (and tears its last writes, as a power cut would),
    /// then recovers: every time the audio is the input's first N frames exactly, and N covers
    /// everything captured but the last second.
    @Test func recoverAfterKillNeverLosesMoreThanASecond() throws {
        let rate = 48_000
        let frameBytes = 4
        let input = testBytes(count: rate * frameBytes * 4, seed: 99)
        let inputPath = try cli.work.write("input.raw", input)
        var generator = SeededGenerator.forCrashTest("recoverAfterKillNeverLosesMoreThanASecond")
        for round in 1...8 {
            let process = try Process.launch(
                Repository.vitniBinary,
                [
                    "record", "--workspace", cli.work.file("ws"), "--as", "anna", "--input", inputPath, "--realtime",
                    "--rate", String(rate), "--channels", "2", "--quiet",
                ],
                environment: ["VITNI_HOME": cli.home.path], errorLog: cli.work.file("record-\(round).err"))
            let live = audioFile(round)
            let deadline = Date().addingTimeInterval(30)
            // Thread.sleep, not Task.sleep: the kill must come on time even when the test
            // runner's threads are all busy, or the recorder finishes first.
            while !FileManager.default.fileExists(atPath: live) && Date() < deadline && process.isRunning {
                Thread.sleep(forTimeInterval: 0.005)
            }
            try #require(
                FileManager.default.fileExists(atPath: live),
                "round \(round): the recorder made no live file: \((try? String(contentsOfFile: cli.work.file("record-\(round).err"), encoding: .utf8)) ?? "")"
            )
            let started = Date()
            Thread.sleep(forTimeInterval: Double(Int.random(in: 200...1600, using: &generator)) / 1000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let elapsed = Date().timeIntervalSince(started)
            // A power cut tears the one write in flight: cut into the last sealed chunk, or
            // (in other rounds) scribble over part of the tail file.
            if round % 2 == 0, let size = try? FileManager.default.attributesOfItem(atPath: live)[.size] as? Int {
                // The header and nonce were made durable before any audio: the cut falls after them.
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: live)))
                let header = try #require(try Age.Header.parse(bytes, isComplete: true)).1 + 16
                let cut = Int.random(
                    in: max(header, size - Age.ChunkSealer.sealedChunkLength)...size, using: &generator)
                #expect(truncate(live, off_t(cut)) == 0)
            }
            if round % 3 == 0, round % 2 == 1, let tail = FileHandle(forUpdatingAtPath: live + ".tail") {
                let length = try tail.seekToEnd()
                if length > 0 {
                    try tail.seek(toOffset: UInt64.random(in: 0..<length, using: &generator))
                    try tail.write(contentsOf: Data(testBytes(count: 512, seed: UInt64(round))))
                }
                try tail.close()
            }
            let recovered = try cli.inWorkspace(["recover", "--session", session])
            try #require(recovered.status == 0, "round \(round): \(recovered.stderrText)")
            let audio = try decrypt(round)
            #expect(audio.count % frameBytes == 0)
            #expect(
                Array(input.prefix(audio.count)) == audio, "round \(round): recovered audio is the input's beginning")
            let capturedAtMost = Int(elapsed * Double(rate)) + rate / 10
            let lost = Double(capturedAtMost - audio.count / frameBytes) / Double(rate)
            #expect(lost <= 1.0, "round \(round): \(lost) s lost after \(elapsed) s")
        }
    }

    @Test func sealedOrClosedSessionIsRefusedAndNothingIsCreated() throws {
        #expect(
            try cli.inWorkspace([
                "session", "close", "--as", "anna", "--session", session, "--force", "--reason", "test session",
            ]).status == 0)
        let refused = try cli.run(
            ["record", "--workspace", cli.work.file("ws"), "--as", "anna", "--session", session, "--quiet"],
            stdin: [1, 2, 3, 4])
        #expect(refused.status == 2)
        #expect(refused.stderrText.contains("closed"), "\(refused.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: audioFile(1)))
    }

    @Test func inputEndingInsideAFrameIsReportedAndTheRestKept() throws {
        let audio = testBytes(count: 48_000 * 4 + 3)
        let result = try cli.run(
            [
                "record", "--workspace", cli.work.file("ws"), "--as", "anna", "--rate", "48000", "--channels", "2",
                "--quiet",
            ],
            stdin: audio)
        #expect(result.status != 0)
        #expect(result.stderrText.contains("inside a frame"), "\(result.stderrText)")
        #expect(try decrypt(1) == Array(audio.prefix(48_000 * 4)))
    }

    /// A full disk stops the recording cleanly: what reached the disk is kept (a valid encrypted
    /// file, the input's exact beginning), the ending is recorded, and the user is told. The
    /// workspace sits on a 2 MiB tmpfs where the machine allows mounting; otherwise a file-size
    /// limit (EFBIG) stands in for ENOSPC.
    @Test func fullDiskKeepsWhatWasWrittenAndSaysSo() throws {
        let small = try TemporaryDirectory()
        let mounted =
            try runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", small.path]).status == 0
        defer { if mounted { _ = try? runProcess("/bin/umount", [small.path]) } }
        let workspace = small.file("ws")
        try #require(try cli.run(["init", workspace]).status == 0)
        let started = try cli.run([
            "session", "start", "--workspace", workspace, "--case", "FULL", "--protocol", "nichd-revised",
            "--interviewer", "anna",
        ])
        try #require(started.status == 0, "\(started.stderrText)")
        let audio = testBytes(count: 48_000 * 4 * 20, seed: 7)  // 20 s of 48 kHz stereo: more than the disk holds
        let input = try cli.work.write("long.raw", audio)
        var arguments = [
            Repository.vitniBinary, "record", "--workspace", workspace, "--as", "anna", "--input", input,
            "--rate", "48000", "--channels", "2", "--quiet",
        ]
        if !mounted { arguments = [try Peer.path("prlimit"), "--fsize=2500000", "--"] + arguments }
        let result = try runProcess(
            arguments[0], Array(arguments.dropFirst()), environment: ["VITNI_HOME": cli.home.path])
        #expect(result.status != 0)
        #expect(result.stderrText.contains("disk is full"), "\(result.stderrText)")
        let shown = try cli.run(["show", "--workspace", workspace, "FULL_S01"])
        #expect(shown.stdoutText.contains("state:      open"), "\(shown.stdoutText)")
        let decrypted = try cli.run([
            "decrypt", "-i", cli.work.file("anna.key"), workspace + "/audio/FULL_S01/1.pcm.age",
        ])
        try #require(decrypted.status == 0, "\(decrypted.stderrText)")
        #expect(decrypted.stdout.count > 48_000, "some audio was kept")
        #expect(decrypted.stdout == Array(audio.prefix(decrypted.stdout.count)))
    }
}
