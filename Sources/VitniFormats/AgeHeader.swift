/// The age v1 file format (C2SP age.md), the part that is pure text: header grammar, stanzas and
/// ASCII armor. The cryptography lives in VitniCrypto, which extends this namespace.
public enum Age {
    public static let versionLine = Array("age-encryption.org/v1".utf8)
    /// Plaintext bytes per STREAM chunk.
    public static let chunkSize = 64 * 1024
    /// Header size Vitni will read before giving up; real headers are a few hundred bytes.
    public static let maximumHeaderSize = 1 << 20
}

extension Age {
    /// A recipient stanza: `-> type args…` followed by a base64 body.
    public struct Stanza: Equatable, Sendable {
        public var type: String
        public var arguments: [String]
        public var body: [UInt8]

        public init(type: String, arguments: [String], body: [UInt8]) {
            self.type = type
            self.arguments = arguments
            self.body = body
        }

        /// The stanza's canonical text: body wrapped at 64 columns, ending in a short (maybe empty) line.
        public var encoded: [UInt8] {
            var out = Array("-> ".utf8) + Array(([type] + arguments).joined(separator: " ").utf8) + [0x0A]
            let text = Array(Base64.encode(body, padded: false).utf8)
            var offset = 0
            while offset + 64 <= text.count {
                out += text[offset..<(offset + 64)] + [0x0A]
                offset += 64
            }
            out += text[offset...] + [0x0A]
            return out
        }
    }

    /// A parsed header: the stanzas, the MAC, and the bytes the MAC covers.
    public struct Header: Sendable {
        public var stanzas: [Stanza]
        public var mac: [UInt8]
        /// Everything from the version line up to and including `---`: the HMAC input.
        public var authenticatedBytes: [UInt8]

        /// The header text without its MAC, for the encryptor to authenticate.
        public static func authenticatedBytes(for stanzas: [Stanza]) -> [UInt8] {
            var out = versionLine + [0x0A]
            for stanza in stanzas { out += stanza.encoded }
            return out + Array("---".utf8)
        }

        /// The full header as written: authenticated bytes, a space, the MAC, a newline.
        public static func encode(stanzas: [Stanza], mac: [UInt8]) -> [UInt8] {
            authenticatedBytes(for: stanzas) + [0x20] + Array(Base64.encode(mac, padded: false).utf8) + [0x0A]
        }

        /// Parses a header at the start of `bytes`.
        /// - Parameter isComplete: whether `bytes` holds all the input there is.
        /// - Returns: the header and its length in bytes, or nil if more input is needed.
        /// - Throws: `Age.FormatError` naming the rule the header breaks.
        public static func parse(_ bytes: [UInt8], isComplete: Bool) throws(FormatError) -> (Header, Int)? {
            var reader = LineReader(bytes: bytes)
            guard let version = reader.nextLine() else {
                return try needMore(isComplete, bytes.isEmpty ? "is missing: the file is empty" : "is truncated")
            }
            guard version.elementsEqual(versionLine) else {
                throw FormatError(
                    version.starts(with: Array("age-encryption.org/".utf8))
                        ? "has an unsupported version" : "does not start with the age version line")
            }
            var stanzas: [Stanza] = []
            while true {
                guard let line = reader.nextLine() else { return try needMore(isComplete, "is truncated") }
                if line.starts(with: Array("---".utf8)) {
                    let macStart = line.startIndex + 4
                    guard line.count == 4 + 43, line[line.startIndex + 3] == 0x20,
                        let mac = Base64.decode(bytes: line[macStart...], padded: false), mac.count == 32
                    else { throw FormatError("MAC line is malformed") }
                    let authenticated = Array(bytes[..<(line.startIndex + 3)])
                    return (Header(stanzas: stanzas, mac: mac, authenticatedBytes: authenticated), reader.offset)
                }
                guard line.starts(with: Array("-> ".utf8)) else {
                    throw FormatError("has a line that is neither a stanza nor the MAC")
                }
                let fields = line.dropFirst(3).split(separator: 0x20, omittingEmptySubsequences: false)
                guard !fields.isEmpty, fields.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isVisibleASCII) }) else {
                    throw FormatError("has a stanza with an empty or invalid argument")
                }
                var body: [UInt8] = []
                while true {
                    guard let bodyLine = reader.nextLine() else { return try needMore(isComplete, "is truncated") }
                    guard bodyLine.count <= 64, let decoded = Base64.decode(bytes: bodyLine, padded: false) else {
                        throw FormatError("has a stanza body line that is too long or not canonical base64")
                    }
                    body += decoded
                    if bodyLine.count < 64 { break }
                }
                let text = fields.map { String(decoding: $0, as: UTF8.self) }
                stanzas.append(Stanza(type: text[0], arguments: Array(text.dropFirst()), body: body))
            }
        }

        private static func needMore(_ isComplete: Bool, _ reason: String) throws(FormatError) -> (Header, Int)? {
            if isComplete { throw FormatError(reason) }
            return nil
        }

        private static func isVisibleASCII(_ byte: UInt8) -> Bool { byte >= 33 && byte <= 126 }
    }

    /// A rule of the age format the input breaks; the text completes "header …".
    public struct FormatError: Error, Equatable, Sendable {
        public let reason: String
        public init(_ reason: String) { self.reason = reason }
    }
}

/// Splits bytes at LF without copying; a line without its LF is not returned.
struct LineReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func nextLine() -> ArraySlice<UInt8>? {
        guard let end = bytes[offset...].firstIndex(of: 0x0A) else { return nil }
        let line = bytes[offset..<end]
        offset = end + 1
        return line
    }
}
