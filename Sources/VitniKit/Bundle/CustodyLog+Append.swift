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

    /// Appends an event to a bundle directory, regenerates the tag manifest and re-signs it by
    /// the event's actor, so the newest seal covers the whole log.
    /// - Parameters:
    ///   - bundle: the bag directory.
    ///   - action: any action but `sealed` and `amended` (use ``amend(bundle:files:detail:signer:time:)``).
    ///   - detail: the event's detail (e.g. `from`, `to`, `receipt` for `transferred`).
    ///   - signer: the actor; signs the event and the new seal.
    ///   - time: the event time; not earlier than the last event's.
    /// - Returns: the receipt with the new head hash.
    /// - Throws: `BundleError.custodyLogInvalid` (broken log, tag files not matching the tag
    ///   manifest, time going backwards), `.invalidInput`, `.io`.
    public static func append(
        to bundle: String, action: Custody.Action, detail: [String: CanonicalJSON.Value],
        signer: any BundleSigner, time: Custody.Timestamp = .now
    ) throws -> Receipt {
        guard action != .sealed, action != .amended else {
            throw BundleError.invalidInput("`\(action.rawValue)` events are written by sealing and amending only")
        }
        return try update(bundle: bundle, action: action, detail: detail, files: [], signer: signer, time: time)
    }

    /// Adds payload files to a sealed bundle with an `amended` event that commits each file's
    /// SHA-256 and the new payload manifest's hash. Files already in the bundle never change.
    /// - Throws: as ``append(to:action:detail:signer:time:)``, plus `.invalidPayloadPath` for a
    ///   bad or existing path, and whatever a producer throws (the new file is then removed).
    public static func amend(
        bundle: String, files: [AmendedFile], detail: [String: CanonicalJSON.Value] = [:],
        signer: any BundleSigner, time: Custody.Timestamp = .now
    ) throws -> Receipt {
        guard !files.isEmpty else { throw BundleError.invalidInput("an amendment adds at least one file") }
        guard detail[Custody.FileCommitment.filesKey] == nil, detail[Custody.FileCommitment.manifestKey] == nil else {
            throw BundleError.invalidInput("the amended event's files and manifest hash are computed, not given")
        }
        return try update(bundle: bundle, action: .amended, detail: detail, files: files, signer: signer, time: time)
    }

    /// The bundle's tag files as read before an update.
    private struct TagFiles {
        var declaration: [UInt8]
        var bagInfo: [UInt8]
        var manifest: [UInt8]
        var log: [UInt8]
    }

    private static func update(
        bundle: String, action: Custody.Action, detail: [String: CanonicalJSON.Value], files: [AmendedFile],
        signer: any BundleSigner, time: Custody.Timestamp
    ) throws -> Receipt {
        var tags = try readTagFiles(bundle)
        let entries = try parse(tags.log, bundle: bundle)
        guard let last = entries.last else { throw BundleError.custodyLogInvalid("the log has no events") }
        guard time >= last.event.time else {
            throw BundleError.custodyLogInvalid(
                "the new event's time \(time) is earlier than the last event's (\(last.event.time)); check the clock")
        }
        var eventDetail = detail
        if action == .amended {
            let (manifest, bagInfo, added) = try addFiles(files, to: bundle, tags: tags)
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
            try BundleIO.replaceFile(bundle + "/" + BagIt.payloadManifestFile, tags.manifest)
            try BundleIO.replaceFile(bundle + "/" + BagIt.bagInfoFile, tags.bagInfo)
        }
        try BundleIO.replaceFile(bundle + "/" + Custody.logPath, tags.log)
        try BundleIO.replaceFile(bundle + "/" + BagIt.tagManifestFile, tagManifest)
        try BundleIO.replaceFile(bundle + "/" + BundleSeal.signatureFile, seal)
        return Receipt(seq: entry.event.seq, action: action, time: time.text, head: entry.hash)
    }

    /// Reads the four tagged files and refuses to go on unless they match the tag manifest: an
    /// event must not be appended to (and re-seal) a bundle that was altered.
    private static func readTagFiles(_ bundle: String) throws -> TagFiles {
        func read(_ path: String, _ limit: Int = BagIt.maximumTagFileSize) throws -> [UInt8] {
            try BundleIO.readSmallFile(bundle + "/" + path, limit: limit)
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

    private static func parse(_ log: [UInt8], bundle: String) throws -> [Entry] {
        let entries: [Entry]
        do {
            entries = try parse(log)
        } catch {
            throw BundleError.custodyLogInvalid(error.description)
        }
        let problems = check(entries, trust: nil)
        if let first = problems.links.first { throw BundleError.custodyLogInvalid(first) }
        return entries
    }

    /// Writes the new payload files (each whole or absent, never replacing one) and returns the
    /// updated manifest, bag-info and the commitments.
    private static func addFiles(
        _ files: [AmendedFile], to bundle: String, tags: TagFiles
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
            guard !clash, !BundleIO.exists(bundle + "/" + file.path) else {
                throw BundleError.invalidPayloadPath(file.path, reason: "is already in the bundle")
            }
            let (digest, size) = try writePayload(file, in: bundle)
            manifest.entries.append(BagIt.ManifestEntry(digest: digest, path: file.path))
            added.append(Custody.FileCommitment(path: file.path, sha256: digest))
            oxum.octetCount += size
            oxum.streamCount += 1
        }
        info.set(BagIt.BagInfo.payloadOxum, oxum.description)
        info.set(BagIt.BagInfo.bagSize, BagWriter.humanSize(oxum.octetCount))
        return (try BagWriter.render(manifest), try BagWriter.render(info), added)
    }

    /// Streams one new payload file into a temporary beside its final path, fsyncs it, and links it
    /// into place (link fails rather than replace a file).
    private static func writePayload(_ file: AmendedFile, in bundle: String) throws -> (String, UInt64) {
        let target = bundle + "/" + file.path
        var directory = bundle
        for component in file.path.split(separator: "/").dropLast() {
            directory += "/" + component
            try BundleIO.makeDirectory(directory)
        }
        let temporary = BundleIO.temporaryName(for: target)
        let stream = try FileStream.create(temporary, mode: 0o644)
        defer { unlink(temporary) }
        let sink = HashingSink(stream)
        try file.produce(sink)
        try stream.sync()
        guard link(temporary, target) == 0 else {
            if errno == EEXIST { throw BundleError.invalidPayloadPath(file.path, reason: "is already in the bundle") }
            throw BundleIO.failure(target, "link")
        }
        try BundleIO.syncDirectory(directory)
        return (sink.digest(), sink.count)
    }
}
