import Foundation
public import VitniCrypto
import VitniFormats

extension SessionSealing {
    /// Writes a full copy of a sealed bundle for a new reader — a court, a defence expert, a
    /// foreign authority — who is not among its recipients (see `deriveCopy`): every payload file
    /// decrypted and re-encrypted, as it streams, to `readers` only, and the session's facts with
    /// the new recipients. Each file's plaintext must hash to what the original's session facts
    /// (or its amendments) record, so the copy holds exactly the evidence that was sealed. Needs
    /// nothing from the workspace but the holder's identity.
    /// - Returns: `<session>_FOR-<readers>` and the original's new custody receipt.
    public func exportFull(
        original: String, readers: [PublicIdentity], into directory: String, signer: any BundleSigner,
        trust: BundleTrust, identities: [any AgeIdentity], organization: String
    ) throws -> (bundle: String, originalReceipt: CustodyLog.Receipt) {
        try deriveCopy(
            of: original, suffix: "_FOR-" + readers.map(\.name).joined(separator: "-"), readers: readers,
            into: directory, signer: signer, trust: trust, identities: identities, organization: organization
        ) { source, facts in
            let recorded = facts.plaintextSHA256.merging(source.amendedPlaintextHashes()) { _, amended in amended }
            let files = source.digests.keys.filter { $0 != BundleLayout.session }.sorted()
            if let clear = files.first(where: { !$0.hasSuffix(".age") }) {
                throw VitniError.invalidInput(
                    "\(clear) in \(original) is not age-encrypted: Vitni copies only sealed files")
            }
            return CopyPlan(exportDetail: ["redacted": .bool(false)]) { writer, recipients, _ in
                var copied = facts
                copied.recipients = recipients.map(\.encoded)
                copied.plaintextSHA256 = recorded
                for file in files {
                    let digest = try Self.reencrypt(
                        file, of: source, identities: identities, to: recipients, in: writer)
                    if let expected = recorded[file], expected != digest {
                        throw BundleError.payloadAltered(file)
                    }
                    copied.plaintextSHA256[file] = digest
                }
                try writer.addPayload(path: BundleLayout.session) { sink in
                    let encryptor = try Age.Encryptor(recipients: recipients, to: sink)
                    try encryptor.write(try copied.encoded())
                    try encryptor.finish()
                }
            }
        }
    }

    /// Streams one payload file of `source` into `writer`, decrypted and encrypted again to
    /// `recipients`; the plaintext is never whole in memory and never on disk.
    /// - Returns: the plaintext's SHA-256.
    private static func reencrypt(
        _ file: String, of source: VerifiedBundle, identities: [any AgeIdentity], to recipients: [any AgeRecipient],
        in writer: BagWriter
    ) throws -> String {
        var digest = ""
        try writer.addPayload(path: file) { sink in
            try VitniError.wrap(file: source.storage.displayPath(file), identities: identities) {
                let payload = try source.openPayload(file)
                let decryptor = try Age.Decryptor(source: payload, identities: identities)
                let encryptor = try Age.Encryptor(recipients: recipients, to: sink)
                let plaintext = HashingSink(encryptor)
                try decryptor.writeAll(to: plaintext)
                try encryptor.finish()
                try payload.finish()
                digest = plaintext.digest()
            }
        }
        return digest
    }
}
