import ArgumentParser
import Foundation
import VitniCrypto
import VitniKit

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Create, list, show and export identities in VITNI_HOME.",
        discussion: examples(
            "vitni key new --name anna --role interviewer",
            "vitni key list",
            "vitni key export anna -o anna.identity.json"),
        subcommands: [New.self, List.self, Show.self, Export.self, Upgrade.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Create an identity: an age X25519 key and a minisign Ed25519 key, both passphrase-protected.",
            discussion: examples(
                "vitni key new --name anna --role interviewer",
                "vitni key new --name per --role prosecutor --passphrase-file per.pass"))

        @Option(help: ArgumentHelp("Name of the identity (letters, digits, '.', '_', '-').", valueName: "name"))
        var name: String
        @Option(
            help: ArgumentHelp("Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "role"))
        var role: String
        @OptionGroup var passphraseOptions: PassphraseOptions

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError(
                    "unknown role '\(role)': use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let store = KeyStore()
            try KeyStore.validate(name: name)
            let identity = try store.create(
                name: name, role: Role(rawValue: role)!,
                passphrase: try passphraseOptions.newPassphrase(for: "identity '\(name)'"))
            print("created identity '\(identity.name)' (\(identity.role.rawValue)) in \(store.home)")
            print("age recipient:       \(identity.ageRecipient)")
            print("minisign public key: \(identity.minisignPublicKey)")
            print("key id:              \(identity.keyID)")
            print("fingerprint:         \(identity.spacedFingerprint)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List identities.", discussion: examples("vitni key list", "vitni key list --json"))
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let identities = try KeyStore().list()
            if json {
                print(
                    "["
                        + identities.map { $0.encoded().trimmingCharacters(in: .whitespacesAndNewlines) }.joined(
                            separator: ",\n") + "]")
            } else if identities.isEmpty {
                print("no identities yet: `vitni key new --name NAME --role ROLE` creates one")
            } else {
                for identity in identities {
                    print(
                        "\(identity.name)\t\(identity.role.rawValue)\t\(identity.keyID)\t\(identity.ageRecipient)")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show an identity's public keys in their standard forms.",
            discussion: examples("vitni key show anna", "vitni key show per"))
        @Argument(help: ArgumentHelp("Identity name.", valueName: "identity")) var name: String

        func run() throws {
            let identity = try KeyStore().identity(named: name)
            print("name:                \(identity.name)")
            print("role:                \(identity.role.rawValue)")
            print("created:             \(identity.created)")
            print("age recipient:       \(identity.ageRecipient)")
            print("minisign public key: \(identity.minisignPublicKey)")
            print("key id:              \(identity.keyID)")
            print("fingerprint:         \(identity.spacedFingerprint)")
            print(
                "self-signed:         \(identity.isSigned ? "yes" : "no: `vitni key upgrade \(identity.name)` signs it")"
            )
        }
    }

    struct Export: ParsableCommand {
        enum Format: String, ExpressibleByArgument, CaseIterable { case vitni, age, minisign }

        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract:
                "Export a public identity: the Vitni identity file, the age recipient, or a minisign public-key file.",
            discussion: examples(
                "vitni key export anna -o anna.identity.json",
                "vitni key export anna --format age",
                "vitni key export anna --format minisign -o anna.pub"))
        @Argument(help: ArgumentHelp("Identity name.", valueName: "identity")) var name: String
        @Option(
            help: ArgumentHelp(
                "vitni (public identity file for `vitni trust add`), age (recipient line), minisign (for `minisign -V -p`).",
                valueName: "format"))
        var format: Format = .vitni
        @Option(name: .shortAndLong, help: ArgumentHelp("Output file (default: standard output).", valueName: "file"))
        var output: String?

        func run() throws {
            let store = KeyStore()
            let identity = try store.identity(named: name)
            let text: String
            switch format {
            case .vitni:
                // Others refuse an unsigned file, so none is handed out.
                guard identity.isSigned else {
                    throw VitniError.identityUnsigned(
                        path: store.home + "/identities/\(identity.name)/identity.json", name: identity.name)
                }
                text = identity.encoded()
            case .age: text = identity.ageRecipient + "\n"
            case .minisign: text = try identity.signingKey().fileText
            }
            try OutputFile.write(Array(text.utf8), to: output, mode: 0o644)
        }
    }

    struct Upgrade: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "upgrade",
            abstract:
                "Sign an identity made by Vitni 1.0 with its own minisign key, so it can be exported and trusted.",
            discussion: discussion(
                """
                Unlocks both secret keys (one passphrase), checks that they are the keys identity.json \
                names, and rewrites identity.json self-signed (vitni-identity-v2). An identity that is \
                signed already is left as it is.
                """, examples: examples("vitni key upgrade anna", "vitni key upgrade anna --passphrase-file anna.pass"))
        )
        @Argument(help: ArgumentHelp("Identity name.", valueName: "identity")) var name: String
        @OptionGroup var passphraseOptions: PassphraseOptions

        func run() throws {
            let store = KeyStore()
            let name = try store.identity(named: name).name
            let (identity, signed) = try store.upgrade(
                named: name, passphrase: try passphraseOptions.passphrase(for: "identity '\(name)'"))
            print(
                signed
                    ? "signed identity '\(identity.name)' with its own key \(identity.keyID): export it again for others"
                    : "identity '\(identity.name)' is signed already")
        }
    }
}

struct TrustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Manage the public keys whose seals and custody signatures you accept.",
        discussion: examples("vitni trust add per.identity.json", "vitni trust list", "vitni trust remove per"),
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Trust the identity in a public identity file (from `vitni key export`).",
            discussion: examples("vitni key export per -o per.identity.json", "vitni trust add per.identity.json"))
        @Argument(help: ArgumentHelp("Public identity file.", valueName: "file")) var file: String

        func run() throws {
            let (identity, addition) = try TrustStore().addReporting(file: file)
            switch addition {
            case .added: print("trusted \(identity.summary)")
            case .replacedUnsigned: print("trusted \(identity.summary), replacing its unsigned Vitni 1.0 entry")
            case .alreadyTrusted: print("already trusted: \(identity.summary)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List trusted keys: key id, name, role, minisign key, age recipient.",
            discussion: discussion(
                "An entry Vitni 1.0 made is marked unsigned: its age recipient is not used.",
                examples: examples("vitni trust list", "vitni trust add per.identity.json && vitni trust list")))

        func run() throws {
            let identities = try TrustStore().list()
            if identities.isEmpty { print("no trusted keys: `vitni trust add FILE` adds one") }
            for identity in identities {
                let fields = [
                    identity.keyID, identity.name, identity.role.rawValue, identity.minisignPublicKey,
                    identity.ageRecipient,
                ]
                print(fields.joined(separator: "\t") + (identity.isSigned ? "" : "\tunsigned (ask for a new export)"))
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Stop trusting a key, by key id, fingerprint or name.",
            discussion: examples("vitni trust remove per", "vitni trust remove anna"))
        @Argument(help: ArgumentHelp("Key id, fingerprint (64 hex digits, no spaces) or name.", valueName: "key"))
        var key: String

        func run() throws {
            for identity in try TrustStore().remove(key) {
                print("removed '\(identity.name)', key id \(identity.keyID)")
            }
        }
    }
}

struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash", abstract: "Print file digests in `sha256sum` format (one streaming pass per file).",
        discussion: examples(
            "vitni hash interview.flac.age", "vitni hash --algorithm sha512 interview.flac.age interview.flac"))
    @Option(help: ArgumentHelp("sha256 or sha512.", valueName: "algorithm")) var algorithm: String = "sha256"
    @Argument(help: ArgumentHelp("Files.", valueName: "file")) var files: [String]

    func run() throws {
        guard let digest = DigestAlgorithm(rawValue: algorithm) else {
            throw ValidationError("algorithm must be sha256 or sha512")
        }
        for file in files {
            print("\(try VitniError.wrap(file: file) { try Hashing.hexDigest(digest, ofFile: file) })  \(file)")
        }
    }
}
