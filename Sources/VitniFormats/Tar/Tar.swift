/// POSIX tar as a bundle archive uses it: 512-byte ustar headers, pax `x` records for long paths
/// and large sizes, GNU `L` long names. This is the grammar of headers and pax records and the
/// index of an archive over a random-access ``Input``; opening and reading files is VitniKit's job.
///
/// Read as hostile input: an archive is accepted only if extracting it could not do anything but
/// create plain files and directories under one top directory, each exactly once, with every
/// byte of it accounted for (no data past the end, no trailing garbage, no hidden padding).
public enum Tar {
    public static let blockSize = 512

    /// Why an archive is refused, and at which byte offset of the archive.
    public struct FormatError: Error, Equatable, Sendable {
        public enum Kind: Sendable, Equatable {
            /// The file is not a tar archive at all (the first block is no ustar header).
            case notAnArchive
            /// The file is a compressed stream (`gzip`, `xz`, …), not the archive itself.
            case compressed(String)
            /// A tar archive that breaks a rule (a link, a duplicate, a bad checksum, …).
            case refused
        }

        public let kind: Kind
        public let offset: UInt64?
        public let reason: String

        public init(_ kind: Kind = .refused, offset: UInt64?, _ reason: String) {
            self.kind = kind
            self.offset = offset
            self.reason = reason
        }
    }

    /// Random-access bytes of an archive: a file read with `pread`, or memory.
    public protocol Input {
        /// The archive's length in bytes.
        var size: UInt64 { get }
        /// Reads up to `buffer.count` bytes at `offset`; fewer only at the end of the input.
        func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    }

    /// An archive held in memory (tests and fuzzing).
    public struct MemoryInput: Input {
        public let bytes: [UInt8]

        public init(_ bytes: [UInt8]) { self.bytes = bytes }

        public var size: UInt64 { UInt64(bytes.count) }

        public func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            guard offset < size else { return 0 }
            let start = Int(offset)
            let count = min(buffer.count, bytes.count - start)
            bytes.withUnsafeBytes {
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[start..<(start + count)]))
            }
            return count
        }
    }

    /// Bytes rounded up to whole blocks.
    static func padded(_ size: UInt64) -> UInt64 {
        let remainder = size % UInt64(blockSize)
        return remainder == 0 ? size : size + UInt64(blockSize) - remainder
    }
}

extension Tar.Input {
    /// Reads exactly `count` bytes at `offset`.
    /// - Throws: `Tar.FormatError` when the input ends first, or what the input throws.
    func bytes(at offset: UInt64, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = try bytes.withUnsafeMutableBytes { raw in
                try read(at: offset + UInt64(filled), into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
            }
            guard n > 0 else { throw Tar.FormatError(offset: offset, "the archive ends in the middle of an entry") }
            filled += n
        }
        return bytes
    }
}
