import ArgumentParser
import Foundation
import VitniKit
import VitniStore

struct QualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Interview-quality metrics (NICHD prompt types) from the session's transcript.",
        discussion: discussion(
            """
            INT utterances are coded as prompts, CHILD utterances count as answers; others are left \
            out. Phases come from `phase` notes naming a protocol item: such a note at offset t puts \
            utterances starting at or after t in that phase. The session's language picks the rules. \
            Needs an unlocked identity. The output holds counts and codes, never the text.
            """,
            examples: examples(
                "vitni quality", "vitni quality --session CASE-2026-0042_S01 --json",
                "vitni quality --bundle CASE-2026-0042_S01 -i per")))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var reading: ReadingOptions
    @OptionGroup var trustOptions: TrustOptions
    @Option(help: ArgumentHelp("Session id (default: the only open session).", valueName: "session"))
    var session: String?
    @Option(
        help: ArgumentHelp(
            "Code a sealed bundle's newest transcript instead (phases from its notes).", valueName: "bundle"))
    var bundle: String?
    @Flag(help: "Print the full report as JSON.") var json = false

    func run() throws {
        let report: QualityReport
        if let bundle {
            report = try trustOptions.open(bundle).qualityReport(identities: try reading.resolve())
        } else {
            let manager = try workspace.sessions()
            report = try manager.transcripts.qualityReport(
                of: try manager.session(session), identities: try reading.resolve())
        }
        if json { try printJSON(report) } else { print(report.summary) }
    }
}
