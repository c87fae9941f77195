/// Why `vitni trust add` refused a file: trust never changes what an entry means without the
/// user removing the entry first, and the refusal shows both identities so they can be compared.
public struct TrustConflict: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The key is already trusted (or one's own) under another name.
        case sameKeyOtherName
        /// The key is trusted under this name, but the file says something else about it
        /// (role or age recipient).
        case sameKeyChangedFields
        /// A different key with the same 64-bit key id: verification reports name signers by key id.
        case keyIDCollision
        /// The name is trusted (or one's own) with a different key: `-r NAME` must mean one person.
        case nameTaken
    }

    public let kind: Kind
    /// The file being added.
    public let path: String
    public let incoming: PublicIdentity
    public let existing: PublicIdentity
    /// Whether `existing` is one of the user's own identities rather than a trust entry.
    public let existingIsOwn: Bool

    var reason: String {
        switch kind {
        case .sameKeyOtherName: "this key is already \(existingLabel) under another name"
        case .sameKeyChangedFields: "this key is already \(existingLabel) with a different role or age recipient"
        case .keyIDCollision: "a different key with the same key id is already \(existingLabel)"
        case .nameTaken: "the name '\(incoming.name)' is already \(existingLabel) with a different key"
        }
    }

    private var existingLabel: String { existingIsOwn ? "one of your own identities" : "trusted" }

    var hint: String {
        switch kind {
        case .sameKeyOtherName, .sameKeyChangedFields:
            existingIsOwn
                ? "a key has one name: do not trust a file that gives your own key to someone else"
                : "a key has one name and one recipient: if '\(existing.name)' really changed, "
                    + "`vitni trust remove \(existing.name)` first, then add the file again"
        case .keyIDCollision:
            "two keys with one key id cannot both be trusted: compare the fingerprints with their holders "
                + "by phone or in person, and remove the one that is not genuine"
        case .nameTaken:
            "confirm the new fingerprint with '\(incoming.name)' by phone or in person; if it is theirs, "
                + "`vitni trust remove \(incoming.name)` first, then add the file again"
        }
    }
}

extension PublicIdentity {
    /// One line for a refusal or a listing: name, role, key id and fingerprint (never a secret).
    public var summary: String {
        "'\(name)' (\(role.rawValue)), key id \(keyID), fingerprint \(spacedFingerprint)"
    }
}
