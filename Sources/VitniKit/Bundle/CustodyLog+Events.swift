import VitniFormats

extension CustodyLog {
    /// Hands `bundle` to `holder`: a signed `transferred` event naming both key ids (and the
    /// holder's name and role), and a new seal.
    /// - Parameter note: stored in the clear in the log: it is never evidence.
    public static func transfer(
        bundle: String, to holder: PublicIdentity, note: String?, signer: any BundleSigner
    ) throws -> Receipt {
        var detail: [String: CanonicalJSON.Value] = [
            "from": .string(signer.keyID), "to": .string(holder.keyID), "to_name": .string(holder.name),
            "to_role": .string(holder.role.rawValue),
        ]
        if let note { detail["note"] = .string(note) }
        return try append(to: bundle, action: .transferred, detail: detail, signer: signer)
    }

    /// Records that `file` of `bundle` was read: a signed `decrypted` event naming the file, never
    /// its content.
    public static func recordDecryption(
        of file: String, in bundle: String, signer: any BundleSigner
    ) throws -> Receipt {
        try append(to: bundle, action: .decrypted, detail: ["file": .string(file)], signer: signer)
    }
}
