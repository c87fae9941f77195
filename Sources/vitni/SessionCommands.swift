import ArgumentParser
import Foundation
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore

struct SessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session", abstract: "Start, pause, resume and close interview sessions.",
        discussion: examples(
            "vitni session start --case CASE-2026-0042 --protocol nichd-revised \\",
            "    --interviewer anna --observer per --language sv",
            "vitni session pause --reason \"child asked for water\"; vitni session resume",
            "vitni session close"),
        subcommands: [Start.self, Pause.self, Resume.self, Close.self])

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract:
                "Start a session. Everything sensitive is encrypted to the participants and recipients as it is written.",
            discussion: examples(
                "vitni session start --case CASE-2026-0042 --protocol nichd-revised \\",
                "    --interviewer anna --observer per --child-ref \"ref from the case file\"",
                "vitni session start --case CASE-2026-0042 --protocol abe --interviewer anna"))

        @OptionGroup var workspace: WorkspaceOptions
        @Option(
            name: .customLong("case"), help: ArgumentHelp("Case id (letters, digits, '-', '.').", valueName: "case"))
        var caseID: String
        @Option(
            name: .customLong("protocol"),
            help: ArgumentHelp(
                "Protocol id (`vitni protocol list`; default: config.toml's protocol).", valueName: "protocol"))
        var protocolID: String?
        @Option(
            help: ArgumentHelp(
                "Interviewer: an identity name (own or trusted) or a public identity file.", valueName: "identity"))
        var interviewer: String
        @Option(
            help: ArgumentHelp(
                "Observer: an identity name (own or trusted) or a public identity file. Repeatable.",
                valueName: "identity"))
        var observer: [String] = []
        @Option(
            help: ArgumentHelp(
                "Another reader of the evidence (identity name, public identity file or age1…). Repeatable. "
                    + "Default: config.toml's recipients.", valueName: "recipient"))
        var recipient: [String] = []
        @Option(
            name: .customLong("child-ref"),
            help: ArgumentHelp("The child's reference (stored encrypted only).", valueName: "reference"))
        var childReference: String?
        @Option(help: ArgumentHelp("Interview language (e.g. sv, nb, en).", valueName: "language")) var language:
            String?

        func run() throws {
            let manager = try workspace.sessions()
            let defaults = try centreDefaults()
            guard let protocolID = protocolID ?? defaults.protocolID else {
                throw ValidationError("name the protocol with --protocol (or set protocol in config.toml)")
            }
            let chosen = try ProtocolLibrary.standard().source(id: protocolID)
            let resolver = PassphraseOptions().resolver()
            let readers = recipient.isEmpty ? defaults.recipients : recipient
            let session = try manager.start(
                caseID: caseID, protocol: chosen,
                interviewer: try publicIdentity(interviewer), observers: try observer.map { try publicIdentity($0) },
                extraRecipients: try readers.map { try resolver.recipient($0) }, childReference: childReference,
                language: language)
            print(
                "started \(session.id) (\(chosen.interviewProtocol.title) \(chosen.interviewProtocol.version)), encrypted to \(Count.of(try manager.recipientCount(session), "recipient"))"
            )
        }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pause",
            abstract: "Pause a session (a break).",
            discussion: examples(
                "vitni session pause --reason \"child asked for water\"",
                "vitni session pause --session CASE-2026-0042_S01 --as per"))
        @OptionGroup var change: ChangeOptions
        func run() throws { try change.apply(.pause) }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resume",
            abstract: "Resume a paused session.",
            discussion: examples("vitni session resume", "vitni session resume --session CASE-2026-0042_S01"))
        @OptionGroup var change: ChangeOptions
        func run() throws { try change.apply(.resume) }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close",
            abstract: "Close a session: no more notes; it can still be reviewed.",
            discussion: discussion(
                """
                Refused, with a list, while a recording is not finalised or a required protocol item is \
                neither done nor skipped; --force --reason closes anyway and keeps the reason, encrypted, \
                as a note and in the checklist report.
                """,
                examples: examples(
                    "vitni session close", "vitni session close --force --reason \"the child asked to stop\"")))
        @OptionGroup var change: ChangeOptions
        @Flag(help: "Close even with work unfinished (needs --reason).") var force = false

        func validate() throws {
            if force, change.reason?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true {
                throw ValidationError("--force needs --reason TEXT: why the session closes with work unfinished")
            }
        }

        func run() throws { try change.apply(.close, force: force) }
    }

    struct ChangeOptions: ParsableArguments {
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var actor: ActorOptions
        @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
        var session: String?
        @Option(help: ArgumentHelp("Why (stored encrypted).", valueName: "text")) var reason: String?

        func apply(_ change: LifecycleChange, force: Bool = false) throws {
            let manager = try workspace.sessions()
            let updated = try manager.change(
                change, session: try manager.session(session), actor: try actor.identity(), reason: reason,
                force: force)
            print("\(updated.id) is \(updated.state.rawValue)")
        }
    }
}

extension SessionManager {
    func recipientCount(_ session: SessionRecord) throws -> Int {
        session.recipients.count
    }
}
