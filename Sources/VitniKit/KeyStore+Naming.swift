import Foundation
public import VitniCrypto
public import VitniFormats

/// What a key-naming argument turned out to be.
public enum NamedKey: Sendable {
    /// A whole identity: name, role, age recipient and minisign key.
    case identity(PublicIdentity)
    /// A bare `age1…` recipient.
    case ageRecipient(Age.X25519Recipient)
    /// A bare minisign public key (`RW…`) or a minisign `.pub` file.
    case signingKey(MinisignPublicKey)
}

/// What the key named is needed for, which decides what forms are accepted.
public enum KeyUse: Sendable {
    /// A participant, holder or reader: a whole identity (a bare key names nobody).
    case person
    /// Encrypting to: an identity's recipient or an `age1…` key.
    case recipient
    /// Checking signatures: an identity's minisign key, an `RW…` key or a `.pub` file; unsigned
    /// Vitni 1.0 identity files and trust entries serve here for their signing key alone.
    case signingKey
}

extension KeyStore {
    /// Resolves what a user typed where a person or a key is named, the same way for every option,
    /// trying in this fixed order:
    ///
    /// 1. the name of one of the user's own identities (`vitni key list`);
    /// 2. the name of a trusted identity (`vitni trust list`);
    /// 3. a public identity file (`vitni key export`), or for signing keys a minisign `.pub` file;
    /// 4. a bare key: `age1…` for a recipient, `RW…` for a signing key.
    ///
    /// An own and a trusted identity of the same name with different keys are refused as
    /// ambiguous; an unknown name is refused with the close matches among both.
    /// - Parameter use: what the key is for; a person needs a whole identity.
    /// - Throws: `NamingError`, `VitniError.identityUnsigned` for an unsigned file or trust entry
    ///   whose age recipient would be used, or the errors of reading the identity.
    public func resolve(_ text: String, for use: KeyUse) throws -> NamedKey {
        let own = try ownIdentity(named: text)
        let trustedEntry = try TrustStore(keyStore: self).entries().first { $0.identity.name == text }
        if let own, let trustedEntry, own.ed25519Key != trustedEntry.identity.ed25519Key {
            throw NamingError.ambiguous(text, own: own, trusted: trustedEntry.identity)
        }
        if let own { return .identity(own) }
        if let trustedEntry {
            guard use == .signingKey || trustedEntry.identity.isSigned else {
                throw VitniError.identityUnsigned(path: trustedEntry.path, name: text)
            }
            return .identity(trustedEntry.identity)
        }
        if FileManager.default.fileExists(atPath: text) { return try namedFile(text, for: use) }
        if text.hasPrefix("age1"), use != .signingKey {
            let recipient = try VitniError.wrap(file: "recipient") { try Age.X25519Recipient(text) }
            guard use == .recipient else { throw NamingError.needsWholeIdentity(text, kind: "an age recipient") }
            return .ageRecipient(recipient)
        }
        if text.hasPrefix("RW"), let key = try? MinisignPublicKey(base64: text) {
            guard use == .signingKey else { throw NamingError.needsWholeIdentity(text, kind: "a minisign public key") }
            return .signingKey(key)
        }
        throw NamingError.unknown(text, closeMatches: try closeMatches(to: text))
    }

    /// A whole person: an own or trusted identity's name, or a public identity file.
    /// - Throws: `NamingError.needsWholeIdentity` for a bare key, or as ``resolve(_:for:)``.
    public func publicIdentity(_ text: String) throws -> PublicIdentity {
        guard case .identity(let identity) = try resolve(text, for: .person) else {
            throw NamingError.needsWholeIdentity(text, kind: "a key")
        }
        return identity
    }

    /// The own identity named `text`, nil when there is none (or `text` is no valid name).
    private func ownIdentity(named text: String) throws -> PublicIdentity? {
        guard (try? Self.validate(name: text)) != nil,
            FileManager.default.fileExists(atPath: directory(of: text) + "/identity.json")
        else { return nil }
        return try identity(named: text)
    }

    private func namedFile(_ path: String, for use: KeyUse) throws -> NamedKey {
        guard use == .signingKey else { return .identity(try PublicIdentity.load(path: path)) }
        let contents = try readSmallFile(path)
        if contents.first == UInt8(ascii: "{") {
            return .identity(try PublicIdentity.load(path: path, accepting: .legacyUnsigned))
        }
        return .signingKey(
            try VitniError.wrap(file: path) {
                try MinisignPublicKey(fileText: String(decoding: contents, as: UTF8.self))
            })
    }

    /// Own and trusted names a typo away from `text`: the same but for case, one a prefix of
    /// the other, or at most two edits apart.
    func closeMatches(to text: String) throws -> [String] {
        let names = Set(try list().map(\.name) + (try TrustStore(keyStore: self).list().map(\.name)))
        let typed = text.lowercased()
        return names.filter { name in
            let candidate = name.lowercased()
            return candidate == typed
                || (min(candidate.count, typed.count) >= 2
                    && (candidate.hasPrefix(typed) || typed.hasPrefix(candidate)))
                || editDistance(candidate, typed, atMost: 2) <= 2
        }.sorted()
    }
}

/// Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`.
func editDistance(_ a: String, _ b: String, atMost limit: Int) -> Int {
    let a = Array(a.utf8.prefix(256))
    let b = Array(b.utf8.prefix(256))
    guard abs(a.count - b.count) <= limit else { return limit + 1 }
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
        var current = [i + 1] + [Int](repeating: 0, count: b.count)
        for (j, y) in b.enumerated() {
            current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
        }
        guard current.min()! <= limit else { return limit + 1 }
        previous = current
    }
    return previous[b.count]
}

/// Why a name typed for a person or a key could not be used.
public enum NamingError: ReportableError, Equatable {
    /// Neither an own nor a trusted name, a file or a key.
    case unknown(String, closeMatches: [String])
    /// One of the user's own identities and a trusted identity share the name.
    case ambiguous(String, own: PublicIdentity, trusted: PublicIdentity)
    /// A bare key where a whole person (name, recipient and signing key) is needed.
    case needsWholeIdentity(String, kind: String)

    public var exitStatus: ExitStatus { .couldNotCarryOut }

    public var description: String {
        switch self {
        case .unknown(let text, let matches):
            "no identity of yours or trusted one is named '\(text)', and it is neither a file nor a key"
                + (matches.isEmpty ? "" : ": did you mean \(matches.map { "'\($0)'" }.joined(separator: " or "))?")
        case .ambiguous(let text, let own, let trusted):
            "'\(text)' names two people: your own identity (key id \(own.keyID), \(own.role.rawValue)) "
                + "and a trusted identity (key id \(trusted.keyID), \(trusted.role.rawValue))"
        case .needsWholeIdentity(let text, let kind):
            "'\(text.prefix(80))' is \(kind), but a person is needed here: a name, an age recipient and a signing key"
        }
    }

    public var hint: String? {
        switch self {
        case .unknown:
            "`vitni key list` and `vitni trust list` show the names; a public identity file or an age1… or RW… key also works where a key is enough"
        case .ambiguous(_, _, let trusted):
            "name a public identity file instead, or remove the trust entry with `vitni trust remove \(trusted.keyID)`"
        case .needsWholeIdentity:
            "give an identity name from `vitni key list` or `vitni trust list`, or a public identity file (`vitni key export`)"
        }
    }
}
