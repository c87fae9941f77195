import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

/// One file of the age conformance suite (CCTV): `key: value` lines, a blank line, the age file.
struct AgeVector: CustomStringConvertible, Sendable {
    let name: String
    let expect: String
    let payloadSHA256: String?
    let identities: [String]
    let passphrases: [String]
    let armored: Bool
    let body: [UInt8]

    var description: String { name }
    /// Needs the ML-KEM-768 hybrid recipient, which libsodium 1.0.18 does not have.
    var isHybrid: Bool { name.hasPrefix("hybrid") || name.hasPrefix("armor_hybrid") }

    /// The vectors ship with the tests as resources (see Resources/README.md).
    static let directory = Bundle.module.url(forResource: "Resources", withExtension: nil)!.path + "/age"

    static func all() throws -> [AgeVector] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        return try names.map { try load($0) }
    }

    static func load(_ name: String) throws -> AgeVector {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
        let separator = try #require(
            bytes.indices.first { bytes[$0] == 0x0A && $0 + 1 < bytes.count && bytes[$0 + 1] == 0x0A })
        var fields: [(String, String)] = []
        for line in String(decoding: bytes[..<separator], as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            fields.append((parts[0], parts.count > 1 ? parts[1] : ""))
        }
        var body = Array(bytes[(separator + 2)...])
        if fields.contains(where: { $0 == ("compressed", "zlib") }) { body = try inflate(body) }
        return AgeVector(
            name: name,
            expect: fields.first { $0.0 == "expect" }?.1 ?? "",
            payloadSHA256: fields.first { $0.0 == "payload" }?.1,
            identities: fields.filter { $0.0 == "identity" }.map(\.1),
            passphrases: fields.filter { $0.0 == "passphrase" }.map(\.1),
            armored: fields.contains { $0 == ("armored", "yes") },
            body: body)
    }

    /// zlib is not among Vitni's dependencies; the vectors' compression is undone by Python's.
    private static func inflate(_ bytes: [UInt8]) throws -> [UInt8] {
        let python = try Peer.path("python3")
        let result = try runProcess(
            python, ["-c", "import sys,zlib;sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))"],
            stdin: bytes)
        guard result.status == 0 else { throw TestSupportError("cannot inflate vector: \(result.stderrText)") }
        return result.stdout
    }

    enum Outcome: Equatable {
        case success(sha256: String)
        case failure(AgeFailureCategory)
        case unsupported
        case otherError(String)
    }

    /// Runs the vector through Vitni's streaming decryptor, or its random-access one (binary
    /// files only), which reads the chunks last to first.
    func run(randomAccess: Bool = false) -> Outcome {
        var identities: [any AgeIdentity] = []
        var unsupported = false
        for text in self.identities {
            do { identities.append(try Age.X25519Identity(text)) } catch CryptoError.ageUnsupportedIdentity {
                unsupported = true
            } catch {
                return .otherError("identity: \(error)")
            }
        }
        for passphrase in passphrases {
            var bytes = Array(passphrase.utf8)
            identities.append(Age.ScryptIdentity(passphrase: bytes.withUnsafeBytes { SecretBytes(copying: $0) }))
            bytes.removeAll()
        }
        if unsupported && identities.isEmpty { return .unsupported }
        do {
            if randomAccess {
                let decryptor = try Age.RandomAccessDecryptor(source: MemoryPositional(body), identities: identities)
                return .success(sha256: Hex.encode(Hashing.sha256(try decryptor.readBackwards())))
            }
            let decryptor = try Age.Decryptor(source: MemorySource(body), identities: identities, armored: armored)
            let digest = try Hashing.digest(.sha256, of: decryptor)
            return .success(sha256: Hex.encode(digest))
        } catch let error as CryptoError {
            if let category = error.ageCategory { return unsupported ? .unsupported : .failure(category) }
            return .otherError("\(error)")
        } catch {
            return .otherError("\(error)")
        }
    }

    /// Whether Vitni's outcome is the one the vector expects (hybrid vectors: a clean refusal).
    func passes(_ outcome: Outcome) -> Bool {
        if isHybrid {
            if case .success = outcome { return false }
            if case .otherError = outcome { return false }
            return true
        }
        switch outcome {
        case .success(let sha256): return expect == "success" && (payloadSHA256 == nil || payloadSHA256 == sha256)
        case .failure(let category): return expect == category.rawValue
        case .unsupported, .otherError: return false
        }
    }
}

@Suite struct AgeVectorTests {
    static let vectors: [AgeVector] = (try? AgeVector.all()) ?? []

    @Test func vectorsArePresent() {
        #expect(Self.vectors.count >= 100, "expected the CCTV age vectors in \(AgeVector.directory)")
    }

    @Test(arguments: vectors)
    func vectorGivesExpectedOutcome(_ vector: AgeVector) {
        let outcome = vector.run()
        #expect(vector.passes(outcome), "\(vector.name): expected \(vector.expect), got \(outcome)")
        if vector.isHybrid {
            #expect(outcome == .unsupported || outcome == .failure(.header), "\(vector.name): \(outcome)")
        }
    }

    /// The random-access reader reaches the same verdict on every binary vector, reading the
    /// file from its end backwards.
    @Test(arguments: vectors.filter { !$0.armored })
    func randomAccessGivesExpectedOutcome(_ vector: AgeVector) {
        let outcome = vector.run(randomAccess: true)
        #expect(vector.passes(outcome), "\(vector.name): expected \(vector.expect), got \(outcome)")
    }

    @Test func summary() {
        var passed = 0
        var hybrid = 0
        for vector in Self.vectors where vector.passes(vector.run()) {
            passed += 1
            if vector.isHybrid { hybrid += 1 }
        }
        print(
            "age conformance vectors: \(Self.vectors.count) ran, \(passed) passed (\(hybrid) post-quantum hybrid vectors refused as unsupported)"
        )
        #expect(passed == Self.vectors.count)
    }
}

/// A byte array read at offsets.
final class MemoryPositional: PositionalSource {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var size: Int64 { Int64(bytes.count) }

    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < size else { return 0 }
        let count = min(buffer.count, bytes.count - Int(offset))
        bytes.withUnsafeBytes {
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[Int(offset)..<(Int(offset) + count)]))
        }
        return count
    }
}

extension Age.RandomAccessDecryptor {
    /// The whole plaintext, read in 1000-byte pieces from the last to the first.
    func readBackwards() throws -> [UInt8] {
        var result = [UInt8](repeating: 0, count: Int(plaintextSize))
        var end = Int(plaintextSize)
        while end > 0 {
            let start = max(0, end - 1000)
            let n = try result.withUnsafeMutableBytes {
                try read(at: Int64(start), into: UnsafeMutableRawBufferPointer(rebasing: $0[start..<end]))
            }
            guard n == end - start else { throw CryptoError.ageTruncated }
            end = start
        }
        return result
    }
}
