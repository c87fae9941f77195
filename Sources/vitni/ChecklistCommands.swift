import ArgumentParser
import Foundation
import VitniFormats
import VitniKit
import VitniStore

struct ChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist", abstract: "Follow the session's protocol: show, tick, skip, undo, report.",
        discussion: examples(
            "vitni checklist", "vitni checklist tick ground-rules.dont-know",
            "vitni checklist skip break.consult-observers --reason \"no break needed\"", "vitni checklist report"),
        subcommands: [Show.self, Tick.self, Skip.self, Undo.self, Report.self], defaultSubcommand: Show.self)

    struct Target: ParsableArguments {
        @OptionGroup var workspace: WorkspaceOptions
        @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
        var session: String?

        /// The session and the protocol it follows.
        func resolve() throws -> (SessionManager, SessionRecord, InterviewProtocol) {
            let manager = try workspace.sessions()
            let record = try manager.session(session)
            return (manager, record, try manager.interviewProtocol(of: record))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show each item's state.",
            discussion: examples("vitni checklist show", "vitni checklist show --session CASE-2026-0042_S01 --json"))
        @OptionGroup var target: Target
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let (manager, session, followed) = try target.resolve()
            let checklist = try manager.notes.checklist(of: session, protocol: followed)
            if json { return try printJSON(checklist.entries) }
            var phase = ""
            for entry in checklist.entries {
                if entry.phase != phase {
                    phase = entry.phase
                    print("\(phase)")
                }
                let mark =
                    switch entry.status {
                    case .done: "[x]"
                    case .skipped: "[-]"
                    case .pending: "[ ]"
                    }
                let flag = entry.outOfOrder ? "  (out of order)" : ""
                let at = entry.offsetMilliseconds.map { "  at \(Offset.format($0))" } ?? ""
                print("  \(mark) \(entry.reference)\(entry.required ? "" : " (optional)")\(at)\(flag)")
            }
        }
    }

    struct Tick: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark an item done.",
            discussion: examples(
                "vitni checklist tick ground-rules.dont-know",
                "vitni checklist tick rapport.get-to-know --at 4:10 --note \"short answers\""))
        @OptionGroup var change: ChangeOptions
        @Option(help: ArgumentHelp("A comment (stored encrypted).", valueName: "text")) var note: String?
        func run() throws { try change.apply(.tick, comment: note) }
    }

    struct Skip: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark an item skipped, with the reason.",
            discussion: examples(
                "vitni checklist skip break.consult-observers --reason \"no break needed\"",
                "vitni checklist skip rapport.get-to-know --reason \"known child\" --as per"))
        @OptionGroup var change: ChangeOptions
        @Option(help: ArgumentHelp("Why it was skipped (required; stored encrypted).", valueName: "text"))
        var reason: String
        func run() throws { try change.apply(.skip, comment: reason) }
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo the item's last tick or skip (the history keeps both).",
            discussion: examples(
                "vitni checklist undo ground-rules.dont-know", "vitni checklist undo break.consult-observers --as per"))
        @OptionGroup var change: ChangeOptions
        func run() throws { try change.apply(.undo, comment: nil) }
    }

    struct ChangeOptions: ParsableArguments {
        @OptionGroup var target: Target
        @OptionGroup var actor: ActorOptions
        @Option(
            help: ArgumentHelp(
                "Offset into the recording, [[h:]m:]s[.mmm] (default: the session clock).", valueName: "offset"))
        var at: String?
        @Argument(help: ArgumentHelp("The item, as PHASE.ITEM (`vitni checklist` lists them).", valueName: "item"))
        var item: String

        func apply(_ action: SessionNotes.ChecklistAction, comment: String?) throws {
            if let at, Offset.parse(at) == nil { throw ValidationError("cannot read the offset '\(at)'") }
            let (manager, session, followed) = try target.resolve()
            let result = try manager.notes.checklist(
                action, item: item, in: session, protocol: followed,
                actor: try actor.identity(), comment: comment, offset: at.flatMap(Offset.parse))
            print("\(item): \(action.rawValue) at \(Offset.format(result.event.offsetMilliseconds ?? 0))")
            if !result.missingBefore.isEmpty {
                printWarning(
                    "out of protocol order: still open before this phase: \(result.missingBefore.map(\.reference).joined(separator: ", "))"
                )
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Required items done, skipped and missing; time per phase; out-of-order entries.",
            discussion: examples("vitni checklist report", "vitni checklist report --session CASE-2026-0042_S01 --json")
        )
        @OptionGroup var target: Target
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let (manager, session, followed) = try target.resolve()
            let report = try manager.notes.checklistReport(of: session, protocol: followed)
            if json { return try printJSON(report) }
            print(report.text)
        }
    }
}
