extension Tar {
    /// The pax extended-header records a reader acts on: `path` and `size` for the next entry.
    /// Other keywords (times, owners, extended attributes) are not bag content and are passed
    /// over, except those that would make an entry something else (sparse files, binary names).
    public struct PaxRecords: Equatable, Sendable {
        public var path: [UInt8]?
        public var size: UInt64?

        /// The most bytes of pax records a header may carry (real ones are a few hundred).
        public static let maximumSize: UInt64 = 256 << 10

        /// Parses the records `<length> <keyword>=<value>\n`, strictly: each length exact, each
        /// record ending in LF, no keyword twice.
        /// - Parameter global: records of a `g` header, which may not set a path or size (they
        ///   would apply to every later entry).
        public static func parse(_ bytes: [UInt8], at offset: UInt64, global: Bool) throws(Tar.FormatError)
            -> PaxRecords
        {
            func refuse(_ reason: String) -> Tar.FormatError {
                Tar.FormatError(offset: offset, "pax header: " + reason)
            }
            var records = PaxRecords()
            var seen: Set<[UInt8]> = []
            var index = 0
            while index < bytes.count {
                let digits = bytes[index...].prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
                guard (1...7).contains(digits.count), digits.first != UInt8(ascii: "0"),
                    let length = Int(String(decoding: digits, as: UTF8.self)),
                    index + digits.count < bytes.count, bytes[index + digits.count] == 0x20,
                    length > digits.count + 3, index + length <= bytes.count, bytes[index + length - 1] == 0x0A
                else { throw refuse("a record's length is malformed or runs past the header") }
                let record = bytes[(index + digits.count + 1)..<(index + length - 1)]
                guard let equals = record.firstIndex(of: UInt8(ascii: "=")), equals > record.startIndex else {
                    throw refuse("a record has no keyword")
                }
                let keyword = Array(record[..<equals])
                let value = Array(record[(equals + 1)...])
                guard seen.insert(keyword).inserted else { throw refuse("a keyword appears twice") }
                try records.apply(keyword, value, global: global, refuse)
                index += length
            }
            return records
        }

        private mutating func apply(
            _ keyword: [UInt8], _ value: [UInt8], global: Bool, _ refuse: (String) -> Tar.FormatError
        ) throws(Tar.FormatError) {
            let name = String(decoding: keyword, as: UTF8.self)
            switch name {
            case "path":
                guard !global else { throw refuse("a global header sets a path for every later entry") }
                guard !value.isEmpty, !value.contains(0) else { throw refuse("an empty path, or one holding NUL") }
                path = value
            case "size":
                guard !global else { throw refuse("a global header sets a size for every later entry") }
                guard (1...20).contains(value.count),
                    value.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                    let number = UInt64(String(decoding: value, as: UTF8.self))
                else { throw refuse("a size that is not a decimal number") }
                size = number
            case "hdrcharset":
                guard value.elementsEqual("ISO-IR 10646 2000 UTF-8".utf8) else {
                    throw refuse("names in a character set other than UTF-8")
                }
            default:
                if name.hasPrefix("GNU.sparse.") { throw refuse("a sparse file (\(name)); sparse files are refused") }
            }
        }
    }
}
