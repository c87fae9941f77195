import ArgumentParser
import Foundation
import VitniKit

/// Usage errors as the parser words them, but for the command that was run: a `ValidationError`
/// thrown while a subcommand runs shows that subcommand's usage, and a mistyped subcommand
/// gets a "Did you mean" naming the nearest one.
enum UsageErrors {
    /// Reports an error from parsing the command line: the parser's message, with a suggestion
    /// for a word that is not a subcommand of the group before it.
    static func exitForParsing(_ error: any Error, arguments: [String]) -> Never {
        let code = Vitni.exitCode(for: error)
        guard code == .validationFailure else { Vitni.exit(withError: error) }
        var lines = Vitni.fullMessage(for: error).components(separatedBy: "\n")
        if let (typed, suggestion) = subcommandSuggestion(arguments), let first = lines.first,
            first.contains("'\(typed)'")
        {
            lines[0] = first + ". Did you mean '\(suggestion)'?"
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        Foundation.exit(code.rawValue)
    }

    /// Reports a `ValidationError` thrown by `command`'s run with `command`'s own usage.
    static func exit(_ error: ValidationError, in command: any ParsableCommand.Type) -> Never {
        let path = (["vitni"] + names(to: command, from: Vitni.self)).joined(separator: " ")
        let text = """
            Error: \(error.message)
            Usage: \(Vitni.usageString(for: command).replacingOccurrences(of: "\n", with: "\n       "))
              See '\(path) --help' for more information.

            """
        FileHandle.standardError.write(Data(text.utf8))
        Foundation.exit(ExitCode.validationFailure.rawValue)
    }

    /// The first word that is neither an option nor a subcommand of the group before it, with
    /// the group's nearest subcommand name.
    static func subcommandSuggestion(_ arguments: [String]) -> (typed: String, suggestion: String)? {
        var group: any ParsableCommand.Type = Vitni.self
        for word in arguments where !word.hasPrefix("-") {
            let subcommands = group.configuration.subcommands.filter { $0.configuration.shouldDisplay }
            guard !subcommands.isEmpty else { return nil }
            if let next = subcommands.first(where: { names(of: $0).contains(word) }) {
                group = next
                continue
            }
            return Suggestions.closest(to: word, among: subcommands.flatMap(names(of:))).map { (word, $0) }
        }
        return nil
    }

    /// The subcommand names leading from `root` to `command` (empty when it is `root`).
    static func names(to command: any ParsableCommand.Type, from root: any ParsableCommand.Type) -> [String] {
        if command == root { return [] }
        for subcommand in root.configuration.subcommands {
            if subcommand == command { return [subcommand._commandName] }
            let below = names(to: command, from: subcommand)
            if !below.isEmpty { return [subcommand._commandName] + below }
        }
        return []
    }

    private static func names(of command: any ParsableCommand.Type) -> [String] {
        [command._commandName] + command.configuration.aliases
    }
}
