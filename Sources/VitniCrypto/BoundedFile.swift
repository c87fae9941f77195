import Foundation

/// Small files read whole, never without bound: keys, signatures, trust entries, protocols,
/// transcripts and a bundle's tag files. One place opens, checks and reads them, so every caller
/// gets the same limits, the same refusal of odd files and the same `EINTR` handling.
public enum BoundedFile {
    /// What the reader demands of the file before it reads a byte of it.
    public struct Requirements: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// Refuses a symlink at the last component (a bundle's contents are hostile).
        public static let noSymlink = Requirements(rawValue: 1 << 0)
        /// Refuses a directory, FIFO or device. Every file is opened non-blocking, so a FIFO cannot
        /// hang the reader before it is refused (or, without this, before it is read).
        public static let regularFile = Requirements(rawValue: 1 << 1)
    }

    /// Reads `path` whole, refusing one larger than `limit` bytes.
    /// - Throws: `BoundedFile.Failure` naming the file and the operation that failed.
    public static func read(path: String, limit: Int, requiring: Requirements = []) throws(Failure) -> [UInt8] {
        let bytes = try readPrefix(path: path, count: limit + 1, requiring: requiring)
        guard bytes.count <= limit else { throw Failure(path: path, reason: .tooLarge(limit: limit)) }
        return bytes
    }

    /// Reads at most `count` bytes of `path`: for a parser that reports an oversize file itself
    /// (given one byte past its cap) without the whole file ever being loaded.
    /// - Throws: `BoundedFile.Failure` naming the file and the operation that failed.
    public static func readPrefix(path: String, count: Int, requiring: Requirements = []) throws(Failure) -> [UInt8] {
        // Always non-blocking to open: opening a FIFO for reading otherwise waits for a writer,
        // forever if none comes, before any check could refuse it.
        var flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK
        if requiring.contains(.noSymlink) { flags |= O_NOFOLLOW }
        let fd = open(path, flags)
        guard fd >= 0 else { throw Failure(path: path, reason: .io(operation: "open", code: errno)) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw Failure(path: path, reason: .io(operation: "stat", code: errno)) }
        if status.st_mode & S_IFMT != S_IFREG {
            guard !requiring.contains(.regularFile) else { throw Failure(path: path, reason: .notRegularFile) }
            // A pipe or device the caller accepts is read with blocking semantics, as before; a
            // FIFO without a writer now reads as empty instead of hanging in open.
            let current = fcntl(fd, F_GETFL)
            guard current >= 0, fcntl(fd, F_SETFL, current & ~O_NONBLOCK) == 0 else {
                throw Failure(path: path, reason: .io(operation: "fcntl", code: errno))
            }
        }
        // Grow with what is actually there, never past `count`: a buffer of the cap's size cost
        // verification ~90 MiB of page faults per bundle.
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: max(1, min(count, 64 * 1024)))
        while bytes.count < count {
            let wanted = min(chunk.count, count - bytes.count)
            let n = retryingOnEINTR { chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, wanted) } }
            guard n >= 0 else { throw Failure(path: path, reason: .io(operation: "read", code: errno)) }
            if n == 0 { break }
            bytes += chunk[..<n]
        }
        return bytes
    }
}
