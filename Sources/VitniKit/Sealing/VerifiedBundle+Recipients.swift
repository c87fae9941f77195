public import VitniCrypto

extension VerifiedBundle {
    /// Whom a bundle's evidence is encrypted to, as its sealed session facts record it.
    public struct Recipients: Sendable, Equatable {
        /// The `age1…` recipients every payload file is encrypted to.
        public let ageRecipients: [String]
        /// The participants among them, by name, and how many others there are, in words.
        public let description: String

        public func includes(_ ageRecipient: String) -> Bool { ageRecipients.contains(ageRecipient) }
    }

    /// Reads the recipients from `session.json`: age headers name nobody, so only someone who
    /// can open the session facts can tell who else can.
    /// - Throws: whatever decrypting `session.json` with `identities` throws.
    public func recipients(identities: [any AgeIdentity]) throws -> Recipients {
        let session = try sessionFile(identities: identities)
        let named = session.participants.filter { session.recipients.contains($0.ageRecipient) }
        let names = Set(named.map(\.ageRecipient))
        let others = Set(session.recipients).subtracting(names).count
        var parts = named.map { "\($0.name) (\($0.role.rawValue))" }
        if others > 0 { parts.append(Count.of(others, named.isEmpty ? "recipient" : "other recipient")) }
        return Recipients(ageRecipients: session.recipients, description: parts.joined(separator: ", "))
    }
}
