import VitniFormats

extension CustodyLog {
    /// Hands `bundle` to `holder`: a signed `transferred` event naming both key ids (and the
    /// holder's name and role), and a new seal. A retry after a crash that came after the change
    /// finds its event (the last one, by this signer, to this holder) and reports it.
    /// - Parameter note: stored in the clear in the log: it is never evidence.
    public static func transfer(
        bundle: String, to holder: PublicIdentity, note: String?, signer: any BundleSigner, trust: BundleTrust
    ) throws -> Receipt {
        var detail: [String: CanonicalJSON.Value] = [
            "from": .string(signer.keyID), "to": .string(holder.keyID), "to_name": .string(holder.name),
            "to_role": .string(holder.role.rawValue),
        ]
        if let note { detail["note"] = .string(note) }
        guard holder.keyID != signer.keyID else {
            throw BundleError.invalidInput("the new holder is the signer: a bundle is transferred to someone else")
        }
        return try append(to: bundle, action: .transferred, detail: detail, signer: signer, trust: trust) { entries in
            guard let last = entries.last, last.event.action == .transferred, last.event.actor == signer.keyID,
                last.event.detail["to"]?.stringValue == holder.keyID, last.event.detail["note"] == detail["note"]
            else { return nil }
            return last
        }
    }

    /// Records that `file` of `bundle` was read: a signed `decrypted` event naming the file, never
    /// its content.
    public static func recordDecryption(
        of file: String, in bundle: String, signer: any BundleSigner, trust: BundleTrust
    ) throws -> Receipt {
        try append(to: bundle, action: .decrypted, detail: ["file": .string(file)], signer: signer, trust: trust)
    }
}
