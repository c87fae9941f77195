/// What a successful minisign check establishes: which key signed, and the signed comment.
public struct MinisignVerification: Sendable, Equatable {
    /// The signing key's id as minisign prints it.
    public let keyID: String
    /// The trusted comment, which the signature covers (the untrusted one it does not).
    public let trustedComment: String
    /// The signature is minisign's legacy `Ed` form (Ed25519 over the whole file, not its
    /// BLAKE2b-512 hash). It is valid, but `minisign -V -H` rejects it: reports should warn.
    public let isLegacy: Bool

    public init(keyID: String, trustedComment: String, isLegacy: Bool) {
        self.keyID = keyID
        self.trustedComment = trustedComment
        self.isLegacy = isLegacy
    }
}
