extension VitniError {
    /// Hints for identity files, trust and the permissions of what lies under VITNI_HOME.
    var keyFileHint: String? {
        switch self {
        case .identityUnsigned(let path, let name):
            path.contains("/identities/")
                ? "run `vitni key upgrade \(name)` to sign it with its own key (asks the passphrase)"
                : "ask \(name) for a new export (`vitni key export \(name)` in Vitni 1.1 or later writes a signed file)"
        case .identitySignatureInvalid:
            "the file was altered or assembled from someone else's keys: ask its holder for a new export"
        case .identityMismatch(let directory, _):
            "one of the files in \(directory) was replaced; restore the directory from a backup, "
                + "and do not use it until you know how it changed"
        case .trustConflict(let conflict): conflict.hint
        case .directoryPermissions(let path, let mode):
            mode == nil
                ? "remove \(path) if you did not create it; it must be a directory you own"
                : "run `chmod 700 \(path)` if the directory is yours"
        case .passphraseFilePermissions(let path, _):
            "run `chmod 600 \(path)` if the file is yours and was never shared"
        default: nil
        }
    }

    var keyFileDescription: String {
        switch self {
        case .identityUnsigned(let path, let name):
            "\(path): the identity file for '\(name)' is unsigned (\(PublicIdentity.legacyFormatTag), from Vitni 1.0): "
                + "nothing binds its age recipient to its signing key"
        case .identitySignatureInvalid(let path):
            "\(path): the identity file's self-signature does not verify under its own minisign key"
        case .identityMismatch(let directory, let reason): "\(directory): \(reason)"
        case .trustConflict(let conflict):
            "\(conflict.path): refused: \(conflict.reason)\n  in the file:     \(conflict.incoming.summary)\n"
                + "  \(conflict.existingIsOwn ? "your own:        " : "already trusted: ")\(conflict.existing.summary)"
        case .directoryPermissions(let path, let mode):
            mode.map {
                "\(path): directory permissions \(String($0, radix: 8)) are too open: "
                    + "it must be open to its owner only (0700)"
            } ?? "\(path): not a directory owned by you"
        case .passphraseFilePermissions(let path, let mode):
            "\(path): passphrase file permissions \(String(mode, radix: 8)) are too open: "
                + "it must be readable by its owner only (0600)"
        default: "error"
        }
    }
}
