import Foundation
import VitniCrypto
import VitniFormats

/// Verifies a sealed bundle — a directory, or its tar form read in place — with public keys only:
/// BagIt structure, every byte of every file, the seal, the custody chain and what it commits, and
/// the age headers. It never follows a symlink, reads tag files with bounds, and reports every
/// check rather than stopping at the first failure (a tar archive that breaks the archive rules
/// is refused before any file in it is read: `bag.archive`).
public struct BundleVerifier: Sendable {
    public struct Options: Sendable {
        /// The keys accepted for the seal and custody events.
        public var trust: BundleTrust
        /// A head hash from an earlier receipt: the log must still end there.
        public var expectHead: String?
        /// How many recipients every age file must be encrypted to.
        public var expectedRecipients: Int?
        /// False for the checks before a read or an append: everything but the payload's bytes
        /// (a reader hashes each file it opens, ``VerifiedBundle``; an append never reads them).
        public var hashPayload: Bool
        /// The verifier's clock (Unix seconds): events dated later than this plus
        /// `CustodyLog.clockTolerance` are reported.
        public var now: Int64?

        public init(
            trust: BundleTrust, expectHead: String? = nil, expectedRecipients: Int? = nil, hashPayload: Bool = true,
            now: Int64? = nil
        ) {
            self.trust = trust
            self.expectHead = expectHead
            self.expectedRecipients = expectedRecipients
            self.hashPayload = hashPayload
            self.now = now
        }
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    /// Check ids, stable for scripts and tests.
    public enum CheckID {
        public static let structure = "bag.structure"
        public static let declaration = "bag.declaration"
        public static let manifest = "bag.manifest"
        public static let payloadHashes = "bag.payload-hashes"
        public static let tagManifest = "bag.tag-manifest"
        public static let payloadOxum = "bag.payload-oxum"
        public static let seal = "seal.signature"
        public static let sealActor = "seal.latest-event"
        public static let custodyLog = "custody.log"
        public static let custodyChain = "custody.chain"
        public static let custodySignatures = "custody.signatures"
        public static let custodyCommitments = "custody.payload-commitment"
        public static let custodyHead = "custody.head"
        public static let custodyTimes = "custody.times"
        public static let custodyHolder = "custody.holder"
        public static let ageHeaders = "age.headers"
        public static let bundleVersion = "bag.bundle-version"
        /// The tar form only: the archive holds one bag of plain files and directories.
        public static let archive = "bag.archive"
    }

    static let archiveTitle =
        "the tar archive holds one directory of plain files and directories, each once, and nothing else"

    /// Files at the top of a Vitni bag besides `data/` and `custody/`.
    static let topLevelFiles: Set<String> = [
        BagIt.declarationFile, BagIt.bagInfoFile, BagIt.payloadManifestFile, BagIt.tagManifestFile,
        BundleSeal.signatureFile,
    ]

    /// Verifies the bag directory or tar archive at `path`.
    public func verify(bundle path: String) -> VerificationReport { verifyForReading(bundle: path).report }

    /// What a reader keeps from verifying: the report, and the manifest and custody log exactly
    /// as they were checked (never read again from disk), and the storage they were read from
    /// (for a tar, the descriptor that was indexed).
    struct Verified {
        var report: VerificationReport
        var manifest: BagIt.Manifest?
        var custody: [CustodyLog.Entry]?
        var storage: (any BagStorage)?
        /// Recipient stanzas in `session.json`'s age header, when it was hashed (age names nobody).
        var sessionRecipients: Int?
        /// bag-info.txt as it was checked against the sealed tag manifest.
        var bagInfo: BagIt.BagInfo?
    }

    func verifyForReading(bundle path: String) -> Verified {
        let report = check(bundle: path)
        return Verified(
            report: report.0, manifest: report.1?.manifest, custody: report.1?.custody, storage: report.1?.storage,
            sessionRecipients: report.1?.hashes[BundleLayout.session]?.ageStanzas, bagInfo: report.1?.bagInfo)
    }

    private func check(bundle path: String) -> (VerificationReport, Context?) {
        var report = VerificationReport(bundle: path)
        let storage: any BagStorage
        do { storage = try BagStorages.open(path) } catch {
            switch error {
            case .couldNotCheck(let reason): report.couldNotCheckReason = reason
            case .refusedArchive(let reason):
                report.append(
                    id: CheckID.archive, title: Self.archiveTitle, result: .fail,
                    detail: reason + "; nothing in it was read (do not extract it)")
            }
            return (report, nil)
        }
        if let tar = storage as? TarBag {
            report.append(
                id: CheckID.archive, title: Self.archiveTitle, result: .pass,
                detail:
                    "\(Count.of(tar.index.members.count, "entry", plural: "entries")) under \(tar.index.root.debugDescription)/, "
                    + "plain files and directories only, each once, nothing after the end; read in place")
        }
        let entries: [BundleIO.Entry]
        do {
            entries = try storage.entries()
        } catch {
            report.couldNotCheckReason = "\(error)"
            return (report, nil)
        }
        var context = Context(storage: storage, entries: entries)
        checkStructure(&context, &report)
        context.readTagFiles()
        if let unreadable = context.unreadableTag {
            report.couldNotCheckReason = "\(unreadable); \(VerificationHint.unreadable)"
            return (report, nil)
        }
        guard checkVersion(context, &report) else { return (report, nil) }
        checkDeclaration(context, &report)
        checkFiles(&context, &report)
        checkCustody(&context, &report)
        checkSeal(context, &report)
        return (report, context)
    }

    /// What the checks share.
    struct Context {
        let storage: any BagStorage
        let entries: [BundleIO.Entry]
        var tagBytes: [String: [UInt8]] = [:]
        var tagErrors: [String: String] = [:]
        /// A tag file that is there but could not be read (permissions, I/O): nothing is decided.
        var unreadableTag: String?
        var manifest: BagIt.Manifest?
        var hashes: [String: BundleHasher.Outcome] = [:]
        var custody: [CustodyLog.Entry]?
        var bagInfo: BagIt.BagInfo?

        init(storage: any BagStorage, entries: [BundleIO.Entry]) {
            self.storage = storage
            self.entries = entries
        }

        var payloadFiles: [BundleIO.Entry] {
            entries.filter { $0.kind == .file && $0.path.hasPrefix(BagIt.payloadDirectory + "/") }
        }

        mutating func readTagFiles() {
            for path in BundleSeal.taggedFiles + [BagIt.tagManifestFile, BundleSeal.signatureFile] {
                let limit = path == Custody.logPath ? CustodyLog.maximumLogSize : BagIt.maximumTagFileSize
                do {
                    tagBytes[path] = try storage.readSmallFile(path, limit: limit)
                } catch let error as BundleError {
                    if case .io(_, _, let code) = error, [EACCES, EPERM, EIO].contains(code) {
                        unreadableTag = unreadableTag ?? error.description
                    }
                    tagErrors[path] = "\(error)"
                } catch {
                    tagErrors[path] = "\(error)"
                }
            }
        }

        /// The bytes of a tag file, or a failing detail naming why it could not be read.
        func tag(_ path: String) -> Result<[UInt8], TagUnreadable> {
            if let bytes = tagBytes[path] { return .success(bytes) }
            return .failure(TagUnreadable(detail: tagErrors[path] ?? "\(path) is missing"))
        }
    }

    struct TagUnreadable: Error { let detail: String }

    private func checkStructure(_ context: inout Context, _ report: inout VerificationReport) {
        var problems: [String] = []
        let present = Set(context.entries.map(\.path))
        let parents = Set(
            context.entries.compactMap { entry in
                entry.path.range(of: "/", options: .backwards).map { String(entry.path[..<$0.lowerBound]) }
            })
        for entry in context.entries {
            let segments = entry.path.split(separator: "/")
            if segments.contains(where: { $0.hasPrefix(".") }) {
                problems.append("\(entry.path.debugDescription) is a hidden (dot) file; bags must not hold any")
            }
            switch entry.kind {
            case .symlink: problems.append("\(entry.path.debugDescription) is a symbolic link (never followed)")
            case .other: problems.append("\(entry.path.debugDescription) is not a regular file or directory")
            case .unreadableName: problems.append("\(entry.path.debugDescription): a file name that is not UTF-8")
            case .directory where entry.path != BagIt.payloadDirectory && !parents.contains(entry.path):
                problems.append("\(entry.path.debugDescription) is an empty directory")
            default: break
            }
            if entry.path == BagIt.fetchFile { problems.append("fetch.txt is present; Vitni bags are complete") }
            let inPayload = segments.first.map { $0 == Substring(BagIt.payloadDirectory) } ?? false
            if inPayload {
                if entry.kind == .file, let problem = BagIt.pathProblem(entry.path, scope: .payload) {
                    problems.append("\(entry.path.debugDescription): \(problem)")
                } else if entry.kind == .file, !entry.path.hasSuffix(".age") {
                    problems.append(
                        "\(entry.path.debugDescription) is not an age file (every payload file is encrypted)")
                }
            } else if !Self.topLevelFiles.contains(entry.path), entry.path != "custody", entry.path != Custody.logPath,
                entry.path != BagIt.payloadDirectory, entry.path != BagIt.fetchFile
            {
                problems.append("\(entry.path.debugDescription) is a tag file a Vitni bundle does not have")
            }
        }
        for required in Self.topLevelFiles.sorted() + [Custody.logPath, BagIt.payloadDirectory]
        where !present.contains(required) {
            problems.append("\(required) is missing")
        }
        report.append(
            id: CheckID.structure, title: "BagIt structure (required files, nothing hidden, no links, no extra files)",
            result: problems.isEmpty ? .pass : .fail,
            detail: problems.isEmpty ? "the bag has exactly the files a Vitni bundle has" : summary(problems))
    }

    private func checkDeclaration(_ context: Context, _ report: inout VerificationReport) {
        let title = "bagit.txt declares BagIt 1.0 in UTF-8"
        switch context.tag(BagIt.declarationFile) {
        case .failure(let error):
            report.append(id: CheckID.declaration, title: title, result: .fail, detail: error.detail)
        case .success(let bytes):
            do {
                try BagIt.Declaration.parse(bytes)
                report.append(id: CheckID.declaration, title: title, result: .pass, detail: "exactly as RFC 8493 asks")
            } catch {
                report.append(id: CheckID.declaration, title: title, result: .fail, detail: error.description)
            }
        }
    }

    /// Manifest completeness, every payload and tag file hashed, Payload-Oxum, age headers.
    private func checkFiles(_ context: inout Context, _ report: inout VerificationReport) {
        let payload = context.payloadFiles
        guard options.hashPayload else {
            checkManifestListing(&context, payload: payload, &report)
            report.append(
                id: CheckID.payloadHashes, title: "payload files are hashed as they are read", result: .skipped,
                detail: "each file read is hashed in full before use and must match the manifest")
            checkTagManifest(context, &report)
            checkOxum(&context, payload: payload, &report)
            return
        }
        let hashed = BundleHasher.hash(payload.map(\.path), in: context.storage)
        for outcome in hashed { context.hashes[outcome.path] = outcome }
        checkManifestListing(&context, payload: payload, &report)

        // Every payload byte against the manifest.
        var hashProblems: [String] = []
        var unreadable: [String] = []
        for entry in payload {
            let outcome = context.hashes[entry.path]!
            let expected = context.manifest?.digest(for: entry.path)
            let result: VerificationReport.Result
            if let error = outcome.error {
                // Not read is not altered: permissions or the disk, which the reader can fix.
                unreadable.append("\(entry.path): could not be read: \(error)")
                result = .couldNotCheck
            } else if let expected {
                result = expected == outcome.sha256 ? .pass : .fail
                if result == .fail { hashProblems.append("\(entry.path): SHA-256 differs from the manifest (altered)") }
            } else {
                result = .fail
            }
            report.files.append(.init(path: entry.path, size: outcome.size, sha256: outcome.sha256, result: result))
        }
        let hashTitle = "every payload file's SHA-256 matches the manifest (all bytes read)"
        if context.manifest == nil {
            report.append(id: CheckID.payloadHashes, title: hashTitle, result: .fail, detail: "no readable manifest")
        } else {
            let totalBytes = payload.reduce(UInt64(0)) { $0 + (context.hashes[$1.path]?.size ?? 0) }
            let result: VerificationReport.Result =
                !hashProblems.isEmpty ? .fail : !unreadable.isEmpty ? .couldNotCheck : .pass
            report.append(
                id: CheckID.payloadHashes, title: hashTitle, result: result,
                detail: result == .pass
                    ? "\(Count.of(payload.count, "file")), \(Count.of(totalBytes, "byte")) hashed in full"
                    : summary(hashProblems + unreadable),
                hint: result == .couldNotCheck ? VerificationHint.unreadable : nil)
        }

        checkTagManifest(context, &report)
        checkOxum(&context, payload: payload, &report)
        checkAgeHeaders(context, payload: payload, &report)
    }

    /// The payload manifest: parses, and lists exactly the payload files.
    private func checkManifestListing(
        _ context: inout Context, payload: [BundleIO.Entry], _ report: inout VerificationReport
    ) {
        let manifestTitle = "manifest-sha256.txt lists every payload file and nothing else"
        switch context.tag(BagIt.payloadManifestFile) {
        case .failure(let error):
            report.append(id: CheckID.manifest, title: manifestTitle, result: .fail, detail: error.detail)
        case .success(let bytes):
            do {
                let manifest = try BagIt.Manifest.parse(bytes, file: BagIt.payloadManifestFile, scope: .payload)
                context.manifest = manifest
                let listed = Set(manifest.entries.map(\.path))
                let onDisk = Set(payload.map(\.path))
                let problems =
                    onDisk.subtracting(listed).sorted().map { "\($0) is not listed (added after sealing?)" }
                    + listed.subtracting(onDisk).sorted().map { "\($0) is listed but missing" }
                report.append(
                    id: CheckID.manifest, title: manifestTitle, result: problems.isEmpty ? .pass : .fail,
                    detail: problems.isEmpty
                        ? "\(Count.of(listed.count, "payload file")) listed, all present" : summary(problems))
            } catch {
                report.append(id: CheckID.manifest, title: manifestTitle, result: .fail, detail: error.description)
            }
        }

    }

    private func checkTagManifest(_ context: Context, _ report: inout VerificationReport) {
        let title = "tagmanifest-sha256.txt matches bagit.txt, bag-info.txt, the manifest and the custody log"
        guard case .success(let bytes) = context.tag(BagIt.tagManifestFile) else {
            report.append(
                id: CheckID.tagManifest, title: title, result: .fail, detail: "tagmanifest-sha256.txt cannot be read")
            return
        }
        do {
            let manifest = try BagIt.Manifest.parse(bytes, file: BagIt.tagManifestFile, scope: .tag)
            var problems: [String] = []
            let listed = Set(manifest.entries.map(\.path))
            for path in BundleSeal.taggedFiles {
                guard let digest = manifest.digest(for: path) else {
                    problems.append("\(path) is not listed")
                    continue
                }
                guard let file = context.tagBytes[path] else {
                    problems.append("\(path) cannot be read")
                    continue
                }
                if Hex.encode(Hashing.sha256(file)) != digest { problems.append("\(path): SHA-256 differs (altered)") }
            }
            for extra in listed.subtracting(BundleSeal.taggedFiles).sorted() {
                problems.append("\(extra) is listed but is not a Vitni tag file")
            }
            report.append(
                id: CheckID.tagManifest, title: title, result: problems.isEmpty ? .pass : .fail,
                detail: problems.isEmpty ? "all \(BundleSeal.taggedFiles.count) tag files match" : summary(problems))
        } catch {
            report.append(id: CheckID.tagManifest, title: title, result: .fail, detail: error.description)
        }
    }

    private func checkOxum(
        _ context: inout Context, payload: [BundleIO.Entry], _ report: inout VerificationReport
    ) {
        let title = "Payload-Oxum in bag-info.txt matches the payload's size and file count"
        guard case .success(let bytes) = context.tag(BagIt.bagInfoFile) else {
            report.append(id: CheckID.payloadOxum, title: title, result: .fail, detail: "bag-info.txt cannot be read")
            return
        }
        do {
            let info = try BagIt.BagInfo.parse(bytes)
            context.bagInfo = info
            guard let text = info.value(for: BagIt.BagInfo.payloadOxum), let oxum = BagIt.PayloadOxum(text) else {
                report.append(id: CheckID.payloadOxum, title: title, result: .fail, detail: "no valid Payload-Oxum")
                return
            }
            let actual = BagIt.PayloadOxum(
                octetCount: payload.reduce(0) { $0 + $1.size }, streamCount: payload.count)
            report.append(
                id: CheckID.payloadOxum, title: title, result: oxum == actual ? .pass : .fail,
                detail: oxum == actual ? "\(actual) (bytes.files)" : "bag-info says \(oxum), the payload is \(actual)")
        } catch {
            report.append(id: CheckID.payloadOxum, title: title, result: .fail, detail: error.description)
        }
    }

    private func checkAgeHeaders(_ context: Context, payload: [BundleIO.Entry], _ report: inout VerificationReport) {
        let title =
            options.expectedRecipients.map {
                "every .age file has a well-formed age header and \(Count.of($0, "recipient"))"
            }
            ?? "every .age file has a well-formed age header"
        var problems: [String] = []
        var unreadable = 0
        var count = 0
        for entry in payload where entry.path.hasSuffix(".age") {
            count += 1
            let outcome = context.hashes[entry.path]!
            if outcome.error != nil {
                unreadable += 1
            } else if let error = outcome.ageError {
                problems.append("\(entry.path): \(error)")
            } else if let expected = options.expectedRecipients, outcome.ageStanzas != expected {
                problems.append(
                    "\(entry.path): encrypted to \(outcome.ageStanzas ?? 0) recipients, expected \(expected)")
            }
        }
        let result: VerificationReport.Result =
            count == 0 ? .skipped : !problems.isEmpty ? .fail : unreadable > 0 ? .couldNotCheck : .pass
        let detail =
            switch result {
            case .skipped: "no .age files in the payload"
            case .pass: "\(Count.of(count, "age file")), headers well-formed (not decrypted)"
            case .couldNotCheck: "\(Count.of(unreadable, "age file")) could not be read"
            default: summary(problems)
            }
        report.append(
            id: CheckID.ageHeaders, title: title, result: result, detail: detail,
            hint: result == .couldNotCheck ? VerificationHint.unreadable : nil)
    }

    /// A list of problems as one detail line, bounded so a hostile bag cannot flood the report.
    func summary(_ problems: [String]) -> String {
        let shown = problems.prefix(20).joined(separator: "; ")
        return problems.count > 20 ? shown + "; and \(problems.count - 20) more" : shown
    }
}
