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
///
/// A `vitni-identity-v2` file is self-signed: its minisign key signs the canonical JSON of every
/// other field, so nobody can pair a known name and signing key with their own age recipient.
/// Vitni 1.0 wrote unsigned `vitni-identity-v1` files; see ``Acceptance``.
public struct PublicIdentity: Codable, Sendable, Equatable {
    public static let formatTag = "vitni-identity-v2"
    /// The unsigned format Vitni 1.0 wrote.
    public static let legacyFormatTag = "vitni-identity-v1"

    public var format: String
    public var name: String
    public var role: Role
    public var ageRecipient: String
    public var minisignPublicKey: String
    public var keyID: String
    public var created: String
    /// Base64 of the Ed25519 signature by the minisign key over ``signedMessage()``; nil in a
    /// v1 file.
    public var signature: String?

    enum CodingKeys: String, CodingKey {
        case format, name, role, created, signature
        case ageRecipient = "age_recipient"
        case minisignPublicKey = "minisign_public_key"
        case keyID = "key_id"
    }

    /// A new identity, signed by its own minisign key.
    public init(
        name: String, role: Role, recipient: Age.X25519Recipient, signedBy key: MinisignSecretKey, created: Date
    ) {
        format = Self.formatTag
        self.name = name
        self.role = role
        ageRecipient = recipient.encoded
        minisignPublicKey = key.publicKey.base64
        keyID = key.keyID
        self.created = ISO8601DateFormatter().string(from: created)
        sign(with: key)
    }

    /// Re-signs in the current format: how a v1 identity of one's own is upgraded. The caller
    /// has checked that `key` is this identity's own minisign key.
    public mutating func sign(with key: MinisignSecretKey) {
        format = Self.formatTag
        signature = Base64.encode(key.signDetached(signedMessage()))
    }

    /// Whether the file carried a self-signature (which ``decode(_:path:accepting:)`` checked).
    public var isSigned: Bool { signature != nil }

    /// The bytes the self-signature covers: RFC 8785 JSON of every field except `signature`.
    public func signedMessage() -> [UInt8] {
        let fields: [String: CanonicalJSON.Value] = [
            "format": .string(format), "name": .string(name), "role": .string(role.rawValue),
            "created": .string(created), "key_id": .string(keyID),
            "minisign_public_key": .string(minisignPublicKey), "age_recipient": .string(ageRecipient),
        ]
        // Only strings: serialising cannot fail.
        return (try? CanonicalJSON.serialize(.object(fields))) ?? []
    }

    /// The age recipient, parsed.
    public func recipient() throws -> Age.X25519Recipient { try Age.X25519Recipient(ageRecipient) }

    /// The minisign public key, parsed.
    public func signingKey() throws -> MinisignPublicKey { try MinisignPublicKey(base64: minisignPublicKey) }

    /// JSON text (sorted keys), as written to disk.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
    }
}

extension PublicIdentity {
    /// Which identity files a caller takes.
    public enum Acceptance: Sendable {
        /// Only self-signed files: anything whose age recipient may be used to encrypt.
        case signedOnly
        /// Also unsigned v1 files, whose signed fields are then unproven: one's own identity
        /// (its secret keys are beside it and checked on unlock), a trust entry made by Vitni
        /// 1.0, or a file used only for its minisign key, as a `.pub` file would be.
        case legacyUnsigned
    }

    /// Parses and checks a public identity file: hostile input, so the size is capped, every key
    /// must parse, the key id must be the minisign key's own, and the self-signature must verify.
    /// - Throws: `VitniError.malformedFile`, `.identityUnsigned` (a v1 file under `.signedOnly`)
    ///   or `.identitySignatureInvalid`.
    public static func load(path: String, accepting acceptance: Acceptance = .signedOnly) throws -> PublicIdentity {
        try decode(readSmallFile(path), path: path, accepting: acceptance)
    }

    static func decode(_ bytes: [UInt8], path: String, accepting acceptance: Acceptance = .signedOnly) throws
        -> PublicIdentity
    {
        let identity: PublicIdentity
        do { identity = try JSONDecoder().decode(PublicIdentity.self, from: Data(bytes)) } catch {
            throw VitniError.malformedFile(path: path, reason: "not a Vitni public identity file (\(Self.formatTag))")
        }
        guard identity.format == formatTag || identity.format == legacyFormatTag else {
            throw VitniError.malformedFile(path: path, reason: "unknown identity format '\(identity.format)'")
        }
        try KeyStore.validate(name: identity.name)
        let signingKey: MinisignPublicKey
        do {
            _ = try identity.recipient()
            signingKey = try identity.signingKey()
        } catch let error as CryptoError {
            throw VitniError.malformedFile(path: path, reason: "\(error)")
        }
        guard signingKey.keyID == identity.keyID else {
            throw VitniError.malformedFile(path: path, reason: "key_id does not match the minisign public key")
        }
        if identity.format == legacyFormatTag {
            guard acceptance == .legacyUnsigned else {
                throw VitniError.identityUnsigned(path: path, name: identity.name)
            }
            return PublicIdentity(unsignedCopyOf: identity)
        }
        guard let signature = identity.signature, let bytes = Base64.decode(signature), bytes.count == 64,
            signingKey.isValidSignature(bytes, for: identity.signedMessage())
        else { throw VitniError.identitySignatureInvalid(path: path) }
        return identity
    }

    /// A v1 file never carries a signature that means anything: drop whatever it holds.
    private init(unsignedCopyOf identity: PublicIdentity) {
        self = identity
        signature = nil
    }

    /// SHA-256 of the raw Ed25519 public key, in hex: what trust entries are keyed by, and what
    /// two people read to each other to compare keys. (The 64-bit key id is chosen by the key's
    /// maker, so it can collide on purpose.)
    public var fingerprint: String { Hex.encode(Hashing.sha256(ed25519Key)) }

    /// The 32 bytes of the Ed25519 key inside the minisign public key ("Ed" ‖ key id ‖ key).
    var ed25519Key: [UInt8] { Array((Base64.decode(minisignPublicKey) ?? []).dropFirst(10)) }

    /// The fingerprint in groups of four, for reading aloud.
    public var spacedFingerprint: String {
        stride(from: 0, to: fingerprint.count, by: 4).map { offset in
            let start = fingerprint.index(fingerprint.startIndex, offsetBy: offset)
            return String(fingerprint[start..<fingerprint.index(start, offsetBy: 4)])
        }.joined(separator: " ")
    }
}

/// Reads a small file whole (identity, key and signature files), refusing anything large.
func readSmallFile(_ path: String, limit: Int = 64 * 1024) throws -> [UInt8] {
    do { return try BoundedFile.read(path: path, limit: limit) } catch {
        throw VitniError(error, tooLargeReason: "file is larger than \(limit) bytes: not a key file")
    }
}
