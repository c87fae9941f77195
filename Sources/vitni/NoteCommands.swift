import ArgumentParser
import Foundation
import VitniKit
import VitniStore

struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Add a timestamped note to a session (encrypted before it is stored).",
        discussion: examples(
            "vitni note --as anna --kind phase --item rapport \"Rapport started\"",
            "vitni note --as per --kind question-to-relay \"Ask who else was on the trip\"",
            "vitni note --as anna --at 12:30 --tag audio \"Door slammed outside\""))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?
    @Option(
        help: ArgumentHelp("Kind: \(NoteKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
    var kind: String = "observation"
    @Option(
        help: ArgumentHelp(
            "Offset into the recording, [[h:]m:]s[.mmm] (default: the recording clock; none outside a recording).",
            valueName: "offset"))
    var at: String?
    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag. Repeatable.", valueName: "tag")) var tags: [String] =
        []
    @Option(
        name: .customLong("item"),
        help: ArgumentHelp("The protocol item this note concerns (PHASE or PHASE.ITEM).", valueName: "item"))
    var item: String?
    @Option(help: ArgumentHelp("The id of a note this one corrects (both are kept).", valueName: "note"))
    var supersedes: String?
    @Argument(help: ArgumentHelp("The note's text.", valueName: "text")) var text: String

    func validate() throws {
        guard NoteKind(rawValue: kind) != nil else {
            throw ValidationError(
                "unknown kind '\(kind)': use one of \(NoteKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let at, Offset.parse(at) == nil {
            throw ValidationError("cannot read the offset '\(at)': use [[h:]m:]s[.mmm]")
        }
    }

    func run() throws {
        let manager = try workspace.sessions()
        let target = try manager.session(session)
        let note = try manager.notes.add(
            to: target, author: try actor.identity(), kind: NoteKind(rawValue: kind)!, text: text, tags: tags,
            offset: at.flatMap(Offset.parse), protocolItem: item, supersedes: supersedes,
            protocol: item == nil ? nil : try manager.interviewProtocol(of: target))
        guard let offset = note.offsetMilliseconds else {
            print("\(note.noteID) in \(target.id), outside a recording")
            return printWarning(
                "no recording is running: the note is kept, flagged as outside a recording, without an offset")
        }
        print(
            "\(note.noteID) at \(Offset.format(offset))\(note.recording.map { " in recording \($0)" } ?? "") in \(target.id)"
        )
    }
}

struct NotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notes", abstract: "List a session's notes in time order (needs an unlocked identity).",
        discussion: examples(
            "vitni unlock per && vitni notes", "vitni notes -i anna --kind disclosure",
            "vitni notes --bundle CASE-2026-0042_S01 -i per"))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var reading: ReadingOptions
    @OptionGroup var trustOptions: TrustOptions
    @Option(help: ArgumentHelp("Read the notes sealed in this bundle (verified first).", valueName: "bundle"))
    var bundle: String?
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?
    @Option(help: ArgumentHelp("Only notes of this kind.", valueName: "kind")) var kind: String?
    @Flag(help: "Print JSON Lines.") var json = false

    func run() throws {
        var kindFilter: NoteKind?
        if let kind {
            guard let parsed = NoteKind(rawValue: kind) else { throw ValidationError("unknown kind '\(kind)'") }
            kindFilter = parsed
        }
        let notes: [Note]
        if let bundle {
            guard session == nil else { throw ValidationError("--bundle and --session name two sources: give one") }
            notes = try trustOptions.open(bundle).notes(identities: try reading.resolve()).filter {
                kindFilter == nil || $0.kind == kindFilter
            }
        } else {
            let manager = try workspace.sessions()
            notes = try manager.notes.all(
                of: try manager.session(session), kind: kindFilter, identities: try reading.resolve())
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var output = ""
        for note in notes {
            if json {
                output += String(decoding: try encoder.encode(note), as: UTF8.self) + "\n"
            } else {
                output += NotesCommand.line(note) + "\n"
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    static func line(_ note: Note) -> String {
        let place =
            note.offsetMilliseconds.map { offset in
                (note.recording.map { "r\($0) " } ?? "") + Offset.format(offset)
            } ?? "outside recording"
        var line = "[\(place)] \(note.wallclock)  \(note.authorName ?? note.author)  \(note.kind.rawValue)"
        if let item = note.protocolItem { line += " (\(item))" }
        line += ": \(note.text)"
        if !note.tags.isEmpty { line += "  " + note.tags.map { "#" + $0 }.joined(separator: " ") }
        if let old = note.supersedes { line += "  [corrects \(old)]" }
        if let new = note.supersededBy { line += "  [corrected by \(new)]" }
        return "\(note.id) " + line
    }
}
