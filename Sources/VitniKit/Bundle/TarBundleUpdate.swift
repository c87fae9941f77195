import Foundation
import VitniCrypto
import VitniFormats

/// A change to a sealed tar bundle made as one recoverable step: a new archive is written beside
/// it as `.<name>.vitni-stage-<random>` — every unchanged member copied byte for byte (headers,
/// data, padding; `copy_file_range`, never decoded), then the new and rewritten files, then the
/// end blocks — synced, and renamed over the archive, and the directory synced. The rename is
/// the commit point: before it the archive is the old one, after it the new one. A staging file
/// left by a crash is beside the archive, never in it, and is removed by the next writer
/// (``BundleUpdate/recover(_:)``).
final class TarBundleUpdate: BundleChange {
    let source: TarBag
    let staging: String
    private let output: TarBagOutput
    private let stagingLock: BundleLock
    /// Paths the new archive has so far.
    private var added: Set<String>
    private var committed = false

    init(of source: TarBag, rewriting: Set<String>) throws {
        let staging = BundleUpdate.siblingName(of: source.path, kind: "stage")
        let output = try TarBagOutput(
            staging: staging, replacing: source.path, root: source.index.root,
            directories: source.index.directories, mode: source.mode,
            modificationTime: Custody.Timestamp.now.unixSeconds)
        var kept: Set<String> = []
        do {
            guard let lock = try BundleLock.attempt(staging) else { throw BundleError.busy(staging) }
            for member in source.index.members where !rewriting.contains(member.path) {
                try output.appendCopy(of: member.headerOffset..<member.end, from: source)
                kept.insert(member.path)
            }
            stagingLock = lock
        } catch {
            unlink(staging)
            throw error
        }
        self.source = source
        self.staging = staging
        self.output = output
        added = kept
    }

    deinit { if !committed { unlink(staging) } }

    func write(_ relative: String, _ bytes: [UInt8]) throws {
        try output.writeFile(relative, bytes)
        added.insert(relative)
    }

    func add(_ file: CustodyLog.AmendedFile) throws -> (sha256: String, size: UInt64) {
        let entry = try output.beginFile(file.path)
        let sink = HashingSink(entry)
        try file.produce(sink)
        try entry.close()
        added.insert(file.path)
        return (sink.digest(), sink.count)
    }

    func contains(_ relative: String) -> Bool {
        added.contains(relative) || source.index.directories.contains(relative)
    }

    func commit() throws {
        try output.finishArchive()
        guard rename(staging, source.path) == 0 else { throw BundleIO.failure(source.path, "rename") }
        committed = true
        try BundleIO.syncDirectory(BundleIO.parent(of: source.path))
        _ = stagingLock
    }
}
