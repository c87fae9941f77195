import Foundation
import VitniKit

extension PassphraseOptions {
    /// Who signs as `name`: the agent, when no `--passphrase-file` is given and it holds the key;
    /// otherwise the key unlocked here, exactly as before the agent could sign (scripts).
    func signer(_ name: String) throws -> any BundleSigner {
        try resolver().bundleSigner(
            name, agent: passphraseFile == nil ? AgentClient() : nil,
            canAskPassphrase: passphraseFile != nil || Terminal.isAvailable)
    }
}

extension Terminal {
    /// Whether there is a controlling terminal to ask a passphrase on.
    static var isAvailable: Bool {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { return false }
        close(tty)
        return true
    }
}
