import CVitniSystem
import Foundation
import VitniCrypto
import VitniFormats

/// The single-file form: an uncompressed POSIX ustar archive of the bag, written in one pass.
///
/// Each file's header is written with size 0, the content streams after it, and the header is
/// rewritten in place (`pwrite`) once the size is known, so the payload is never read twice.
/// A new archive is built as `.<name>.partial-XXXXXX` (locked while written) and linked to its
/// final name, which fails rather than replace an existing file; a rewrite of a sealed archive
/// (``TarBundleUpdate``) writes a staging file the caller renames over the archive.
final class TarBagOutput: BagOutput {
    let destination: String
    let temporary: String
    /// The top-level directory inside the archive (the bundle's name).
    let root: String
    let modificationTime: Int64
    private let stream: FileStream
    private var offset: UInt64 = 0
    /// Directories that have an entry, or need none (an archive being rewritten has them).
    private var directories: Set<String> = []
    /// Held while writing, so a cleaner of abandoned partial archives leaves this one alone.
    private var lock: BundleLock?

    /// ustar's 11 octal digits of size.
    static let maximumFileSize = Tar.Header.maximumOctalSize

    /// A new archive for `destination`, written beside it under a hidden partial name.
    init(destination: String, root: String, modificationTime: Int64) throws {
        self.destination = destination
        self.root = root
        self.modificationTime = modificationTime
        var template = Array(
            (BundleIO.parent(of: destination) + "/." + BundleIO.lastComponent(of: destination) + ".partial-XXXXXX")
                .utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw BundleIO.failure(destination, "create a temporary file") }
        fchmod(fd, 0o644)
        temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        stream = FileStream(descriptor: fd, path: temporary, owns: true)
        lock = try? BundleLock.attempt(temporary)
    }

    /// A rewrite of an archive whose top directory is `root` and which already has
    /// `directories` (bag-relative): written to `staging` with the archive's `mode`, created
    /// here, never replacing a file.
    init(
        staging: String, replacing destination: String, root: String, directories: Set<String>, mode: mode_t,
        modificationTime: Int64
    ) throws {
        self.destination = destination
        self.temporary = staging
        self.root = root
        self.modificationTime = modificationTime
        self.directories = Set([root] + directories.map { root + "/" + $0 })
        stream = try FileStream.create(staging, mode: 0o600)
        guard fchmod(stream.descriptor, mode) == 0 else {
            unlink(staging)
            throw BundleIO.failure(staging, "chmod")
        }
    }

    private final class EntrySink: BagFileSink {
        let output: TarBagOutput
        let path: String
        let headerOffset: UInt64
        var size: UInt64 = 0

        init(output: TarBagOutput, path: String, headerOffset: UInt64) {
            self.output = output
            self.path = path
            self.headerOffset = headerOffset
        }

        func write(_ bytes: UnsafeRawBufferPointer) throws {
            size += UInt64(bytes.count)
            guard size <= TarBagOutput.maximumFileSize else { throw BundleError.tooLargeForTar(path: path) }
            try output.append(bytes)
        }

        func close() throws {
            let padding = Int((512 - size % 512) % 512)
            try output.append([UInt8](repeating: 0, count: padding))
            let header = try output.header(path: path, size: size, directory: false)
            let written = header.withUnsafeBytes {
                pwrite(output.stream.descriptor, $0.baseAddress, 512, off_t(headerOffset))
            }
            guard written == 512 else { throw BundleIO.failure(output.temporary, "write") }
        }
    }

    fileprivate func append(_ bytes: UnsafeRawBufferPointer) throws {
        try stream.write(bytes)
        offset += UInt64(bytes.count)
    }

    fileprivate func append(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try append($0) } }

    func makeDirectory(_ path: String) throws { try makeDirectories(path.split(separator: "/")[...]) }

    /// An archive holds its members' bytes itself: they are copied in.
    func linkFile(_ path: String, to source: String) throws -> FileStream? { nil }

    /// Writes a directory entry for each directory on the way that has none yet.
    private func makeDirectories(_ components: ArraySlice<Substring>) throws {
        var directory = root
        if directories.insert(directory).inserted { try append(header(path: directory, size: 0, directory: true)) }
        for component in components {
            directory += "/" + component
            if directories.insert(directory).inserted { try append(header(path: directory, size: 0, directory: true)) }
        }
    }

    func beginFile(_ path: String) throws -> any BagFileSink {
        try makeDirectories(path.split(separator: "/").dropLast())
        let headerOffset = offset
        try append(header(path: root + "/" + path, size: 0, directory: false))
        return EntrySink(output: self, path: root + "/" + path, headerOffset: headerOffset)
    }

    /// Copies bytes `range` of `archive` as they are (whole members: headers, data, padding),
    /// inside the kernel where it can, never decoding them.
    func appendCopy(of range: Range<UInt64>, from archive: TarBag) throws {
        var position = Int64(range.lowerBound)
        let end = Int64(range.upperBound)
        while position < end {
            let copied = vitni_copy_range(archive.descriptor, &position, stream.descriptor, UInt64(end - position))
            if copied > 0 {
                offset += UInt64(copied)
                continue
            }
            if copied == 0 { throw archive.changed() }
            guard [EXDEV, ENOSYS, EINVAL, EOPNOTSUPP, EPERM].contains(errno) else {
                throw BundleIO.failure(temporary, "copy")
            }
            try copyByReading(from: archive, position: &position, end: end)
        }
    }

    /// Where the kernel cannot copy between these files: through one bounded buffer.
    private func copyByReading(from archive: TarBag, position: inout Int64, end: Int64) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while position < end {
            let wanted = Int(min(Int64(buffer.count), end - position))
            let n = try archive.read(
                at: UInt64(position), into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]),
                name: archive.path)
            guard n > 0 else { throw archive.changed() }
            try append(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            position += Int64(n)
        }
    }

    /// Ends the archive (two zero blocks) and makes it durable.
    func finishArchive() throws {
        try append([UInt8](repeating: 0, count: 1024))
        try stream.sync()
    }

    func commit() throws {
        try finishArchive()
        guard link(temporary, destination) == 0 else {
            if errno == EEXIST { throw BundleError.destinationExists(destination) }
            throw BundleIO.failure(destination, "link")
        }
        unlink(temporary)
        lock = nil
        try BundleIO.syncDirectory(BundleIO.parent(of: destination))
    }

    func discard() { unlink(temporary) }

    /// A ustar header block (`Tar.Header.render`).
    fileprivate func header(path: String, size: UInt64, directory: Bool) throws -> [UInt8] {
        guard
            let block = Tar.Header.render(
                path: path, size: size, directory: directory, modificationTime: modificationTime)
        else { throw BundleError.invalidPayloadPath(path, reason: "is too long for a ustar header") }
        return block
    }
}
