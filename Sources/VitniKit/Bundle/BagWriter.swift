import Foundation
public import VitniCrypto
public import VitniFormats

/// Writes a sealed bundle: payload files streamed in (hashed as they are written, one pass), then
/// the tag files, the `sealed` custody event, the tag manifest and its seal. The bag is built
/// under a temporary name beside the destination and appears under its final name only when
/// complete and on stable storage; a failure at any step leaves nothing under that name.
///
/// ```swift
/// let writer = try BagWriter(destination: dir + "/CASE-1_S01", metadata: metadata, signer: signer)
/// try writer.addPayload(path: "data/audio/1.flac.age") { sink in try encryptor(to: sink) … }
/// let receipt = try writer.finish()
/// ```
public final class BagWriter {
    /// The bundle's form on disk.
    public enum Form: Sendable {
        /// A BagIt directory.
        case directory
        /// An uncompressed POSIX ustar archive holding the bag directory: the single-file form,
        /// verified and read in place (``TarBag``).
        case tar
    }

    /// What goes into bag-info.txt besides the computed fields. Nothing here may identify the
    /// child: the external identifier is the case/session reference only.
    public struct Metadata: Sendable {
        /// `External-Identifier`, also the bundle id in the seal and the custody log
        /// (`[A-Za-z0-9._-]`, e.g. `CASE-2026-0042_S01`).
        public var bundleID: String
        public var sourceOrganization: String
        /// `Vitni-Protocol`: the interview protocol's id, when there is one.
        public var protocolID: String?
        /// More fields, appended in order (the caller vouches that they identify no one).
        public var extraFields: [BagIt.BagInfo.Field]

        public init(
            bundleID: String, sourceOrganization: String, protocolID: String? = nil,
            extraFields: [BagIt.BagInfo.Field] = []
        ) {
            self.bundleID = bundleID
            self.sourceOrganization = sourceOrganization
            self.protocolID = protocolID
            self.extraFields = extraFields
        }
    }

    /// What sealing produced.
    public struct Result: Sendable {
        /// The bundle's final path (directory, or `.tar` file).
        public let path: String
        public let bundleID: String
        public let files: [Custody.FileCommitment]
        /// SHA-256 of manifest-sha256.txt, as the `sealed` event records it.
        public let manifestSHA256: String
        public let payloadOxum: BagIt.PayloadOxum
        /// The receipt of the `sealed` event (its head hash is the log's head).
        public let receipt: CustodyLog.Receipt
    }

    public let destination: String
    public let metadata: Metadata
    private let signer: any BundleSigner
    private let time: Custody.Timestamp
    private let output: any BagOutput
    private var files: [Custody.FileCommitment] = []
    private var octets: UInt64 = 0
    private var open = true

    /// Starts a bundle.
    /// - Parameters:
    ///   - destination: the final path; it must not exist (for `.tar`, the archive file).
    ///   - form: directory or tar.
    ///   - metadata: bag-info fields.
    ///   - signer: signs the `sealed` event and the seal.
    ///   - time: the sealing time (Bagging-Date, the event time, the tar entries' times).
    /// - Throws: `BundleError.destinationExists`, `.invalidInput` (a bad bundle id), `.io`.
    public init(
        destination: String, form: Form = .directory, metadata: Metadata, signer: any BundleSigner,
        time: Custody.Timestamp = .now
    ) throws {
        guard BundleSeal.isValidBundleID(metadata.bundleID) else {
            throw BundleError.invalidInput(
                "bundle id \(metadata.bundleID.debugDescription): use 1–128 of [A-Za-z0-9._-], not starting with '.'")
        }
        guard !BundleIO.exists(destination) else { throw BundleError.destinationExists(destination) }
        self.destination = destination
        self.metadata = metadata
        self.signer = signer
        self.time = time
        switch form {
        case .directory: output = try DirectoryBagOutput(destination: destination)
        case .tar:
            var root = BundleIO.lastComponent(of: destination)
            if root.hasSuffix(".tar") { root.removeLast(4) }
            guard BundleSeal.isValidBundleID(root) else {
                throw BundleError.invalidInput("the archive name must be a valid bundle name followed by .tar")
            }
            output = try TarBagOutput(destination: destination, root: root, modificationTime: time.unixSeconds)
        }
    }

    deinit { if open { output.discard() } }

    /// Adds a payload file whose bytes `produce` writes into the sink it is given (typically an
    /// age encryptor's output). The bytes are hashed as they pass, never read back.
    /// - Parameters:
    ///   - path: `data/…`, following the bag path rules, not already added.
    ///   - produce: writes the file's bytes; if it throws, the whole bundle is abandoned.
    /// - Returns: the path and SHA-256 the `sealed` event will commit.
    /// - Throws: `BundleError.invalidPayloadPath`, `.writerClosed`, `.io`, or what `produce` throws.
    @discardableResult
    public func addPayload(
        path: String, _ produce: (any ByteSink) throws -> Void
    ) throws -> Custody.FileCommitment {
        try checkNewPayload(path)
        return try failing {
            let file = try output.beginFile(path)
            let sink = HashingSink(file)
            try produce(sink)
            try file.close()
            return commit(path, sink.digest(), count: sink.count)
        }
    }

    /// Adds a payload file copied from `source` (already-encrypted bytes).
    @discardableResult
    public func addPayload(path: String, from source: any ByteSource) throws -> Custody.FileCommitment {
        try addPayload(path: path) { try source.copy(to: $0) }
    }

    /// Adds the file at `source` (already-encrypted bytes) as a payload file without copying it:
    /// the bag gets a second name for it (a hard link), hashed by reading it once. Where the
    /// bundle's form or file system cannot link, it is copied instead. The source must not change
    /// until the bundle is sealed; its owner removes its own name once the bundle has verified.
    @discardableResult
    public func addPayload(path: String, linking source: String) throws -> Custody.FileCommitment {
        try checkNewPayload(path)
        guard let linked = try failing({ try output.linkFile(path, to: source) }) else {
            return try addPayload(path: path, from: try failing { try FileStream.open(readingFrom: source) })
        }
        return try failing {
            var hasher = SHA256Hasher()
            let count = try Self.hashAll(linked, into: &hasher)
            return commit(path, Hex.encode(hasher.finalize()), count: count)
        }
    }

    private func checkNewPayload(_ path: String) throws {
        guard open else { throw BundleError.writerClosed }
        if let problem = BagIt.pathProblem(path, scope: .payload) {
            throw BundleError.invalidPayloadPath(path, reason: problem)
        }
        guard
            !files.contains(where: { $0.path == path || $0.path.hasPrefix(path + "/") || path.hasPrefix($0.path + "/") }
            )
        else { throw BundleError.invalidPayloadPath(path, reason: "is already in the bundle") }
    }

    private func commit(_ path: String, _ sha256: String, count: UInt64) -> Custody.FileCommitment {
        let commitment = Custody.FileCommitment(path: path, sha256: sha256)
        files.append(commitment)
        octets += count
        return commitment
    }

    /// Hashes everything `source` yields through one bounded buffer; returns the byte count.
    private static func hashAll(_ source: any ByteSource, into hasher: inout SHA256Hasher) throws -> UInt64 {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var count: UInt64 = 0
        while case let n = try source.read(into: buffer), n > 0 {
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            count += UInt64(n)
        }
        return count
    }

    /// Writes the tag files, the `sealed` event and the seal, then moves the bag into place.
    /// - Parameter detail: more members for the `sealed` event's detail (`files` and
    ///   `manifest_sha256` are set here and may not be given).
    /// - Throws: `BundleError` (the bundle is then abandoned: nothing under the final name).
    public func finish(detail: [String: CanonicalJSON.Value] = [:]) throws -> Result {
        guard open else { throw BundleError.writerClosed }
        guard detail[Custody.FileCommitment.filesKey] == nil, detail[Custody.FileCommitment.manifestKey] == nil else {
            throw BundleError.invalidInput("the sealed event's files and manifest hash are computed, not given")
        }
        return try failing {
            let manifest = try Self.render(BagIt.Manifest(files.map { .init(digest: $0.sha256, path: $0.path) }))
            let manifestHash = Hex.encode(Hashing.sha256(manifest))
            let oxum = BagIt.PayloadOxum(octetCount: octets, streamCount: files.count)
            let bagInfo = try Self.render(bagInfo(oxum: oxum))
            var eventDetail = detail
            eventDetail[Custody.FileCommitment.filesKey] = .array(files.map(\.jsonValue))
            eventDetail[Custody.FileCommitment.manifestKey] = .string(manifestHash)
            eventDetail["bundle"] = .string(metadata.bundleID)
            // Signed with the event, so a certificate can say which release sealed the evidence.
            eventDetail[CustodyLog.softwareKey] = .string(VitniRelease.software)
            let entry = try CustodyLog.makeEntry(
                after: nil, time: time, action: .sealed, detail: eventDetail, signer: signer)
            let log = CustodyLog.render([entry])
            let declaration = BagIt.Declaration.render()
            let tagManifest = try BundleSeal.tagManifest([declaration, bagInfo, manifest, log])
            let seal = try BundleSeal.sign(
                tagManifest: tagManifest, signer: signer, bundleID: metadata.bundleID, time: time, seq: 0)
            try output.makeDirectory(BagIt.payloadDirectory)
            try output.writeFile(BagIt.declarationFile, declaration)
            try output.writeFile(BagIt.bagInfoFile, bagInfo)
            try output.writeFile(BagIt.payloadManifestFile, manifest)
            try output.writeFile(Custody.logPath, log)
            try output.writeFile(BagIt.tagManifestFile, tagManifest)
            try output.writeFile(BundleSeal.signatureFile, seal)
            try output.commit()
            open = false
            return Result(
                path: destination, bundleID: metadata.bundleID, files: files, manifestSHA256: manifestHash,
                payloadOxum: oxum,
                receipt: CustodyLog.Receipt(seq: 0, action: .sealed, time: time.text, head: entry.hash))
        }
    }

    /// Abandons the bundle: removes everything written so far.
    public func abandon() {
        guard open else { return }
        open = false
        output.discard()
    }

    /// Runs a step; any failure abandons the bundle, so a later call cannot seal a partial one.
    private func failing<R>(_ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch {
            abandon()
            throw error
        }
    }

    private func bagInfo(oxum: BagIt.PayloadOxum) -> BagIt.BagInfo {
        let date = String(time.text.prefix(10))
        var info = BagIt.BagInfo([
            .init(BagIt.BagInfo.baggingDate, date),
            .init(BagIt.BagInfo.externalIdentifier, metadata.bundleID),
            .init(BagIt.BagInfo.sourceOrganization, metadata.sourceOrganization),
            .init(BagIt.BagInfo.payloadOxum, oxum.description),
            .init(BagIt.BagInfo.bagSize, Self.humanSize(oxum.octetCount)),
            .init(BundleSeal.bundleVersionLabel, BundleSeal.bundleVersion),
        ])
        if let protocolID = metadata.protocolID { info.fields.append(.init(BundleSeal.protocolLabel, protocolID)) }
        info.fields += metadata.extraFields
        return info
    }

    static func render(_ manifest: BagIt.Manifest) throws -> [UInt8] {
        do {
            return try manifest.render(file: BagIt.payloadManifestFile, scope: .payload)
        } catch {
            throw BundleError.malformedFile(error.description)
        }
    }

    static func render(_ info: BagIt.BagInfo) throws -> [UInt8] {
        do {
            return try info.render()
        } catch {
            throw BundleError.invalidInput(error.description)
        }
    }

    /// `Bag-Size` as bagit.py writes it: a rounded human-readable size.
    static func humanSize(_ octets: UInt64) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB"]
        var value = Double(octets)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(octets) bytes" : String(format: "%.1f %@", value, units[unit])
    }
}
