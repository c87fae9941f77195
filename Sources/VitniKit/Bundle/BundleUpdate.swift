import CVitniSystem
import Foundation
import VitniCrypto
import VitniFormats

/// A change to a sealed bundle directory made as one recoverable step: the new state is built
/// beside the bundle (unchanged files hard-linked, never written; new and rewritten files whole
/// and synced) and swapped in with one atomic `renameat2(RENAME_EXCHANGE)`. A crash at any
/// instant leaves the bundle at its old state or its new one, and what it leaves is beside the
/// bag (never in it), cleared by the next writer.
///
/// The caller holds the bundle's ``BundleLock`` for the whole read-check-change.
final class BundleUpdate: BundleChange {
    let bundle: String
    /// The staging directory: the new state until ``commit()``, the old one after.
    let staging: String
    private let stagingLock: BundleLock
    private var directories: [String] = []
    private var committed = false

    /// Starts an update: a staging directory beside `bundle` holding every file of it except
    /// `rewriting` (tag files the update writes anew).
    init(of bundle: String, rewriting: Set<String>) throws {
        self.bundle = bundle
        staging = Self.siblingName(of: bundle, kind: "stage")
        try BundleIO.makeDirectory(staging)
        do {
            guard let lock = try BundleLock.attempt(staging) else { throw BundleError.busy(staging) }
            stagingLock = lock
        } catch {
            BundleIO.removeTree(staging)
            throw error
        }
        do {
            directories = [staging]
            for entry in try BundleIO.walk(bundle) {
                let target = staging + "/" + entry.path
                switch entry.kind {
                case .directory:
                    try BundleIO.makeDirectory(target)
                    directories.append(target)
                case .file where !rewriting.contains(entry.path):
                    try Self.linkOrCopy(bundle + "/" + entry.path, to: target)
                default: continue
                }
            }
        } catch {
            abandon()
            throw error
        }
    }

    deinit { if !committed { abandon() } }

    func contains(_ relative: String) -> Bool { BundleIO.exists(staging + "/" + relative) }

    /// Writes a tag file of the new state.
    func write(_ relative: String, _ bytes: [UInt8]) throws {
        try FileStream.writeNewFile(staging + "/" + relative, bytes, mode: 0o644)
    }

    /// Streams a new payload file into the new state and returns its SHA-256 and size.
    func add(_ file: CustodyLog.AmendedFile) throws -> (sha256: String, size: UInt64) {
        var directory = staging
        for component in file.path.split(separator: "/").dropLast() {
            directory += "/" + component
            if !directories.contains(directory) {
                try BundleIO.makeDirectory(directory)
                directories.append(directory)
            }
        }
        let stream = try FileStream.create(staging + "/" + file.path, mode: 0o644)
        let sink = HashingSink(stream)
        try file.produce(sink)
        try stream.sync()
        return (sink.digest(), sink.count)
    }

    /// Makes the new state the bundle: everything synced, one exchange, the parent synced; then
    /// the old state is removed.
    func commit() throws {
        for directory in directories.reversed() { try BundleIO.syncDirectory(directory) }
        if vitni_exchange_paths(staging, bundle) != 0 {
            guard errno == EINVAL || errno == ENOSYS || errno == ENOTSUP else {
                throw BundleIO.failure(bundle, "rename")
            }
            try Self.swapByRenaming(staging, bundle)
        }
        committed = true
        try BundleIO.syncDirectory(BundleIO.parent(of: bundle))
        BundleIO.removeTree(staging)
        _ = stagingLock
    }

    /// Leaves the bundle as it was and removes the staging directory.
    func abandon() {
        BundleIO.removeTree(staging)
    }

    /// For file systems without `RENAME_EXCHANGE`: the bundle moves aside, the new state takes its
    /// place. A crash between the two leaves the old state under an `old` name, which
    /// ``recover(_:)`` puts back.
    private static func swapByRenaming(_ staging: String, _ bundle: String) throws {
        let aside = siblingName(of: bundle, kind: "old")
        guard rename(bundle, aside) == 0 else { throw BundleIO.failure(bundle, "rename") }
        guard rename(staging, bundle) == 0 else {
            let error = BundleIO.failure(bundle, "rename")
            _ = rename(aside, bundle)
            throw error
        }
        guard rename(aside, staging) == 0 else { throw BundleIO.failure(aside, "rename") }
    }

    /// A payload file is never written after sealing, so the new state may share it.
    private static func linkOrCopy(_ source: String, to target: String) throws {
        if link(source, target) == 0 { return }
        guard errno == EXDEV || errno == EPERM || errno == ENOTSUP || errno == EMLINK else {
            throw BundleIO.failure(target, "link")
        }
        let input = try BundleIO.openRegular(source)
        let output = try FileStream.create(target, mode: 0o644)
        try input.copy(to: output)
        try output.sync()
    }

    // MARK: - Names and leftovers

    /// The prefix of every name an update uses beside `bundle`: `.<name>.vitni-`.
    static func siblingPrefix(of bundle: String) -> String {
        "." + BundleIO.lastComponent(of: bundle) + ".vitni-"
    }

    static func siblingName(of bundle: String, kind: String) -> String {
        BundleIO.parent(of: bundle) + "/" + siblingPrefix(of: bundle) + kind + "-"
            + Hex.encode(SecureRandom.bytes(count: 8))
    }

    /// Puts back a bundle left aside by a crash in ``swapByRenaming(_:_:)`` (only when the bundle
    /// itself is missing), then removes every staging directory (or, beside a tar bundle, staging
    /// archive of ``TarBundleUpdate``) no live writer holds. Called with
    /// the bundle's lock held, or before taking it when the bundle is missing.
    static func recover(_ bundle: String) {
        let parent = BundleIO.parent(of: bundle)
        let prefix = siblingPrefix(of: bundle)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).filter {
            $0.hasPrefix(prefix)
        }
        if !BundleIO.exists(bundle), let aside = names.first(where: { $0.hasPrefix(prefix + "old-") }) {
            _ = rename(parent + "/" + aside, bundle)
        }
        for name in names where name.hasPrefix(prefix + "stage-") || name.hasPrefix(prefix + "old-") {
            let path = parent + "/" + name
            guard BundleIO.exists(path), let lock = try? BundleLock.attempt(path) else { continue }
            BundleIO.removeTree(path)
            _ = lock
        }
        removeLegacyTemporaries(in: bundle)
    }

    /// Older releases replaced tag files through `.<file>.vitni-<12 hex>` temporaries inside the
    /// bag; one left by a crash is not evidence (no manifest lists it) and would fail the bag.
    private static func removeLegacyTemporaries(in bundle: String) {
        for directory in [bundle, bundle + "/custody"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            where isLegacyTemporary(name) {
                unlink(directory + "/" + name)
            }
        }
    }

    static func isLegacyTemporary(_ name: String) -> Bool {
        guard name.hasPrefix("."), let marker = name.range(of: ".vitni-", options: .backwards) else { return false }
        let suffix = name[marker.upperBound...]
        return suffix.count == 12 && suffix.allSatisfy(\.isHexDigit)
            && marker.lowerBound > name.index(after: name.startIndex)
    }
}
