import ArgumentParser
import Foundation
import VitniFormats
import VitniKit

struct ProtocolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protocol",
        abstract: "List, show and check interview protocols and checklists (protocols/*.yaml).",
        discussion: discussion(
            """
            Protocols are searched in $VITNI_PROTOCOLS (directories separated by ':'), then in the first \
            'protocols' directory above the vitni executable, then in ./protocols; the first file with an \
            id wins.
            """,
            examples: examples(
                "vitni protocol list", "vitni protocol show nichd-revised",
                "vitni protocol check protocols/my-protocol.yaml")),
        subcommands: [List.self, Show.self, Check.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the protocols found: id, version, title.",
            discussion: examples("vitni protocol list", "VITNI_PROTOCOLS=/srv/centre/protocols vitni protocol list"))

        func run() throws {
            let library = ProtocolLibrary.standard()
            let protocols = try library.all()
            if protocols.isEmpty {
                print("no protocols found in: \(library.directories.joined(separator: ", "))")
                return
            }
            let idWidth = protocols.map(\.id.count).max() ?? 0
            let versionWidth = protocols.map(\.version.count).max() ?? 0
            for item in protocols {
                print("\(pad(item.id, idWidth))  \(pad(item.version, versionWidth))  \(item.title)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a protocol's phases and items.",
            discussion: discussion(
                "Items are referred to as PHASE.ITEM (e.g. ground-rules.dont-know) in notes and checklists.",
                examples: examples(
                    "vitni protocol show nichd-revised", "vitni protocol show abe --json",
                    "vitni protocol show protocols/my-protocol.yaml")))

        @Argument(
            help: ArgumentHelp(
                "Protocol id (see `vitni protocol list`), or the path of a protocol file.", valueName: "protocol"))
        var protocolID: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let loaded =
                protocolID.contains("/") || protocolID.hasSuffix(".yaml") || protocolID.hasSuffix(".yml")
                ? try ProtocolLibrary.read(file: protocolID)
                : try ProtocolLibrary.standard().load(id: protocolID)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(loaded), as: UTF8.self))
            } else {
                print(render(loaded), terminator: "")
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check protocol files against the schema. Exit 0 all valid, 1 a file is invalid, "
                + "2 a file could not be read.",
            discussion: examples(
                "vitni protocol check protocols/my-protocol.yaml", "vitni protocol check protocols/*.yaml"))

        @Argument(help: ArgumentHelp("Protocol files to check.", valueName: "file")) var files: [String] = []

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one protocol file to check") }
        }

        func run() throws {
            var worst: Int32 = 0
            var hint: String?
            for file in files {
                do {
                    let checked = try ProtocolLibrary.read(file: file)
                    print(
                        "\(file): ok (\(Count.of(checked.phases.count, "phase")), \(Count.of(checked.allItems.count, "item")))"
                    )
                } catch let error as any ReportableError {
                    printError(error.description)
                    hint = hint ?? error.hint
                    worst = max(worst, error.exitCode)
                }
            }
            if worst != 0 {
                if let hint { FileHandle.standardError.write(Data("hint: \(hint)\n".utf8)) }
                throw ExitCode(worst)
            }
        }
    }
}

private func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
}

/// A protocol as an interviewer reads it: numbered phases, then each item's id, kind and text.
private func render(_ shown: InterviewProtocol) -> String {
    let lineWidth = 100
    var out = "\(shown.title) (\(shown.id), version \(shown.version))\n"
    out += "source: \(shown.source)\n"
    out += "\(Count.of(shown.phases.count, "phase")), \(Count.of(shown.allItems.count, "item")); "
    out += "refer to items as PHASE.ITEM\n\n"
    out += wrap(shown.description, width: lineWidth, indent: "") + "\n"
    let kindWidth = InterviewProtocol.ItemKind.allCases.map(\.rawValue.count).max() ?? 0
    for (index, phase) in shown.phases.enumerated() {
        var heading = "\n\(index + 1). \(phase.title)  [\(phase.id)]"
        if !phase.required { heading += "  (optional)" }
        if !phase.after.isEmpty { heading += "  after: \(phase.after.joined(separator: ", "))" }
        out += heading + "\n"
        let idWidth = phase.items.map(\.id.count).max() ?? 0
        for item in phase.items {
            let lead = "   \(pad(item.id, idWidth))  \(pad(item.kind.rawValue, kindWidth))  "
            let hanging = String(repeating: " ", count: lead.count)
            let text = (item.required ? "" : "(optional) ") + item.text
            let body = wrap(text, width: lineWidth, indent: hanging)
            out += lead + body.dropFirst(hanging.count) + "\n"
            if let evidence = item.evidence {
                out += wrap("evidence: " + evidence, width: lineWidth, indent: hanging + "  ") + "\n"
            }
        }
    }
    return out
}

/// Word-wraps `text` to `width` columns, every line starting with `indent`.
private func wrap(_ text: String, width: Int, indent: String) -> String {
    var lines: [String] = []
    var line = indent
    for word in text.split(whereSeparator: \.isWhitespace) {
        if line.count > indent.count, line.count + 1 + word.count > width {
            lines.append(line)
            line = indent
        }
        line += (line.count > indent.count ? " " : "") + word
    }
    lines.append(line)
    return lines.joined(separator: "\n")
}
