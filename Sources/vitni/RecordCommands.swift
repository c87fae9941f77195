import ArgumentParser
import Dispatch
import Foundation
import VitniAudio
import VitniFormats
import VitniKit
import VitniStore

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a session's audio, encrypted as it is captured (a crash loses at most a second).",
        discussion: discussion(
            """
            SOURCE is '-' (standard input: WAV, FLAC or raw PCM, e.g. from arecord or sox), a file, or \
            alsa:DEVICE. While recording, type a line and press Enter to note it at the current offset; \
            /tick ITEM, /break, /resume, /mark and /stop are commands (/help lists them). Ctrl-C stops.
            """,
            examples: examples(
                "arecord -f S16_LE -r 48000 -c 2 -t wav | vitni record",
                "vitni record --input alsa:default --rate 48000 --channels 2",
                "vitni record --input earlier.wav --realtime",
                "vitni record --input samples/interview.flac --quiet --no-finalise")))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?
    @Option(help: ArgumentHelp("'-' for standard input, a file, or alsa:DEVICE.", valueName: "source"))
    var input: String = "-"
    @Option(help: ArgumentHelp("Sample rate of raw input or of the capture device (Hz).", valueName: "hertz"))
    var rate: Int?
    @Option(help: ArgumentHelp("Channels of raw input or of the capture device.", valueName: "count"))
    var channels: Int?
    @Option(
        help: ArgumentHelp(
            "Sample format of raw input or the device: int16, int24, int32, float32 (little-endian).",
            valueName: "format"))
    var sampleFormat: String?
    @OptionGroup var observation: ObservationOptions
    @Flag(help: "Play a file at real-time speed, as a live recording would arrive.") var realtime = false
    @Flag(help: "No status line or prompts (for scripts).") var quiet = false
    @Option(help: ArgumentHelp("The recording's final form: flac (lossless, default) or wav.", valueName: "format"))
    var format: FinalForm = .flac
    @Flag(help: "Keep the raw encrypted capture; finalise later with `vitni finalise`.") var noFinalise = false
    @Flag(help: "List the capture devices (for --input alsa:NAME) and exit.") var listDevices = false
    @Flag(help: "Measure a few seconds of the input (level, clipping, silence), keep nothing, and exit.")
    var check = false
    @Option(help: ArgumentHelp("How long --check listens, in seconds.", valueName: "seconds"))
    var checkSeconds: Double = 5

    func run() throws {
        if listDevices { return Self.printDevices() }
        if check { return try checkInput() }
        let manager = try workspace.sessions()
        let target = try manager.session(session)
        if input == "-" && isatty(STDIN_FILENO) == 1 {
            throw ValidationError(
                "standard input is a terminal, not audio: pipe audio in (e.g. `arecord … | vitni record`) or use --input"
            )
        }
        guard target.state == .open else {
            throw VitniError.sessionState(session: target.id, state: target.state.rawValue, action: "record")
        }
        let person = try actor.identity()
        try manager.requireParticipant(person, in: target)
        var source = try AudioInput.open(
            input, rate: rate, channels: channels, encoding: try sampleFormat.map(parseEncoding))
        if realtime { source = RealtimePacedSource(source) }
        let recorder = try Recorder(
            manager: manager, session: target, source: source, sourceName: AudioInput.sourceName(input),
            meter: AudioInput.meter)
        let display = StatusDisplay(quiet: quiet, format: source.format)
        let room =
            observation.observe
            ? try RecordingObservation(observation, recorder: recorder, manager: manager, interviewer: person) : nil
        let quiet = quiet
        room?.feed.onQuestion { question in
            let line =
                "question \(question.number) from \(question.author) to relay: \(question.text) "
                + "(/asked \(question.number) or /declined \(question.number))"
            // Shown even with --quiet: a question for the interviewer must reach them.
            if quiet { RecordingObservation.say(line) } else { display.say(line) }
        }
        let console =
            quiet
            ? nil
            : RecorderConsoleReader(
                recorder: recorder, manager: manager, actor: person, display: display, readsStandardInput: input != "-",
                feed: room?.feed)
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)  // a file-size limit arrives as EFBIG, handled like a full disk
        let signals = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { recorder.stop() }
            source.resume()
            return source
        }
        display.announce(recorder.recording, session: target.id)
        console?.start()
        defer { console?.stop() }
        let result = recorder.run { display.update($0) }
        room?.close(in: manager.workspace)
        for signal in signals { signal.cancel() }
        console?.stop()
        display.finish()
        let seconds = Offset.format(result.recording.milliseconds(result.recording.frames ?? 0))
        display.say("recording \(result.recording.number): \(seconds) saved; \(result.ending.rawValue)")
        if let lost = result.recording.lostMilliseconds {
            display.say("about \(Offset.format(lost)) could not be saved")
        }
        if result.ending == .diskFull {
            throw VitniError.invalidInput(
                "the disk is full: what reached it is kept, encrypted; free some space, then run `vitni finalise`")
        }
        if let error = result.error { throw error }
        guard !noFinalise, [.stopped, .recovered].contains(result.recording.state) else { return }
        let progress = ProgressLine(
            "finalising recording \(result.recording.number)", sampleRate: result.recording.sampleRate)
        let finished = try manager.recordings.finalise(
            result.recording, identities: [recorder.captureIdentity], container: format.container,
            progress: quiet ? { _ in } : progress.update)
        progress.finish()
        display.say("recording \(finished.number) finalised: \(finished.container.uppercased()), encrypted")
    }

    static func printDevices() {
        let devices = AlsaCapture.devices()
        if devices.isEmpty {
            print("no capture devices: ALSA names none (is a sound card or USB microphone attached?)")
        }
        for device in devices {
            print("alsa:\(device.name)" + (device.description.map { "  \($0)" } ?? ""))
        }
    }

    /// `--check`: measures the input, keeps nothing; exit 1 when it looks unusable.
    func checkInput() throws {
        guard checkSeconds > 0, checkSeconds <= 60 else { throw ValidationError("--check-seconds takes 0–60 seconds") }
        if input == "-" && isatty(STDIN_FILENO) == 1 {
            throw ValidationError("standard input is a terminal, not audio: use --input alsa:DEVICE or a file")
        }
        let source = try AudioInput.open(
            input, rate: rate, channels: channels, encoding: try sampleFormat.map(parseEncoding))
        print(
            "checking \(AudioInput.sourceName(input)): \(source.format.sampleRate) Hz, \(Count.of(source.format.channels, "channel"))"
        )
        let display = StatusDisplay(quiet: quiet, format: source.format, label: "CHECK (not recording)")
        let result = try InputCheck.run(source, seconds: checkSeconds) { soFar in
            display.update(
                Recorder.Status(
                    capturedFrames: source.format.frames(milliseconds: soFar.milliseconds), durableFrames: 0,
                    level: soFar.latest))
        }
        display.finish()
        print(
            "\(Offset.format(result.milliseconds)) measured: peak \(RecorderStatusLine.peakText(result.peakDBFS)), "
                + "RMS \(result.rmsDBFS == -.infinity ? "silent" : String(format: "%.1f dBFS", result.rmsDBFS)); nothing was kept"
        )
        let problems = result.problems
        for problem in problems { printWarning(problem) }
        if problems.isEmpty { print("the input looks usable") } else { throw ExitCode(1) }
    }

    func parseEncoding(_ text: String) throws -> SampleEncoding {
        guard let encoding = SampleEncoding(rawValue: text) else {
            throw ValidationError("unknown sample format '\(text)': use int16, int24, int32 or float32")
        }
        return encoding
    }
}

/// The form a recording takes in the bundle.
enum FinalForm: String, ExpressibleByArgument {
    case flac, wav
    var container: AudioContainer { self == .flac ? .flac : .wav }
}

struct FinaliseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finalise",
        abstract: "Turn recovered or raw recordings into FLAC (or WAV), still encrypted (needs an unlocked identity).",
        discussion: examples(
            "vitni recover && vitni finalise", "vitni finalise -i anna --recording 2", "vitni finalise --format wav"))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var reading: ReadingOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?
    @Option(help: ArgumentHelp("Only this recording number.", valueName: "number")) var recording: Int?
    @Option(help: ArgumentHelp("flac (default) or wav.", valueName: "format")) var format: FinalForm = .flac

    func run() throws {
        let manager = try workspace.sessions()
        let target = try manager.session(session)
        let pending = try manager.recordings.recordingsToFinalise(of: target, number: recording)
        if pending.isEmpty { print("nothing to finalise in \(target.id)") }
        let identities = try reading.resolve()
        for item in pending {
            let progress = ProgressLine("finalising recording \(item.number)", sampleRate: item.sampleRate)
            let done = try manager.recordings.finalise(
                item, identities: identities, container: format.container, progress: progress.update)
            progress.finish()
            print(
                "\(target.id) recording \(done.number): \(done.container.uppercased()), plaintext SHA-256 \(done.plaintextSHA256 ?? "")"
            )
        }
    }
}

struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Restore recordings cut short by a crash, power cut or full disk (every complete second).",
        discussion: examples("vitni recover", "vitni recover --session CASE-2026-0042_S01 && vitni finalise"))

    @OptionGroup var workspace: WorkspaceOptions
    @Option(
        help: ArgumentHelp("Session id (default: every session with an interrupted recording).", valueName: "session"))
    var session: String?

    func run() throws {
        let manager = try workspace.sessions()
        let targets = try manager.recordings.sessionsToRecover(session)
        var count = 0
        for target in targets {
            for result in try manager.recordings.recoverRecordings(of: target) {
                count += 1
                let lost =
                    result.recording.lostMilliseconds.map { ", about \(Offset.format($0)) lost at the end" } ?? ""
                print(
                    "\(target.id) recording \(result.recording.number): recovered "
                        + "\(Offset.format(result.recording.milliseconds(result.recording.frames ?? 0)))\(lost)")
            }
        }
        if count == 0 {
            print("nothing to recover")
        } else {
            print("recovered recordings stay encrypted raw audio until `vitni finalise` (with an unlocked identity)")
        }
    }
}
