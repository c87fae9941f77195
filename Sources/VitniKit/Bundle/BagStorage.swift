import Foundation
import VitniCrypto
import VitniFormats

/// Where a bag's files are read from: a directory, or a tar archive read in place. The verifier
/// and ``VerifiedBundle`` read only through this, so both forms get exactly the same checks.
protocol BagStorage: Sendable {
    /// The bundle as the user named it (the directory, or the `.tar` file).
    var path: String { get }
    /// Everything in the bag, relative paths sorted, never following a link.
    func entries() throws -> [BundleIO.Entry]
    /// A whole small regular file, refused when larger than `limit` bytes.
    /// - Throws: `BundleError.io` (`ENOENT` when absent) or `.malformedFile`.
    func readSmallFile(_ relative: String, limit: Int) throws -> [UInt8]
    /// A regular file for streaming, from the start.
    func openFile(_ relative: String) throws -> any BagFileReader
    /// A regular file read at any offset (`pread`, safe from several threads), its length fixed
    /// when opened.
    func openPositional(_ relative: String) throws -> any PositionalSource
    /// How messages name a file of the bag.
    func displayPath(_ relative: String) -> String
}

/// One file of a bag being read: a byte source that can start over (a reader hashes a file in
/// full before using it, then reads it again from the same descriptor).
protocol BagFileReader: ByteSource {
    func rewind() throws
}

/// Why a bundle could not be opened for checking.
enum BagStorageFailure: Error {
    /// Nothing was judged: the path names no bundle, or it could not be read here.
    case couldNotCheck(String)
    /// A tar archive that breaks the archive rules: the bundle fails.
    case refusedArchive(String)
}

enum BagStorages {
    /// Opens the bundle at `path`: a directory, or a regular file read as a tar archive. A
    /// symlink in its place is refused, never followed; a FIFO never blocks.
    static func open(_ path: String) throws(BagStorageFailure) -> any BagStorage {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw .couldNotCheck("\(path): cannot be read (\(String(cString: strerror(errno))))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return DirectoryBag(root: path)
        case S_IFLNK: throw .couldNotCheck("\(path): is a symbolic link; give the bundle itself")
        case S_IFREG: return try TarBag.open(path)
        default: throw .couldNotCheck("\(path): is neither a bundle directory nor a tar archive")
        }
    }

    /// ``open(_:)`` for a caller that is not verifying: a failure as a `BundleError`.
    /// - Throws: `.couldNotVerify` (exit 2) or, for an archive that breaks the rules, `.malformedFile`.
    static func reading(_ path: String) throws -> any BagStorage {
        do { return try open(path) } catch {
            switch error {
            case .couldNotCheck(let reason): throw BundleError.couldNotVerify(path, reason: reason, hint: nil)
            case .refusedArchive(let reason): throw BundleError.malformedFile("\(path): \(reason)")
            }
        }
    }
}

/// A bag as a directory of files.
struct DirectoryBag: BagStorage {
    let root: String

    var path: String { root }

    func entries() throws -> [BundleIO.Entry] { try BundleIO.walk(root) }

    func readSmallFile(_ relative: String, limit: Int) throws -> [UInt8] {
        try BundleIO.readSmallFile(displayPath(relative), limit: limit)
    }

    func openFile(_ relative: String) throws -> any BagFileReader {
        DirectoryFileReader(try BundleIO.openRegular(displayPath(relative)))
    }

    func openPositional(_ relative: String) throws -> any PositionalSource {
        try HeldFile(try BundleIO.openRegular(displayPath(relative)))
    }

    func displayPath(_ relative: String) -> String { root + "/" + relative }
}

/// A file of a bag directory, opened without following a link.
final class DirectoryFileReader: BagFileReader {
    private let stream: FileStream

    init(_ stream: FileStream) { self.stream = stream }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { try stream.read(into: buffer) }

    func rewind() throws {
        guard lseek(stream.descriptor, 0, SEEK_SET) == 0 else { throw BundleIO.failure(stream.path, "seek") }
    }
}
