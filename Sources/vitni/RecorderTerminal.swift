import Foundation
import VitniAudio
import VitniFormats
import VitniKit
import VitniStore

/// The recorder's status line on standard error: elapsed time, a level meter, what is safe on disk.
final class StatusDisplay: @unchecked Sendable {
    // Sendable: written from the recording thread and the console thread under `lock`.
    private let quiet: Bool
    private let format: AudioFormat
    private let interactive = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var lastDraw = Date.distantPast

    init(quiet: Bool, format: AudioFormat) {
        self.quiet = quiet
        self.format = format
    }

    func announce(_ recording: RecordingRecord, session: String) {
        say(
            "recording \(recording.number) of \(session): \(format.sampleRate) Hz, \(Count.of(format.channels, "channel")), "
                + "encrypted as captured; Ctrl-C or /stop ends it")
        if interactive && !quiet { say(RecorderCommand.usage) }
    }

    func update(_ status: Recorder.Status) {
        guard interactive, !quiet, Date().timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = Date()
        let elapsed = Offset.format(format.milliseconds(frames: status.capturedFrames))
        var line = "\u{1B}[2K\r● REC \(elapsed)"
        if let level = status.level {
            let bars = max(0, min(20, Int((level.peakDBFS + 60) / 3)))
            line += "  [" + String(repeating: "#", count: bars) + String(repeating: " ", count: 20 - bars) + "]"
            line += String(format: " peak %5.1f dBFS", level.peakDBFS)
        }
        line += "  saved \(Offset.format(format.milliseconds(frames: status.durableFrames)))"
        write(line)
    }

    /// Prints a message above the status line.
    func say(_ message: String) {
        guard !quiet else { return }
        write((interactive ? "\u{1B}[2K\r" : "") + message + "\n")
    }

    func finish() {
        if interactive && !quiet { write("\n") }
    }

    private func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Reads typed lines while recording (from the terminal, or standard input when the audio comes
/// from elsewhere) and hands each to the recorder's thread as a note or command.
final class RecorderConsoleReader: @unchecked Sendable {
    // Sendable: immutable after init; the reading thread only enqueues work on the recorder.
    private let recorder: Recorder
    private let manager: SessionManager
    private let actor: PublicIdentity
    private let display: StatusDisplay
    private let descriptor: Int32?
    /// Loaded once when recording starts; a failure is reported on `/tick`, never stops the recording.
    private let interviewProtocol: Result<InterviewProtocol, VitniError>

    init(
        recorder: Recorder, manager: SessionManager, actor: PublicIdentity, display: StatusDisplay,
        readsStandardInput: Bool
    ) {
        self.recorder = recorder
        self.manager = manager
        self.actor = actor
        self.display = display
        do {
            interviewProtocol = .success(try manager.interviewProtocol(of: recorder.session))
        } catch let error as VitniError {
            interviewProtocol = .failure(error)
        } catch {
            interviewProtocol = .failure(.invalidInput("the protocol of session \(recorder.session.id): \(error)"))
        }
        if readsStandardInput, isatty(STDIN_FILENO) == 1 {
            descriptor = STDIN_FILENO
        } else {
            let tty = open("/dev/tty", O_RDONLY | O_CLOEXEC)
            descriptor = tty >= 0 ? tty : nil
        }
    }

    func start() {
        guard let descriptor else { return }
        let thread = Thread { [self] in
            guard let file = fdopen(descriptor, "r") else { return }
            var line: UnsafeMutablePointer<CChar>?
            var capacity = 0
            while getline(&line, &capacity, file) > 0, let line {
                handle(String(cString: line))
            }
        }
        thread.name = "vitni-console"
        thread.start()
    }

    private func handle(_ line: String) {
        let command: RecorderCommand?
        do { command = try RecorderCommand.parse(line) } catch {
            display.say("\(error)")
            return
        }
        guard let command else { return }
        switch command {
        case .stop: recorder.stop()
        case .help: display.say(RecorderCommand.usage)
        default:
            let offset = recorder.offsetMilliseconds
            let (manager, recorder, actor, display, interviewProtocol) = (
                self.manager, self.recorder, self.actor, self.display, self.interviewProtocol
            )
            recorder.perform {
                do {
                    display.say(
                        try manager.notes.perform(
                            command, session: recorder.session, recording: recorder.recording.number, offset: offset,
                            actor: actor, protocol: interviewProtocol))
                } catch { display.say("not recorded: \(error)") }
            }
        }
    }
}
