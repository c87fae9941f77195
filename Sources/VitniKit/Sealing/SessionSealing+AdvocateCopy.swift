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
    /// the session in this workspace (`vitni redact`, which takes in a session received as a
    /// bundle, so the holder can export wherever she works).
    ///
    /// One recoverable step: the original stays locked throughout; the copy is built complete
    /// under a hidden name, the original's `exported` event is committed, and only then does the
    /// copy take its name. A retry after a crash finishes a copy the original already records,
    /// and clears one it does not.
    /// - Parameters:
    ///   - original: the sealed bundle; it must verify against `trust`.
    ///   - identities: open the original's audio and the session's transcripts.
    /// - Returns: the derived bundle's path and the original's new custody receipt.
    public func exportRedacted(
        original: String, readers: [PublicIdentity], into directory: String, signer: any BundleSigner,
        trust: BundleTrust, identities: [any AgeIdentity], organization: String
    ) throws -> (bundle: String, originalReceipt: CustodyLog.Receipt) {
        guard !readers.isEmpty else { throw VitniError.invalidInput("name at least one reader with --for") }
        let lock = try BundleLock.acquireRecovering(original)
        defer { _ = lock }
        let source = try VerifiedBundle.open(original, trust: trust)
        let facts = try source.sessionFile(identities: identities)
        let id = facts.sessionID + "_REDACTED"
        let destination = directory + "/" + id
        Self.removeAbandonedPartials(of: id, in: directory)
        if let finished = try Self.resumeExport(of: source, id: id, into: directory) { return finished }
        guard let session = try? workspace.session(id: facts.sessionID) else {
            throw VitniError.invalidInput(
                "no redaction of \(facts.sessionID) in this workspace: review it first with "
                    + "`vitni redact review --bundle \(original)` (or `redact run --accept-all`)")
        }
        let redacted = try lifecycle.transcripts.transcript(of: session, kind: .redacted, identities: identities)
        let log = try lifecycle.redaction.redactionLog(of: session, identities: identities)
        let spans = SessionRedaction.redactionSpans(in: log)
        let recipients = try readers.map { try $0.recipient() }
        guard let manifestDigest = source.manifestSHA256 else {
            throw BundleError.custodyLogInvalid("no event records the original's manifest")
        }
        guard !BundleIO.exists(destination) else { throw BundleError.destinationExists(destination) }
        let staged = directory + "/" + Self.stagedExportPrefix(id) + Hex.encode(SecureRandom.bytes(count: 8))

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
            destination: staged, form: .directory,
            metadata: BagWriter.Metadata(bundleID: id, sourceOrganization: organization, protocolID: facts.protocolID),
            signer: signer)
        // Redacted audio is made beside the bundle (encrypted), then copied in with its hash.
        let scratch = directory + "/" + Self.audioScratchPrefix(id) + Hex.encode(SecureRandom.bytes(count: 4))
        try FileManager.default.createDirectory(
            atPath: scratch, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let scratchLock = try BundleLock.attempt(scratch)
        defer { _ = scratchLock }
        for recording in facts.recordings {
            let name = URL(fileURLWithPath: recording.file).lastPathComponent
            let copy = scratch + "/" + name
            derived.plaintextSHA256[recording.file] = try lifecycle.redaction.redactedCopy(
                of: try source.openPayload(recording.file), spans: spans, identities: identities,
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
        do {
            _ = try CustodyLog.append(
                to: staged, action: .derived, detail: link, signer: signer, trust: BundleTrust(keys: [signer.publicKey])
            )
            let receipt = try CustodyLog.append(
                locked: lock, action: .exported,
                detail: [
                    "derived_bundle": .string(id), "derived_manifest_sha256": .string(result.manifestSHA256),
                    "readers": .array(readers.map { .string($0.keyID) }), "redacted": .bool(true),
                ],
                signer: signer, trust: trust)
            try BundleIO.renameNoReplace(staged, to: destination)
            try BundleIO.syncDirectory(directory)
            return (destination, receipt)
        } catch {
            // Before the original records the export, the copy is nothing; after, the next run
            // gives it its name.
            if !Self.records(source: original, export: result.manifestSHA256) { BundleIO.removeTree(staged) }
            throw error
        }
    }

    /// `.<id>.audio-`: redacted recordings being made (encrypted), before they go into the copy.
    static func audioScratchPrefix(_ id: String) -> String { "." + id + ".audio-" }

    /// `.<id>.vitni-export-`: a copy built but not yet named.
    static func stagedExportPrefix(_ id: String) -> String { "." + id + ".vitni-export-" }

    /// Whether the original's log (as on disk now, under the caller's lock) records the export of
    /// the copy whose manifest has `digest`.
    private static func records(source original: String, export digest: String) -> Bool {
        ((try? CustodyLog.read(bundle: original)) ?? []).contains {
            $0.event.action == .exported && $0.event.detail["derived_manifest_sha256"]?.stringValue == digest
        }
    }

    /// What an earlier run of this export left: a named copy the original records (reported as
    /// done), a staged copy the original records (named now), or staged copies it does not
    /// (removed). Called with the original locked, so no live export owns a staged copy.
    private static func resumeExport(
        of source: VerifiedBundle, id: String, into directory: String
    ) throws -> (bundle: String, originalReceipt: CustodyLog.Receipt)? {
        let destination = directory + "/" + id
        func exportEvent(of copy: String) -> CustodyLog.Entry? {
            guard let digest = try? Hashing.hexDigest(.sha256, ofFile: copy + "/" + BagIt.payloadManifestFile) else {
                return nil
            }
            return source.custody.last {
                $0.event.action == .exported && $0.event.detail["derived_manifest_sha256"]?.stringValue == digest
            }
        }
        func receipt(_ entry: CustodyLog.Entry) -> CustodyLog.Receipt {
            CustodyLog.Receipt(
                seq: entry.event.seq, action: entry.event.action, time: entry.event.time.text,
                head: source.custody.last!.hash, alreadyRecorded: true)
        }
        if BundleIO.exists(destination) {
            guard let event = exportEvent(of: destination) else { return nil }
            return (destination, receipt(event))
        }
        var finished: (bundle: String, originalReceipt: CustodyLog.Receipt)?
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where name.hasPrefix(stagedExportPrefix(id)) {
            let staged = directory + "/" + name
            if finished == nil, let event = exportEvent(of: staged) {
                try BundleIO.renameNoReplace(staged, to: destination)
                try BundleIO.syncDirectory(directory)
                finished = (destination, receipt(event))
            } else {
                BundleIO.removeTree(staged)
            }
        }
        return finished
    }
}
