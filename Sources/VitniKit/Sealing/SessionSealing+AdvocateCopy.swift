import Foundation
import VitniAudio
public import VitniCrypto
import VitniFormats
import VitniStore

extension SessionSealing {
    /// Writes the child advocate's copy of a sealed bundle (see `deriveCopy`): the redacted
    /// transcript, every recording with the redacted spans muted (same length and format), the
    /// redaction log and the session's non-identifying facts. The redactions come from the
    /// session in this workspace (`vitni redact`, which takes in a session received as a bundle,
    /// so the holder can export wherever she works); the original's `exported` event records the
    /// redaction log's hash, so the decisions behind the copy are fixed in the original's custody.
    /// - Parameters:
    ///   - original: the sealed bundle; it must verify against `trust`.
    ///   - identities: open the original's audio and the session's transcripts.
    /// - Returns: the derived bundle's path and the original's new custody receipt.
    public func exportRedacted(
        original: String, readers: [PublicIdentity], into directory: String, signer: any BundleSigner,
        trust: BundleTrust, identities: [any AgeIdentity], organization: String
    ) throws -> (bundle: String, originalReceipt: CustodyLog.Receipt) {
        try deriveCopy(
            of: original, suffix: "_REDACTED", readers: readers, into: directory, signer: signer, trust: trust,
            identities: identities, organization: organization
        ) { source, facts in
            guard let session = try? workspace.session(id: facts.sessionID) else {
                throw VitniError.invalidInput(
                    "no redaction of \(facts.sessionID) in this workspace: review it first with "
                        + "`vitni redact review --bundle \(original)` (or `redact run --accept-all`)")
            }
            let redacted = try lifecycle.transcripts.transcript(of: session, kind: .redacted, identities: identities)
            let log = try lifecycle.redaction.redactionLog(of: session, identities: identities)
            let transcriptBytes = Array(WebVTT.render(redacted).utf8)
            let logBytes = try JSONLines.encode(log)
            let logDigest = Hex.encode(Hashing.sha256(logBytes))
            return CopyPlan(
                exportDetail: [
                    "redacted": .bool(true), "redaction_log_sha256": .string(logDigest),
                    "redactions": .integer(Int64(log.count)),
                ]
            ) { writer, recipients, scratch in
                var derived = facts
                derived.childReference = nil
                derived.participants = []
                derived.events = []
                derived.protocolSHA256 = nil
                derived.recipients = recipients.map(\.encoded)
                derived.plaintextSHA256 = [
                    BundleLayout.redactedTranscript: Hex.encode(Hashing.sha256(transcriptBytes)),
                    BundleLayout.redactionLog: logDigest,
                ]
                // Redacted audio is made beside the copy (encrypted), then copied in with its hash.
                let spans = SessionRedaction.redactionSpans(in: log)
                for recording in facts.recordings {
                    let copy = scratch + "/" + URL(fileURLWithPath: recording.file).lastPathComponent
                    derived.plaintextSHA256[recording.file] = try lifecycle.redaction.redactedCopy(
                        of: try source.openPayload(recording.file), spans: spans, identities: identities,
                        recipients: recipients, destination: copy)
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
            }
        }
    }
}
