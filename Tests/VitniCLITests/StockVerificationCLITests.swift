import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// docs/verifying-without-vitni.md, run as scripts/verify-without-vitni on a session recorded,
/// noted, closed and sealed with the real CLI: it passes on a good bundle, follows the seal through
/// custody transfers, and fails on every kind of tampering.
@Suite struct StockVerificationCLITests {
    static let document = Repository.root + "/docs/verifying-without-vitni.md"
    static let script = Repository.root + "/scripts/verify-without-vitni"
    /// The line of the script after which it holds the document's commands.
    static let marker = "# ---- the commands of docs/verifying-without-vitni.md, in order ----"

    /// One sealed session shared by the tests (two `vitni key new` runs cost seconds of scrypt
    /// each); every test works on its own copy of the bundle.
    static let shared: Result<SealedSession, SetupFailure> = {
        do { return .success(try SealedSession()) } catch { return .failure(SetupFailure(description: "\(error)")) }
    }()

    struct SetupFailure: Error, CustomStringConvertible { let description: String }

    let session: SealedSession
    let scratch: TemporaryDirectory

    init() throws {
        session = try Self.shared.get()
        scratch = try TemporaryDirectory()
    }

    /// A private copy of the sealed bundle (the directory name is the bundle id, as sealed).
    func copyOfBundle(_ name: String) throws -> String { try session.copyOfBundle(name, in: scratch) }

    @Test func sealedBundlePassesEveryStep() throws {
        let result = try Self.verify(session.bundle, sealer: session.annaPub, ageKey: session.courtKey)
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        let output = result.stdoutText
        #expect(output.contains("all checks passed"))
        #expect(output.contains("custody head \(session.sealHead)"), "the head the script computes is Vitni's receipt")
        #expect(output.contains("custody log: 1 entries in order"))
        #expect(output.contains("entry 0 (sealed) signed by \(session.annaKeyID)"))
        for file in ["data/audio/1.flac.age", "data/notes.jsonl.age", "data/checklist.json.age"] {
            #expect(output.contains("\(file): decrypts to the recorded content"), "\(file)")
        }
        #expect(result.stderrText.contains("is valid"), "bagit.py ran in full mode")
    }

    @Test func wrongKeysAndMissingInputsAreRefused() throws {
        let sealer = try Self.verify(session.bundle, sealer: session.ritaPub, ageKey: session.courtKey)
        #expect(sealer.status == 1)
        #expect(sealer.stderrText.contains("FAILED: step 2"), "\(sealer.stderrText)")
        #expect(sealer.stderrText.contains(session.annaKeyID), "the message names who made the last entry")

        let stranger = try Self.ageKey(in: scratch, name: "stranger.key")
        let age = try Self.verify(session.bundle, sealer: session.annaPub, ageKey: stranger)
        #expect(age.status == 1)
        #expect(age.stderrText.contains("FAILED: step 5: cannot decrypt data/session.json.age"), "\(age.stderrText)")

        let usage = try runProcess(Self.script, [session.bundle, session.annaPub], environment: try Self.environment())
        #expect(usage.status == 2)
        #expect(usage.stderrText.contains("usage:"))
        let missing = try Self.verify(scratch.file("absent"), sealer: session.annaPub, ageKey: session.courtKey)
        #expect(missing.status == 2)
        #expect(missing.stderrText.contains("cannot check"))
    }

    /// A transfer reseals with the transferring holder's key; once the new holder hands it on, the
    /// seal is theirs: the sealer is always the last custody entry's actor, as the document says.
    @Test func sealFollowsTheLastCustodyActor() throws {
        let bundle = try copyOfBundle("transfer")
        let toRita = try session.cli.run([
            "custody", "transfer", bundle, "--to", "rita", "--as", "anna", "--key", session.signingKey("anna"),
        ])
        try #require(toRita.status == 0, "\(toRita.stderrText)")
        #expect(try Self.lastActor(bundle) == session.annaKeyID, "the transferring holder writes the entry")
        let afterFirst = try Self.verify(
            bundle, sealer: session.annaPub, ageKey: session.courtKey, others: [session.ritaPub])
        #expect(afterFirst.status == 0, "\(afterFirst.stdoutText)\(afterFirst.stderrText)")
        #expect(afterFirst.stdoutText.contains("entry 1 (transferred) signed by \(session.annaKeyID)"))

        let back = try session.cli.run([
            "custody", "transfer", bundle, "--to", "anna", "--as", "rita", "--key", session.signingKey("rita"),
        ])
        try #require(back.status == 0, "\(back.stderrText)")
        let head = try #require(Self.head(inReceipt: back.stdoutText))
        #expect(try Self.lastActor(bundle) == session.ritaKeyID)

        let stale = try Self.verify(
            bundle, sealer: session.annaPub, ageKey: session.courtKey, others: [session.ritaPub])
        #expect(stale.status == 1)
        #expect(stale.stderrText.contains("FAILED: step 2"), "\(stale.stderrText)")
        #expect(stale.stderrText.contains(session.ritaKeyID))

        let current = try Self.verify(
            bundle, sealer: session.ritaPub, ageKey: session.courtKey, others: [session.annaPub])
        #expect(current.status == 0, "\(current.stdoutText)\(current.stderrText)")
        #expect(current.stdoutText.contains("custody log: 3 entries in order, custody head \(head)"))
        #expect(current.stdoutText.contains("entry 2 (transferred) signed by \(session.ritaKeyID)"))

        let withoutAnna = try Self.verify(bundle, sealer: session.ritaPub, ageKey: session.courtKey)
        #expect(withoutAnna.status == 1)
        #expect(
            withoutAnna.stderrText.contains("FAILED: step 4: no public key"),
            "every entry's signer needs a key: \(withoutAnna.stderrText)")
    }

    @Test func flippedPayloadByteFails() throws {
        let bundle = try copyOfBundle("flip")
        try Self.flipByte(in: bundle + "/data/notes.jsonl.age", at: 200)
        let result = try Self.verify(bundle, sealer: session.annaPub, ageKey: session.courtKey)
        #expect(result.status == 1)
        #expect(result.stderrText.contains("FAILED: step 1"), "\(result.stderrText)")

        // A forger who also rewrites both manifests gets past bagit.py, but not past the seal.
        try Self.shell(
            bundle, "sha256sum data/*.age data/audio/*.age > manifest-sha256.txt && \(Self.rewriteTagManifest)")
        #expect(try runProcess(try Self.bagit(), ["--validate", bundle]).status == 0, "the forged bag is a valid bag")
        let forged = try Self.verify(bundle, sealer: session.annaPub, ageKey: session.courtKey)
        #expect(forged.status == 1)
        #expect(forged.stderrText.contains("FAILED: step 2: the seal does not match"), "\(forged.stderrText)")
    }

    @Test func truncatedCustodyLogFails() throws {
        let bundle = try copyOfBundle("truncate")
        let transfer = try session.cli.run([
            "custody", "transfer", bundle, "--to", "rita", "--as", "anna", "--key", session.signingKey("anna"),
        ])
        try #require(transfer.status == 0, "\(transfer.stderrText)")
        try Self.shell(bundle, "sed -i '$d' custody/custody-log.jsonl")
        let result = try Self.verify(bundle, sealer: session.annaPub, ageKey: session.courtKey)
        #expect(result.status == 1)
        #expect(result.stderrText.contains("FAILED: step 1"), "\(result.stderrText)")

        try Self.shell(bundle, Self.rewriteTagManifest)
        let forged = try Self.verify(bundle, sealer: session.annaPub, ageKey: session.courtKey)
        #expect(forged.status == 1, "the newest seal covers the whole log")
        #expect(forged.stderrText.contains("FAILED: step 2: the seal does not match"), "\(forged.stderrText)")
    }

    /// How a forger changes the first custody entry before adding and sealing an entry of their own.
    enum Alteration: String, CaseIterable, Sendable {
        /// Another case number in the sealed entry's detail (its signature no longer fits).
        case detail
        /// One bit of the sealed entry's signature.
        case signature

        func apply(to line: String) throws -> String {
            switch self {
            case .detail:
                guard line.contains("\"case\":\"CASE-77\"") else { throw TestSupportError("no case in entry 0") }
                return line.replacingOccurrences(of: "\"case\":\"CASE-77\"", with: "\"case\":\"CASE-78\"")
            case .signature:
                guard let range = line.range(of: #""sig":"[A-Za-z0-9+/=]{88}""#, options: .regularExpression),
                    var signature = Base64.decode(line[range].dropFirst(7).dropLast())
                else { throw TestSupportError("no signature in entry 0") }
                signature[0] ^= 1
                return line.replacingCharacters(in: range, with: "\"sig\":\"\(Base64.encode(signature))\"")
            }
        }
    }

    /// A forger with a key of their own can append and seal, but cannot change an earlier entry:
    /// the chain (rebuilt from the changed line) and the forger's seal check out; the entry does not.
    @Test(arguments: Alteration.allCases) func alteredEarlierEntryFails(_ alteration: Alteration) throws {
        let bundle = try copyOfBundle("altered-\(alteration.rawValue)")
        let log = bundle + "/custody/custody-log.jsonl"
        let line = try String(contentsOfFile: log, encoding: .utf8)
        try Data(try alteration.apply(to: line).utf8).write(to: URL(fileURLWithPath: log))
        try Self.shell(bundle, Self.rewriteTagManifest)

        let mallory = MinisignBundleSigner(key: .generate())
        try Forger.appendEvent(to: bundle, action: .accessed, signer: mallory)
        let malloryPub = try scratch.write("mallory.pub", mallory.publicKey.fileText)
        let result = try Self.verify(bundle, sealer: malloryPub, ageKey: session.courtKey, others: [session.annaPub])
        #expect(result.status == 1)
        #expect(
            result.stdoutText.contains("seal: ") && result.stdoutText.contains("seq:1"), "the forger's seal is valid")
        #expect(result.stdoutText.contains("custody log: 2 entries in order"), "the chain was rebuilt")
        #expect(
            result.stderrText.contains("FAILED: step 4: the signature on entry 0 is not by \(session.annaKeyID)"),
            "\(result.stderrText)")
    }

    /// The script is the document's ```sh blocks, word for word and in order, after its preamble.
    @Test func scriptRunsExactlyTheDocumentsCommands() throws {
        let document = try String(contentsOfFile: Self.document, encoding: .utf8)
        let script = try String(contentsOfFile: Self.script, encoding: .utf8)
        let blocks = Self.fencedBlocks(document, language: "sh")
        #expect(blocks.count >= 10, "the steps are in ```sh blocks")
        let commands = try #require(script.components(separatedBy: Self.marker + "\n").dropFirst().first)
        let documented = Self.commandLines(blocks.joined(separator: "\n"))
        let scripted = Self.commandLines(commands)
        #expect(Self.firstDifference(documented, scripted) == nil)
        #expect(scripted.count > 40)
        #expect(Self.firstDifference(documented, scripted.dropLast() + ["echo changed"]) != nil)
        #expect(FileManager.default.isExecutableFile(atPath: Self.script))
        for line in ["sudo apt install minisign age jq openssl", "pip install bagit"] {
            #expect(Self.fencedBlocks(document, language: "shell").contains { $0.contains(line) }, "\(line)")
        }
        for step in [
            "bagit.py --validate \"$BUNDLE\"", "minisign -V -H", "sha256sum --strict -c", "openssl pkeyutl -verify",
            "age -d -i \"$AGE_KEY\"",
        ] {
            #expect(Self.commandLines(commands).contains { $0.contains(step) }, "\(step)")
        }
    }
}

extension StockVerificationCLITests {
    /// What a forger who knows BagIt does: list the tag files' current hashes.
    static let rewriteTagManifest =
        "sha256sum bag-info.txt bagit.txt custody/custody-log.jsonl manifest-sha256.txt > tagmanifest-sha256.txt"

    /// bagit.py from the repository's .venv (made by scripts/install-deps).
    static func bagit() throws -> String {
        let path = Repository.root + "/.venv/bin/bagit.py"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSupportError("bagit.py is not installed at \(path): run scripts/install-deps (or `make test`)")
        }
        return path
    }

    /// PATH with the repository's bagit.py in front.
    static func environment() throws -> [String: String] {
        let bagit = try bagit()
        let directory = URL(fileURLWithPath: bagit).deletingLastPathComponent().path
        return ["PATH": directory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
    }

    static func verify(_ bundle: String, sealer: String, ageKey: String, others: [String] = []) throws -> ProcessResult
    {
        try runProcess(script, [bundle, sealer, ageKey] + others, environment: try environment())
    }

    /// Runs `command` with bash inside `directory`, requiring success.
    static func shell(_ directory: String, _ command: String) throws {
        let result = try runProcess("/bin/bash", ["-c", "set -eu; " + command], currentDirectory: directory)
        guard result.status == 0 else { throw TestSupportError("`\(command)` failed: \(result.stderrText)") }
    }

    static func flipByte(in path: String, at offset: Int) throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        guard offset < bytes.count else { throw TestSupportError("\(path) is shorter than \(offset) bytes") }
        bytes[offset] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// A fresh age identity file, made by age-keygen; returns its path.
    static func ageKey(in directory: TemporaryDirectory, name: String) throws -> String {
        let path = directory.file(name)
        let made = try runProcess(try Peer.path("age-keygen"), ["-o", path])
        guard made.status == 0 else { throw TestSupportError("age-keygen failed: \(made.stderrText)") }
        return path
    }

    /// The last custody entry's actor, read with jq as the document does.
    static func lastActor(_ bundle: String) throws -> String {
        let log = try Data(contentsOf: URL(fileURLWithPath: bundle + "/custody/custody-log.jsonl"))
        let last = String(decoding: log, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        let result = try runProcess(try Peer.path("jq"), ["-r", ".actor"], stdin: Array(last.utf8))
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The 64-hex custody head in a `vitni seal` or `vitni custody transfer` message.
    static func head(inReceipt text: String) -> String? {
        guard let range = text.range(of: #"head [0-9a-f]{64}"#, options: .regularExpression) else { return nil }
        return String(text[range].dropFirst(5))
    }

    /// The bodies of the document's fenced blocks opened with exactly "```" + language.
    static func fencedBlocks(_ markdown: String, language: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if let open = current {
                if line == "```" {
                    blocks.append(open.joined(separator: "\n"))
                    current = nil
                } else {
                    current = open + [line]
                }
            } else if line == "```" + language {
                current = []
            }
        }
        return blocks
    }

    /// The first line where the document and the script part, shown as both versions.
    static func firstDifference(_ documented: [String], _ scripted: [String]) -> String? {
        for index in 0..<max(documented.count, scripted.count) {
            let left = index < documented.count ? documented[index] : "(end of the document's commands)"
            let right = index < scripted.count ? scripted[index] : "(end of the script)"
            if left != right { return "command line \(index + 1): document `\(left)`, script `\(right)`" }
        }
        return nil
    }

    /// Lines that run something: blank lines and comments left out.
    static func commandLines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter {
            let trimmed = $0.trimmingCharacters(in: .whitespaces)
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
    }
}
