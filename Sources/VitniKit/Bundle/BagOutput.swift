import Foundation
import VitniCrypto

/// Where a bag being written goes: a directory or a tar archive, either built under a temporary
/// name beside the destination and moved into place only when complete.
protocol BagOutput: AnyObject {
    /// Starts a file at a bag-relative path; bytes written to the returned sink form its content.
    func beginFile(_ path: String) throws -> any BagFileSink
    /// Makes sure a (possibly empty) directory exists in the bag, such as `data/`.
    func makeDirectory(_ path: String) throws
    /// Makes the bag appear under its final name (or fails leaving no bag there).
    func commit() throws
    /// Removes everything written so far.
    func discard()
}

/// A file being written into a bag: `close()` makes its bytes durable (or final in the archive).
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
final class DirectoryBagOutput: BagOutput {
    let destination: String
    let temporary: String
    private var directories: [String] = []
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
        func close() throws { try stream.sync() }
    }

    func beginFile(_ path: String) throws -> any BagFileSink {
        try makeDirectories(path.split(separator: "/").dropLast())
        return FileSink(try FileStream.create(temporary + "/" + path, mode: 0o644))
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
        for directory in directories.reversed() { try BundleIO.syncDirectory(directory) }
        try BundleIO.renameNoReplace(temporary, to: destination)
        lock = nil
        try BundleIO.syncDirectory(BundleIO.parent(of: destination))
    }

    func discard() { BundleIO.removeTree(temporary) }
}
