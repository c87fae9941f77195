extension CanonicalJSON {
    /// The RFC 8785 bytes of `value`: no whitespace, object members sorted by the UTF-16 code
    /// units of their names, strings escaped as ECMAScript's `JSON.stringify` does, UTF-8 out.
    /// - Throws: `CanonicalJSON.Error` for an integer outside ±(2⁵³−1) (outside the supported subset).
    public static func serialize(_ value: Value) throws(CanonicalJSON.Error) -> [UInt8] {
        var out: [UInt8] = []
        try write(value, to: &out)
        return out
    }

    private static func write(_ value: Value, to out: inout [UInt8]) throws(CanonicalJSON.Error) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .integer(let number):
            guard number >= -maximumSafeInteger, number <= maximumSafeInteger else {
                throw CanonicalJSON.Error(offset: nil, reason: "the integer \(number) is outside ±(2^53-1)")
            }
            out += Array(String(number).utf8)
        case .string(let text): writeString(text, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try write(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let names = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            for (index, name) in names.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(name, to: &out)
                out.append(UInt8(ascii: ":"))
                try write(members[name]!, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// ECMAScript's QuoteJSONString: the two-character escapes for `"`, `\`, BS, HT, LF, FF and
    /// CR, `\u00xx` (lower-case) for other controls, every other character as itself.
    private static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [0x5C, UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0..<0x20:
                out += Array("\\u00".utf8) + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
