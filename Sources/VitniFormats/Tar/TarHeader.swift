extension Tar {
    /// One 512-byte header block, as far as a reader needs it: the name, the size, the type.
    /// Mode, owner and times are not bag content and are not read.
    public struct Header: Equatable, Sendable {
        public enum Kind: Equatable, Sendable {
            case file, directory, hardLink, symbolicLink, characterDevice, blockDevice, fifo
            /// `x`: pax records for the next entry; `g`: pax records for every later entry.
            case paxExtended, paxGlobal
            /// `L`: the next entry's name; `K`: the next entry's link target.
            case gnuLongName, gnuLongLink
            /// `S`: a GNU sparse file.
            case gnuSparse
            case other(UInt8)
        }

        /// `prefix/name` of a POSIX header, `name` of a GNU one (whose prefix bytes hold times).
        public let name: [UInt8]
        public let size: UInt64
        public let kind: Kind

        static let magicPOSIX: [UInt8] = Array("ustar\u{0}00".utf8)
        static let magicGNU: [UInt8] = Array("ustar  \u{0}".utf8)

        /// Parses one block.
        /// - Returns: nil for an all-zero block (the end of the archive).
        /// - Throws: `Tar.FormatError` for a block that is not a ustar or GNU header, or whose
        ///   checksum or size field is malformed.
        public static func parse(_ block: [UInt8], at offset: UInt64) throws(Tar.FormatError) -> Header? {
            guard block.count == Tar.blockSize else {
                throw Tar.FormatError(offset: offset, "a header is not 512 bytes")
            }
            if block.allSatisfy({ $0 == 0 }) { return nil }
            let magic = Array(block[257..<265])
            let isPOSIX = magic == magicPOSIX
            guard isPOSIX || magic == magicGNU else {
                throw Tar.FormatError(
                    offset: offset, "a header without the ustar magic (not a POSIX or GNU tar header)")
            }
            guard let stored = octal(block[148..<156]),
                stored == unsignedChecksum(block) || stored == signedChecksum(block)
            else { throw Tar.FormatError(offset: offset, "a header's checksum does not match (damaged or altered)") }
            guard let size = number(block[124..<136]) else {
                throw Tar.FormatError(offset: offset, "a header's size field is not a valid number")
            }
            var name = Array(block[0..<100].prefix { $0 != 0 })
            if isPOSIX {
                let prefix = block[345..<500].prefix { $0 != 0 }
                if !prefix.isEmpty { name = Array(prefix) + [UInt8(ascii: "/")] + name }
            }
            return Header(name: name, size: size, kind: kind(block[156]))
        }

        static func kind(_ flag: UInt8) -> Kind {
            switch flag {
            case 0, UInt8(ascii: "0"): .file
            case UInt8(ascii: "1"): .hardLink
            case UInt8(ascii: "2"): .symbolicLink
            case UInt8(ascii: "3"): .characterDevice
            case UInt8(ascii: "4"): .blockDevice
            case UInt8(ascii: "5"): .directory
            case UInt8(ascii: "6"): .fifo
            case UInt8(ascii: "x"): .paxExtended
            case UInt8(ascii: "g"): .paxGlobal
            case UInt8(ascii: "L"): .gnuLongName
            case UInt8(ascii: "K"): .gnuLongLink
            case UInt8(ascii: "S"): .gnuSparse
            default: .other(flag)
            }
        }

        /// The sum of the block's bytes with the checksum field taken as eight spaces.
        static func unsignedChecksum(_ block: [UInt8]) -> UInt64 {
            var sum: UInt64 = 0
            for (index, byte) in block.enumerated() { sum += (148..<156).contains(index) ? 0x20 : UInt64(byte) }
            return sum
        }

        /// The same with bytes taken as signed, as some old writers computed it.
        static func signedChecksum(_ block: [UInt8]) -> UInt64 {
            var sum: Int64 = 0
            for (index, byte) in block.enumerated() {
                sum += (148..<156).contains(index) ? 0x20 : Int64(Int8(bitPattern: byte))
            }
            return UInt64(bitPattern: sum)
        }

        /// A numeric field: octal digits (leading spaces, then NUL or space to the end; empty is
        /// 0), or GNU's base-256 for values too large for octal (positive only).
        static func number(_ field: ArraySlice<UInt8>) -> UInt64? {
            guard let first = field.first else { return nil }
            guard first & 0x80 != 0 else { return octal(field) }
            guard first == 0x80 else { return nil }
            var value: UInt64 = 0
            for byte in field.dropFirst() {
                guard value >> 56 == 0 else { return nil }
                value = value << 8 | UInt64(byte)
            }
            return value
        }

        static func octal(_ field: ArraySlice<UInt8>) -> UInt64? {
            var rest = field.drop { $0 == 0x20 }
            var value: UInt64 = 0
            while let byte = rest.first, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte) {
                guard value >> 60 == 0 else { return nil }
                value = value << 3 | UInt64(byte - UInt8(ascii: "0"))
                rest = rest.dropFirst()
            }
            return rest.allSatisfy({ $0 == 0 || $0 == 0x20 }) ? value : nil
        }

        /// A plain ustar header block as Vitni writes it: mode 0644 (0755 for a directory,
        /// whose name ends in `/`), owner 0, zero-padded octal ending in NUL, no link, no owner
        /// names. A path longer than 100 bytes is split at a `/` into prefix and name.
        /// - Returns: nil when the path does not fit (longer than 255 bytes, or no split fits).
        public static func render(path: String, size: UInt64, directory: Bool, modificationTime: Int64) -> [UInt8]? {
            var name = Array(path.utf8) + (directory ? [UInt8(ascii: "/")] : [])
            var prefix: [UInt8] = []
            if name.count > 100 {
                let slashes = name.indices.filter { name[$0] == UInt8(ascii: "/") && $0 < name.count - 1 }
                guard let split = slashes.first(where: { $0 <= 155 && name.count - $0 - 1 <= 100 }) else { return nil }
                prefix = Array(name[..<split])
                name = Array(name[(split + 1)...])
            }
            guard size <= maximumOctalSize, modificationTime >= 0 else { return nil }
            var block = [UInt8](repeating: 0, count: Tar.blockSize)
            func put(_ bytes: [UInt8], at start: Int) {
                block.replaceSubrange(start..<(start + bytes.count), with: bytes)
            }
            func octal(_ value: UInt64, width: Int) -> [UInt8] {
                let digits = String(value, radix: 8)
                return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
            }
            put(name, at: 0)
            put(octal(directory ? 0o755 : 0o644, width: 8), at: 100)
            put(octal(0, width: 8), at: 108)
            put(octal(0, width: 8), at: 116)
            put(octal(size, width: 12), at: 124)
            put(octal(UInt64(modificationTime), width: 12), at: 136)
            put([UInt8](repeating: 0x20, count: 8), at: 148)
            block[156] = directory ? UInt8(ascii: "5") : UInt8(ascii: "0")
            put(magicPOSIX, at: 257)
            put(prefix, at: 345)
            put(octal(unsignedChecksum(block), width: 7) + [0x20], at: 148)
            return block
        }

        /// ustar's 11 octal digits of size: one byte short of 8 GiB.
        public static let maximumOctalSize: UInt64 = 0o77777777777
    }
}
