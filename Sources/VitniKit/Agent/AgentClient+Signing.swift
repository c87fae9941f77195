public import VitniCrypto

extension AgentClient {
    /// Gives the identity the agent holds under `name` its minisign key, so the agent signs as
    /// that person (the secret travels only over the socket).
    /// - Throws: `VitniError.agentNotRunning`, `.agentFailure` when no identity of that name is held.
    public func addSigningKey(name: String, key: MinisignSecretKey) throws {
        try KeyStore.validate(name: name)
        guard case .ok = try exchange(.addSigningKey(name: name, key: key)) else { throw Self.unexpectedResponse }
    }

    /// A plain Ed25519 signature over `message` by the held key `keyID`, unchecked: callers
    /// verify it (``AgentBundleSigner`` does).
    /// - Returns: nil when the agent holds no signing key with that key id.
    /// - Throws: `VitniError.agentNotRunning`, `.agentFailure`, `.invalidInput` for a message the
    ///   agent does not take (empty, or longer than a custody event).
    public func sign(_ message: [UInt8], keyID: MinisignPublicKey) throws -> [UInt8]? {
        guard (1...Agent.maximumSignedMessageSize).contains(message.count) else {
            throw VitniError.invalidInput(
                "the agent signs messages of 1 to \(Agent.maximumSignedMessageSize) bytes, not \(message.count)")
        }
        switch try exchange(.sign(keyID: keyID.keyIDBytes, message: message)) {
        case .signature(let signature): return signature
        case .noMatch: return nil
        default: throw Self.unexpectedResponse
        }
    }

    /// The two signatures of a prehashed minisign signature over `digest`, unchecked.
    /// - Returns: nil when the agent holds no signing key with that key id.
    /// - Throws: `VitniError.agentNotRunning`, `.agentFailure`.
    public func signPrehashed(digest: [UInt8], trustedComment: String, keyID: MinisignPublicKey) throws
        -> MinisignSignature.PrehashedParts?
    {
        switch try exchange(.signPrehashed(keyID: keyID.keyIDBytes, digest: digest, trustedComment: trustedComment)) {
        case .prehashedSignature(let parts): return parts
        case .noMatch: return nil
        default: throw Self.unexpectedResponse
        }
    }

    /// A signer for `identity` through the running agent, when the agent holds that identity's
    /// very signing key (the whole public key must match, not just its id).
    /// - Returns: nil when no agent runs or it cannot sign as `identity`.
    public func signer(for identity: PublicIdentity) -> AgentBundleSigner? {
        guard let status = try? status(), let publicKey = try? identity.signingKey(),
            status.identities.contains(where: { $0.signingKey == publicKey.base64 })
        else { return nil }
        return AgentBundleSigner(client: self, publicKey: publicKey)
    }
}
