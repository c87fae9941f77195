import CVitniSystem
import Foundation
import VitniCrypto
import VitniFormats

/// File-system steps the bundle code shares: bounded reads that never follow a symlink, and the
/// create / fsync / rename sequence that makes a file or a directory appear whole or not at all.
enum BundleIO {
    static func failure(_ path: String, _ operation: String) -> BundleError {
        .io(path: path, operation: operation, code: errno)
    }

    /// Opens a regular file for reading without following a symlink at its last component;
    /// O_NONBLOCK so that a FIFO in its place is refused at once instead of waiting for a writer.
    static func openRegular(_ path: String) throws -> FileStream {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { throw failure(path, "open") }
        let stream = FileStream(descriptor: fd, path: path, owns: true)
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(path, "stat") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw BundleError.malformedFile("\(path): is not a regular file")
        }
        return stream
    }

    /// Reads a whole small regular file without following a symlink, refusing one larger than
    /// `limit` bytes.
    static func readSmallFile(_ path: String, limit: Int) throws -> [UInt8] {
        do { return try BoundedFile.read(path: path, limit: limit, requiring: [.noSymlink, .regularFile]) } catch {
            switch error.reason {
            case .io(let operation, let code): throw BundleError.io(path: path, operation: operation, code: code)
            case .notRegularFile: throw BundleError.malformedFile("\(path): is not a regular file")
            case .tooLarge: throw BundleError.malformedFile("\(path): is larger than \(limit) bytes")
            }
        }
    }

    /// Replaces `path` atomically: a temporary beside it, fsync, rename over it, fsync the directory.
    static func replaceFile(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws {
        let temporary = temporaryName(for: path)
        try FileStream.writeNewFile(temporary, bytes, mode: mode)
        guard rename(temporary, path) == 0 else {
            let error = failure(path, "rename")
            unlink(temporary)
            throw error
        }
        try syncDirectory(parent(of: path))
    }

    /// A name beside `path` that no other writer will pick: `.<name>.vitni-<random>`.
    static func temporaryName(for path: String) -> String {
        let random = Hex.encode(SecureRandom.bytes(count: 6))
        return parent(of: path) + "/." + lastComponent(of: path) + ".vitni-" + random
    }

    /// Renames `from` to `to`, never replacing anything there (not even an empty directory,
    /// which plain rename(2) would); falls back to a check-then-rename where the file system
    /// cannot.
    static func renameNoReplace(_ from: String, to: String) throws {
        if vitni_rename_noreplace(from, to) == 0 { return }
        if errno == EEXIST || errno == ENOTEMPTY { throw BundleError.destinationExists(to) }
        guard errno == EINVAL || errno == ENOSYS || errno == ENOTSUP else { throw failure(to, "rename") }
        guard !exists(to) else { throw BundleError.destinationExists(to) }
        guard rename(from, to) == 0 else { throw failure(to, "rename") }
    }

    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "open") }
        defer { close(fd) }
        guard fsync(fd) == 0 || errno == EINVAL else { throw failure(path, "fsync") }
    }

    static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws {
        guard mkdir(path, mode) == 0 || errno == EEXIST else { throw failure(path, "mkdir") }
    }

    /// Whether anything (a file, a directory, a dangling symlink) exists at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func parent(of path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().path
    }

    static func lastComponent(of path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

    /// Removes a directory tree without following symlinks (a partial bag being discarded).
    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// One entry found walking a bag.
    struct Entry: Sendable {
        enum Kind: Sendable { case file, directory, symlink, other, unreadableName }
        let path: String
        let kind: Kind
        let size: UInt64
    }

    /// Lists everything under `root` (relative paths, sorted), never following a symlink and
    /// never descending into one; stops with an error past `limit` entries.
    static func walk(_ root: String, limit: Int = 100_000) throws -> [Entry] {
        var entries: [Entry] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let directory = relative.isEmpty ? root : root + "/" + relative
            guard let handle = opendir(directory) else { throw failure(directory, "opendir") }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
                let name = String(decoding: bytes, as: UTF8.self)
                if name == "." || name == ".." { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                guard String(validating: bytes, as: UTF8.self) != nil else {
                    // Not a name a bag can hold; reported, never looked up under a mangled name.
                    entries.append(Entry(path: path, kind: .unreadableName, size: 0))
                    continue
                }
                var info = stat()
                guard lstat(root + "/" + path, &info) == 0 else { throw failure(root + "/" + path, "lstat") }
                let kind: Entry.Kind =
                    switch info.st_mode & S_IFMT {
                    case S_IFREG: .file
                    case S_IFDIR: .directory
                    case S_IFLNK: .symlink
                    default: .other
                    }
                entries.append(Entry(path: path, kind: kind, size: UInt64(info.st_size)))
                guard entries.count <= limit else {
                    throw BundleError.malformedFile("\(root): holds more than \(limit) entries")
                }
                if kind == .directory { pending.append(path) }
            }
        }
        return entries.sorted { $0.path < $1.path }
    }
}

/// A sink that writes to a file and hashes what passes through, so a payload file is hashed
/// in the same pass that writes it.
final class HashingSink: ByteSink {
    private let target: any ByteSink
    private var hasher = SHA256Hasher()
    private(set) var count: UInt64 = 0

    init(_ target: any ByteSink) { self.target = target }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bytes)
        count += UInt64(bytes.count)
        try target.write(bytes)
    }

    func digest() -> String { Hex.encode(hasher.finalize()) }
}
