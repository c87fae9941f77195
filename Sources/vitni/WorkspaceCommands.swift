import ArgumentParser
import Foundation
import VitniKit
import VitniStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a workspace: the catalogue of cases and sessions on this machine.",
        discussion: examples("vitni init", "vitni init /srv/barnahus/workspace"))

    @Argument(help: ArgumentHelp("Directory (default: $VITNI_WORKSPACE or ./vitni-workspace).", valueName: "directory"))
    var directory: String?

    func run() throws {
        let target = directory ?? WorkspaceOptions.defaultDirectory
        let workspace = try Workspace.create(directory: target)
        print("workspace ready: \(workspace.directory)")
    }
}

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List sessions: ids, states and non-identifying metadata only.",
        discussion: examples("vitni list", "vitni list --state open", "vitni list --case CASE-2026-0042 --json"))

    @OptionGroup var workspace: WorkspaceOptions
    @Option(name: .customLong("case"), help: ArgumentHelp("Only this case.", valueName: "case")) var caseID: String?
    @Option(
        help: ArgumentHelp("Only sessions in this state (open, recording, paused, closed, sealed).", valueName: "state")
    )
    var state: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        var stateFilter: SessionState?
        if let state {
            guard let parsed = SessionState(rawValue: state) else {
                throw ValidationError("unknown state '\(state)'")
            }
            stateFilter = parsed
        }
        let store = try workspace.open()
        if json { return try printJSON(try CatalogueEntry.list(in: store, caseID: caseID, state: stateFilter)) }
        let sessions = try store.sessionSummaries(caseID: caseID, state: stateFilter)
        if sessions.isEmpty { return print("no sessions") }
        var output = ""
        for session in sessions {
            output +=
                "\(session.id)\t\(session.state)\t\(session.protocolID) \(session.protocolVersion)\t\(session.createdAt)\n"
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a session's catalogue entry and history (nothing identifying).",
        discussion: examples("vitni show CASE-2026-0042_S01", "vitni show CASE-2026-0042_S01 --json"))

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: ArgumentHelp("Session id.", valueName: "session")) var session: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let entry = try CatalogueEntry.show(session, in: try workspace.open())
        if json { return try printJSON(entry) }
        print("session:    \(entry.id)  (case \(entry.caseID), number \(entry.number))")
        print("state:      \(entry.state)")
        print("protocol:   \(entry.protocolID) \(entry.protocolVersion)")
        print("created:    \(entry.createdAt)\(entry.closedAt.map { "   closed: \($0)" } ?? "")")
        print("notes:      \(entry.notes ?? 0)")
        print("recipients: \(entry.recipients.count)")
        for event in entry.events ?? [] {
            print("  \(event.time)  \(event.action)\(event.hasReason ? " (reason sealed)" : "")  by \(event.actor)")
        }
    }
}
