import Foundation
import VitniAudio
public import VitniCrypto
import VitniFormats
import VitniStore

extension SessionSealing {
    /// Writes the child advocate's copy of a sealed bundle: the redacted transcript, every
    /// recording with the redacted spans muted (same length and format), the redaction log and
    /// the session's non-identifying facts — a BagIt bundle of its own, encrypted only to
    /// `readers`. Its custody log is `sealed` (naming the original) then `derived`, citing the
    /// original's manifest hash; the original gets an `exported` event. The redactions come from
    /// the session in this workspace (`vitni redact`).
    /// - Parameters:
    ///   - original: the sealed bundle.
    ///   - identities: open the original's audio and the session's transcripts.
    /// - Returns: the derived bundle's path and the original's new custody receipt.
    public func exportRedacted(
        original: String, readers: [PublicIdentity], into directory: String, signer: any BundleSigner,
        identities: [any AgeIdentity], organization: String
    ) throws -> (bundle: String, originalReceipt: CustodyLog.Receipt) {
        guard !readers.isEmpty else { throw VitniError.invalidInput("name at least one reader with --for") }
        let source = SessionBundle(path: original)
        let facts = try source.sessionFile(identities: identities)
        let session = try workspace.session(id: facts.sessionID)
        let redacted = try lifecycle.transcripts.transcript(of: session, kind: .redacted, identities: identities)
        let log = try lifecycle.redaction.redactionLog(of: session, identities: identities)
        let spans = SessionRedaction.redactionSpans(in: log)
        let recipients = try readers.map { try $0.recipient() }
        let manifestDigest = try SessionBundle(path: original).manifestDigest()
        let id = facts.sessionID + "_REDACTED"
        let destination = directory + "/" + id
        Self.removeAbandonedPartials(of: id, in: directory)

        var derived = facts
        derived.childReference = nil
        derived.participants = []
        derived.events = []
        derived.protocolSHA256 = nil
        derived.recipients = recipients.map(\.encoded)
        derived.plaintextSHA256 = [:]
        let transcriptBytes = Array(WebVTT.render(redacted).utf8)
        let logBytes = try JSONLines.encode(log)
        derived.plaintextSHA256[BundleLayout.redactedTranscript] = Hex.encode(Hashing.sha256(transcriptBytes))
        derived.plaintextSHA256[BundleLayout.redactionLog] = Hex.encode(Hashing.sha256(logBytes))

        let writer = try BagWriter(
            destination: destination, form: .directory,
            metadata: BagWriter.Metadata(bundleID: id, sourceOrganization: organization, protocolID: facts.protocolID),
            signer: signer)
        // Redacted audio is made beside the bundle (encrypted), then copied in with its hash.
        let scratch = directory + "/." + id + ".audio-" + Hex.encode(SecureRandom.bytes(count: 4))
        try FileManager.default.createDirectory(
            atPath: scratch, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for recording in facts.recordings {
            let name = URL(fileURLWithPath: recording.file).lastPathComponent
            let copy = scratch + "/" + name
            derived.plaintextSHA256[recording.file] = try lifecycle.redaction.redactedCopy(
                of: try source.payloadPath(recording.file), spans: spans, identities: identities,
                recipients: recipients,
                destination: copy)
            try writer.addPayload(path: recording.file, from: try FileStream.open(readingFrom: copy))
        }
        for (path, plaintext) in [
            (BundleLayout.redactedTranscript, transcriptBytes), (BundleLayout.redactionLog, logBytes),
            (BundleLayout.session, try derived.encoded()),
        ] {
            try writer.addPayload(path: path) { sink in
                let encryptor = try Age.Encryptor(recipients: recipients, to: sink)
                try encryptor.write(plaintext)
                try encryptor.finish()
            }
        }
        let link: [String: CanonicalJSON.Value] = [
            "original_bundle": .string(facts.sessionID), "original_manifest_sha256": .string(manifestDigest),
        ]
        let result = try writer.finish(detail: ["derived_from": .object(link)])
        _ = try CustodyLog.append(to: result.path, action: .derived, detail: link, signer: signer)
        let receipt = try CustodyLog.append(
            to: original, action: .exported,
            detail: [
                "derived_bundle": .string(id), "derived_manifest_sha256": .string(result.manifestSHA256),
                "readers": .array(readers.map { .string($0.keyID) }), "redacted": .bool(true),
            ],
            signer: signer)
        return (result.path, receipt)
    }
}
