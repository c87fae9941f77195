import Foundation
import VitniAudio
import VitniFormats
import VitniKit
import VitniStore

/// The recorder's display on standard error. On a terminal it is two lines: the status line
/// (elapsed time, level meter, what is safe on disk) and under it the note being typed, with
/// the offset of its first keystroke. Both are redrawn in place and never wrap, so a status
/// update never overwrites what the interviewer is typing; messages scroll up above them.
final class StatusDisplay: @unchecked Sendable {
    // Sendable: every field below `lock` is touched only under it (recording and console threads).
    private let quiet: Bool
    private let format: AudioFormat
    private let label: String
    private let interactive = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var status: String?
    private var input = ""
    private var inputStartedAt: Int64?
    /// Whether the two lines are on the screen (the cursor then sits at the end of the second).
    private var drawn = false
    private var finished = false

    init(quiet: Bool, format: AudioFormat, label: String = "● REC") {
        self.quiet = quiet
        self.format = format
        self.label = label
    }

    /// Whether the typed line is drawn here (the terminal's own echo is off).
    var editsInput: Bool { interactive && !quiet }

    func announce(_ recording: RecordingRecord, session: String) {
        say(
            "recording \(recording.number) of \(session): \(format.sampleRate) Hz, \(Count.of(format.channels, "channel")), "
                + "encrypted as captured; Ctrl-C or /stop ends it")
        if editsInput { say(RecorderCommand.usage) }
    }

    /// Called on every status from the recorder; drawn at most five times a second.
    func update(_ status: Recorder.Status) {
        guard editsInput else { return }
        let now = ContinuousClock.now
        lock.withLock {
            guard !finished, now - lastDraw >= .milliseconds(200) else { return }
            lastDraw = now
            self.status = RecorderStatusLine.render(status, format: format, label: label)
            redraw()
        }
    }

    /// The line being typed changed.
    func editing(_ text: String, startedAt: Int64?) {
        lock.withLock {
            guard !finished else { return }
            input = text
            inputStartedAt = startedAt
            redraw()
        }
    }

    /// Prints a message above the status line.
    func say(_ message: String) {
        guard !quiet else { return }
        lock.withLock {
            guard interactive else { return emit(message + "\n") }
            emit((drawn ? "\u{1B}[1A\r\u{1B}[2K" : "\r\u{1B}[2K") + message + "\n")
            drawn = false
            if !finished { redraw() }
        }
    }

    /// Leaves the two lines for good: what follows prints below them.
    func finish() {
        lock.withLock {
            guard editsInput, !finished else { return }
            finished = true
            // The last status line stays; the emptied input line takes what follows.
            if drawn { emit("\r\u{1B}[2K") }
        }
    }

    /// Draws both lines where they stand. Caller holds `lock`.
    private func redraw() {
        guard editsInput else { return }
        let columns = Self.columns()
        let prompt = inputStartedAt.map { "note at \(Offset.format($0))> " } ?? "> "
        let statusLine = RecorderStatusLine.fit(status ?? label, columns: columns)
        let inputLine = RecorderStatusLine.fit(prompt + input, columns: columns, keepingEnd: true)
        emit((drawn ? "\u{1B}[1A" : "") + "\r\u{1B}[2K\(statusLine)\n\r\u{1B}[2K\(inputLine)")
        drawn = true
    }

    private func emit(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    /// The terminal's width, or 80 when it does not say.
    private static func columns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}

/// Reads what is typed while recording (from the terminal, or standard input when the audio
/// comes from elsewhere) and hands each finished line to the recorder's thread as a note or
/// command. On a terminal it edits the line itself, key by key (`LineEditor`), so the display
/// can draw it under the status line and date it by its first keystroke.
final class RecorderConsoleReader: @unchecked Sendable {
    // Sendable: immutable after init but for `savedMode`, touched by `start` and `stop` only,
    // which run on the main thread; the reading thread only enqueues work on the recorder.
    private let recorder: Recorder
    private let manager: SessionManager
    private let actor: PublicIdentity
    private let display: StatusDisplay
    private let descriptor: Int32?
    private var savedMode: termios?
    /// The observation room's feed, when the recorder serves one (`--observe`).
    private let feed: ObservationFeed?
    /// Loaded once when recording starts; a failure is reported on `/tick`, never stops the recording.
    private let interviewProtocol: Result<InterviewProtocol, VitniError>

    init(
        recorder: Recorder, manager: SessionManager, actor: PublicIdentity, display: StatusDisplay,
        readsStandardInput: Bool, feed: ObservationFeed?
    ) {
        self.feed = feed
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
        let editsKeys = display.editsInput && isatty(descriptor) == 1 && enterKeyMode(descriptor)
        let thread = Thread { [self] in
            if editsKeys { readKeys(descriptor) } else { readLines(descriptor) }
        }
        thread.name = "vitni-console"
        thread.start()
    }

    /// Gives the terminal back as it was (line mode, echo on).
    func stop() {
        guard let descriptor, var saved = savedMode else { return }
        tcsetattr(descriptor, TCSANOW, &saved)
        savedMode = nil
    }

    /// Echo and line mode off, signals (Ctrl-C) still on.
    private func enterKeyMode(_ descriptor: Int32) -> Bool {
        var mode = termios()
        guard tcgetattr(descriptor, &mode) == 0 else { return false }
        savedMode = mode
        mode.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &mode.c_cc) { characters in
            characters[Int(VMIN)] = 1
            characters[Int(VTIME)] = 0
        }
        guard tcsetattr(descriptor, TCSANOW, &mode) == 0 else {
            savedMode = nil
            return false
        }
        return true
    }

    private func readKeys(_ descriptor: Int32) {
        var editor = LineEditor()
        var byte: UInt8 = 0
        let recorder = self.recorder
        while true {
            let count = read(descriptor, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { return }
            switch editor.feed(byte, offset: { recorder.offsetMilliseconds }) {
            case .none: break
            case .changed: display.editing(editor.text, startedAt: editor.startedAt)
            case .submitted(let line, let startedAt):
                display.editing("", startedAt: nil)
                handle(line, offset: startedAt)
            }
        }
    }

    private func readLines(_ descriptor: Int32) {
        guard let file = fdopen(descriptor, "r") else { return }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        while getline(&line, &capacity, file) > 0, let line {
            handle(String(cString: line), offset: recorder.offsetMilliseconds)
        }
    }

    /// - Parameter offset: when the line began (its first keystroke, or when it arrived).
    private func handle(_ line: String, offset: Int64) {
        let command: RecorderCommand?
        do { command = try RecorderCommand.parse(line) } catch {
            display.say("\(error)")
            return
        }
        guard let command else { return }
        switch command {
        case .stop: recorder.stop()
        case .help: display.say(RecorderCommand.usage)
        case .answer(let number, let asked):
            guard let feed else { return display.say("there is no observation room: record with --observe") }
            let (actor, display) = (self.actor, self.display)
            recorder.perform {
                do {
                    try feed.answer(number, asked: asked, by: actor)
                    display.say("question \(number) marked \(asked ? "asked" : "declined")")
                } catch { display.say("not recorded: \(error)") }
            }
        default:
            let (manager, recorder, actor, display, interviewProtocol, feed) = (
                self.manager, self.recorder, self.actor, self.display, self.interviewProtocol, self.feed
            )
            recorder.perform {
                do {
                    display.say(
                        try manager.notes.perform(
                            command, session: recorder.session, recording: recorder.recording.number, offset: offset,
                            actor: actor, protocol: interviewProtocol))
                    feed?.took(command, offset: offset, by: actor)
                } catch { display.say("not recorded: \(error)") }
            }
        }
    }
}
