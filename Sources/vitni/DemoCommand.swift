import ArgumentParser
import Foundation
import VitniDemo

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a demonstration session on the synthetic sample interview, in a temporary VITNI_HOME.")

    @Option(help: "The samples directory (default: ./samples, else the installed share/vitni/samples).")
    var samples: String?
    @Option(help: "Where the sealed demo bundle and its verification report are kept.") var output: String =
        "vitni-demo-output"

    func run() throws {
        try Demo(samples: samples ?? Demo.defaultSamples(), output: output).run { print($0) }
    }
}
