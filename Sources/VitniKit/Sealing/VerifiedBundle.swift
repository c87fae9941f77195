import Foundation
public import VitniCrypto
import VitniFormats

/// A sealed bundle that has verified, and the only way Vitni reads evidence from one: `open`,
/// `play`, transcripts, quality, redaction and exports all go through it (invariant 7).
///
/// Opening checks everything but the payload's bytes — structure, manifests, the seal and every
/// custody signature against the trust given, the chain and what it commits. Each payload file
/// is then hashed in full when it is opened, before a byte of it is used, and hashed again as it
/// is read from the same descriptor: a file replaced or rewritten afterwards fails the read.
public struct VerifiedBundle: Sendable {
    public let path: String
    /// Where its files are read: the directory, or the tar archive's descriptor that verified.
    let storage: any BagStorage
    /// Payload path → the SHA-256 the signed manifest lists and custody commits.
    let digests: [String: String]
    /// The verified custody log.
    let custody: [CustodyLog.Entry]
    /// The signers it verified against: the names its custody is shown with.
    let trust: BundleTrust
    /// bag-info.txt as verified (covered by the tag manifest the seal signs).
    let bagInfo: BagIt.BagInfo?

    /// Verifies `path` against `trust` for reading.
    /// - Throws: `BundleError.notVerified` naming the failed checks (exit 1), or
    ///   `.couldNotVerify` when the bundle could not be read or checked here, a signer not
    ///   being trusted for one, with the next step (exit 2).
    public static func open(_ path: String, trust: BundleTrust) throws -> VerifiedBundle {
        let path = path.hasSuffix("/") ? String(path.dropLast()) : path
        let verified = BundleVerifier(options: .init(trust: trust, hashPayload: false)).verifyForReading(bundle: path)
        try requireChecked(path, verified.report)
        guard verified.report.outcome == .valid, let manifest = verified.manifest, let custody = verified.custody,
            let storage = verified.storage
        else {
            throw BundleError.notVerified(path, failed: verified.report.failedChecks)
        }
        return VerifiedBundle(
            storage: storage, manifest: manifest, custody: custody, trust: trust, bagInfo: verified.bagInfo)
    }

    /// Throws `.couldNotVerify` when `report` could not decide, so a reader or writer refuses
    /// with "could not check" and its hint rather than calling the bundle altered.
    static func requireChecked(_ path: String, _ report: VerificationReport) throws {
        guard report.outcome == .couldNotCheck else { return }
        if let reason = report.couldNotCheckReason { throw BundleError.couldNotVerify(path, reason: reason, hint: nil) }
        throw BundleError.couldNotVerify(
            path, reason: "could not check \(report.uncheckedChecks.joined(separator: ", "))",
            hint: report.nextSteps.first)
    }

    init(
        storage: any BagStorage, manifest: BagIt.Manifest, custody: [CustodyLog.Entry], trust: BundleTrust,
        bagInfo: BagIt.BagInfo? = nil
    ) {
        self.trust = trust
        self.bagInfo = bagInfo
        self.storage = storage
        self.path = storage.path
        self.digests = Dictionary(manifest.entries.map { ($0.path, $0.digest) }) { first, _ in first }
        self.custody = custody
    }

    /// Whether the bundle lists `file` in its manifest.
    public func contains(_ file: String) -> Bool { digests[file] != nil }

    /// Opens a payload file that the manifest lists, hashed in full against it first.
    /// - Parameter justHashed: the caller's verifier has just read this file in full (verify
    ///   with `--identity`): the read itself is still checked, so the first pass is skipped.
    /// - Throws: `BundleError.payloadAltered` when its bytes differ from the manifest's hash.
    public func openPayload(_ file: String) throws -> VerifiedPayload { try openPayload(file, justHashed: false) }

    func openPayload(_ file: String, justHashed: Bool) throws -> VerifiedPayload {
        guard let digest = digests[file] else {
            throw BundleError.malformedFile("\(path): the manifest lists no \(file)")
        }
        return try VerifiedPayload(
            try storage.openFile(file), name: storage.displayPath(file), file: file, sha256: digest,
            hashFirst: !justHashed)
    }

    /// The session's facts, decrypted in memory.
    public func sessionFile(identities: [any AgeIdentity]) throws -> SessionFile {
        let bytes = try decrypt(BundleLayout.session, identities: identities, limit: 16 << 20)
        do { return try JSONDecoder().decode(SessionFile.self, from: Data(bytes)) } catch {
            throw VitniError.malformedFile(
                path: storage.displayPath(BundleLayout.session), reason: "session.json is not valid")
        }
    }

    /// A small payload file decrypted in memory (notes, checklist, session facts, transcripts);
    /// returned only when the whole file has matched its hash by the end of the read.
    public func decrypt(_ file: String, identities: [any AgeIdentity], limit: Int = 256 << 20) throws -> [UInt8] {
        try VitniError.wrap(file: storage.displayPath(file), identities: identities) {
            let payload = try openPayload(file)
            let decryptor = try Age.Decryptor(source: payload, identities: identities)
            let sink = MemorySink()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            var total = 0
            while true {
                let n = try buffer.withUnsafeMutableBytes { try decryptor.read(into: $0) }
                if n == 0 { break }
                total += n
                guard total <= limit else { throw VitniError.invalidInput("\(file) is larger than \(limit >> 20) MiB") }
                try buffer.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
            }
            try payload.finish()
            return sink.bytes
        }
    }

    /// SHA-256 of the payload manifest, as the last `sealed` or `amended` event records it (the
    /// verifier checked the manifest against it): what a derived copy cites.
    public var manifestSHA256: String? { CustodyLog.manifestSHA256(in: custody, before: nil) }

    /// Plaintext hashes recorded by `amended` events (files added after sealing).
    func amendedPlaintextHashes() -> [String: String] {
        var hashes: [String: String] = [:]
        for entry in custody where entry.event.action == .amended {
            if case .object(let map)? = entry.event.detail["plaintext_sha256"] {
                for (file, value) in map { if case .string(let digest) = value { hashes[file] = digest } }
            }
        }
        return hashes
    }
}

/// One payload file of a verified bundle, as a byte source: hashed in full against the manifest
/// when opened, then hashed again while read from the same descriptor, failing the read that
/// ends if the bytes changed in between.
public final class VerifiedPayload: ByteSource {
    public let file: String
    private let source: any BagFileReader
    private let expected: String
    private var hasher = SHA256Hasher()
    private var ended = false

    init(_ source: any BagFileReader, name: String, file: String, sha256: String, hashFirst: Bool = true) throws {
        self.file = file
        self.expected = sha256
        self.source = source
        guard hashFirst else { return }
        let first = Hex.encode(try Hashing.digest(.sha256, of: source))
        guard first == sha256 else { throw BundleError.payloadAltered(file) }
        try source.rewind()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try source.read(into: buffer)
        if n == 0 {
            try finish()
        } else {
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
        }
        return n
    }

    /// Reads what the consumer left unread and checks the whole file's hash once more.
    /// - Throws: `BundleError.payloadAltered` when the bytes read differ from the manifest's.
    public func finish() throws {
        guard !ended else { return }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = try source.read(into: buffer)
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
        }
        ended = true
        guard Hex.encode(hasher.finalize()) == expected else { throw BundleError.payloadAltered(file) }
    }
}
