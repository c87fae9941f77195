extension CanonicalJSON {
    /// How much a parse may consume: hostile input is bounded in size and nesting (deep nesting
    /// would otherwise exhaust the stack of a recursive reader).
    public struct Limits: Sendable {
        public var maximumBytes: Int
        public var maximumDepth: Int

        public init(maximumBytes: Int = 1 << 20, maximumDepth: Int = 32) {
            self.maximumBytes = maximumBytes
            self.maximumDepth = maximumDepth
        }
    }

    /// Parses one JSON text (RFC 8259) strictly: valid UTF-8, no duplicate member names, no lone
    /// surrogate escapes, no trailing data, integers within ±(2⁵³−1) only (see ``CanonicalJSON``).
    /// Whitespace between tokens is accepted; whether the text is canonical is the caller's
    /// question (compare with ``serialize(_:)``).
    /// - Throws: `CanonicalJSON.Error` with the byte offset and the rule broken.
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(CanonicalJSON.Error) -> Value {
        guard bytes.count <= limits.maximumBytes else {
            throw CanonicalJSON.Error(offset: nil, reason: "is larger than \(limits.maximumBytes) bytes")
        }
        var parser = Parser(bytes: bytes, maximumDepth: limits.maximumDepth)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.offset == bytes.count else { throw parser.failure("has data after the JSON value") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        let maximumDepth: Int
        var offset = 0

        init(bytes: [UInt8], maximumDepth: Int) {
            self.bytes = bytes
            self.maximumDepth = maximumDepth
        }

        func failure(_ reason: String) -> CanonicalJSON.Error { CanonicalJSON.Error(offset: offset, reason: reason) }

        var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { offset += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(CanonicalJSON.Error) {
            guard current == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
            offset += 1
        }

        mutating func value(depth: Int) throws(CanonicalJSON.Error) -> Value {
            guard depth <= maximumDepth else { throw failure("nests deeper than \(maximumDepth) levels") }
            guard let byte = current else { throw failure("ends where a value was expected") }
            switch byte {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try integer())
            default: throw failure("has an unexpected character where a value was expected")
            }
        }

        mutating func literal(_ word: String) throws(CanonicalJSON.Error) {
            let expected = Array(word.utf8)
            guard bytes.count - offset >= expected.count,
                bytes[offset..<(offset + expected.count)].elementsEqual(expected)
            else { throw failure("has an invalid literal (expected \(word))") }
            offset += expected.count
        }

        mutating func object(depth: Int) throws(CanonicalJSON.Error) -> Value {
            offset += 1
            var members: [String: Value] = [:]
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                offset += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw failure("expected a member name") }
                let nameOffset = offset
                let name = try string()
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                let member = try value(depth: depth + 1)
                guard members.updateValue(member, forKey: name) == nil else {
                    throw CanonicalJSON.Error(offset: nameOffset, reason: "has a duplicate member name")
                }
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                try expect(UInt8(ascii: "}"))
                return .object(members)
            }
        }

        mutating func array(depth: Int) throws(CanonicalJSON.Error) -> Value {
            offset += 1
            var items: [Value] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                offset += 1
                return .array(items)
            }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                try expect(UInt8(ascii: "]"))
                return .array(items)
            }
        }

        mutating func integer() throws(CanonicalJSON.Error) -> Int64 {
            let start = offset
            if current == UInt8(ascii: "-") { offset += 1 }
            let digitsStart = offset
            while let byte = current, byte >= 0x30, byte <= 0x39 { offset += 1 }
            let digits = offset - digitsStart
            guard digits > 0 else { throw failure("has a number without digits") }
            guard digits == 1 || bytes[digitsStart] != UInt8(ascii: "0") else {
                throw failure("has a number with a leading zero")
            }
            if let byte = current, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                throw failure("has a fraction or exponent (only integers are supported)")
            }
            guard digits <= 16, let number = Int64(String(decoding: bytes[start..<offset], as: UTF8.self)),
                abs(number) <= CanonicalJSON.maximumSafeInteger
            else { throw CanonicalJSON.Error(offset: start, reason: "has an integer outside ±(2^53-1)") }
            return number
        }

        mutating func string() throws(CanonicalJSON.Error) -> String {
            offset += 1
            var out: [UInt8] = []
            while true {
                guard let byte = current else { throw failure("has an unterminated string") }
                switch byte {
                case UInt8(ascii: "\""):
                    offset += 1
                    guard let text = String(validating: out, as: UTF8.self) else {
                        throw failure("has a string that is not valid UTF-8")
                    }
                    return text
                case UInt8(ascii: "\\"):
                    offset += 1
                    try escape(into: &out)
                case 0..<0x20: throw failure("has a control character inside a string")
                default:
                    out.append(byte)
                    offset += 1
                }
            }
        }

        mutating func escape(into out: inout [UInt8]) throws(CanonicalJSON.Error) {
            guard let byte = current else { throw failure("has an unterminated escape") }
            offset += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(try hex4())
                if (0xD800..<0xDC00).contains(scalar) {
                    guard current == UInt8(ascii: "\\"), offset + 1 < bytes.count,
                        bytes[offset + 1] == UInt8(ascii: "u")
                    else { throw failure("has a lone surrogate escape") }
                    offset += 2
                    let low = UInt32(try hex4())
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("has a lone surrogate escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw failure("has a lone surrogate escape")
                }
                out += Array(String(Character(Unicode.Scalar(scalar)!)).utf8)
            default: throw failure("has an invalid escape")
            }
        }

        mutating func hex4() throws(CanonicalJSON.Error) -> UInt16 {
            guard bytes.count - offset >= 4 else { throw failure("has a truncated \\u escape") }
            var value: UInt16 = 0
            for _ in 0..<4 {
                let byte = bytes[offset]
                let nibble: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - 0x30
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - 0x61 + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - 0x41 + 10
                default: throw failure("has an invalid \\u escape")
                }
                value = value << 4 | UInt16(nibble)
                offset += 1
            }
            return value
        }
    }
}
