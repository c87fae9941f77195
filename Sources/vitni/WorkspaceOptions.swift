import ArgumentParser
import Foundation
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore

/// Where the workspace is: `--workspace`, else `$VITNI_WORKSPACE`, else `./vitni-workspace`.
struct WorkspaceOptions: ParsableArguments {
    @Option(help: "The workspace directory (default: $VITNI_WORKSPACE or ./vitni-workspace).")
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
    @Option(name: .customLong("as"), help: "Act as this identity (default: $VITNI_AS, or the only identity in VITNI_HOME).")
    var actor: String?

    func identity() throws -> PublicIdentity {
        let store = KeyStore()
        if let name = actor ?? ProcessInfo.processInfo.environment["VITNI_AS"] { return try publicIdentity(name, store: store) }
        let all = try store.list()
        guard all.count == 1 else {
            throw VitniError.invalidInput(
                all.isEmpty ? "no identity in \(store.home): create one with `vitni key new`"
                    : "several identities in \(store.home): say which with --as NAME")
        }
        return all[0]
    }
}

/// An identity name in VITNI_HOME, or a public identity file someone exported.
func publicIdentity(_ text: String, store: KeyStore = KeyStore()) throws -> PublicIdentity {
    if FileManager.default.fileExists(atPath: text) { return try PublicIdentity.load(path: text) }
    return try store.identity(named: text)
}

/// Which identities read sealed values back: `-i` (an identity name or age identity file,
/// unlocked with its passphrase) or else the running agent.
struct ReadingOptions: ParsableArguments {
    @Option(name: .customShort("i"), help: "Decrypt with this identity instead of the unlocked agent. Repeatable.")
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
