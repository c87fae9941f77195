import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

/// `vitni transcribe`: the recording goes as WAV through a pipe into an engine (fake ones written
/// here, and the shipped pocketsphinx adapter), whose WebVTT comes back as a machine draft.
@Suite struct TranscribeCLITests {
    let f: TranscriptCLIFixture
    init() throws { f = try TranscriptCLIFixture() }

    /// Two seconds of 16 kHz mono 16-bit audio: 64 000 bytes of PCM, a 64 044-byte WAV.
    static let frames = 32_000
    let audio = testBytes(count: frames * 2, seed: 0x70_4E_4E)

    func record(_ pcm: [UInt8]) throws {
        let recorded = try f.cli.run(
            [
                "record", "--workspace", f.cli.work.file("ws"), "--as", "anna", "--session", f.session, "--rate",
                "16000", "--channels", "1", "--quiet",
            ], stdin: pcm)
        try #require(recorded.status == 0, "\(recorded.stderrText)")
    }

    /// Writes an executable engine script into the work directory and returns its path.
    func engine(_ name: String, _ body: String) throws -> String {
        let path = try f.cli.work.write(name, "#!/bin/sh\nset -eu\n" + body)
        chmod(path, 0o700)
        return path
    }

    func transcribe(_ engine: String, _ extra: [String] = []) throws -> ProcessResult {
        try f.cli.inWorkspace(
            [
                "transcribe", "--as", "anna", "--session", f.session, "-i", f.cli.work.file("anna.key"), "--engine",
                engine,
            ] + extra)
    }

    /// `vitni transcript list`'s rows (none when it says there are no transcripts).
    func storedVersions() throws -> [Substring] {
        let list = try f.cli.inWorkspace(["transcript", "list", "--session", f.session])
        #expect(list.status == 0, "\(list.stderrText)")
        return list.stdoutText.split(separator: "\n").filter { !$0.hasPrefix("no transcripts in ") }
    }

    /// A shell check that standard input is exactly the recording as WAV: `RIFF`, `WAVE`, then
    /// 44 + frames × 2 bytes in all, and (when given) the PCM's SHA-256.
    static func wavCheck(frames: Int = frames, sha256: String? = nil) -> String {
        let digest = sha256.map {
            "[ \"$(sha256sum | cut -d' ' -f1)\" = \($0) ] || { echo 'pcm differs' >&2; exit 5; }\n"
        }
        return """
            riff=$(dd bs=1 count=4 2>/dev/null); dd bs=1 count=4 >/dev/null 2>&1; wave=$(dd bs=1 count=4 2>/dev/null)
            [ "$riff" = RIFF ] && [ "$wave" = WAVE ] || { echo 'not a WAV' >&2; exit 5; }
            dd bs=1 count=32 >/dev/null 2>&1

            """
                + (digest
                    ?? "n=$(wc -c); [ $((n + 44)) -eq \(44 + frames * 2) ] || { echo \"length $n\" >&2; exit 5; }\n")
    }

    @Test func aFakeEngineGetsTheWAVThroughAPipeAndItsWebVTTIsImportedAsAMachineDraft() throws {
        try record(audio)
        let script = try engine(
            "fake-engine",
            Self.wavCheck() + """
                printf 'WEBVTT\\n\\n00:00:00.200 --> 00:00:00.900\\nhello there\\n\\n'
                printf '00:00:01.000 --> 00:00:01.800\\n<v CHILD>machine words\\n'
                """)
        let result = try transcribe(script, ["--speaker-default", "INT"])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.contains("transcribed 2 utterances"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("unverified machine transcript"))
        #expect(result.stderrText.contains("draft"))
        let versions = try storedVersions()
        #expect(versions.count == 1)
        #expect(versions.first?.contains("unverified machine transcript") == true, "\(versions)")
        let exported = try f.export(["--format", "webvtt"])
        #expect(exported.status == 0, "\(exported.stderrText)")
        let back = try Transcript.parse(exported.stdoutText, format: .webVTT)
        #expect(back.metadata.source == Transcript.Metadata.unverifiedMachine)
        #expect(
            back.utterances.map { "\($0.start)-\($0.end) \($0.speaker.token): \($0.text)" } == [
                "200-900 INT: hello there", "1000-1800 CHILD: machine words",
            ])
    }

    /// An engine that writes far more than a pipe holds before it reads its input: the feed and
    /// the readers run side by side, so neither waits for the other.
    @Test func anEngineThatWritesBeforeItReadsDoesNotDeadlock() throws {
        let long = testBytes(count: 10 * 16_000 * 2, seed: 0x10)  // 320 000 bytes: more than a pipe holds
        try record(long)
        let script = try engine(
            "chatty-engine",
            "printf 'WEBVTT\\n\\n'\ni=0; while [ $i -lt 20000 ]; do printf 'NOTE padding %05d\\n\\n' $i; i=$((i + 1)); done\n"
                + Self.wavCheck(frames: long.count / 2)
                + "printf '00:00:00.100 --> 00:00:00.500\\n<v INT>after the notes\\n'\n")
        let result = try transcribe(script, ["--timeout", "120"])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.contains("transcribed 1 utterance into"), "\(result.stdoutText)")
    }

    @Test func srtOutputIsReadWithFormatSRT() throws {
        try record(audio)
        let script = try engine(
            "srt-engine", "cat >/dev/null\nprintf '1\\n00:00:00,100 --> 00:00:01,000\\nINT: srt words\\n'\n")
        let result = try transcribe(script, ["--format", "srt"])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(try storedVersions().count == 1)
        let wrongFormat = try transcribe(script, ["--format", "eaf"])
        #expect(wrongFormat.status == 64)
    }

    /// Each failing engine: its body, the exit status vitni gives, and what its error must say.
    static let failures: [(body: String, status: Int32, message: String)] = [
        (
            "cat >/dev/null\necho 'SPOKEN-CANARY words' >&2\necho 'model file missing' >&2\nexit 3\n", 2,
            "engine 'failing' failed with exit status 3; its last message: model file missing"
        ),
        ("cat >/dev/null\necho 'SPOKEN-CANARY 00:00 nonsense -> x'\n", 1, "the output of engine 'failing':1: WebVTT: "),
        (
            "cat >/dev/null\nprintf 'WEBVTT\\n\\n00:00:01.000 --> 00:00:05.000\\n<v INT>SPOKEN-CANARY\\n'\n", 1,
            "the output of engine 'failing': utterance 1"
        ),
        ("cat >/dev/null\n", 2, "engine 'failing' wrote nothing on standard output"),
        ("cat >/dev/null\nprintf 'WEBVTT\\n'\n", 2, "engine 'failing' recognised no speech in recording 1"),
        ("cat >/dev/null\nyes 'NOTE SPOKEN-CANARY'\n", 2, "engine 'failing' wrote more than 32 MiB and was stopped"),
        ("cat >/dev/null\nsleep 60\necho WEBVTT\n", 2, "engine 'failing' did not finish within 1 s"),
        (
            "cat >/dev/null\nprintf 'WEBVTT\\n\\n00:00:00.100 --> 00:00:00.500\\nno voice\\n'\n", 1,
            "the output of engine 'failing'"
        ),
    ]

    @Test(arguments: 0..<failures.count)
    func aFailingEngineIsReportedClearlyWithoutItsTextAndNothingIsImported(_ index: Int) throws {
        try record(audio)
        let failure = Self.failures[index]
        let script = try engine("failing", failure.body)
        let started = Date()
        let result = try transcribe(script, ["--timeout", "1"])
        #expect(result.status == failure.status, "\(result.stderrText)")
        #expect(result.stderrText.contains(failure.message), "\(result.stderrText)")
        #expect(!result.stderrText.contains("SPOKEN-CANARY"), "the engine's text never reaches an error")
        #expect(!result.stdoutText.contains("SPOKEN-CANARY"))
        #expect(Date().timeIntervalSince(started) < 30, "a stopped engine's whole process group is killed")
        #expect(try storedVersions().isEmpty, "nothing was imported")
    }

    @Test func anEngineThatCannotStartOrIsKilledIsNamedAndBadOptionsAreRejected() throws {
        try record(audio)
        let killed = try transcribe("exec " + (try engine("self-killing", "cat >/dev/null\nkill -9 $$\n")))
        #expect(killed.status == 2)
        #expect(killed.stderrText.contains("engine 'self-killing' was killed by signal 9"), "\(killed.stderrText)")
        let missing = try transcribe(f.cli.work.file("no-such-engine"))
        #expect(missing.status == 2)
        #expect(
            missing.stderrText.contains("engine 'no-such-engine' failed with exit status 127"), "\(missing.stderrText)")
        let noRole = try transcribe("true", ["--speaker-default", "anna"])
        #expect(noRole.status == 64)
        let noRecording = try transcribe("true", ["--recording", "7"])
        #expect(noRecording.status == 2)
        #expect(noRecording.stderrText.contains("has no recording 7"), "\(noRecording.stderrText)")
        #expect(try storedVersions().isEmpty)
    }

    /// While the engine holds the audio and after it has finished, no file in the workspace, the
    /// work directory or anywhere under the temporary directory holds the recording in the clear.
    @Test func theAudioNeverReachesAFileInTheClear() throws {
        try record(audio)
        let ready = f.cli.work.file("ready")
        let go = f.cli.work.file("go")
        let digest = Hex.encode(Hashing.sha256(audio))
        let script = try engine(
            "holding-engine",
            Self.wavCheck(sha256: digest) + """
                : > '\(ready)'
                i=0; while [ ! -e '\(go)' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
                printf 'WEBVTT\\n\\n00:00:00.100 --> 00:00:00.500\\n<v INT>tone\\n'
                """)
        let started = Date()
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: ProcessResult?
        let (cli, session) = (f.cli, f.session)
        DispatchQueue.global().async {
            result = try? cli.inWorkspace(
                [
                    "transcribe", "--as", "anna", "--session", session, "-i", cli.work.file("anna.key"), "--engine",
                    script,
                ])
            done.signal()
        }
        var waited = 0
        while !FileManager.default.fileExists(atPath: ready) && waited < 600 {
            usleep(100_000)
            waited += 1
        }
        let holding = FileManager.default.fileExists(atPath: ready)
        #expect(holding, "the engine received the exact PCM and is holding it")
        let during = try Self.clearAudioFiles(audio, workspace: f.cli.work.path, since: started)
        _ = FileManager.default.createFile(atPath: go, contents: nil)
        done.wait()
        #expect(result?.status == 0, "\(result?.stderrText ?? "")")
        let after = try Self.clearAudioFiles(audio, workspace: f.cli.work.path, since: started)
        #expect(during.isEmpty, "\(during)")
        #expect(after.isEmpty, "\(after)")
        #expect(try storedVersions().count == 1)
    }

    /// Files holding a slice of the PCM (under the work directory, or any file under the
    /// temporary directory changed since `since`) or a WAV header (under the work directory).
    static func clearAudioFiles(_ pcm: [UInt8], workspace: String, since: Date) throws -> [String] {
        let needles = [Array(pcm[20_000..<20_064]), Array(pcm[50_000..<50_064])]
        let temporary = URL(fileURLWithPath: NSTemporaryDirectory()).standardizedFileURL.path
        var roots = Set([temporary, "/tmp", "/dev/shm"].filter { FileManager.default.fileExists(atPath: $0) })
        if !roots.contains(where: { workspace.hasPrefix($0 + "/") }) { roots.insert(workspace) }
        var hits: Set<String> = []
        for root in roots {
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            while let relative = walker.nextObject() as? String {
                let path = URL(fileURLWithPath: root + "/" + relative).standardizedFileURL.path
                var info = stat()
                guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 256 << 20 else {
                    continue
                }
                let inWorkspace = path.hasPrefix(workspace + "/")
                guard inWorkspace || Double(info.st_mtim.tv_sec) >= since.timeIntervalSince1970 - 1 else { continue }
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                let bytes = Array(data)
                if needles.contains(where: { CanarySearch.contains(bytes, $0) })
                    || (inWorkspace && CanarySearch.contains(bytes, Array("WAVEfmt ".utf8)))
                {
                    hits.insert(path)
                }
            }
        }
        return hits.sorted()
    }

    /// espeak-ng speaks a sentence, `vitni record` takes it in, and the shipped pocketsphinx
    /// adapter transcribes it. espeak through pocketsphinx is poor and varies run to run, so only
    /// the cue times and one recognised word out of four are asserted.
    @Test func pocketsphinxTranscribesASpokenSentence() throws {
        let espeak = try Peer.path("espeak-ng")
        let sox = try Peer.path("sox")
        _ = try Peer.path("pocketsphinx_continuous")
        let spoken = try runProcess(espeak, ["-v", "en-us", "-s", "130", "--stdout", "hello world this is a test"])
        try #require(spoken.status == 0, "\(spoken.stderrText)")
        let pcm = try runProcess(
            sox,
            [
                "-q", "-t", "wav", "-", "-t", "raw", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed", "-", "pad",
                "0.5", "0.5",
            ],
            stdin: spoken.stdout)
        try #require(pcm.status == 0 && pcm.stdout.count > 32_000, "\(pcm.stderrText)")
        try record(pcm.stdout)
        let adapter = Repository.root + "/scripts/engines/pocketsphinx-vtt"
        let result = try transcribe(adapter, ["--speaker-default", "INT", "--timeout", "300"])
        try #require(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.contains("unverified machine transcript"))
        let exported = try f.export(["--format", "webvtt"])
        let back = try Transcript.parse(exported.stdoutText, format: .webVTT)
        let length = pcm.stdout.count / 2 * 1000 / 16_000
        #expect(!back.utterances.isEmpty)
        for utterance in back.utterances {
            #expect(utterance.start >= 0 && utterance.start < utterance.end && utterance.end <= length)
            #expect(utterance.speaker == .interviewer)
        }
        let words = Set(back.utterances.flatMap { $0.text.lowercased().split(separator: " ").map(String.init) })
        #expect(!words.isDisjoint(with: ["hello", "world", "this", "test"]), "recognised: \(words.sorted())")
    }
}
