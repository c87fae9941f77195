import Foundation
import Testing
import VitniKit
import VitniTestSupport

/// The help pages and usage errors a new user meets: examples on every page, value names that
/// say what they take, the usage of the command that was run, and "did you mean".
@Suite struct HelpCLITests {
    let cli: CLI

    init() throws { cli = try CLI() }

    /// Every visible command, as the words that run it (`[]` is `vitni` itself).
    func commandPaths() throws -> [(path: [String], command: [String: Any])] {
        let dump = try cli.run(["--experimental-dump-help"])
        try #require(dump.status == 0, "\(dump.stderrText)")
        let root = try #require(
            (try JSONSerialization.jsonObject(with: Data(dump.stdout)) as? [String: Any])?["command"]
                as? [String: Any])
        var found: [(path: [String], command: [String: Any])] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            found.append((path, command))
            // `vitni help` is the parser's own.
            for sub in command["subcommands"] as? [[String: Any]] ?? []
            where sub["shouldDisplay"] as? Bool ?? true && sub["commandName"] as? String != "help" {
                walk(sub, path + [sub["commandName"] as? String ?? "?"])
            }
        }
        walk(root, [])
        return found
    }

    /// The command lines of the EXAMPLES block in a help page (a line ending in `\\` joined with
    /// the next), or nil if it has none.
    func examples(in help: String) -> [String]? {
        let lines = help.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "EXAMPLES:") else { return nil }
        var commands: [String] = []
        var continuing = false
        for line in lines[(start + 1)...].prefix(while: { !$0.isEmpty }) {
            if continuing, line.hasPrefix("    ") {
                commands[commands.count - 1] += "\n" + line
            } else {
                commands.append(line)
            }
            continuing = line.hasSuffix(" \\")
        }
        return commands
    }

    @Test func everyHelpPageEndsItsOverviewWithTwoToFourExamples() throws {
        let paths = try commandPaths()
        #expect(paths.count > 50, "the walk found the command tree")
        for (path, _) in paths {
            let name = (["vitni"] + path).joined(separator: " ")
            let help = try cli.run(path + ["--help"])
            #expect(help.status == 0, "\(name) --help")
            guard let lines = examples(in: help.stdoutText) else {
                Issue.record("\(name) --help has no EXAMPLES section")
                continue
            }
            #expect((2...4).contains(lines.count), "\(name): \(lines.count) examples")
            for line in lines {
                #expect(
                    line.hasPrefix("  ") && line.contains("vitni"), "\(name): '\(line)' is not a whole command line")
            }
            #expect(lines.contains { $0.contains(name) }, "\(name): no example runs \(name)")
        }
    }

    @Test func valueNamesSayWhatTheyTake() throws {
        let vague: Set<String> = ["as", "at", "to", "from", "for", "out"]
        for (path, command) in try commandPaths() {
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["kind"] as? String != "flag" {
                let value = argument["valueName"] as? String ?? ""
                let name = (["vitni"] + path).joined(separator: " ")
                #expect(value.count > 1 && !vague.contains(value), "\(name): value name <\(value)>")
            }
        }
        let help = try cli.run(["decrypt", "--help"]).stdoutText
        #expect(help.contains("-i, --identity <identity>") && help.contains("-o, --output <file>"))
        #expect(!help.contains("<i>") && !help.contains("<o>"))
    }

    @Test func aUsageErrorWhileASubcommandRunsShowsThatSubcommandsUsage() throws {
        let cases: [([String], String)] = [
            (["checklist", "tick", "rapport.get-to-know", "--at", "soon"], "vitni checklist tick"),
            (["hash", "--algorithm", "md5", "file"], "vitni hash"),
            (["seal", "--no-such-option"], "vitni seal"),
        ]
        for (arguments, command) in cases {
            let result = try cli.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderrText.contains("Usage: \(command) "), "\(arguments): \(result.stderrText)")
            #expect(result.stderrText.contains("See '\(command) --help'"), "\(result.stderrText)")
            #expect(!result.stderrText.contains("Usage: vitni <subcommand>"), "\(result.stderrText)")
        }
    }

    @Test func aMistypedSubcommandOrOptionGetsASuggestion() throws {
        let cases: [([String], String)] = [
            (["sesion"], "Did you mean 'session'?"),
            (["session", "strat"], "Did you mean 'start'?"),
            (["checklist", "tik"], "Did you mean 'tick'?"),
            (["custody", "transfre"], "Did you mean 'transfer'?"),
            (["seal", "--sesion", "X"], "Did you mean '--session'?"),
        ]
        for (arguments, suggestion) in cases {
            let result = try cli.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderrText.contains(suggestion), "\(arguments): \(result.stderrText)")
        }
        let farOff = try cli.run(["frobnicate"])
        #expect(farOff.status == 64 && !farOff.stderrText.contains("Did you mean"), "\(farOff.stderrText)")
    }

    @Test func aMistypedSessionIdGetsTheNearestId() throws {
        try cli.person("anna", .interviewer)
        try ExitCodeCLITests.startSession(cli)
        let result = try cli.inWorkspace(["show", "EXIT-1_S1"])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("no session 'EXIT-1_S1' in this workspace"), "\(result.stderrText)")
        #expect(result.stderrText.contains("hint: did you mean 'EXIT-1_S01'?"), "\(result.stderrText)")
        let far = try cli.inWorkspace(["note", "--as", "anna", "--session", "OTHER-7_S09", "text"])
        #expect(far.status == 2 && far.stderrText.contains("no session 'OTHER-7_S09'"), "\(far.stderrText)")
        #expect(!far.stderrText.contains("did you mean"), "\(far.stderrText)")
    }

    @Test func countsTakeTheNounInTheRightNumber() throws {
        func protocolFile(phases: Int) throws -> String {
            var text = """
                id: p\(phases)
                version: "1"
                title: Test
                source: "test"
                description: A protocol for counting.
                phases:

                """
            for phase in 1...phases {
                text += """
                      - id: phase-\(phase)
                        title: Phase \(phase)
                        required: true
                        items:
                          - id: item
                            kind: check
                            text: The item.

                    """
            }
            return try cli.work.write("p\(phases).yaml", text)
        }
        let one = try cli.run(["protocol", "check", try protocolFile(phases: 1)])
        #expect(one.status == 0, "\(one.stderrText)")
        #expect(one.stdoutText.contains("ok (1 phase, 1 item)"), "\(one.stdoutText)")
        let two = try cli.run(["protocol", "check", try protocolFile(phases: 2)])
        #expect(two.stdoutText.contains("ok (2 phases, 2 items)"), "\(two.stdoutText)")
    }
}
