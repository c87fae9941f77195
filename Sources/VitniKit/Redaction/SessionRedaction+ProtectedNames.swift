public import Foundation
public import VitniCrypto
import VitniFormats
public import VitniStore

extension SessionRedaction {
    /// Longest protected name accepted, in characters.
    public static let maximumProtectedNameLength = 200

    /// Adds names to the session's protected list (the child, family, school, places). The names
    /// are sealed to the session's key before they are stored, so this needs public keys only.
    /// - Throws: `VitniError.invalidInput` for an empty, overlong or multi-line name (the error
    ///   gives its position in the list, never the name).
    public func addProtectedNames(
        _ names: [String], to session: SessionRecord, actor: PublicIdentity, now: Date = Date()
    ) throws {
        try appendProtectedNames(names, action: .add, session: session, actor: actor, now: now)
    }

    /// Takes names off the session's protected list (matched ignoring case); names not on it
    /// are ignored. Needs public keys only.
    public func removeProtectedNames(
        _ names: [String], from session: SessionRecord, actor: PublicIdentity, now: Date = Date()
    ) throws {
        try appendProtectedNames(names, action: .remove, session: session, actor: actor, now: now)
    }

    /// The session's protected names, in the order first added.
    public func protectedNames(of session: SessionRecord, identities: [any AgeIdentity]) throws -> [String] {
        try protectedNames(of: session, key: try lifecycle.sessionIdentity(of: session, identities: identities))
    }

    func protectedNames(of session: SessionRecord, key: Age.X25519Identity) throws -> [String] {
        var names: [String] = []
        for event in try workspace.protectedNameEvents(sessionID: session.id) {
            let changed = try VitniError.wrap(file: "protected names of session \(session.id)") {
                try SealedValue.open(event.names, as: [String].self, identities: [key])
            }
            for name in changed {
                let folded = name.lowercased()
                switch event.action {
                case .add: if !names.contains(where: { $0.lowercased() == folded }) { names.append(name) }
                case .remove: names.removeAll { $0.lowercased() == folded }
                }
            }
        }
        return names
    }

    /// Names as people type them: surrounding spaces dropped; one line; 1 to 200 characters.
    public static func normalisedProtectedNames(_ names: [String]) throws -> [String] {
        try names.enumerated().map { index, name in
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            let oneLine = trimmed.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F..<0xA0).contains($0.value) }
            guard !trimmed.isEmpty, trimmed.count <= maximumProtectedNameLength, oneLine else {
                throw VitniError.invalidInput(
                    "protected name \(index + 1) must be one line of 1 to \(maximumProtectedNameLength) characters")
            }
            return trimmed
        }
    }

    private func appendProtectedNames(
        _ names: [String], action: ProtectedNameAction, session: SessionRecord, actor: PublicIdentity, now: Date
    ) throws {
        let normalised = try Self.normalisedProtectedNames(names)
        guard !normalised.isEmpty else { throw VitniError.invalidInput("no names given") }
        let sealed = try SealedValue.seal(normalised, to: lifecycle.recipients(of: session))
        _ = try workspace.insert(
            protectedNameEvent: ProtectedNameEventRecord(
                sessionID: session.id, time: Timestamp.string(now), actorKeyID: actor.keyID, action: action,
                names: sealed))
    }
}
