public import Foundation
public import VitniCrypto
public import VitniFormats

/// The roles people play around a Barnahus interview (docs/design.md, "Who uses Vitni").
public enum Role: String, Codable, Sendable, CaseIterable {
    case interviewer, observer, custodian, prosecutor, defence, advocate, court
}

/// What others may know about a person: name, role, and the two public keys — an age
/// recipient for encrypting to them and a minisign key for checking what they sign.
/// This is the file `vitni key export` writes and `vitni trust add` reads.
public struct PublicIdentity: Codable, Sendable, Equatable {
    public static let formatTag = "vitni-identity-v1"

    public var format: String
    public var name: String
    public var role: Role
    public var ageRecipient: String
    public var minisignPublicKey: String
    public var keyID: String
    public var created: String

    enum CodingKeys: String, CodingKey {
        case format, name, role, created
        case ageRecipient = "age_recipient"
        case minisignPublicKey = "minisign_public_key"
        case keyID = "key_id"
    }

    public init(name: String, role: Role, recipient: Age.X25519Recipient, signingKey: MinisignPublicKey, created: Date)
    {
        format = Self.formatTag
        self.name = name
        self.role = role
        ageRecipient = recipient.encoded
        minisignPublicKey = signingKey.base64
        keyID = signingKey.keyID
        self.created = ISO8601DateFormatter().string(from: created)
    }

    /// The age recipient, parsed.
    public func recipient() throws -> Age.X25519Recipient { try Age.X25519Recipient(ageRecipient) }

    /// The minisign public key, parsed.
    public func signingKey() throws -> MinisignPublicKey { try MinisignPublicKey(base64: minisignPublicKey) }

    /// Canonical JSON text (sorted keys), as written to disk.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// Parses and checks a public identity file: hostile input, so the size is capped, every key
    /// must parse, and the key id must be the minisign key's own.
    public static func load(path: String) throws -> PublicIdentity {
        try decode(readSmallFile(path), path: path)
    }

    static func decode(_ bytes: [UInt8], path: String) throws -> PublicIdentity {
        let identity: PublicIdentity
        do { identity = try JSONDecoder().decode(PublicIdentity.self, from: Data(bytes)) } catch {
            throw VitniError.malformedFile(path: path, reason: "not a Vitni public identity file (\(Self.formatTag))")
        }
        guard identity.format == formatTag else {
            throw VitniError.malformedFile(path: path, reason: "unknown identity format '\(identity.format)'")
        }
        try KeyStore.validate(name: identity.name)
        do {
            _ = try identity.recipient()
            guard try identity.signingKey().keyID == identity.keyID else {
                throw VitniError.malformedFile(path: path, reason: "key_id does not match the minisign public key")
            }
        } catch let error as CryptoError {
            throw VitniError.malformedFile(path: path, reason: "\(error)")
        }
        return identity
    }
}

/// Reads a small file whole (identity, key and signature files), refusing anything large.
func readSmallFile(_ path: String, limit: Int = 64 * 1024) throws -> [UInt8] {
    do { return try BoundedFile.read(path: path, limit: limit) } catch {
        throw VitniError(error, tooLargeReason: "file is larger than \(limit) bytes: not a key file")
    }
}
