public import Foundation
public import VitniCrypto
public import VitniFormats

/// A small value (note body, session details, a comment) as an age file: JSON encrypted in
/// memory to the session's recipients before it reaches the catalogue or any disk.
public enum SealedValue {
    /// Encrypts `value`'s JSON to `recipients`.
    public static func seal(_ value: some Encodable, to recipients: [Age.X25519Recipient]) throws -> Data {
        var plaintext = try JSONEncoder().encode(value)
        defer { plaintext.resetBytes(in: 0..<plaintext.count) }
        let sink = MemorySink()
        let encryptor = try Age.Encryptor(recipients: recipients, to: sink)
        try plaintext.withUnsafeBytes { try encryptor.write($0) }
        try encryptor.finish()
        return Data(sink.bytes)
    }

    /// Encrypts a secret (a session's key) to `recipients`, straight from guarded memory.
    public static func seal(secret: SecretBytes, to recipients: [Age.X25519Recipient]) throws -> Data {
        let sink = MemorySink()
        let encryptor = try Age.Encryptor(recipients: recipients, to: sink)
        try secret.withUnsafeBytes { try encryptor.write($0) }
        try encryptor.finish()
        return Data(sink.bytes)
    }

    /// Decrypts a sealed secret into guarded memory.
    public static func openSecret(_ data: Data, identities: [any AgeIdentity]) throws -> SecretBytes {
        let decryptor = try Age.Decryptor(source: MemorySource(Array(data)), identities: identities)
        return try SecretBytes.readAll(from: decryptor, limit: 4096)
    }

    /// Decrypts and decodes a sealed value.
    /// - Throws: `CryptoError` when no identity can open it or it was altered.
    public static func open<T: Decodable>(_ data: Data, as type: T.Type, identities: [any AgeIdentity]) throws -> T {
        let decryptor = try Age.Decryptor(source: MemorySource(Array(data)), identities: identities)
        let plaintext = try SecretBytes.readAll(from: decryptor, limit: 1 << 20, guarded: false)
        return try plaintext.withUnsafeBytes { try JSONDecoder().decode(T.self, from: Data($0)) }
    }
}
