extension Tar {
    /// A regular file or directory of the archive, by its path under the top directory.
    public struct Member: Equatable, Sendable {
        /// Relative to the top directory, `/`-separated, without a trailing `/`.
        public let path: String
        public let isDirectory: Bool
        /// The data's length and where it starts.
        public let size: UInt64
        public let dataOffset: UInt64
        /// Where the member's first header starts (an extended header, if it has one) and where
        /// its padded data ends: the bytes to copy to keep the member exactly as it is.
        public let headerOffset: UInt64
        public let end: UInt64
    }

    /// Everything a reader needs of an archive, built by reading its headers only (data is
    /// skipped by offset, never read, apart from each member's last partial block's padding).
    public struct Index: Equatable, Sendable {
        /// The top directory's name: the bag.
        public let root: String
        /// The members under it, in archive order (the top directory's own entry excluded).
        public let members: [Member]
        /// Every directory under the top one, whether the archive lists it or only paths in it.
        public let directories: Set<String>
        /// Where the end-of-archive blocks start: what follows the last member.
        public let end: UInt64

        public func member(_ path: String) -> Member? { byPath[path].map { members[$0] } }

        private let byPath: [String: Int]

        init(root: String, members: [Member], directories: Set<String>, end: UInt64) {
            self.root = root
            self.members = members
            self.directories = directories
            self.end = end
            byPath = Dictionary(members.enumerated().map { ($1.path, $0) }) { first, _ in first }
        }
    }

    /// How much an index may hold before the archive is refused as built to exhaust a reader.
    public struct Limits: Sendable {
        public var entries: Int
        public var headers: Int

        public init(entries: Int = 100_000, headers: Int = 250_000) {
            self.entries = entries
            self.headers = headers
        }
    }

    /// Indexes `input`.
    /// - Throws: `Tar.FormatError` (`.notAnArchive`, `.compressed`, or `.refused` with the rule
    ///   broken and where), or what `input` throws when it cannot be read.
    public static func index(_ input: some Input, limits: Limits = Limits()) throws -> Index {
        var builder = IndexBuilder(limits: limits)
        var offset: UInt64 = 0
        var pending = Pending()
        var headers = 0
        while true {
            guard input.size >= offset + UInt64(blockSize) else {
                if offset == 0 { throw FormatError(.notAnArchive, offset: 0, "it is shorter than one tar header") }
                throw FormatError(offset: offset, "the archive ends without its end-of-archive blocks (cut short?)")
            }
            let block = try input.bytes(at: offset, count: blockSize)
            headers += 1
            guard headers <= limits.headers else {
                throw FormatError(offset: offset, "the archive has more than \(limits.headers) headers")
            }
            let header: Header?
            do { header = try Header.parse(block, at: offset) } catch {
                if offset == 0 { throw notAnArchive(block, error) }
                throw error
            }
            guard let header else {
                guard pending.isEmpty else {
                    throw FormatError(offset: offset, "an extended header is followed by no entry")
                }
                try requireZeros(input, from: offset)
                return try builder.finish(end: offset)
            }
            let dataOffset = offset + UInt64(blockSize)
            let isMember = header.kind == .file || header.kind == .directory
            let size = isMember ? pending.records.size ?? header.size : header.size
            // No larger than the file, so rounding up to whole blocks cannot overflow.
            let end = size <= input.size ? dataOffset + padded(size) : UInt64.max
            guard end <= input.size else {
                throw FormatError(offset: offset, "an entry's data runs past the end of the archive (cut short?)")
            }
            try requireZeroPadding(input, from: dataOffset + size, to: end)
            let start = pending.start ?? offset
            switch header.kind {
            case .paxExtended, .paxGlobal, .gnuLongName:
                try pending.take(header, data: input, at: dataOffset, size: size, headerOffset: offset)
            case .directory where size > 0:
                throw FormatError(offset: offset, "a directory entry carries data (hidden bytes)")
            case .file, .directory:
                let raw = pending.records.path ?? pending.longName ?? header.name
                try builder.add(
                    raw, isDirectory: header.kind == .directory, size: size, dataOffset: dataOffset,
                    headerOffset: start, end: end, at: offset)
                pending = Pending()
            default:
                throw FormatError(
                    offset: offset,
                    "\(describe(pending.records.path ?? pending.longName ?? header.name)) \(refusal(header.kind))")
            }
            offset = end
        }
    }

    static func refusal(_ kind: Header.Kind) -> String {
        switch kind {
        case .hardLink: "is a hard link; a bundle archive holds plain files and directories only"
        case .symbolicLink: "is a symbolic link; a bundle archive holds plain files and directories only"
        case .characterDevice, .blockDevice: "is a device; a bundle archive holds plain files and directories only"
        case .fifo: "is a FIFO; a bundle archive holds plain files and directories only"
        case .gnuSparse: "is a sparse file; a bundle archive holds plain files and directories only"
        case .gnuLongLink: "has a link target (GNU K header); links are refused"
        case .other(let flag):
            "has an entry type Vitni does not read (typeflag \(flag >= 0x21 && flag < 0x7F ? "'\(Character(Unicode.Scalar(flag)))'" : "\(flag)"))"
        default: "is not a plain file or directory"
        }
    }

    /// A name for messages: escaped, and cut short.
    static func describe(_ name: [UInt8]) -> String {
        let text = String(decoding: name.prefix(200), as: UTF8.self)
        return (name.count > 200 ? text + "…" : text).debugDescription
    }

    /// Why the first block is not a tar header: a compressed stream says which, anything else is
    /// not an archive at all; a ustar header that is damaged is an archive that fails.
    static func notAnArchive(_ block: [UInt8], _ error: FormatError) -> FormatError {
        let signatures: [(String, [UInt8])] = [
            ("gzip", [0x1F, 0x8B]), ("bzip2", Array("BZh".utf8)), ("xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]),
            ("zstd", [0x28, 0xB5, 0x2F, 0xFD]),
        ]
        if let (name, _) = signatures.first(where: { block.starts(with: $0.1) }) {
            return FormatError(.compressed(name), offset: 0, "it is \(name)-compressed, not a plain tar archive")
        }
        let magic = Array(block[257..<265])
        guard magic == Header.magicPOSIX || magic == Header.magicGNU else {
            return FormatError(.notAnArchive, offset: 0, "it is not a tar archive (no ustar header at its start)")
        }
        return error
    }

    /// After the first zero block nothing but zeros may follow (GNU tar pads to 10 KiB records).
    static func requireZeros(_ input: some Input, from offset: UInt64) throws {
        var position = offset
        let chunk = 64 << 10
        while position < input.size {
            let count = Int(min(UInt64(chunk), input.size - position))
            let bytes = try input.bytes(at: position, count: count)
            if let index = bytes.firstIndex(where: { $0 != 0 }) {
                throw FormatError(
                    offset: position + UInt64(index), "data follows the end-of-archive blocks (hidden or appended)")
            }
            position += UInt64(count)
        }
    }

    /// A member's last block is padded with NUL bytes; anything else there is hidden data.
    static func requireZeroPadding(_ input: some Input, from start: UInt64, to end: UInt64) throws {
        guard start < end else { return }
        guard try input.bytes(at: start, count: Int(end - start)).allSatisfy({ $0 == 0 }) else {
            throw FormatError(offset: start, "an entry's padding holds data (hidden bytes after its end)")
        }
    }

    /// Extended headers read before the entry they describe.
    struct Pending {
        var records = PaxRecords()
        var longName: [UInt8]?
        var start: UInt64?
        var sawExtended = false

        var isEmpty: Bool { start == nil }

        /// The most bytes of a GNU long name (PATH_MAX).
        static let maximumLongName: UInt64 = 4096

        mutating func take(
            _ header: Header, data input: some Input, at offset: UInt64, size: UInt64, headerOffset: UInt64
        ) throws {
            switch header.kind {
            case .gnuLongName:
                guard longName == nil else {
                    throw FormatError(offset: headerOffset, "two GNU long names for one entry")
                }
                guard size <= Self.maximumLongName else {
                    throw FormatError(offset: headerOffset, "a GNU long name longer than \(Self.maximumLongName) bytes")
                }
                let name = try input.bytes(at: offset, count: Int(size))
                let cut = name.prefix { $0 != 0 }
                guard !cut.isEmpty, name[cut.count...].allSatisfy({ $0 == 0 }) else {
                    throw FormatError(offset: headerOffset, "a GNU long name that is empty or holds NUL")
                }
                longName = Array(cut)
            case .paxGlobal, .paxExtended:
                guard size <= PaxRecords.maximumSize else {
                    throw FormatError(offset: headerOffset, "a pax header larger than \(PaxRecords.maximumSize) bytes")
                }
                let bytes = try input.bytes(at: offset, count: Int(size))
                let parsed = try PaxRecords.parse(bytes, at: headerOffset, global: header.kind == .paxGlobal)
                if header.kind == .paxExtended {
                    guard !sawExtended else { throw FormatError(offset: headerOffset, "two pax headers for one entry") }
                    sawExtended = true
                    records = parsed
                }
            default: return
            }
            if header.kind != .paxGlobal { start = start ?? headerOffset }
            if longName != nil, records.path != nil {
                throw FormatError(offset: headerOffset, "both a pax path and a GNU long name for one entry")
            }
        }
    }
}
