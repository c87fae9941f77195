import ArgumentParser
import Foundation
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore

/// Where the workspace is: `--workspace`, else `$VITNI_WORKSPACE`, else `./vitni-workspace`.
struct WorkspaceOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The workspace directory (default: $VITNI_WORKSPACE or ./vitni-workspace).", valueName: "directory"))
    var workspace: String?

    var directory: String { workspace ?? Self.defaultDirectory }

    /// `$VITNI_WORKSPACE`, else `./vitni-workspace`.
    static var defaultDirectory: String { ProcessInfo.processInfo.environment["VITNI_WORKSPACE"] ?? "vitni-workspace" }

    func open() throws -> Workspace { try Workspace(directory: directory) }

    func sessions() throws -> SessionManager { SessionManager(workspace: try open()) }
}

/// Who is acting: `--as NAME` (an identity in VITNI_HOME or a public identity file), else
/// `$VITNI_AS`, else the only identity in VITNI_HOME. Acting needs public keys only.
struct ActorOptions: ParsableArguments {
    @Option(
        name: .customLong("as"),
        help: ArgumentHelp(
            "Act as this identity (default: $VITNI_AS, or the only identity in VITNI_HOME).", valueName: "identity"))
    var actor: String?

    func identity() throws -> PublicIdentity {
        try KeyStore().actingIdentity(named: actor ?? ProcessInfo.processInfo.environment["VITNI_AS"])
    }
}

/// An identity name in VITNI_HOME, or a public identity file someone exported.
func publicIdentity(_ text: String) throws -> PublicIdentity { try KeyStore().publicIdentity(text) }

/// Which identities read sealed values back: `-i/--identity` (an identity name or age identity file,
/// unlocked with its passphrase) or else the running agent.
struct ReadingOptions: ParsableArguments {
    @Option(
        name: [.customShort("i"), .customLong("identity")],
        help: ArgumentHelp(
            "Decrypt with this identity instead of the unlocked agent. Repeatable.", valueName: "identity"))
    var identities: [String] = []

    @OptionGroup var passphraseOptions: PassphraseOptions

    func resolve() throws -> [any AgeIdentity] {
        if identities.isEmpty { return [AgentIdentity()] }
        let resolver = passphraseOptions.resolver()
        return try identities.flatMap { try resolver.ageIdentities($0) }
    }
}

/// JSON as Vitni prints it: sorted keys, no escaped slashes.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
