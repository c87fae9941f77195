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
            "vitni checklist skip break.consult-observers --reason \"no observers\"", "vitni checklist report"),
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
            commandName: "show",
            abstract: "Show each item's state, or only what is open.",
            discussion: examples("vitni checklist show", "vitni checklist show --open", "vitni checklist show --json"))
        @OptionGroup var target: Target
        @Flag(help: "Only the items neither done nor skipped, one line per phase.") var open = false
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let (manager, session, followed) = try target.resolve()
            let checklist = try manager.notes.checklist(of: session, protocol: followed)
            if open {
                let pending = checklist.entries.filter { $0.status == .pending }
                if json { return try printJSON(pending) }
                return print(Self.openSummary(pending, phases: followed.phases.map(\.id)))
            }
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
                print("  \(mark) \(entry.reference)\(entry.required ? "" : " (optional)")\(Self.place(entry))\(flag)")
            }
        }

        /// Where a tick or skip was made: its offset and recording, or that none was running.
        static func place(_ entry: Checklist.Entry) -> String {
            guard entry.status != .pending else { return "" }
            guard let recording = entry.recording else {
                return entry.offsetMilliseconds.map { "  at \(Offset.format($0))" } ?? "  (outside a recording)"
            }
            return "  at \(Offset.format(entry.offsetMilliseconds ?? 0)) in recording \(recording)"
        }

        /// One line per phase with open items; optional ones are marked.
        static func openSummary(_ pending: [Checklist.Entry], phases: [String]) -> String {
            let required = pending.filter(\.required).count
            var lines = ["\(required) required and \(pending.count - required) optional items open"]
            for phase in phases {
                let open = pending.filter { $0.phase == phase }
                guard !open.isEmpty else { continue }
                let items = open.map { String($0.reference.dropFirst(phase.count + 1)) + ($0.required ? "" : "?") }
                lines.append("  \(phase): " + items.joined(separator: ", "))
            }
            if pending.contains(where: { !$0.required }) { lines.append("(? marks an optional item)") }
            return lines.joined(separator: "\n")
        }
    }

    struct Tick: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tick",
            abstract: "Mark items done: named, or every open item of a phase.",
            discussion: examples(
                "vitni checklist tick ground-rules.dont-know ground-rules.dont-understand",
                "vitni checklist tick --phase introduction --phase rapport",
                "vitni checklist tick rapport.get-to-know --at 4:10 --note \"short answers\""))
        @OptionGroup var change: ChangeOptions
        @Option(help: ArgumentHelp("A comment (stored encrypted).", valueName: "text")) var note: String?
        func run() throws { try change.apply(.tick, comment: note) }
    }

    struct Skip: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "skip",
            abstract: "Mark items skipped, with the reason: named, or every open item of a phase.",
            discussion: examples(
                "vitni checklist skip break.consult-observers --reason \"no observers\"",
                "vitni checklist skip --phase break --reason \"no break needed\""))
        @OptionGroup var change: ChangeOptions
        @Option(help: ArgumentHelp("Why they were skipped (required; stored encrypted).", valueName: "text"))
        var reason: String
        func run() throws { try change.apply(.skip, comment: reason) }
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "undo",
            abstract: "Undo items' last tick or skip (the history keeps both).",
            discussion: examples(
                "vitni checklist undo ground-rules.dont-know", "vitni checklist undo --phase rapport --as anna"))
        @OptionGroup var change: ChangeOptions
        func run() throws { try change.apply(.undo, comment: nil) }
    }

    struct ChangeOptions: ParsableArguments {
        @OptionGroup var target: Target
        @OptionGroup var actor: ActorOptions
        @Option(
            help: ArgumentHelp(
                "Offset into the recording, [[h:]m:]s[.mmm] (default: the recording clock; none outside a recording).",
                valueName: "offset"))
        var at: String?
        @Option(
            name: .customLong("phase"),
            help: ArgumentHelp("Every item of this phase the action applies to. Repeatable.", valueName: "phase"))
        var phases: [String] = []
        @Argument(
            help: ArgumentHelp(
                "Items, as PHASE.ITEM (`vitni checklist` lists them); all or none are recorded.", valueName: "item"))
        var items: [String] = []

        func validate() throws {
            if items.isEmpty && phases.isEmpty { throw ValidationError("name an item (PHASE.ITEM) or --phase PHASE") }
            if let at, Offset.parse(at) == nil { throw ValidationError("cannot read the offset '\(at)'") }
        }

        func apply(_ action: SessionNotes.ChecklistAction, comment: String?) throws {
            let (manager, session, followed) = try target.resolve()
            let change = try manager.notes.checklist(
                action, items: items, phases: phases, in: session, protocol: followed,
                actor: try actor.identity(), comment: comment, offset: at.flatMap(Offset.parse))
            let place =
                change.placement.offset.map { offset in
                    "at \(Offset.format(offset))" + (change.placement.recording.map { " in recording \($0)" } ?? "")
                } ?? "outside a recording (no offset)"
            for phase in followed.phases.map(\.id) {
                let changed = change.events.filter { $0.item.hasPrefix(phase + ".") }.map {
                    $0.item.dropFirst(phase.count + 1)
                }
                guard !changed.isEmpty else { continue }
                print("\(phase): \(action.rawValue) \(changed.joined(separator: ", ")) \(place)")
            }
            for phase in change.outOfOrder {
                let open = phase.missingBefore.map(\.reference)
                printWarning(
                    "\(phase.phase) out of protocol order: \(open.count) required earlier item\(open.count == 1 ? "" : "s") open ("
                        + open.prefix(3).joined(separator: ", ") + (open.count > 3 ? ", …" : "") + ")")
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Required items done, skipped and missing; time per phase; out-of-order entries.",
            discussion: examples(
                "vitni checklist report", "vitni checklist report --session CASE-2026-0042_S01 --json",
                "vitni checklist report --bundle CASE-2026-0042_S01 -i per"))
        @OptionGroup var target: Target
        @OptionGroup var reading: ReadingOptions
        @OptionGroup var trustOptions: TrustOptions
        @Option(help: ArgumentHelp("Read the report sealed in this bundle (verified first).", valueName: "bundle"))
        var bundle: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let report: ChecklistReport
            if let bundle {
                guard target.session == nil else {
                    throw ValidationError("--bundle and --session name two sources: give one")
                }
                report = try trustOptions.open(bundle).checklistReport(identities: try reading.resolve())
            } else {
                let (manager, session, followed) = try target.resolve()
                report = try manager.notes.checklistReport(of: session, protocol: followed)
            }
            if json { return try printJSON(report) }
            print(report.text)
        }
    }
}
