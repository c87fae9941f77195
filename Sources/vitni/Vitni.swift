import ArgumentParser
import Foundation
import VitniCrypto
import VitniKit

/// Every command names itself (`commandName`): a name derived from the type's name costs
/// `String(describing:)` a protocol-conformance scan of the whole binary per command at every
/// start, before any command runs (about 40 M instructions, two thirds of `vitni --version`).
@main
struct Vitni: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vitni",
        abstract: "Keep a forensic child interview together: encrypted, signed, verifiable with standard tools.",
        discussion: """
            Exit codes: 0 success; 1 the input failed a check (altered or damaged file, bad signature, \
            wrong key or passphrase); 2 the operation could not be carried out (missing file, \
            permissions, configuration); 64 usage error.

            \(examples(
                "vitni key new --name anna --role interviewer",
                "vitni init; vitni protocol list",
                "vitni seal --output-directory .",
                "vitni verify CASE-2026-0042_S01 -i per -o report.html"))
            """,
        version: VitniRelease.description,
        subcommands: [
            TranscriptCommand.self, TranscribeCommand.self, RedactCommand.self, QualityCommand.self,
            KeyCommand.self, TrustCommand.self, EncryptCommand.self, DecryptCommand.self,
            SignCommand.self, CheckSignatureCommand.self, HashCommand.self, UnlockCommand.self, LockCommand.self,
            AgentCommand.self, ProtocolCommand.self, InitCommand.self, ListCommand.self, ShowCommand.self,
            SessionCommand.self, NoteCommand.self, NotesCommand.self, ChecklistCommand.self, RecordCommand.self,
            InviteCommand.self,
            RecoverCommand.self, FinaliseCommand.self, ImportAudioCommand.self, PlayCommand.self,
            SealCommand.self, VerifyCommand.self, CustodyCommand.self, OpenCommand.self, ViewCommand.self,
            ExportCommand.self,
            DemoCommand.self,
        ]
    )

    /// Hardens the process (no core file, no memory in crash reports), then parses, runs, and
    /// reports any failure once: usage errors through ``UsageErrors`` with the usage of the
    /// command that was run, everything else through ``ErrorReport``.
    static func main() {
        ProcessHardening.apply()
        let arguments = Array(CommandLine.arguments.dropFirst())
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            UsageErrors.exitForParsing(error, arguments: arguments)
        }
        do {
            try command.run()
        } catch let error as ValidationError {
            UsageErrors.exit(error, in: type(of: command))
        } catch {
            ErrorReport.exit(for: error)
        }
    }
}
