public import VitniCrypto

/// A ``BundleSigner`` whose key lives in the agent: seals and custody events are signed there,
/// and a file to seal is hashed here in one streaming pass, so it never crosses the socket.
///
/// Every signature the agent returns is checked against `publicKey` before it is used: a process
/// that took over the socket cannot get a bad signature into a bundle.
public struct AgentBundleSigner: BundleSigner {
    public let client: AgentClient
    public let publicKey: MinisignPublicKey

    public init(client: AgentClient, publicKey: MinisignPublicKey) {
        self.client = client
        self.publicKey = publicKey
    }

    public var keyID: String { publicKey.keyID }

    /// - Throws: `VitniError.agentFailure` when the agent no longer holds the key (locked or
    ///   timed out since) or its signature does not verify; `.agentNotRunning`.
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        guard let signature = try client.sign(message, keyID: publicKey) else { throw missingKey }
        guard publicKey.isValidSignature(signature, for: message) else { throw Self.badSignature }
        return signature
    }

    /// - Throws: as ``sign(_:)``, `CryptoError.minisignInvalidComment`, or the source's read error.
    public func signFile(_ source: any ByteSource, trustedComment: String) throws -> MinisignSignature {
        try MinisignSignature.validateTrustedComment(trustedComment)
        let digest = try MinisignSignature.prehash(source)
        guard let parts = try client.signPrehashed(digest: digest, trustedComment: trustedComment, keyID: publicKey)
        else { throw missingKey }
        do {
            return try MinisignSignature(
                digest: digest, parts: parts, publicKey: publicKey, trustedComment: trustedComment)
        } catch CryptoError.signatureInvalid, CryptoError.trustedCommentInvalid {
            throw Self.badSignature
        }
    }

    private var missingKey: VitniError {
        .agentFailure(
            "the agent no longer holds the signing key \(keyID)",
            hint: "run `vitni unlock NAME` again, or give --passphrase-file FILE")
    }

    static let badSignature = VitniError.agentFailure(
        "the agent returned a signature that does not verify with the identity's key: nothing was signed",
        hint: "do not use this agent: run `vitni lock`, then `vitni unlock NAME`")
}
