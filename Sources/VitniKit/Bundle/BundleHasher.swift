import Dispatch
import Foundation
import VitniCrypto
import VitniFormats

/// Hashes a bundle's files in full, several at once (one file per core), each through one
/// bounded buffer, never following a symlink (a tar member is read within its byte range). An
/// age file's header is parsed from the same bytes as they pass, so every byte is read once.
enum BundleHasher {
    struct Outcome: Sendable {
        let path: String
        var size: UInt64 = 0
        var sha256: String?
        var error: String?
        /// For `*.age` files: the number of recipient stanzas, or why the header is malformed.
        var ageStanzas: Int?
        var ageError: String?
    }

    static let bufferSize = 1 << 20

    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Int: Outcome] = [:]
        func set(_ index: Int, _ outcome: Outcome) { lock.withLock { values[index] = outcome } }
        func get(_ index: Int) -> Outcome? { lock.withLock { values[index] } }
    }

    /// Hashes `paths` (files of `storage`) in parallel; results come back in the same order.
    static func hash(_ paths: [String], in storage: any BagStorage) -> [Outcome] {
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            results.set(index, hashOne(paths[index], in: storage))
        }
        return paths.indices.map { results.get($0) ?? Outcome(path: paths[$0], error: "was not hashed") }
    }

    private static func hashOne(_ path: String, in storage: any BagStorage) -> Outcome {
        var outcome = Outcome(path: path)
        let parseAge = path.hasSuffix(".age")
        var header: [UInt8] = []
        var headerDone = !parseAge
        do {
            let file = try storage.openFile(path)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 64)
            defer { buffer.deallocate() }
            var hasher = SHA256Hasher()
            while case let count = try file.read(into: buffer), count > 0 {
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
                hasher.update(chunk)
                outcome.size += UInt64(count)
                if !headerDone {
                    header += chunk.prefix(Age.maximumHeaderSize - header.count)
                    headerDone = parseHeader(header, isComplete: header.count >= Age.maximumHeaderSize, into: &outcome)
                }
            }
            if !headerDone { _ = parseHeader(header, isComplete: true, into: &outcome) }
            outcome.sha256 = Hex.encode(hasher.finalize())
        } catch {
            outcome.error = "\(error)"
        }
        return outcome
    }

    /// Returns whether the header question is settled (parsed, or malformed).
    private static func parseHeader(_ bytes: [UInt8], isComplete: Bool, into outcome: inout Outcome) -> Bool {
        do {
            guard let (header, _) = try Age.Header.parse(bytes, isComplete: isComplete) else { return false }
            outcome.ageStanzas = header.stanzas.count
        } catch {
            outcome.ageError = "header " + error.reason
        }
        return true
    }
}
