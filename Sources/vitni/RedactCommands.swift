import ArgumentParser
import Foundation
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore

struct RedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Redact a session's transcript: protected names, ID numbers, phones, e-mail, addresses, birth dates.",
        discussion: discussion(
            """
            `vitni redact` reviews the detectors' proposals over the current original transcript \
            one by one (or takes them all with --accept-all) and stores the redacted copy and its \
            log, both encrypted to the session's key. Labels such as [NAME-1] are consistent per \
            entity. The log records, for every decision, the category, the utterance and its time \
            span (the span the audio is muted over), the detector, the reviewer and the time — \
            never the redacted text.
            """,
            examples: examples(
                "vitni redact --name \"Elin Solberg\" --name Elin --accept-all",
                "vitni redact review --names-file names.txt",
                "vitni redact names add \"Kari Solberg\"",
                "vitni redact log")),
        subcommands: [
            RedactRunCommand.self, RedactReviewCommand.self, RedactNamesCommand.self, RedactLogCommand.self,
        ],
        defaultSubcommand: RedactRunCommand.self)
}

/// What every redaction run needs: where, who decides, who reads, and extra names.
struct RedactionRunOptions: ParsableArguments {
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var reading: ReadingOptions
    @OptionGroup var trustOptions: TrustOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?
    @Option(
        help: ArgumentHelp(
            "Redact a sealed bundle's newest transcript (decisions are kept in its session in this workspace).",
            valueName: "bundle"))
    var bundle: String?
    @Option(
        name: .customLong("name"), parsing: .upToNextOption,
        help: ArgumentHelp("Names to protect (added to the session's list). Repeatable.", valueName: "name"))
    var names: [String] = []
    @Option(
        name: .customLong("names-file"),
        help: ArgumentHelp("Names to protect, one a line (added to the session's list).", valueName: "file"))
    var namesFile: String?
    @Option(
        name: .customLong("audio-span"),
        help: ArgumentHelp(
            "What the advocate's audio mutes: words (the redacted words; estimated with a margin when the "
                + "transcript has no word timings) or utterance (the whole utterance).", valueName: "span"))
    var audioSpan: AudioSpanChoice = .words

    /// Reviews (or accepts everything) and stores the result.
    func run(acceptAll: Bool) throws {
        let manager = try workspace.sessions()
        let reviewer = try actor.identity()
        let target =
            try bundle.map {
                try manager.transcripts.session(
                    forBundle: try trustOptions.open($0), importer: reviewer, identities: try reading.resolve())
            } ?? manager.session(session)
        let extra = try names + (namesFile.map(NamesFile.read) ?? [])
        let summary = try manager.redaction.run(
            target, extraNames: extra, reviewer: reviewer, identities: try reading.resolve(), audioSpan: audioSpan.mode
        ) { review in
            if acceptAll { review.acceptRemaining() } else { try ReviewConsole().run(&review) }
        }
        guard let summary else { return print("review ended: nothing was stored") }
        print(
            "redacted \(Count.of(summary.spans, "span")) (\(Count.of(summary.labels, "label"))) in "
                + "\(Count.of(summary.utterances, "utterance")); \(Count.of(summary.rejected, "proposal")) rejected; "
                + "stored as transcript \(summary.transcriptNumber) of \(target.id)")
    }
}

struct RedactRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Detect, review (or --accept-all) and store a redacted copy.",
        discussion: examples(
            "vitni redact run --name \"Elin Solberg\" --name Elin --accept-all",
            "vitni redact run --bundle CASE-2026-0042_S01 --name Elin --accept-all"))

    @OptionGroup var options: RedactionRunOptions
    @Flag(name: .customLong("accept-all"), help: "Accept every proposal without asking.") var acceptAll = false

    func run() throws { try options.run(acceptAll: acceptAll) }
}

struct RedactReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Go through the proposals one by one on the terminal.",
        discussion: discussion(
            """
            For each proposal: category, detector, the utterance's time and the text around it. \
            Answer a (accept), r (reject), A (accept this and all the rest), S (skip: reject this \
            and all the rest), + TEXT (also redact TEXT wherever it occurs in this utterance) or \
            q (quit, storing nothing). Answers are read from standard input when it is a \
            terminal, else from the controlling terminal (/dev/tty), else from standard input.
            """,
            examples: examples(
                "vitni redact review --name \"Elin Solberg\" --name Elin",
                "vitni redact review --session CASE-2026-0042_S01 --names-file names.txt")))

    @OptionGroup var options: RedactionRunOptions

    func run() throws { try options.run(acceptAll: false) }
}

/// The review dialogue on a terminal (or on piped lines, when there is no terminal).
struct ReviewConsole {
    private let input: Int32
    private let output: Int32
    private let ownsInput: Bool

    init() {
        if isatty(STDIN_FILENO) == 1 {
            // Prompts go where the reviewer looks, even when standard output is redirected.
            let output = isatty(STDOUT_FILENO) == 1 ? STDOUT_FILENO : STDERR_FILENO
            (input, self.output, ownsInput) = (STDIN_FILENO, output, false)
        } else {
            let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
            if tty >= 0 {
                (input, output, ownsInput) = (tty, tty, true)
            } else {
                (input, output, ownsInput) = (STDIN_FILENO, STDOUT_FILENO, false)
            }
        }
    }

    func run(_ review: inout RedactionReview) throws {
        defer { if ownsInput { close(input) } }
        let total = review.draft.proposals.count
        if total == 0 { say("no proposals: the copy will have nothing redacted\n") }
        while let (index, proposal) = review.current {
            say(review.prompt(index, proposal))
            while true {
                say("[a]ccept, [r]eject, [A]ccept all, [S]kip all, + TEXT to add, [q]uit: ")
                guard let line = readLine() else {
                    say("\n")
                    review.answer(.quit)
                    return
                }
                guard let answer = RedactionReview.Answer(typed: line) else {
                    say("not an answer: type a, r, A, S, + TEXT or q\n")
                    continue
                }
                if case .add = answer {
                    let found = review.answer(answer) ?? 0
                    say(found == 0 ? "not found in this utterance\n" : "added \(Count.of(found, "span"))\n")
                    continue
                }
                review.answer(answer)
                break
            }
        }
    }

    private func say(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = retryingOnEINTR {
                bytes.withUnsafeMutableBytes { write(output, $0.baseAddress! + offset, $0.count - offset) }
            }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// One line, at most 4 KiB; nil at end of input.
    private func readLine() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count < 4096 {
            let count = retryingOnEINTR { read(input, &byte, 1) }
            if count <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == 0x0A { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

struct RedactNamesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "names",
        abstract: "The session's protected names (stored encrypted to the session's key).",
        discussion: examples(
            "vitni redact names add \"Elin Solberg\" Elin", "vitni redact names list",
            "vitni redact names remove Elin"),
        subcommands: [RedactNamesAddCommand.self, RedactNamesListCommand.self, RedactNamesRemoveCommand.self])
}

/// Names from arguments and a file, for add and remove.
struct NamesInput: ParsableArguments {
    @Option(name: .customLong("names-file"), help: ArgumentHelp("Names, one a line.", valueName: "file"))
    var namesFile: String?
    @Argument(help: ArgumentHelp("Names.", valueName: "name")) var names: [String] = []

    func all() throws -> [String] {
        let all = try names + (namesFile.map(NamesFile.read) ?? [])
        guard !all.isEmpty else { throw ValidationError("give names as arguments or with --names-file") }
        return all
    }
}

struct RedactNamesAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add names to protect (needs public keys only).",
        discussion: examples(
            "vitni redact names add \"Elin Solberg\" Elin", "vitni redact names add --names-file names.txt"))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?
    @OptionGroup var input: NamesInput

    func run() throws {
        let manager = try workspace.sessions()
        let target = try manager.session(session)
        let names = try input.all()
        try manager.redaction.addProtectedNames(names, to: target, actor: try actor.identity())
        print("added \(Count.of(names.count, "protected name")) to \(target.id)")
    }
}

struct RedactNamesRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Take names off the list (needs public keys only).",
        discussion: examples("vitni redact names remove Elin", "vitni redact names remove --names-file names.txt"))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?
    @OptionGroup var input: NamesInput

    func run() throws {
        let manager = try workspace.sessions()
        let target = try manager.session(session)
        let names = try input.all()
        try manager.redaction.removeProtectedNames(names, from: target, actor: try actor.identity())
        print("removed \(Count.of(names.count, "name")) from \(target.id)'s protected names (where present)")
    }
}

struct RedactNamesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Print the protected names, one a line (needs an unlocked identity).",
        discussion: examples("vitni redact names list", "vitni redact names list -i anna"))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var reading: ReadingOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?

    func run() throws {
        let manager = try workspace.sessions()
        let names = try manager.redaction.protectedNames(
            of: try manager.session(session), identities: try reading.resolve())
        FileHandle.standardOutput.write(Data(names.map { $0 + "\n" }.joined().utf8))
    }
}

struct RedactLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Print the current redaction log as JSON Lines (needs an unlocked identity).",
        discussion: examples("vitni redact log", "vitni redact log --session CASE-2026-0042_S01 | jq .category"))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var reading: ReadingOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?

    func run() throws {
        let manager = try workspace.sessions()
        let log = try manager.redaction.redactionLog(
            of: try manager.session(session), identities: try reading.resolve())
        FileHandle.standardOutput.write(Data(try JSONLines.encode(log)))
    }
}

/// `--audio-span`, as the command line spells `AudioSpanMode`.
enum AudioSpanChoice: String, ExpressibleByArgument {
    case words, utterance
    var mode: AudioSpanMode { self == .words ? .words : .utterance }
}
