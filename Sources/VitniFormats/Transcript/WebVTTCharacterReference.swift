/// Character references in WebVTT cue text, decoded as the WebVTT cue text tokenizer says: by the
/// HTML Standard's rules for character references (all of HTML's named references, numeric ones
/// in decimal and hex).
///
/// HTML matches the longest name in its table, so `&notit;` is `¬it;` (legacy `&not` without a
/// semicolon), and an unknown name stays literal text. A numeric reference may omit its `;`;
/// zero, surrogates and values past U+10FFFF become U+FFFD, and U+0080–U+009F are read as
/// windows-1252, as HTML does. A line feed or tab (`&NewLine;`, `&#10;`) becomes a space, since a
/// Vitni utterance is one line; any other control character is refused, because Vitni's text
/// rules forbid it and dropping it would change the evidence without saying so.
enum WebVTTCharacterReference {
    struct Problem: Error { let reason: String }

    /// The longest name in the table, without its `;`.
    static let longestName = 31

    /// The decoded text of a reference starting at `view[index]` (an `&`) and how many scalars it
    /// used; `("&", 1)` when nothing there is a reference.
    static func decode(_ view: [Unicode.Scalar], at index: Int) throws(Problem) -> (String, Int) {
        let next = index + 1
        guard next < view.count else { return ("&", 1) }
        if view[next] == "#" { return try numeric(view, at: index) }
        var end = next
        while end < view.count, end - next < longestName, isAlphanumeric(view[end]) { end += 1 }
        guard end > next else { return ("&", 1) }
        let run = String(String.UnicodeScalarView(view[next..<end]))
        if end < view.count, view[end] == ";", let value = named[run + ";"] {
            return (try checked(value, view, index, end + 1), end + 1 - index)
        }
        // Only the legacy names (no `;` in the table) can match a prefix of the run.
        var length = run.unicodeScalars.count
        while length > 0 {
            let candidate = String(String.UnicodeScalarView(view[next..<(next + length)]))
            if let value = named[candidate] { return (try checked(value, view, index, next + length), length + 1) }
            length -= 1
        }
        return ("&", 1)
    }

    private static func numeric(_ view: [Unicode.Scalar], at index: Int) throws(Problem) -> (String, Int) {
        var position = index + 2
        let hex = position < view.count && (view[position] == "x" || view[position] == "X")
        if hex { position += 1 }
        let digitsStart = position
        var value: UInt32 = 0
        while position < view.count, let digit = digitValue(view[position], hex: hex) {
            // Saturates: HTML reads any number of digits and maps what is too large to U+FFFD.
            value = min(value &* (hex ? 16 : 10) &+ digit, 0x11_0000)
            position += 1
        }
        guard position > digitsStart else { return ("&", 1) }
        if position < view.count, view[position] == ";" { position += 1 }
        let scalar = replacement(for: value)
        return (try checked(String(scalar), view, index, position), position - index)
    }

    /// What HTML's numeric character reference end state makes of a code point.
    private static func replacement(for value: UInt32) -> Unicode.Scalar {
        if value == 0 || value > 0x10_FFFF || (0xD800...0xDFFF).contains(value) { return "\u{FFFD}" }
        if let mapped = windows1252[value] { return Unicode.Scalar(mapped)! }
        return Unicode.Scalar(value)!
    }

    /// Line feed, carriage return and tab become spaces; another forbidden character is an error
    /// that quotes the reference (its name or number, never the surrounding text).
    private static func checked(_ value: String, _ view: [Unicode.Scalar], _ from: Int, _ to: Int) throws(Problem)
        -> String
    {
        var out = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            if scalar == "\n" || scalar == "\r" || scalar == "\t" {
                out.append(" ")
            } else if TranscriptRules.isAllowed(scalar) {
                out.append(scalar)
            } else {
                let reference = String(String.UnicodeScalarView(view[from..<to]))
                throw Problem(
                    reason: "character reference \(reference) stands for the control character "
                        + "U+\(String(scalar.value, radix: 16, uppercase: true)), which transcript text cannot hold")
            }
        }
        return String(out)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        default: false
        }
    }

    private static func digitValue(_ scalar: Unicode.Scalar, hex: Bool) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 0x30
        case "a"..."f" where hex: scalar.value - 0x61 + 10
        case "A"..."F" where hex: scalar.value - 0x41 + 10
        default: nil
        }
    }

    /// The HTML Standard's named references, read once from `namedTable`.
    static let named: [String: String] = {
        var table: [String: String] = [:]
        for line in namedTable.split(separator: "\n") {
            let fields = line.split(separator: " ")
            var value = String.UnicodeScalarView()
            for field in fields.dropFirst() { value.append(Unicode.Scalar(UInt32(field, radix: 16)!)!) }
            table[String(fields[0])] = String(value)
        }
        return table
    }()

    /// HTML's table for numeric references to C1 controls: the windows-1252 characters meant.
    private static let windows1252: [UInt32: UInt32] = [
        0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
        0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D, 0x91: 0x2018,
        0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC,
        0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A, 0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178,
    ]
}
