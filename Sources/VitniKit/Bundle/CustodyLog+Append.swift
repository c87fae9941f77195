import Foundation
public import VitniCrypto
public import VitniFormats

extension CustodyLog {
    /// A file added to a sealed bundle by an `amended` event: its bag path and a producer that
    /// writes its bytes (already encrypted) into the sink it is given.
    public struct AmendedFile {
        public let path: String
        public let produce: (any ByteSink) throws -> Void

        public init(path: String, produce: @escaping (any ByteSink) throws -> Void) {
            self.path = path
            self.produce = produce
        }
    }

    /// Appends an event to a bundle (directory or tar), regenerates the tag manifest and re-signs
    /// it by the event's actor, so the newest seal covers the whole log. One writer at a time (the
    /// bundle's lock is held across read, check and change) and one step (``BundleChange``): a
    /// crash leaves the bundle at its old head or its new one.
    /// - Parameters:
    ///   - bundle: the bag directory, or the tar archive.
    ///   - action: any action but `sealed` and `amended` (use ``amend(bundle:files:detail:signer:trust:time:)``).
    ///   - detail: the event's detail (e.g. `from`, `to`, `receipt` for `transferred`).
    ///   - signer: the actor, who must hold the bundle; signs the event and the new seal.
    ///   - trust: the keys the bundle's seal and events must verify against before anything is added.
    ///   - time: the event time; not earlier than the last event's.
    ///   - recorded: finds the event this append would write when a run stopped by a crash already
    ///     wrote it, so a retry reports that event instead of adding a second.
    /// - Returns: the receipt with the new head hash.
    /// - Throws: `BundleError.custodyLogInvalid` (broken or untrusted bundle, not the holder, time
    ///   going backwards), `.busy` (another writer), `.invalidInput`, `.io`.
    public static func append(
        to bundle: String, action: Custody.Action, detail: [String: CanonicalJSON.Value],
        signer: any BundleSigner, trust: BundleTrust, time: Custody.Timestamp = .now,
        recorded: (([Entry]) -> Entry?)? = nil
    ) throws -> Receipt {
        guard action != .sealed, action != .amended else {
            throw BundleError.invalidInput("`\(action.rawValue)` events are written by sealing and amending only")
        }
        return try update(
            bundle: bundle, action: action, detail: detail, files: [], signer: signer, trust: trust, time: time,
            recorded: recorded)
    }

    /// Adds payload files to a sealed bundle with an `amended` event that commits each file's
    /// SHA-256 and the new payload manifest's hash. Files already in the bundle never change.
    /// - Throws: as ``append(to:action:detail:signer:trust:time:recorded:)``, plus
    ///   `.invalidPayloadPath` for a bad or existing path, and whatever a producer throws
    ///   (nothing is then changed).
    public static func amend(
        bundle: String, files: [AmendedFile], detail: [String: CanonicalJSON.Value] = [:],
        signer: any BundleSigner, trust: BundleTrust, time: Custody.Timestamp = .now,
        recorded: (([Entry]) -> Entry?)? = nil
    ) throws -> Receipt {
        guard !files.isEmpty else { throw BundleError.invalidInput("an amendment adds at least one file") }
        guard detail[Custody.FileCommitment.filesKey] == nil, detail[Custody.FileCommitment.manifestKey] == nil else {
            throw BundleError.invalidInput("the amended event's files and manifest hash are computed, not given")
        }
        return try update(
            bundle: bundle, action: .amended, detail: detail, files: files, signer: signer, trust: trust, time: time,
            recorded: recorded)
    }

    /// The bundle's tag files as read before an update.
    struct TagFiles {
        var declaration: [UInt8]
        var bagInfo: [UInt8]
        var manifest: [UInt8]
        var log: [UInt8]
    }

    /// How far ahead of this computer's clock an event may be dated before it is reported.
    public static let clockTolerance: Int64 = 600

    private static func update(
        bundle: String, action: Custody.Action, detail: [String: CanonicalJSON.Value], files: [AmendedFile],
        signer: any BundleSigner, trust: BundleTrust, time: Custody.Timestamp, recorded: (([Entry]) -> Entry?)?
    ) throws -> Receipt {
        let lock = try BundleLock.acquireRecovering(bundle)
        defer { _ = lock }
        return try update(
            locked: lock, action: action, detail: detail, files: files, signer: signer, trust: trust, time: time,
            recorded: recorded)
    }

    /// Appends to a bundle whose lock the caller already holds (an export holds the original's
    /// across writing the copy and recording it).
    static func append(
        locked lock: BundleLock, action: Custody.Action, detail: [String: CanonicalJSON.Value],
        signer: any BundleSigner, trust: BundleTrust, recorded: (([Entry]) -> Entry?)? = nil
    ) throws -> Receipt {
        try update(
            locked: lock, action: action, detail: detail, files: [], signer: signer, trust: trust, time: .now,
            recorded: recorded)
    }

    private static func update(
        locked lock: BundleLock, action: Custody.Action, detail: [String: CanonicalJSON.Value],
        files: [AmendedFile], signer: any BundleSigner, trust: BundleTrust, time: Custody.Timestamp,
        recorded: (([Entry]) -> Entry?)?
    ) throws -> Receipt {
        let bundle = lock.path
        let (storage, entries) = try verifiedLog(bundle, trust: trust)
        var tags = try readTagFiles(storage)
        guard let last = entries.last else { throw BundleError.custodyLogInvalid("the log has no events") }
        if let done = recorded?(entries) {
            return Receipt(
                seq: done.event.seq, action: done.event.action, time: done.event.time.text, head: last.hash,
                alreadyRecorded: true)
        }
        try requireHolder(signer, entries, trust: trust)
        guard last.event.time.unixSeconds <= Custody.Timestamp.now.unixSeconds + clockTolerance else {
            throw BundleError.custodyLogInvalid(
                "event \(last.event.seq) is dated \(last.event.time), later than this computer's clock allows; "
                    + "no event can follow it: report the bundle to its custodian")
        }
        guard time >= last.event.time else {
            throw BundleError.custodyLogInvalid(
                "the new event's time \(time) is earlier than the last event's (\(last.event.time)); check the clock")
        }
        var rewritten: Set<String> = [Custody.logPath, BagIt.tagManifestFile, BundleSeal.signatureFile]
        if action == .amended { rewritten.formUnion([BagIt.payloadManifestFile, BagIt.bagInfoFile]) }
        let change = try BundleChanges.begin(storage, rewriting: rewritten)
        var eventDetail = detail
        if action == .amended {
            let (manifest, bagInfo, added) = try addFiles(files, to: change, tags: tags)
            tags.manifest = manifest
            tags.bagInfo = bagInfo
            eventDetail[Custody.FileCommitment.filesKey] = .array(added.map(\.jsonValue))
            eventDetail[Custody.FileCommitment.manifestKey] = .string(Hex.encode(Hashing.sha256(manifest)))
        }
        let entry = try makeEntry(after: last, time: time, action: action, detail: eventDetail, signer: signer)
        tags.log += entry.line + [0x0A]
        let tagManifest = try BundleSeal.tagManifest([tags.declaration, tags.bagInfo, tags.manifest, tags.log])
        let bundleID = (try? BagIt.BagInfo.parse(tags.bagInfo))?.value(for: BagIt.BagInfo.externalIdentifier) ?? ""
        let seal = try BundleSeal.sign(
            tagManifest: tagManifest, signer: signer, bundleID: bundleID, time: time, seq: entry.event.seq)
        if action == .amended {
            try change.write(BagIt.payloadManifestFile, tags.manifest)
            try change.write(BagIt.bagInfoFile, tags.bagInfo)
        }
        try change.write(Custody.logPath, tags.log)
        try change.write(BagIt.tagManifestFile, tagManifest)
        try change.write(BundleSeal.signatureFile, seal)
        try change.commit()
        return Receipt(seq: entry.event.seq, action: action, time: time.text, head: entry.hash)
    }

    /// The custody log as the verifier checked it, and the storage it was read from: the seal and
    /// every event must verify against `trust` (files are not hashed here: an append never reads
    /// or changes them), so a bundle re-sealed by someone else is not extended.
    private static func verifiedLog(_ bundle: String, trust: BundleTrust) throws -> (any BagStorage, [Entry]) {
        let verified = BundleVerifier(options: .init(trust: trust, hashPayload: false)).verifyForReading(
            bundle: bundle)
        try VerifiedBundle.requireChecked(bundle, verified.report)
        guard verified.report.outcome == .valid, let entries = verified.custody, let storage = verified.storage else {
            throw BundleError.custodyLogInvalid(
                "the bundle does not verify (\(verified.report.failedChecks.joined(separator: ", "))); nothing was added"
            )
        }
        return (storage, entries)
    }

    /// Only the bundle's current holder adds to its log, whatever the action (a transfer, an
    /// amendment, a reading): anyone else would fork the chain.
    private static func requireHolder(_ signer: any BundleSigner, _ entries: [Entry], trust: BundleTrust) throws {
        guard let holder = holder(of: entries), holder != signer.keyID else { return }
        throw BundleError.notHolder(signer: signer.keyID, holder: holder, holderName: trust.signer(for: holder)?.name)
    }

    /// Reads the four tagged files and refuses to go on unless they match the tag manifest: an
    /// event must not be appended to (and re-seal) a bundle that was altered.
    private static func readTagFiles(_ storage: any BagStorage) throws -> TagFiles {
        func read(_ path: String, _ limit: Int = BagIt.maximumTagFileSize) throws -> [UInt8] {
            try storage.readSmallFile(path, limit: limit)
        }
        let tags = TagFiles(
            declaration: try read(BagIt.declarationFile), bagInfo: try read(BagIt.bagInfoFile),
            manifest: try read(BagIt.payloadManifestFile), log: try read(Custody.logPath, maximumLogSize))
        let expected = try BundleSeal.tagManifest([tags.declaration, tags.bagInfo, tags.manifest, tags.log])
        guard try read(BagIt.tagManifestFile) == expected else {
            throw BundleError.custodyLogInvalid(
                "the bundle's tag files do not match its tag manifest; verify it before adding events")
        }
        return tags
    }

    /// Writes the new payload files (each whole or absent, never replacing one) and returns the
    /// updated manifest, bag-info and the commitments.
    private static func addFiles(
        _ files: [AmendedFile], to change: any BundleChange, tags: TagFiles
    ) throws -> ([UInt8], [UInt8], [Custody.FileCommitment]) {
        var manifest: BagIt.Manifest
        var info: BagIt.BagInfo
        do {
            manifest = try BagIt.Manifest.parse(tags.manifest, file: BagIt.payloadManifestFile, scope: .payload)
            info = try BagIt.BagInfo.parse(tags.bagInfo)
        } catch {
            throw BundleError.malformedFile(error.description)
        }
        guard let oldOxum = info.value(for: BagIt.BagInfo.payloadOxum).flatMap(BagIt.PayloadOxum.init) else {
            throw BundleError.malformedFile("\(BagIt.bagInfoFile): no valid Payload-Oxum")
        }
        var oxum = oldOxum
        var added: [Custody.FileCommitment] = []
        for file in files {
            if let problem = BagIt.pathProblem(file.path, scope: .payload) {
                throw BundleError.invalidPayloadPath(file.path, reason: problem)
            }
            let clash = manifest.entries.contains {
                $0.path == file.path || $0.path.hasPrefix(file.path + "/") || file.path.hasPrefix($0.path + "/")
            }
            guard !clash, !change.contains(file.path) else {
                throw BundleError.invalidPayloadPath(file.path, reason: "is already in the bundle")
            }
            let (digest, size) = try change.add(file)
            manifest.entries.append(BagIt.ManifestEntry(digest: digest, path: file.path))
            added.append(Custody.FileCommitment(path: file.path, sha256: digest))
            oxum.octetCount += size
            oxum.streamCount += 1
        }
        info.set(BagIt.BagInfo.payloadOxum, oxum.description)
        info.set(BagIt.BagInfo.bagSize, BagWriter.humanSize(oxum.octetCount))
        return (try BagWriter.render(manifest), try BagWriter.render(info), added)
    }
}
