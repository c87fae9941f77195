import ArgumentParser
import Foundation
import VitniKit
import VitniStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a workspace: the catalogue of cases and sessions on this machine.")

    @Argument(help: "Directory (default: $VITNI_WORKSPACE or ./vitni-workspace).") var directory: String?

    func run() throws {
        let target = directory ?? WorkspaceOptions.defaultDirectory
        let workspace = try Workspace.create(directory: target)
        print("workspace ready: \(workspace.directory)")
    }
}

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List sessions: ids, states and non-identifying metadata only.")

    @OptionGroup var workspace: WorkspaceOptions
    @Option(name: .customLong("case"), help: "Only this case.") var caseID: String?
    @Option(help: "Only sessions in this state (open, recording, paused, closed, sealed).") var state: String?
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
        if json { return try printJSON(try store.sessions(caseID: caseID, state: stateFilter).map(CatalogueEntry.init)) }
        let sessions = try store.sessionSummaries(caseID: caseID, state: stateFilter)
        if sessions.isEmpty { return print("no sessions") }
        var output = ""
        for session in sessions {
            output += "\(session.id)\t\(session.state)\t\(session.protocolID) \(session.protocolVersion)\t\(session.createdAt)\n"
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a session's catalogue entry and history (nothing identifying).")

    @OptionGroup var workspace: WorkspaceOptions
    @Argument(help: "Session id.") var session: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let store = try workspace.open()
        let record = try store.session(id: session)
        var entry = CatalogueEntry(record)
        entry.notes = try store.noteCount(sessionID: record.id)
        entry.events = try store.sessionEvents(sessionID: record.id).map {
            CatalogueEntry.Event(time: $0.time, action: $0.action, actor: $0.actorKeyID, hasReason: $0.reason != nil)
        }
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

/// What `list` and `show` print: the catalogue's own, non-identifying columns.
struct CatalogueEntry: Encodable {
    struct Event: Encodable {
        var time, action, actor: String
        var hasReason: Bool

        enum CodingKeys: String, CodingKey {
            case time, action, actor
            case hasReason = "has_reason"
        }
    }

    var id, caseID: String
    var number: Int
    var state, protocolID, protocolVersion, createdAt: String
    var closedAt: String?
    var interviewer: String
    var recipients: [String]
    var notes: Int?
    var events: [Event]?

    enum CodingKeys: String, CodingKey {
        case id, number, state, interviewer, recipients, notes, events
        case caseID = "case_id"
        case protocolID = "protocol_id"
        case protocolVersion = "protocol_version"
        case createdAt = "created_at"
        case closedAt = "closed_at"
    }

    init(_ session: SessionRecord) {
        id = session.id
        caseID = session.caseID
        number = session.number
        state = session.state.rawValue
        protocolID = session.protocolID
        protocolVersion = session.protocolVersion
        createdAt = session.createdAt
        closedAt = session.closedAt
        interviewer = session.interviewerKeyID
        recipients = session.recipients
    }
}
