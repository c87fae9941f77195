import ArgumentParser
import Foundation
import VitniDemo

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a demonstration session on the synthetic sample interview, in a temporary VITNI_HOME.",
        discussion: examples(
            "vitni demo", "vitni demo --samples samples --output-directory /tmp/vitni-demo-output"))

    @Option(
        help: ArgumentHelp(
            "The samples directory (default: ./samples, else the installed share/vitni/samples).",
            valueName: "directory"))
    var samples: String?
    @Option(
        name: .customLong("output-directory"),
        help: ArgumentHelp("Where the sealed demo bundle and its verification report are kept.", valueName: "directory")
    )
    var outputDirectory: String = "vitni-demo-output"

    func run() throws {
        try Demo(samples: samples ?? Demo.defaultSamples(), output: outputDirectory).run { print($0) }
    }
}
