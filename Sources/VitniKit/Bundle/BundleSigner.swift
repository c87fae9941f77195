public import VitniCrypto

/// The key that seals a bundle and signs custody events, kept abstract so that the secret can
/// live elsewhere (the agent, a token) while the bundle code only asks for signatures.
public protocol BundleSigner: Sendable {
    /// The minisign key id (16 upper-case hex digits), written as `actor` in custody events.
    var keyID: String { get }
    var publicKey: MinisignPublicKey { get }
    /// A plain Ed25519 signature over `message` (a custody event's canonical JSON).
    func sign(_ message: [UInt8]) throws -> [UInt8]
    /// A prehashed minisign signature over everything `source` yields (the tag manifest).
    func signFile(_ source: any ByteSource, trustedComment: String) throws -> MinisignSignature
}

/// A ``BundleSigner`` over an unlocked minisign secret key held in this process.
public struct MinisignBundleSigner: BundleSigner {
    public let key: MinisignSecretKey

    public init(key: MinisignSecretKey) { self.key = key }

    public var keyID: String { key.keyID }
    public var publicKey: MinisignPublicKey { key.publicKey }

    public func sign(_ message: [UInt8]) throws -> [UInt8] { key.signDetached(message) }

    public func signFile(_ source: any ByteSource, trustedComment: String) throws -> MinisignSignature {
        try MinisignSignature.sign(source, with: key, trustedComment: trustedComment)
    }
}

/// The keys a verifier accepts for seals and custody events, with the names a report shows.
public struct BundleTrust: Sendable {
    public struct Signer: Sendable {
        public let publicKey: MinisignPublicKey
        public let name: String?
        public let role: String?

        public init(publicKey: MinisignPublicKey, name: String? = nil, role: String? = nil) {
            self.publicKey = publicKey
            self.name = name
            self.role = role
        }
    }

    private let signers: [String: Signer]

    public init(_ signers: [Signer]) {
        self.signers = Dictionary(signers.map { ($0.publicKey.keyID, $0) }) { first, _ in first }
    }

    public init(keys: [MinisignPublicKey]) { self.init(keys.map { Signer(publicKey: $0) }) }

    /// The trusted signer with this key id, if any.
    public func signer(for keyID: String) -> Signer? { signers[keyID] }
}
