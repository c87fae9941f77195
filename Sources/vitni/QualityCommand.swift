import ArgumentParser
import Foundation
import VitniKit
import VitniStore

struct QualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Interview-quality metrics (NICHD prompt types) from the session's transcript.",
        discussion: """
            INT utterances are coded as prompts, CHILD utterances count as answers; others are left \
            out. Phases come from `phase` notes naming a protocol item: such a note at offset t puts \
            utterances starting at or after t in that phase. The session's language picks the rules. \
            Needs an unlocked identity. The output holds counts and codes, never the text.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var reading: ReadingOptions
    @OptionGroup var trustOptions: TrustOptions
    @Option(help: "Session id (default: the only open session).") var session: String?
    @Option(help: "Code a sealed bundle's newest transcript instead (phases from its notes).") var bundle: String?
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
