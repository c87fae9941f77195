import Foundation
import VitniCrypto
public import VitniFormats

extension KeyResolver {
    /// The signer for `text`: a minisign secret-key file, or one of the user's own identities,
    /// whose key the running agent signs with when it holds it (no passphrase asked), and which
    /// is otherwise unlocked here with its passphrase.
    /// - Parameters:
    ///   - agent: the agent to ask first; nil always unlocks here (a script's passphrase file).
    ///   - canAskPassphrase: whether a passphrase can be had at all (a terminal or a file); when
    ///     not, a locked key is refused with the two ways to sign.
    /// - Throws: `SigningKeyLocked`, `VitniError.identityNotFound`, a wrong passphrase.
    public func bundleSigner(_ text: String, agent: AgentClient?, canAskPassphrase: Bool) throws -> any BundleSigner {
        if FileManager.default.fileExists(atPath: text) { return MinisignBundleSigner(key: try signingKey(text)) }
        let identity = try keyStore.identity(named: text)
        if let signer = agent?.signer(for: identity) { return signer }
        guard canAskPassphrase else { throw SigningKeyLocked(name: identity.name) }
        let key = try keyStore.signingKey(named: identity.name, passphrase: passphrase("identity '\(identity.name)'"))
        return MinisignBundleSigner(key: key)
    }
}

/// Signing needs a key that is neither in the agent nor unlockable here (no terminal, no file).
public struct SigningKeyLocked: ReportableError, Equatable {
    public let name: String

    public init(name: String) { self.name = name }

    public var exitStatus: ExitStatus { .couldNotCarryOut }
    public var description: String {
        "the signing key of '\(name)' is locked: the agent does not hold it, and there is no terminal to ask its passphrase on"
    }
    public var hint: String? {
        "run `vitni unlock \(name)` once (the agent then signs without asking), or give --passphrase-file FILE"
    }
}
