import Foundation
import VitniCrypto
import VitniFormats

extension SessionSealing {
    /// What one kind of derived copy puts in its bundle, decided once the original has verified.
    struct CopyPlan {
        /// More members for the original's `exported` event (beside the copy's name, manifest and readers).
        var exportDetail: [String: CanonicalJSON.Value]
        /// Writes the copy's payload into `writer`, every file encrypted to `recipients`; `scratch`
        /// is a private directory beside the copy for large intermediate files (encrypted too).
        var writePayload: (_ writer: BagWriter, _ recipients: [Age.X25519Recipient], _ scratch: String) throws -> Void
    }

    /// Writes a copy derived from a sealed bundle — the advocate's redacted copy or a full copy
    /// for a new reader — as a BagIt bundle of its own, encrypted only to `readers`. Its custody
    /// log is `sealed` (naming the original) then `derived`, citing the original's manifest hash;
    /// the original gets an `exported` event naming the copy, its manifest and its readers.
    ///
    /// One recoverable step: the original stays locked throughout; the copy is built complete
    /// under a hidden name, the original's `exported` event is committed, and only then does the
    /// copy take its name. A retry after a crash finishes a copy the original already records,
    /// and clears one it does not.
    /// - Parameters:
    ///   - suffix: what the copy's bundle id adds to the session id (`_REDACTED`, `_FOR-…`).
    ///   - plan: what goes in the copy, from the verified original and its session's facts.
    /// - Returns: the copy's path and the original's new custody receipt.
    func deriveCopy(
        of original: String, suffix: String, readers: [PublicIdentity], into directory: String,
        signer: any BundleSigner, trust: BundleTrust, identities: [any AgeIdentity], organization: String,
        plan: (VerifiedBundle, SessionFile) throws -> CopyPlan
    ) throws -> (bundle: String, originalReceipt: CustodyLog.Receipt) {
        guard !readers.isEmpty else { throw VitniError.invalidInput("name at least one reader with --for") }
        let lock = try BundleLock.acquireRecovering(original)
        defer { _ = lock }
        let source = try VerifiedBundle.open(original, trust: trust)
        let facts = try source.sessionFile(identities: identities)
        let id = facts.sessionID + suffix
        guard BundleSeal.isValidBundleID(id) else {
            throw VitniError.invalidInput("the copy's name \(id) is too long: export one copy per reader")
        }
        let destination = directory + "/" + id
        Self.removeAbandonedPartials(of: id, in: directory)
        if let finished = try Self.resumeExport(of: source, id: id, into: directory) { return finished }
        let copy = try plan(source, facts)
        let recipients = try readers.map { try $0.recipient() }
        guard let manifestDigest = source.manifestSHA256 else {
            throw BundleError.custodyLogInvalid("no event records the original's manifest")
        }
        guard !BundleIO.exists(destination) else { throw BundleError.destinationExists(destination) }
        let staged = directory + "/" + Self.stagedExportPrefix(id) + Hex.encode(SecureRandom.bytes(count: 8))

        let writer = try BagWriter(
            destination: staged, form: .directory,
            metadata: BagWriter.Metadata(bundleID: id, sourceOrganization: organization, protocolID: facts.protocolID),
            signer: signer)
        let scratch = directory + "/" + Self.audioScratchPrefix(id) + Hex.encode(SecureRandom.bytes(count: 4))
        try FileManager.default.createDirectory(
            atPath: scratch, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let scratchLock = try BundleLock.attempt(scratch)
        defer { _ = scratchLock }
        try copy.writePayload(writer, recipients, scratch)

        let link: [String: CanonicalJSON.Value] = [
            "original_bundle": .string(facts.sessionID), "original_manifest_sha256": .string(manifestDigest),
        ]
        let result = try writer.finish(detail: ["derived_from": .object(link)])
        do {
            _ = try CustodyLog.append(
                to: staged, action: .derived, detail: link, signer: signer, trust: BundleTrust(keys: [signer.publicKey])
            )
            var exported: [String: CanonicalJSON.Value] = [
                "derived_bundle": .string(id), "derived_manifest_sha256": .string(result.manifestSHA256),
                "readers": .array(readers.map { .string($0.keyID) }),
            ]
            exported.merge(copy.exportDetail) { first, _ in first }
            let receipt = try CustodyLog.append(
                locked: lock, action: .exported, detail: exported, signer: signer, trust: trust)
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

    /// `.<id>.audio-`: large files being made (encrypted), before they go into the copy.
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
