import Foundation
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore

/// `vitni demo`: what Vitni can do today, end to end, on the synthetic sample interview, in a
/// throwaway VITNI_HOME. Passphrases are random and stay in memory; the only files written are
/// encrypted ones, public keys and signatures, and they are removed at the end.
public struct Demo {
    public let samples: String
    /// Where the sealed demo bundle and its verification report are kept after the demo.
    public let output: String

    public init(samples: String, output: String) {
        self.samples = samples
        self.output = output
    }

    public func run(log: (String) -> Void) throws {
        let recording = samples + "/interview.flac"
        guard FileManager.default.fileExists(atPath: recording) else {
            throw VitniError.io(path: recording, operation: "open", code: ENOENT)
        }
        var template = Array((NSTemporaryDirectory() + "vitni-demo-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw VitniError.io(path: NSTemporaryDirectory(), operation: "mkdtemp", code: errno)
        }
        let work = String(cString: created)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let store = KeyStore(home: work + "/home")

        log("== 1. Identities (in a temporary VITNI_HOME, secrets passphrase-protected)")
        let annaPassphrase = SecureRandom.secret(count: 24)
        let perPassphrase = SecureRandom.secret(count: 24)
        let anna = try store.create(name: "anna", role: .interviewer, passphrase: annaPassphrase)
        let per = try store.create(name: "per", role: .prosecutor, passphrase: perPassphrase)
        for identity in [anna, per] {
            log(
                "   \(identity.name) (\(identity.role.rawValue)): \(identity.ageRecipient)  minisign key \(identity.keyID)"
            )
        }

        log("== 2. Encrypt the sample recording to the prosecutor (age v1, streaming)")
        let sealed = work + "/interview.flac.age"
        let originalHash = try Hashing.hexDigest(.sha256, ofFile: recording)
        try FileEncryption.encrypt(input: recording, output: sealed, recipients: [try per.recipient()], armored: false)
        log("   \(recording): \(try size(recording)) bytes, plaintext SHA-256 \(originalHash)")
        log(
            "   \(URL(fileURLWithPath: sealed).lastPathComponent): \(try size(sealed)) bytes, ciphertext SHA-256 \(try Hashing.hexDigest(.sha256, ofFile: sealed))"
        )

        log("== 3. The interviewer signs the encrypted file (minisign, prehashed Ed25519)")
        let signingKey = try store.signingKey(named: "anna", passphrase: annaPassphrase)
        let signature = try Signatures.sign(
            file: sealed, key: signingKey, trustedComment: "vitni demo: sample interview, sealed by anna")
        try OutputFile.write(Array(signature.utf8), to: sealed + ".minisig")
        log("   signature by key \(signingKey.keyID): interview.flac.age.minisig")

        log("== 4. The prosecutor trusts the interviewer's public identity and checks the signature")
        let exported = work + "/anna.identity.json"
        try OutputFile.write(Array(anna.encoded().utf8), to: exported)
        let prosecutorTrust = TrustStore(keyStore: KeyStore(home: work + "/prosecutor-home"))
        try prosecutorTrust.add(file: exported)
        let verification = try Signatures.verify(
            file: sealed, signatureFile: sealed + ".minisig", publicKey: try anna.signingKey())
        let signer = try prosecutorTrust.trusted(keyID: verification.keyID)
        log(
            "   valid signature by \(signer?.name ?? "an untrusted key") (\(verification.keyID)): \"\(verification.trustedComment)\""
        )
        let publicKeyFile = work + "/anna.pub"
        try OutputFile.write(Array(try anna.signingKey().fileText.utf8), to: publicKeyFile)
        if let minisign = Self.which("minisign") {
            let status = Self.run(minisign, ["-V", "-H", "-q", "-p", publicKeyFile, "-m", sealed])
            log(
                "   stock tool: minisign -V -H -p anna.pub -m interview.flac.age → \(status == 0 ? "verified" : "FAILED (exit \(status))")"
            )
        }

        log("== 5. The prosecutor decrypts, in memory only, and compares content hashes")
        let identity = try store.ageIdentity(named: "per", passphrase: perPassphrase)
        let decryptor = try Age.Decryptor(source: try FileStream.open(readingFrom: sealed), identities: [identity])
        let decryptedHash = Hex.encode(try Hashing.digest(.sha256, of: decryptor))
        log(
            "   decrypted SHA-256 \(decryptedHash): \(decryptedHash == originalHash ? "identical to the recording" : "DIFFERENT")"
        )

        log("== 6. One flipped byte is caught by both checks")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: sealed)))
        bytes[bytes.count / 2] ^= 0x01
        let tampered = work + "/tampered.flac.age"
        try OutputFile.write(bytes, to: tampered)
        do {
            _ = try Signatures.verify(
                file: tampered, signatureFile: sealed + ".minisig", publicKey: try anna.signingKey())
            log("   signature check: accepted (unexpected)")
        } catch { log("   signature check: \(Self.firstLine(error))") }
        do {
            let decryptor = try Age.Decryptor(
                source: try FileStream.open(readingFrom: tampered), identities: [identity])
            _ = try Hashing.digest(.sha256, of: decryptor)
            log("   decryption: accepted (unexpected)")
        } catch { log("   decryption: \(Self.firstLine(error))") }
        try interviewSession(
            work: work, store: store, anna: anna, per: per, annaPassphrase: annaPassphrase,
            perPassphrase: perPassphrase, log: log)
        log("== Done: the temporary VITNI_HOME and files are removed.")
    }

    /// Step 7: a session on the NICHD protocol, with the sample's notes and a ticked checklist.
    private func interviewSession(
        work: String, store: KeyStore, anna: PublicIdentity, per: PublicIdentity, annaPassphrase: SecretBytes,
        perPassphrase: SecretBytes, log: (String) -> Void
    ) throws {
        log("== 7. A session on the NICHD revised protocol (notes and checklist sealed as they are written)")
        let library =
            FileManager.default.fileExists(atPath: samples + "/../protocols")
            ? ProtocolLibrary(directories: [samples + "/../protocols"]) : ProtocolLibrary.standard()
        let nichdSource = try library.source(id: "nichd-revised")
        let nichd = nichdSource.interviewProtocol
        let manager = SessionManager(workspace: try Workspace.create(directory: work + "/workspace"))
        let childReference = "Elin S. (demo)"
        let start = Date().addingTimeInterval(-130)
        let session = try manager.start(
            caseID: "DEMO-2026-0001", protocol: nichdSource, interviewer: anna,
            observers: [per], extraRecipients: [], childReference: childReference, language: "en", now: start)
        log("   started \(session.id): \(nichd.title) \(nichd.version), encrypted to anna and per")

        var phaseStarts: [String: Int64] = [:]
        var samplesNotes: [SampleNote] = []
        for line in try String(contentsOfFile: samples + "/notes.jsonl", encoding: .utf8).split(separator: "\n") {
            let sample = try JSONDecoder().decode(SampleNote.self, from: Data(line.utf8))
            samplesNotes.append(sample)
            if sample.kind == "phase", let item = sample.protocolItem {
                let phase = String(item.split(separator: ".")[0])
                phaseStarts[phase] = min(phaseStarts[phase] ?? .max, sample.offsetMilliseconds)
            }
        }
        let identity = try store.ageIdentity(named: "per", passphrase: perPassphrase)
        let recording = try recordSample(
            manager: manager, session: session, notes: samplesNotes, people: [anna, per], protocol: nichd,
            reader: identity,
            log: log)
        log(
            "   \(try manager.workspace.noteCount(sessionID: session.id)) notes from samples/notes.jsonl, logged at their offsets while recording, each an age file"
        )
        try transcribeAndRedact(manager: manager, session: session, anna: anna, reader: identity, log: log)
        phaseStarts["introduction"] = 500
        phaseStarts["neutral-topic"] = 118_000

        // A practice interview: the phases it covered are ticked, the substantive ones skipped.
        for phase in nichd.phases {
            for (index, item) in phase.items.enumerated() {
                let reference = InterviewProtocol.reference(phase: phase, item: item)
                if let begin = phaseStarts[phase.id] {
                    try manager.notes.checklist(
                        .tick, item: reference, in: session, protocol: nichd, actor: anna,
                        offset: begin + Int64(index) * 1500)
                } else {
                    try manager.notes.checklist(
                        .skip, item: reference, in: session, protocol: nichd, actor: anna,
                        comment: "demo: a practice interview on neutral events only", offset: 95_000)
                }
            }
        }
        let closed = try manager.change(.close, session: session, actor: anna, reason: "interview complete")

        let notes = try manager.notes.all(of: closed, identities: [identity])
        log("   read back by per (needs his identity):")
        for note in notes.prefix(4) {
            log(
                "     [\(Offset.format(note.offsetMilliseconds ?? 0))] \(note.authorName ?? note.author) \(note.kind.rawValue): \(note.text)"
            )
        }
        log("     … \(Count.of(notes.count, "note")) in all")
        log("")
        for line in try manager.notes.checklistReport(of: closed, protocol: nichd).text.split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            log("   " + line)
        }
        let leaked = try Self.filesContaining(childReference, under: work + "/workspace")
        log("")
        log(
            "   the child's reference in any workspace file (catalogue, WAL): \(leaked.isEmpty ? "not found" : "FOUND in \(leaked)")"
        )
        try sealAndHandOver(
            manager: manager, session: closed, recording: recording, store: store, anna: anna, per: per,
            annaKey: try store.signingKey(named: "anna", passphrase: annaPassphrase),
            perKey: try store.signingKey(named: "per", passphrase: perPassphrase), perIdentity: identity, log: log)
    }

    /// Files under `directory` whose bytes contain `text` (UTF-8), for the demo's no-plaintext check.
    static func filesContaining(_ text: String, under directory: String) throws -> [String] {
        let needle = Data(text.utf8)
        let files = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []
        return files.filter { name in
            (try? Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))?.range(of: needle) != nil
        }
    }

    private func size(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    private static func firstLine(_ error: any Error) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "error"
    }

    static func which(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// A line of samples/notes.jsonl.
struct SampleNote: Decodable {
    var offsetMilliseconds: Int64
    var author: String
    var kind: String
    var text: String
    var tags: [String]
    var protocolItem: String?

    enum CodingKeys: String, CodingKey {
        case author, kind, text, tags
        case offsetMilliseconds = "offset_ms"
        case protocolItem = "protocol_item"
    }
}
