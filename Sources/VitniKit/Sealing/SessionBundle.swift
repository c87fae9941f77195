import Foundation
public import VitniCrypto
import VitniFormats

/// A sealed session bundle as its readers use it: verification (with the plaintext check when
/// an identity is at hand), reading its files in memory, and custody events.
public struct SessionBundle: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// Runs every check of `BundleVerifier`; with `identities`, also decrypts every payload in
    /// memory (each chunk authenticated) and compares its plaintext SHA-256 with `session.json`.
    public func verify(trust: BundleTrust, expectHead: String? = nil, identities: [any AgeIdentity] = [])
        -> VerificationReport
    {
        var report = BundleVerifier(options: .init(trust: trust, expectHead: expectHead)).verify(bundle: path)
        guard report.outcome != .couldNotCheck else { return report }
        guard !identities.isEmpty else {
            report.append(
                id: "age.plaintext", title: "Decryption and plaintext hashes", result: .skipped,
                detail: "no identity given (--identity): the encrypted files were checked, not opened")
            return report
        }
        report.append(plaintextCheck(identities: identities))
        return report
    }

    private func plaintextCheck(identities: [any AgeIdentity]) -> VerificationReport.Check {
        let title = "Decryption and plaintext hashes"
        do {
            let session = try sessionFile(identities: identities)
            var problems: [String] = []
            let expectedHashes = session.plaintextSHA256.merging(amendedPlaintextHashes()) { sealed, _ in sealed }
            for (file, expected) in expectedHashes.sorted(by: { $0.key < $1.key }) {
                do {
                    let decryptor = try Age.Decryptor(source: try openPayload(file), identities: identities)
                    let actual = Hex.encode(try Hashing.digest(.sha256, of: decryptor))
                    if actual != expected { problems.append("\(file): plaintext SHA-256 differs from session.json") }
                } catch { problems.append("\(file): \(error)") }
            }
            if problems.isEmpty {
                return .init(
                    id: "age.plaintext", title: title, result: .pass,
                    detail:
                        "\(expectedHashes.count + 1) files decrypted; every plaintext matches the SHA-256 in session.json or its amended event"
                )
            }
            return .init(id: "age.plaintext", title: title, result: .fail, detail: problems.joined(separator: "; "))
        } catch {
            return .init(
                id: "age.plaintext", title: title, result: .fail, detail: "session.json could not be opened: \(error)")
        }
    }

    /// The session's facts, decrypted in memory.
    public func sessionFile(identities: [any AgeIdentity]) throws -> SessionFile {
        let bytes = try decrypt(BundleLayout.session, identities: identities, limit: 16 << 20)
        do { return try JSONDecoder().decode(SessionFile.self, from: Data(bytes)) } catch {
            throw VitniError.malformedFile(path: path + "/" + BundleLayout.session, reason: "session.json is not valid")
        }
    }

    /// A small payload file decrypted in memory (notes, checklist, session facts, transcripts).
    public func decrypt(_ file: String, identities: [any AgeIdentity], limit: Int = 256 << 20) throws -> [UInt8] {
        try VitniError.wrap(file: path + "/" + file, identities: identities) {
            let decryptor = try Age.Decryptor(source: try openPayload(file), identities: identities)
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
            return sink.bytes
        }
    }

    /// Opens a payload file for reading, refusing paths that leave the bag or cross a symlink.
    func openPayload(_ file: String) throws -> FileStream {
        guard BagIt.pathProblem(file, scope: .payload) == nil else {
            throw VitniError.malformedFile(path: path, reason: "'\(file)' is not a payload path")
        }
        let full = path + "/" + file
        let fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw VitniError.io(path: full, operation: "open", code: errno) }
        return FileStream(descriptor: fd, path: full, owns: true)
    }
}
