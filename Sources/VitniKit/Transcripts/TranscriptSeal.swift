import Foundation
import VitniCrypto
import VitniFormats

/// Texts larger than a note — a transcript, a redaction log — sealed as age files in memory.
/// `SealedValue` caps what it opens at a megabyte, which a long interview's transcript with word
/// timings can pass; these are capped at the importer's own limit instead.
enum TranscriptSeal {
    /// Largest plaintext opened: the largest transcript Vitni imports.
    static let maximumBytes = 32 * 1024 * 1024

    static func seal(_ text: String, to recipients: [Age.X25519Recipient]) throws -> Data {
        var plaintext = Array(text.utf8)
        defer { for index in plaintext.indices { plaintext[index] = 0 } }
        let sink = MemorySink()
        let encryptor = try Age.Encryptor(recipients: recipients, to: sink)
        try plaintext.withUnsafeBytes { try encryptor.write($0) }
        try encryptor.finish()
        return Data(sink.bytes)
    }

    static func open(_ data: Data, key: Age.X25519Identity) throws -> String {
        let decryptor = try Age.Decryptor(source: MemorySource(Array(data)), identities: [key])
        let plaintext = try SecretBytes.readAll(from: decryptor, limit: maximumBytes, guarded: false)
        return plaintext.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }
}
