import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

/// Inputs, helpers and layout arithmetic shared by the age round-trip, negative and interop suites.
enum AgeTesting {
    static let chunk = Age.chunkSize
    static let tag = 16
    static let sealedChunk = chunk + tag
    static let nonceLength = 16

    /// Plaintext sizes around the 64 KiB STREAM chunk boundary.
    static let boundarySizes = [0, 1, chunk - 1, chunk, chunk + 1, 2 * chunk]
    static let largeSize = 10 << 20

    /// The 10 MiB input, generated once per test process and shared by every suite.
    static let large = testBytes(count: largeSize, seed: 0x10_4D1B)

    /// Deterministic plaintext of `count` bytes (the shared 10 MiB buffer for that size).
    static func plaintext(count: Int) -> [UInt8] {
        count == largeSize ? large : testBytes(count: count, seed: UInt64(count) &+ 1)
    }

    /// A passphrase or key text in guarded memory.
    static func secret(_ text: String) -> SecretBytes {
        var bytes = Array(text.utf8)
        defer { for index in bytes.indices { bytes[index] = 0 } }
        return bytes.withUnsafeBytes { SecretBytes(copying: $0) }
    }

    /// Encrypts in memory, writing the plaintext in the given piece sizes (cycled; all at once if empty).
    static func encrypt(
        _ plaintext: [UInt8], to recipients: [any AgeRecipient], armored: Bool = false, pieces: [Int] = []
    ) throws -> [UInt8] {
        let sink = MemorySink()
        let encryptor = try Age.Encryptor(recipients: recipients, to: sink, armored: armored)
        try write(plaintext, to: encryptor, pieces: pieces)
        try encryptor.finish()
        return sink.bytes
    }

    /// Writes `bytes` to `sink` in pieces of the given sizes, cycling through them.
    static func write(_ bytes: [UInt8], to sink: any ByteSink, pieces: [Int] = []) throws {
        guard !pieces.isEmpty else { return try sink.write(bytes) }
        var offset = 0
        var index = 0
        try bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let end = min(buffer.count, offset + pieces[index % pieces.count])
                try sink.write(UnsafeRawBufferPointer(rebasing: buffer[offset..<end]))
                offset = end
                index += 1
            }
        }
    }

    /// Decrypts everything, reading the decryptor through a buffer of `bufferSize` bytes.
    static func decrypt(
        _ ciphertext: [UInt8], with identities: [any AgeIdentity], armored: Bool? = nil, bufferSize: Int = 1 << 20
    ) throws -> [UInt8] {
        try readAll(
            Age.Decryptor(source: MemorySource(ciphertext), identities: identities, armored: armored),
            bufferSize: bufferSize)
    }

    /// Reads a source to its end through a fixed buffer.
    static func readAll(_ source: any ByteSource, bufferSize: Int = 1 << 20) throws -> [UInt8] {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return output }
            output += buffer[..<n]
        }
    }

    /// Decrypts, keeping the plaintext released before a failure, and the failure.
    static func decryptPartially(
        _ ciphertext: [UInt8], with identities: [any AgeIdentity]
    ) -> (plaintext: [UInt8], error: (any Error)?) {
        var output: [UInt8] = []
        do {
            let decryptor = try Age.Decryptor(source: MemorySource(ciphertext), identities: identities)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while case let n = try buffer.withUnsafeMutableBytes({ try decryptor.read(into: $0) }), n > 0 {
                output += buffer[..<n]
            }
            return (output, nil)
        } catch {
            return (output, error)
        }
    }

    /// Where the payload (after the header and the 16-byte nonce) starts in a binary age file.
    static func payloadOffset(_ ciphertext: [UInt8]) throws -> Int {
        let (_, headerLength) = try #require(try Age.Header.parse(ciphertext, isComplete: true))
        return headerLength + nonceLength
    }

    /// The parsed header of a binary age file.
    static func header(_ ciphertext: [UInt8]) throws -> Age.Header {
        try #require(try Age.Header.parse(ciphertext, isComplete: true)).0
    }

    /// Payload bytes (nonce and sealed chunks) for a plaintext of `count` bytes: every chunk is
    /// full except the last, which is empty only when the whole plaintext is.
    static func payloadLength(plaintext count: Int) -> Int {
        let chunks = max(1, (count + chunk - 1) / chunk)
        return nonceLength + count + chunks * tag
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String { Hex.encode(Hashing.sha256(bytes)) }

    static func sha256Hex(file path: String) throws -> String { try Hashing.hexDigest(.sha256, ofFile: path) }

    /// The contents of a file in guarded memory (identity files).
    static func readSecretFile(_ path: String) throws -> SecretBytes {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        defer { for index in bytes.indices { bytes[index] = 0 } }
        return bytes.withUnsafeBytes { SecretBytes(copying: $0) }
    }

    /// `bytes` with the byte at `index` replaced: a base64 symbol by another valid symbol (so the
    /// text stays canonical), anything else by its bitwise complement.
    static func tampered(_ bytes: [UInt8], at index: Int) -> [UInt8] {
        var copy = bytes
        let symbols = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        if symbols.contains(copy[index]) {
            copy[index] = copy[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        } else {
            copy[index] = ~copy[index]
        }
        return copy
    }

    /// The byte offset of the first occurrence of `text` in `bytes`.
    static func offset(of text: String, in bytes: [UInt8], from start: Int = 0) throws -> Int {
        let needle = Array(text.utf8)
        let found = (start...(bytes.count - needle.count)).first {
            bytes[$0..<($0 + needle.count)].elementsEqual(needle)
        }
        return try #require(found, "\"\(text)\" not found")
    }
}

extension CryptoError {
    /// Whether this is a header failure, whatever the reason given.
    var isHeaderFailure: Bool {
        if case .ageHeader = self { return true }
        return false
    }
}
