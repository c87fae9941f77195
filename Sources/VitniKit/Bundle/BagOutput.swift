import Dispatch
import Foundation
import VitniCrypto

/// Where a bag being written goes: a directory or a tar archive, either built under a temporary
/// name beside the destination and moved into place only when complete.
protocol BagOutput: AnyObject {
    /// Starts a file at a bag-relative path; bytes written to the returned sink form its content.
    func beginFile(_ path: String) throws -> any BagFileSink
    /// Gives the bag a file at a bag-relative path that is another name of the file at `source`
    /// (a hard link), without copying its bytes, and opens it for reading; nil where this output
    /// cannot (an archive, or another file system), and the caller copies instead.
    func linkFile(_ path: String, to source: String) throws -> FileStream?
    /// Makes sure a (possibly empty) directory exists in the bag, such as `data/`.
    func makeDirectory(_ path: String) throws
    /// Makes the bag appear under its final name (or fails leaving no bag there).
    func commit() throws
    /// Removes everything written so far.
    func discard()
}

/// A file being written into a bag: `close()` ends it (final in the archive; in a directory,
/// made durable with the rest of the bag before the bag is moved into place).
protocol BagFileSink: ByteSink {
    func close() throws
}

extension BagOutput {
    func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let sink = try beginFile(path)
        try sink.write(bytes)
        try sink.close()
    }
}

/// The directory form: `.<name>.partial-XXXXXX/` beside the destination, renamed when complete.
/// Every file and directory is flushed to stable storage before the rename, all at once rather
/// than one after another: flushes that run together share the file system's journal commits,
/// where a dozen small files flushed in turn each wait for one of their own.
final class DirectoryBagOutput: BagOutput {
    let destination: String
    let temporary: String
    private var directories: [String] = []
    /// Files written or linked, kept open until `commit` flushes them.
    private var written: [FileStream] = []
    /// Held while writing, so a cleaner of abandoned partial bundles leaves this one alone.
    private var lock: BundleLock?

    init(destination: String) throws {
        self.destination = destination
        var template = Array(
            (BundleIO.parent(of: destination) + "/." + BundleIO.lastComponent(of: destination) + ".partial-XXXXXX")
                .utf8CString)
        guard let created = mkdtemp(&template) else {
            throw BundleIO.failure(destination, "create a temporary directory")
        }
        temporary = String(cString: created)
        directories = [temporary]
        lock = try? BundleLock.attempt(temporary)
    }

    private final class FileSink: BagFileSink {
        let stream: FileStream
        init(_ stream: FileStream) { self.stream = stream }
        func write(_ bytes: UnsafeRawBufferPointer) throws { try stream.write(bytes) }
        func close() throws {}
    }

    func beginFile(_ path: String) throws -> any BagFileSink {
        try makeDirectories(path.split(separator: "/").dropLast())
        let stream = try FileStream.create(temporary + "/" + path, mode: 0o644)
        written.append(stream)
        return FileSink(stream)
    }

    func linkFile(_ path: String, to source: String) throws -> FileStream? {
        try makeDirectories(path.split(separator: "/").dropLast())
        let target = temporary + "/" + path
        guard Foundation.link(source, target) == 0 else { return nil }
        do {
            let stream = try BundleIO.openRegular(target)
            // The bag's files are readable by the verifying tools as if written here (the working copy
            // is private, and goes once the bundle has verified).
            guard fchmod(stream.descriptor, 0o644) == 0 else { throw BundleIO.failure(target, "chmod") }
            written.append(stream)
            return stream
        } catch {
            unlink(target)
            throw error
        }
    }

    func makeDirectory(_ path: String) throws { try makeDirectories(path.split(separator: "/")[...]) }

    private func makeDirectories(_ components: ArraySlice<Substring>) throws {
        var directory = temporary
        for component in components {
            directory += "/" + component
            if !directories.contains(directory) {
                try BundleIO.makeDirectory(directory)
                directories.append(directory)
            }
        }
    }

    func commit() throws {
        guard chmod(temporary, 0o755) == 0 else { throw BundleIO.failure(temporary, "chmod") }
        try Self.syncTogether(files: written.map { ($0.descriptor, $0.path) }, directories: directories)
        written = []
        try BundleIO.renameNoReplace(temporary, to: destination)
        lock = nil
        try BundleIO.syncDirectory(BundleIO.parent(of: destination))
    }

    func discard() {
        written = []
        BundleIO.removeTree(temporary)
    }

    /// Flushes every file (open descriptors) and directory concurrently; throws the first
    /// failure once all have returned.
    private static func syncTogether(files: [(descriptor: Int32, path: String)], directories: [String]) throws {
        let failures = FirstFailure()
        DispatchQueue.concurrentPerform(iterations: files.count + directories.count) { index in
            do {
                guard index < files.count else { return try BundleIO.syncDirectory(directories[index - files.count]) }
                guard fsync(files[index].descriptor) == 0 else { throw BundleIO.failure(files[index].path, "fsync") }
            } catch {
                failures.keep(error)
            }
        }
        if let error = failures.error { throw error }
    }
}

/// The first error of several concurrent steps.
private final class FirstFailure: @unchecked Sendable {
    // Sendable: `first` is only touched under `lock`.
    private let lock = NSLock()
    private var first: (any Error)?

    func keep(_ error: any Error) { lock.withLock { first = first ?? error } }

    var error: (any Error)? { lock.withLock { first } }
}
