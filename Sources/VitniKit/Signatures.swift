public import VitniCrypto

/// Signing and checking whole files in minisign's prehashed form, with file names in errors.
public enum Signatures {
    /// Signs `file` in one streaming pass.
    /// - Returns: the signature file's text.
    public static func sign(file: String, key: MinisignSecretKey, trustedComment: String?) throws -> String {
        try VitniError.wrap(file: file) {
            try MinisignSignature.sign(contentsOfFile: file, with: key, trustedComment: trustedComment).fileText
        }
    }

    /// Signs `file` in one streaming pass with a key held here or in the agent.
    /// - Returns: the signature file's text.
    public static func sign(file: String, signer: any BundleSigner, trustedComment: String?) throws -> String {
        try VitniError.wrap(file: file) {
            try signer.signFile(
                try FileStream.open(readingFrom: file),
                trustedComment: trustedComment ?? MinisignSignature.defaultTrustedComment(forFile: file)
            ).fileText
        }
    }

    /// Checks `signatureFile` over `file` against `publicKey`.
    /// - Throws: `VitniError.crypto` naming the file when the signature does not hold.
    public static func verify(file: String, signatureFile: String, publicKey: MinisignPublicKey) throws
        -> MinisignVerification
    {
        let signature = try VitniError.wrap(file: signatureFile) {
            try MinisignSignature(contentsOfFile: signatureFile)
        }
        return try VitniError.wrap(file: file) { try signature.verify(contentsOfFile: file, with: publicKey) }
    }
}
