import Foundation
import VitniCrypto
import VitniFormats

/// A bag read in place from a tar archive: the archive is opened once (no symlink followed, a
/// FIFO refused), indexed by its headers alone (`Tar.index`, which skips data by offset), and every
/// file is then read with `pread` from that one descriptor within its member's byte range. Nothing
/// is extracted; memory holds the index only. An archive replaced after it was opened is never
/// read: this descriptor still names the one that was indexed and checked.
final class TarBag: BagStorage {
    let path: String
    let index: Tar.Index
    let size: UInt64
    /// The archive's permission bits, which a rewrite keeps.
    let mode: mode_t
    let descriptor: Int32

    private init(path: String, index: Tar.Index, size: UInt64, mode: mode_t, descriptor: Int32) {
        self.path = path
        self.index = index
        self.size = size
        self.mode = mode
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Opens and indexes the archive at `path`.
    /// - Throws: `.couldNotCheck` when it is no tar archive (or a compressed one) or cannot be
    ///   read, `.refusedArchive` naming the rule an archive breaks.
    static func open(_ path: String) throws(BagStorageFailure) -> TarBag {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { throw .couldNotCheck("\(path): cannot be read (\(String(cString: strerror(errno))))") }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw .couldNotCheck("\(path): is neither a bundle directory nor a tar archive")
        }
        let input = DescriptorInput(descriptor: fd, size: UInt64(info.st_size), path: path)
        do {
            return TarBag(
                path: path, index: try Tar.index(input), size: input.size, mode: info.st_mode & 0o7777, descriptor: fd)
        } catch let error as Tar.FormatError {
            close(fd)
            throw failure(path, error)
        } catch {
            close(fd)
            throw .couldNotCheck("\(error); \(VerificationHint.unreadable)")
        }
    }

    private static func failure(_ path: String, _ error: Tar.FormatError) -> BagStorageFailure {
        switch error.kind {
        case .notAnArchive:
            return .couldNotCheck(
                "\(path): is neither a bundle directory nor a tar archive (\(error.reason)); "
                    + "give the bundle directory or its .tar file")
        case .compressed(let name):
            let tool = ["gzip": "gunzip -k", "bzip2": "bunzip2 -k", "xz": "unxz -k", "zstd": "unzstd"][name] ?? name
            return .couldNotCheck(
                "\(path): \(error.reason): decompress it first (`\(tool) FILE`), then verify the .tar it gives")
        case .refused:
            return .refusedArchive(error.reason + (error.offset.map { " (at byte \($0))" } ?? ""))
        }
    }

    func entries() throws -> [BundleIO.Entry] {
        var entries = index.members.map {
            BundleIO.Entry(path: $0.path, kind: $0.isDirectory ? .directory : .file, size: $0.size)
        }
        for directory in index.directories where index.member(directory) == nil {
            entries.append(BundleIO.Entry(path: directory, kind: .directory, size: 0))
        }
        return entries.sorted { $0.path < $1.path }
    }

    func displayPath(_ relative: String) -> String { path + "/" + relative }

    /// The regular file at `relative`, as ``DirectoryBag`` would find it.
    private func file(_ relative: String) throws -> Tar.Member {
        guard let member = index.member(relative) else {
            if index.directories.contains(relative) {
                throw BundleError.malformedFile("\(displayPath(relative)): is not a regular file")
            }
            throw BundleError.io(path: displayPath(relative), operation: "open", code: ENOENT)
        }
        guard !member.isDirectory else {
            throw BundleError.malformedFile("\(displayPath(relative)): is not a regular file")
        }
        return member
    }

    func readSmallFile(_ relative: String, limit: Int) throws -> [UInt8] {
        let member = try file(relative)
        guard member.size <= UInt64(limit) else {
            throw BundleError.malformedFile("\(displayPath(relative)): is larger than \(limit) bytes")
        }
        let reader = TarMemberReader(bag: self, member: member, name: displayPath(relative))
        var bytes = [UInt8](repeating: 0, count: Int(member.size))
        let count = try bytes.withUnsafeMutableBytes { try reader.readFully(into: $0) }
        guard count == bytes.count else { throw changed(displayPath(relative)) }
        return bytes
    }

    func openFile(_ relative: String) throws -> any BagFileReader {
        TarMemberReader(bag: self, member: try file(relative), name: displayPath(relative))
    }

    func openPositional(_ relative: String) throws -> any PositionalSource {
        TarMemberSlice(bag: self, member: try file(relative), name: displayPath(relative))
    }

    /// The archive is shorter than when it was indexed: it was changed under the reader.
    func changed(_ name: String? = nil) -> BundleError {
        .malformedFile(
            "\(name ?? path): the archive ends earlier than when it was opened (it was changed while being read)")
    }

    /// Reads up to `buffer.count` bytes at `offset` of the archive.
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer, name: String) throws -> Int {
        let n = retryingOnEINTR { pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset)) }
        guard n >= 0 else { throw BundleError.io(path: name, operation: "read", code: errno) }
        return n
    }
}

/// The archive file as `Tar.index` reads it.
private struct DescriptorInput: Tar.Input {
    let descriptor: Int32
    let size: UInt64
    let path: String

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = retryingOnEINTR { pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset)) }
        guard n >= 0 else { throw BundleError.io(path: path, operation: "read", code: errno) }
        return n
    }
}

/// One member's bytes, read with `pread` within its range of the archive.
final class TarMemberReader: BagFileReader {
    private let bag: TarBag
    private let member: Tar.Member
    private let name: String
    private var position: UInt64 = 0

    init(bag: TarBag, member: Tar.Member, name: String) {
        self.bag = bag
        self.member = member
        self.name = name
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = Int(min(UInt64(buffer.count), member.size - position))
        guard wanted > 0 else { return 0 }
        let n = try bag.read(
            at: member.dataOffset + position, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]),
            name: name)
        guard n > 0 else { throw bag.changed(name) }
        position += UInt64(n)
        return n
    }

    func rewind() throws { position = 0 }
}

/// One member's bytes read at offsets within its range of the archive (`pread`: several readers
/// may do so at once).
final class TarMemberSlice: PositionalSource {
    private let bag: TarBag
    private let member: Tar.Member
    private let name: String

    init(bag: TarBag, member: Tar.Member, name: String) {
        self.bag = bag
        self.member = member
        self.name = name
    }

    var size: Int64 { Int64(member.size) }

    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset >= 0, UInt64(offset) < member.size else { return 0 }
        let wanted = Int(min(UInt64(buffer.count), member.size - UInt64(offset)))
        let n = try bag.read(
            at: member.dataOffset + UInt64(offset), into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]),
            name: name)
        guard n > 0 else { throw bag.changed(name) }
        return n
    }
}
