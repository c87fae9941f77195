import ArgumentParser
import Foundation
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore

/// Who signs: `--key` (an identity name or a minisign secret-key file), else the acting identity.
struct SigningOptions: ParsableArguments {
    @Option(name: .customLong("key"), help: "Sign with this identity or minisign secret-key file (default: --as).")
    var key: String?
    @OptionGroup var actor: ActorOptions

    func signer(_ passphrases: PassphraseOptions) throws -> any BundleSigner {
        try passphrases.signer(try key ?? actor.identity().name)
    }
}

/// The keys a verifier accepts: the trust store, the user's own identities, and `--trust` files.
struct TrustOptions: ParsableArguments {
    @Option(
        name: .customLong("trust"),
        help: "Also trust this key: a public identity file or a minisign .pub file. Repeatable.")
    var files: [String] = []

    func trust() throws -> BundleTrust { try BundleTrust.standard(extraFiles: files) }

    /// Verifies `bundle` against this trust before anything is read from it.
    func open(_ bundle: String) throws -> VerifiedBundle { try VerifiedBundle.open(bundle, trust: try trust()) }
}

struct SealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Seal a closed session into a BagIt bundle: encrypted, hashed, signed, with its custody log.")

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var reading: ReadingOptions
    @OptionGroup var signing: SigningOptions
    @Option(help: "Session id (default: the only session being conducted).") var session: String?
    @Option(help: "Directory the bundle is written into (default: bundles/ in the workspace).") var out: String?
    @Option(help: "Source-Organization in bag-info.txt (default: config.toml's organization, else Barnahus).")
    var organization: String?
    @Flag(help: "Also write the single-file .tar form.") var tar = false

    func run() throws {
        let manager = try workspace.sessions()
        let target = try manager.sealing.sessionToSeal(session)
        let result = try manager.sealing.seal(
            target, into: out ?? manager.sealing.bundlesDirectory,
            signer: try signing.signer(reading.passphraseOptions), identities: try reading.resolve(),
            organization: try organization ?? centreDefaults().organization ?? "Barnahus", tar: tar)
        print("sealed \(target.id): \(result.bundle) (\(result.files) files)")
        if let tar = result.tar { print("single file: \(tar)") }
        print("custody head \(result.receipt.head) (keep it: `vitni verify --expect-head` checks against it)")
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Verify a bundle: BagIt, every hash, the seal, the custody chain (and, with --identity, every plaintext).",
        discussion: "Exit codes: 0 valid, 1 invalid (the failing checks are named), 2 could not check.")

    @OptionGroup var trustOptions: TrustOptions
    @Option(
        name: .customLong("identity"), help: "Also decrypt every file with this identity and compare plaintext hashes.")
    var identities: [String] = []
    @OptionGroup var passphraseOptions: PassphraseOptions
    @Option(help: "The custody head from a receipt: the log must still end there.") var expectHead: String?
    @Option(help: "For a redacted copy: the sealed original it must derive from.") var original: String?
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: "Also write the report as a printable HTML page.") var report: String?
    @Argument(help: "The bundle directory.") var bundle: String

    func run() throws {
        do {
            let resolver = passphraseOptions.resolver()
            let keys = try identities.flatMap { try resolver.ageIdentities($0) }
            let target = SessionBundle(path: bundle)
            var result = target.verify(trust: try trustOptions.trust(), expectHead: expectHead, identities: keys)
            if let original, result.outcome != .couldNotCheck {
                result.append(target.linkCheck(original: original, trust: try trustOptions.trust()))
            }
            print(json ? String(decoding: try result.renderJSON(), as: UTF8.self) : result.renderText())
            if let report {
                try OutputFile.write(
                    Array(result.renderHTML(generatedAt: Timestamp.string(Date())).utf8), to: report, mode: 0o644)
            }
            throw ExitCode(result.outcome.exitCode)
        } catch let error as any ReportableError {
            throw CouldNotCheck(underlying: error)
        }
    }
}

struct CustodyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "custody", abstract: "A bundle's chain of custody: hand it over, or read the log.",
        subcommands: [CustodyTransferCommand.self, CustodyLogCommand.self])
}

struct CustodyTransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Hand a bundle to another holder: a signed `transferred` event and a new seal.")

    @OptionGroup var signing: SigningOptions
    @OptionGroup var passphraseOptions: PassphraseOptions
    @OptionGroup var trustOptions: TrustOptions
    @Option(help: "The new holder: an identity name or public identity file.") var to: String
    @Option(help: "A note for the log (not evidence: it is stored in the clear).") var note: String?
    @Argument(help: "The bundle directory.") var bundle: String

    func run() throws {
        let holder = try publicIdentity(to)
        let signer = try signing.signer(passphraseOptions)
        let receipt = try CustodyLog.transfer(
            bundle: bundle, to: holder, note: note, signer: signer, trust: try trustOptions.trust())
        if receipt.alreadyRecorded {
            printWarning("this transfer was already recorded (by a run that stopped before reporting it)")
        }
        print("transferred to \(holder.name) (\(holder.keyID)); receipt: event \(receipt.seq), head \(receipt.head)")
    }
}

struct CustodyLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Print a bundle's custody log.")

    @Flag(help: "Print the events as JSON Lines, exactly as stored.") var json = false
    @Argument(help: "The bundle directory.") var bundle: String

    func run() throws {
        let entries = try CustodyLog.read(bundle: bundle)
        for entry in entries {
            if json {
                print(String(decoding: try entry.event.line(), as: UTF8.self))
            } else {
                print(
                    "\(entry.event.seq)  \(entry.event.time)  \(entry.event.action.rawValue)  by \(entry.event.actor)")
            }
        }
    }
}

struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Read a sealed bundle's notes, checklist or session facts (decrypted in memory)."
    )

    enum Part: String, EnumerableFlag { case notes, checklist, session, transcript }

    @OptionGroup var reading: ReadingOptions
    @OptionGroup var trustOptions: TrustOptions
    @Flag(help: "What to print.") var part: Part
    @Option(help: "Record this reading in the custody log: a `decrypted` event signed by this identity or key file.")
    var recordAs: String?
    @Argument(help: "The bundle directory.") var bundle: String

    func run() throws {
        let source = try trustOptions.open(bundle)
        let file: String
        switch part {
        case .notes: file = BundleLayout.notes
        case .checklist: file = BundleLayout.checklist
        case .session: file = BundleLayout.session
        // The newest transcript the bundle commits: sealed, amended later, or the advocate's redacted one.
        case .transcript: file = try source.transcriptFiles().last ?? BundleLayout.transcript
        }
        let bytes = try source.decrypt(file, identities: try reading.resolve())
        if let recordAs {
            try recordDecryption(
                of: file, in: bundle, as: recordAs, passphrases: reading.passphraseOptions, trust: trustOptions)
        }
        FileHandle.standardOutput.write(Data(bytes))
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the child advocate's copy: a redacted bundle encrypted only to the named readers.")

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var reading: ReadingOptions
    @OptionGroup var signing: SigningOptions
    @OptionGroup var trustOptions: TrustOptions
    @Flag(help: "Redacted copy (the only kind of export).") var redacted = false
    @Option(name: .customLong("for"), help: "A reader: identity name or public identity file. Repeatable.") var readers:
        [String] = []
    @Option(help: "Directory the copy is written into (default: beside the original).") var out: String?
    @Option(help: "Source-Organization in bag-info.txt (default: config.toml's organization, else Barnahus).")
    var organization: String?
    @Argument(help: "The sealed bundle.") var bundle: String

    func validate() throws {
        guard redacted else { throw ValidationError("only redacted copies are exported: add --redacted") }
        guard !readers.isEmpty else { throw ValidationError("name the readers with --for") }
    }

    func run() throws {
        let manager = try workspace.sessions()
        let people = try readers.map { try publicIdentity($0) }
        let directory = out ?? URL(fileURLWithPath: bundle).deletingLastPathComponent().path
        let result = try manager.sealing.exportRedacted(
            original: bundle, readers: people, into: directory, signer: try signing.signer(reading.passphraseOptions),
            trust: try trustOptions.trust(), identities: try reading.resolve(),
            organization: try organization ?? centreDefaults().organization ?? "Barnahus")
        if result.originalReceipt.alreadyRecorded {
            printWarning("this export was already recorded in the original's log; the copy is complete")
        }
        print("redacted copy: \(result.bundle), encrypted to \(people.map(\.name).joined(separator: ", "))")
        print("original's custody head \(result.originalReceipt.head) (an `exported` event was added)")
    }
}

/// Appends a signed `decrypted` event naming the file read (not its content).
func recordDecryption(
    of file: String, in bundle: String, as signer: String, passphrases: PassphraseOptions, trust: TrustOptions
) throws {
    let key = try passphrases.signer(signer)
    let receipt = try CustodyLog.recordDecryption(of: file, in: bundle, signer: key, trust: try trust.trust())
    printWarning("recorded in the custody log: event \(receipt.seq) (decrypted \(file)), head \(receipt.head)")
}
