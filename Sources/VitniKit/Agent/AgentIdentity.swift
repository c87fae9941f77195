public import VitniCrypto
public import VitniFormats

/// An age identity that lives in the agent: `unwrap` sends the header's stanzas to the agent and
/// gets the file key back; the private key never leaves the agent. Pass it to `Age.Decryptor`
/// like any other identity.
public struct AgentIdentity: AgeIdentity {
    public let client: AgentClient

    public init(client: AgentClient = AgentClient()) { self.client = client }

    /// - Returns: the file key, or nil when no identity the agent holds opens a stanza.
    /// - Throws: `VitniError.agentNotRunning` when no agent runs (so put other identities first
    ///   if the agent is optional); `CryptoError.ageHeader` for a malformed X25519 stanza.
    public func unwrap(stanzas: [Age.Stanza]) throws -> SecretBytes? {
        try client.unwrap(stanzas: stanzas)
    }
}

extension VitniError {
    /// Like `wrap(file:_:)`, and when every identity is an agent identity, "no identity given can
    /// decrypt this file" becomes `agentNoMatchingIdentity`, which says what to do about it.
    public static func wrap<T>(file: String, identities: [any AgeIdentity], _ body: () throws -> T) throws -> T {
        do { return try wrap(file: file, body) } catch VitniError.crypto(let file, .ageNoMatchingIdentity)
            where !identities.isEmpty && identities.allSatisfy({ $0 is AgentIdentity })
        {
            throw VitniError.agentNoMatchingIdentity(file: file)
        }
    }
}
