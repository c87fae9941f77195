/// The XML declaration at the start of a document (`<?xml version="1.0" encoding="UTF-8"?>`),
/// read by its grammar in XML 1.0 §2.8 so the encoding it names is known before libxml2 runs.
struct XMLDeclaration {
    /// The declaration handed to libxml2 in place of the file's own.
    static let utf8 = #"<?xml version="1.0" encoding="UTF-8"?>"#
    /// The longest encoding name quoted back in an error; longer ones are described, not quoted.
    static let maximumQuotedEncodingLength = 40

    let version: String
    /// Upper-cased, as encoding names compare case-insensitively.
    let encoding: String?
    /// The offset just past `?>`.
    let end: Int
    /// LF (or lone CR) inside the declaration.
    let lineBreaks: Int

    /// Reads the declaration at the start of `bytes`.
    /// - Returns: nil when the document does not start with `<?xml` and white space.
    /// - Throws: `TranscriptError` (line 1) when the declaration breaks its grammar.
    init?(_ bytes: [UInt8]) throws(TranscriptError) {
        let start = Array("<?xml".utf8)
        guard bytes.starts(with: start), bytes.count > start.count, Self.isSpace(bytes[start.count]) else {
            return nil
        }
        var reader = Reader(bytes: bytes, offset: start.count)
        var attributes: [(name: String, value: String)] = []
        while true {
            let spaced = reader.skipSpaces()
            if reader.take("?>") { break }
            guard spaced, let name = reader.name(), reader.equals(), let value = reader.quoted() else {
                throw EAFInput.error(1, "the XML declaration is malformed")
            }
            attributes.append((name, value))
        }
        let names = attributes.map(\.name)
        guard names.first == "version", names == ["version", "encoding", "standalone"].filter(names.contains),
            Set(names).count == names.count
        else {
            throw EAFInput.error(1, "the XML declaration must be version, then optionally encoding and standalone")
        }
        version = attributes[0].value
        encoding = attributes.first { $0.name == "encoding" }?.value.uppercased()
        end = reader.offset
        lineBreaks =
            bytes[..<end].indices.filter {
                bytes[$0] == 0x0A || (bytes[$0] == 0x0D && bytes[$0 + 1] != 0x0A)
            }.count
    }

    /// Whether the declared encoding is the one the bytes were read in.
    /// - Throws: `TranscriptError` naming the declared encoding when Vitni does not read it.
    func check(against actual: EAFInput.Encoding) throws(TranscriptError) {
        guard version == "1.0" || version == "1.1" else {
            throw EAFInput.error(1, "the XML declaration names a version other than 1.0 or 1.1")
        }
        guard let encoding else { return }
        switch actual {
        case .utf8 where encoding == "UTF-8": return
        case .utf16(let bigEndian) where encoding == "UTF-16" || encoding == (bigEndian ? "UTF-16BE" : "UTF-16LE"):
            return
        case .utf8 where encoding.hasPrefix("UTF-16"):
            throw EAFInput.error(1, "the XML declaration says UTF-16 but the file has no UTF-16 byte order mark")
        default:
            let named =
                encoding.utf8.count <= Self.maximumQuotedEncodingLength && encoding.utf8.allSatisfy(Self.isNameByte)
                ? "'\(encoding)'" : "an encoding"
            throw EAFInput.error(
                1,
                "the XML declaration names \(named); EAF is read only as UTF-8, or UTF-16 with a byte order mark "
                    + "(convert the file to UTF-8)")
        }
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// `[A-Za-z0-9._-]`: the bytes of an encoding name (XML 1.0 EncName).
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// A cursor over the declaration's bytes.
    private struct Reader {
        let bytes: [UInt8]
        var offset: Int

        /// Skips white space; whether there was any.
        mutating func skipSpaces() -> Bool {
            let start = offset
            while offset < bytes.count, XMLDeclaration.isSpace(bytes[offset]) { offset += 1 }
            return offset > start
        }

        mutating func take(_ literal: String) -> Bool {
            let expected = Array(literal.utf8)
            guard bytes[offset...].starts(with: expected) else { return false }
            offset += expected.count
            return true
        }

        mutating func name() -> String? {
            let start = offset
            while offset < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[offset]) { offset += 1 }
            return offset > start ? String(decoding: bytes[start..<offset], as: UTF8.self) : nil
        }

        mutating func equals() -> Bool {
            _ = skipSpaces()
            guard take("=") else { return false }
            _ = skipSpaces()
            return true
        }

        mutating func quoted() -> String? {
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") || bytes[offset] == UInt8(ascii: "'")
            else { return nil }
            let quote = bytes[offset]
            let start = offset + 1
            guard let close = bytes[start...].prefix(XMLDeclaration.maximumValueLength).firstIndex(of: quote) else {
                return nil
            }
            offset = close + 1
            return String(decoding: bytes[start..<close], as: UTF8.self)
        }
    }

    /// The longest pseudo-attribute value read; real ones are a few bytes.
    static let maximumValueLength = 256
}
