import ArgumentParser
import Foundation
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore

/// Who signs: `--key` (an identity name or a minisign secret-key file), else the acting identity.
struct SigningOptions: ParsableArguments {
    @Option(
        name: .customLong("key"),
        help: ArgumentHelp(
            "Sign with this identity or minisign secret-key file (default: --as).", valueName: "identity"))
    var key: String?
    @OptionGroup var actor: ActorOptions

    func signer(_ passphrases: PassphraseOptions) throws -> any BundleSigner {
        try passphrases.signer(try key ?? actor.identity().name)
    }
}

/// `--organization`, for bag-info.txt's Source-Organization: the option, else the centre's
/// config.toml, else "Barnahus".
struct OrganizationOption: ParsableArguments {
    @Option(
        name: .customLong("organization"),
        help: ArgumentHelp(
            "Source-Organization in bag-info.txt (default: config.toml's organization, else Barnahus).",
            valueName: "name"))
    var name: String?

    func resolved() throws -> String { try name ?? centreDefaults().organization ?? "Barnahus" }
}

/// The keys a verifier accepts: the trust store, the user's own identities, and `--trust` files.
struct TrustOptions: ParsableArguments {
    @Option(
        name: .customLong("trust"),
        help: ArgumentHelp(
            "Also trust this key: a public identity file or a minisign .pub file. Repeatable.", valueName: "file"))
    var files: [String] = []

    func trust() throws -> BundleTrust { try BundleTrust.standard(extraFiles: files) }

    /// Verifies `bundle` against this trust before anything is read from it.
    func open(_ bundle: String) throws -> VerifiedBundle { try VerifiedBundle.open(bundle, trust: try trust()) }
}

struct SealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Seal a closed session into a BagIt bundle: encrypted, hashed, signed, with its custody log.",
        discussion: examples(
            "vitni session close; vitni seal",
            "vitni seal --session CASE-2026-0042_S01 --output-directory .",
            "vitni seal --tar --output-directory /media/evidence"))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var reading: ReadingOptions
    @OptionGroup var signing: SigningOptions
    @Option(help: ArgumentHelp("Session id (default: the only session being conducted).", valueName: "session"))
    var session: String?
    @Option(
        name: .customLong("output-directory"),
        help: ArgumentHelp(
            "Directory the bundle is written into (default: bundles/ in the workspace).", valueName: "directory"))
    var outputDirectory: String?
    @OptionGroup var organization: OrganizationOption
    @Flag(
        help: ArgumentHelp(
            "Write the bundle as one .tar file instead of a directory; every command reads it and custody events rewrite it in place."
        ))
    var tar = false

    func run() throws {
        let manager = try workspace.sessions()
        let target = try manager.sealing.sessionToSeal(session)
        let result = try manager.sealing.seal(
            target, into: outputDirectory ?? manager.sealing.bundlesDirectory,
            signer: try signing.signer(reading.passphraseOptions), identities: try reading.resolve(),
            organization: try organization.resolved(), tar: tar)
        print("sealed \(target.id): \(result.bundle) (\(Count.of(result.files, "file")))")
        print("custody head \(result.receipt.head) (keep it: `vitni verify --expect-head` checks against it)")
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Verify a bundle: BagIt, every hash, the seal, the custody chain (and, with --identity, every plaintext).",
        discussion: discussion(
            "The bundle is its directory or its .tar, read in place. Exit codes: 0 valid, 1 invalid (the failing "
                + "checks are named), 2 could not check.",
            examples: examples(
                "vitni verify CASE-2026-0042_S01",
                "vitni verify CASE-2026-0042_S01 -i per -o report.html",
                "vitni verify CASE-2026-0042_S01.tar --as per --certificate exhibit.html",
                "vitni verify CASE-2026-0042_S01_REDACTED --original CASE-2026-0042_S01")))

    @OptionGroup var trustOptions: TrustOptions
    @Option(
        name: [.customShort("i"), .customLong("identity")],
        help: ArgumentHelp(
            "Also decrypt every file with this identity and compare plaintext hashes. Repeatable.",
            valueName: "identity"))
    var identities: [String] = []
    @OptionGroup var passphraseOptions: PassphraseOptions
    @Option(help: ArgumentHelp("The custody head from a receipt: the log must still end there.", valueName: "head"))
    var expectHead: String?
    @Option(
        help: ArgumentHelp(
            "For a derived copy (redacted or full): the sealed original it must derive from.", valueName: "bundle"))
    var original: String?
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Also write the report as a printable HTML page to this file.", valueName: "file"))
    var output: String?
    @Option(
        help: ArgumentHelp(
            "Also write an integrity certificate for court to this file: a printable page in plain language "
                + "(never overwritten).", valueName: "file"))
    var certificate: String?
    @Option(
        help: ArgumentHelp(
            "Where the interview took place, for the certificate (default: config.toml's place).", valueName: "place"))
    var place: String?
    @OptionGroup var verifier: ActorOptions
    @Argument(help: ArgumentHelp("The bundle: its directory or its .tar file.", valueName: "bundle")) var bundle: String

    func validate() throws {
        guard let certificate else {
            if place != nil { throw ValidationError("--place is printed on a certificate: add --certificate FILE") }
            return
        }
        var info = stat()
        if lstat(certificate, &info) == 0, [S_IFREG, S_IFLNK, S_IFDIR].contains(info.st_mode & S_IFMT) {
            throw ValidationError(
                "\(certificate) already exists: a certificate is never overwritten (an earlier one may have been "
                    + "printed and signed); choose another file name")
        }
    }

    func run() throws {
        do {
            let resolver = passphraseOptions.resolver()
            let keys = try identities.flatMap { try resolver.ageIdentities($0) }
            let target = SessionBundle(path: bundle)
            var (result, record) = target.verifyKeepingRecord(
                trust: try trustOptions.trust(), expectHead: expectHead, identities: keys)
            if let original, result.couldNotCheckReason == nil {
                result.append(target.linkCheck(original: original, trust: try trustOptions.trust()))
            }
            print(json ? String(decoding: try result.renderJSON(), as: UTF8.self) : result.renderText())
            if let output {
                try OutputFile.write(
                    Array(result.renderHTML(generatedAt: Timestamp.string(Date())).utf8), to: output, mode: 0o644)
            }
            if let certificate {
                let page = IntegrityCertificate(report: result, record: record, context: try certificateContext(keys))
                // 0600: it may hold facts decrypted from session.json.
                try OutputFile.write(Array(page.renderHTML().utf8), to: certificate, mode: 0o600, replacing: false)
            }
            throw ExitCode(result.outcome.exitCode)
        } catch let error as any ReportableError {
            throw CouldNotCheck(underlying: error)
        }
    }

    /// Who verifies (`--as`, else the workspace's only identity, else nobody named) and who may
    /// read the session's facts: `--identity`, else the agent when it is unlocked.
    private func certificateContext(_ keys: [any AgeIdentity]) throws -> IntegrityCertificate.Context {
        let person = verifier.actor == nil ? try? verifier.identity() : try verifier.identity()
        let readers: [any AgeIdentity] = !keys.isEmpty ? keys : AgentClient().isRunning ? [AgentIdentity()] : []
        return IntegrityCertificate.Context(
            verifier: person.map { .init(name: $0.name, role: $0.role.rawValue, keyID: $0.keyID) },
            place: try place ?? centreDefaults().place, verifiedAt: Date(), readers: readers,
            readersGiven: !keys.isEmpty
                ? "the identity given (--identity)" : readers.isEmpty ? nil : "the unlocked agent",
            original: original)
    }
}

struct CustodyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "custody", abstract: "A bundle's chain of custody: hand it over, or read the log.",
        discussion: examples(
            "vitni custody transfer CASE-2026-0042_S01 --to per --note \"to the prosecutor\"",
            "vitni custody log CASE-2026-0042_S01"),
        subcommands: [CustodyTransferCommand.self, CustodyLogCommand.self])
}

struct CustodyTransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Hand a bundle to another holder: a signed `transferred` event and a new seal.",
        discussion: examples(
            "vitni custody transfer CASE-2026-0042_S01 --to per",
            "vitni custody transfer CASE-2026-0042_S01 --to per.identity.json --as anna",
            "vitni custody transfer CASE-2026-0042_S01 --to per --note \"to the prosecutor\""))

    @OptionGroup var signing: SigningOptions
    @OptionGroup var passphraseOptions: PassphraseOptions
    @OptionGroup var trustOptions: TrustOptions
    @Option(help: ArgumentHelp("The new holder: an identity name or public identity file.", valueName: "identity"))
    var to: String
    @Option(help: ArgumentHelp("A note for the log (not evidence: it is stored in the clear).", valueName: "text"))
    var note: String?
    @Option(
        name: [.customShort("i"), .customLong("identity")],
        help: ArgumentHelp(
            "Check with this identity (default: the agent) that the new holder can open the evidence.",
            valueName: "identity"))
    var identities: [String] = []
    @Argument(help: ArgumentHelp("The bundle: its directory or its .tar file.", valueName: "bundle")) var bundle: String

    func run() throws {
        let holder = try publicIdentity(to)
        let signer = try signing.signer(passphraseOptions)
        let receipt = try CustodyLog.transfer(
            bundle: bundle, to: holder, note: note, signer: signer, trust: try trustOptions.trust())
        if receipt.alreadyRecorded {
            printWarning("this transfer was already recorded (by a run that stopped before reporting it)")
        }
        print("transferred to \(holder.name) (\(holder.keyID)); receipt: event \(receipt.seq), head \(receipt.head)")
        CustodyTransferCheck.warnIfCannotOpen(
            bundle, holder: holder, identities: ageIdentities, trust: try trustOptions.trust())
    }

    /// `-i` as the reading commands resolve it: the named identities, else the agent.
    private func ageIdentities() throws -> [any AgeIdentity] {
        if identities.isEmpty { return [AgentIdentity()] }
        let resolver = passphraseOptions.resolver()
        return try identities.flatMap { try resolver.ageIdentities($0) }
    }
}

struct CustodyLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print a bundle's custody log: who did what when, by the names your trust store gives them.",
        discussion: examples("vitni custody log CASE-2026-0042_S01", "vitni custody log CASE-2026-0042_S01 --json"))

    @OptionGroup var trustOptions: TrustOptions
    @Flag(help: "Print the events as JSON Lines, exactly as stored.") var json = false
    @Argument(help: ArgumentHelp("The bundle: its directory or its .tar file.", valueName: "bundle")) var bundle: String

    /// The log is shown only once the bundle verifies (invariant 7): an unverified log would
    /// name holders and times nobody signed. `vitni verify` says what failed.
    func run() throws {
        let verified = try trustOptions.open(bundle)
        let lines = json ? verified.custodyLines.map { String(decoding: $0, as: UTF8.self) } : verified.custodyAccount
        print(lines.joined(separator: "\n"))
    }
}

struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract:
            "Read a sealed bundle: session facts, custody, checklist report and notes, as text (decrypted in memory).",
        discussion: discussion(
            """
            Without --part, prints the session's facts, its custody (names from your trust store), the \
            checklist report and the notes. --json prints the sealed JSON of one part instead.
            """,
            examples: examples(
                "vitni open CASE-2026-0042_S01",
                "vitni open --part checklist -i per CASE-2026-0042_S01",
                "vitni open --part notes --json CASE-2026-0042_S01",
                "vitni open --part transcript --record-as per CASE-2026-0042_S01")))

    enum Part: String, ExpressibleByArgument, CaseIterable { case session, custody, checklist, notes, transcript }

    @OptionGroup var reading: ReadingOptions
    @OptionGroup var trustOptions: TrustOptions
    @Option(help: ArgumentHelp("Print only this part (default: all but the transcript).", valueName: "part"))
    var part: Part?
    @Flag(help: "Print the part's sealed JSON (notes: JSON Lines) instead of text.") var json = false
    @Option(
        help: ArgumentHelp(
            "Record this reading in the custody log: a `decrypted` event per file read, signed by this identity.",
            valueName: "identity"))
    var recordAs: String?
    @Argument(help: ArgumentHelp("The bundle: its directory or its .tar file.", valueName: "bundle")) var bundle: String

    func validate() throws {
        if json && ![.session, .checklist, .notes].contains(part) {
            throw ValidationError("--json prints one sealed JSON file: add --part session, checklist or notes")
        }
    }

    func run() throws {
        let source = try trustOptions.open(bundle)
        let identities = try reading.resolve()
        var read: [String] = []
        var output: [String] = []
        for shown in part.map({ [$0] }) ?? [.session, .custody, .checklist, .notes] {
            if part == nil { output.append("== \(shown.rawValue)") }
            switch shown {
            case .session:
                if json {
                    output.append(
                        String(
                            decoding: try source.decrypt(BundleLayout.session, identities: identities), as: UTF8.self))
                } else {
                    output.append(try source.sessionFile(identities: identities).text)
                }
                read.append(BundleLayout.session)
            case .custody:
                output += source.custodyAccount
            case .checklist:
                guard source.contains(BundleLayout.checklist) else {
                    if part == nil {
                        output.append("(no checklist: an advocate's copy carries none)")
                    } else {
                        _ = try source.checklistReport(identities: identities)
                    }
                    continue
                }
                output.append(
                    json
                        ? String(
                            decoding: try source.decrypt(BundleLayout.checklist, identities: identities), as: UTF8.self)
                        : try source.checklistReport(identities: identities).text)
                read.append(BundleLayout.checklist)
            case .notes:
                if json {
                    output.append(
                        String(decoding: try source.decrypt(BundleLayout.notes, identities: identities), as: UTF8.self))
                } else {
                    let notes = try source.notes(identities: identities)
                    output += notes.isEmpty ? ["(no notes)"] : notes.map(NotesCommand.line)
                }
                read.append(BundleLayout.notes)
            case .transcript:
                // The newest transcript the bundle commits: sealed, amended later, or the advocate's redacted one.
                let file = try source.transcriptFiles().last ?? BundleLayout.transcript
                output.append(String(decoding: try source.decrypt(file, identities: identities), as: UTF8.self))
                read.append(file)
            }
        }
        if let recordAs {
            for file in read {
                try recordDecryption(
                    of: file, in: bundle, as: recordAs, passphrases: reading.passphraseOptions, trust: trustOptions)
            }
        }
        let text = output.map { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 }.joined(separator: "\n")
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write a copy of a sealed bundle for new readers: the full evidence, or the advocate's redacted copy.",
        discussion: examples(
            "vitni export --for judge-holm CASE-2026-0042_S01",
            "vitni export --for expert.json --output-directory usb CASE-2026-0042_S01",
            "vitni export --redacted --for frida --for per CASE-2026-0042_S01"))

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var reading: ReadingOptions
    @OptionGroup var signing: SigningOptions
    @OptionGroup var trustOptions: TrustOptions
    @Flag(
        help:
            "The child advocate's copy: the redacted transcript and muted audio (review it first with `vitni redact`).")
    var redacted = false
    @Option(
        name: .customLong("for"),
        help: ArgumentHelp(
            "A reader: an identity name (own or trusted) or a public identity file. Repeatable.", valueName: "identity")
    )
    var readers: [String] = []
    @Option(
        name: .customLong("output-directory"),
        help: ArgumentHelp("Directory the copy is written into (default: beside the original).", valueName: "directory")
    )
    var outputDirectory: String?
    @OptionGroup var organization: OrganizationOption
    @Argument(help: ArgumentHelp("The sealed bundle.", valueName: "bundle")) var bundle: String

    func validate() throws {
        guard !readers.isEmpty else { throw ValidationError("name the readers with --for") }
    }

    func run() throws {
        let manager = try workspace.sessions()
        let people = try readers.map { try publicIdentity($0) }
        let directory = outputDirectory ?? URL(fileURLWithPath: bundle).deletingLastPathComponent().path
        let export = redacted ? manager.sealing.exportRedacted : manager.sealing.exportFull
        let result = try export(
            bundle, people, directory, try signing.signer(reading.passphraseOptions), try trustOptions.trust(),
            try reading.resolve(), try organization.resolved())
        if result.originalReceipt.alreadyRecorded {
            printWarning("this export was already recorded in the original's log; the copy is complete")
        }
        let kind = redacted ? "redacted copy" : "full copy"
        print("\(kind): \(result.bundle), encrypted to \(people.map(\.name).joined(separator: ", ")) only")
        print("original's custody head \(result.originalReceipt.head) (an `exported` event was added)")
        print("next: the readers check it with `vitni verify \(result.bundle) --original \(bundle)`")
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
