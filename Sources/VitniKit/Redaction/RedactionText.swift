/// A string prepared once for all detectors: its UTF-8 bytes (the offsets every finding uses) and a
/// token list (words, ASCII digit runs, single symbols), so no detector needs a regular expression
/// and every scan is linear.
struct RedactionText {
    struct Token {
        enum Kind { case word, number, symbol }
        var start: Int
        var end: Int
        var kind: Kind
    }

    let text: String
    let bytes: [UInt8]
    let tokens: [Token]
    /// Lower-cased words (nil for numbers and symbols), computed once for the word matchers.
    let folded: [String?]

    init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
        var tokens: [Token] = []
        var offset = 0
        var current: Token?
        for scalar in text.unicodeScalars {
            let width = UTF8.width(scalar)
            let kind: Token.Kind?
            if scalar.isASCII, scalar.value >= 0x30, scalar.value <= 0x39 {
                kind = .number
            } else if RedactionText.isWordScalar(scalar) {
                kind = .word
            } else if scalar.isASCII
                ? (scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value))
                : scalar.properties.isWhitespace
            {
                kind = nil
            } else {
                kind = .symbol
            }
            if let open = current, let kind, open.kind == kind, kind != .symbol {
                current?.end = offset + width
            } else {
                if let open = current { tokens.append(open) }
                current = kind.map { Token(start: offset, end: offset + width, kind: $0) }
            }
            offset += width
        }
        if let open = current { tokens.append(open) }
        self.tokens = tokens
        let bytes = self.bytes
        folded = tokens.map { token in
            guard token.kind == .word else { return nil }
            let word = bytes[token.start..<token.end]
            // ASCII words (most of any transcript) are folded byte-wise, without Unicode tables.
            if word.allSatisfy({ $0 < 0x80 }) {
                return String(decoding: word.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
            }
            return String(decoding: word, as: UTF8.self).lowercased()
        }
    }

    /// Letters and combining marks make words, so a decomposed "å" (a + U+030A) stays one word.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value | 0x20
            return value >= 0x61 && value <= 0x7A
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return scalar.properties.isAlphabetic
        }
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    func tokenText(_ index: Int) -> String { string(tokens[index].start..<tokens[index].end) }

    /// Whether the word token starts with an upper-case letter (a proper-noun hint).
    func isCapitalised(_ index: Int) -> Bool {
        guard tokens[index].kind == .word else { return false }
        let lead = bytes[tokens[index].start]
        if lead < 0x80 { return lead >= 0x41 && lead <= 0x5A }
        return scalar(at: tokens[index].start)?.properties.isUppercase ?? false
    }

    /// Index of the first token starting at or after `offset` (binary search).
    func tokenIndex(atOrAfter offset: Int) -> Int {
        var low = 0
        var high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].start < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The lower-cased words among the `count` tokens before `offset` (symbols and numbers skipped
    /// but counted), for context cues such as "tel" or "order".
    func wordsBefore(_ offset: Int, count: Int) -> [String] {
        let index = tokenIndex(atOrAfter: offset)
        var words: [String] = []
        var position = index - 1
        while position >= 0, position >= index - count {
            if let word = folded[position] { words.append(word) }
            position -= 1
        }
        return words
    }

    /// The scalar that ends just before `offset`, decoding UTF-8 backwards.
    func scalar(before offset: Int) -> Unicode.Scalar? {
        guard offset > 0, offset <= bytes.count else { return nil }
        if bytes[offset - 1] < 0x80 { return Unicode.Scalar(bytes[offset - 1]) }
        var start = offset - 1
        while start > 0, offset - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return string(start..<offset).unicodeScalars.first
    }

    /// The scalar that starts at `offset`.
    func scalar(at offset: Int) -> Unicode.Scalar? {
        guard offset >= 0, offset < bytes.count else { return nil }
        let lead = bytes[offset]
        if lead < 0x80 { return Unicode.Scalar(lead) }
        let width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        return string(offset..<min(offset + width, bytes.count)).unicodeScalars.first
    }

    static let trailingJoiners = Set(".,/:-_".utf8)
    static let leadingJoiners = Set("-+./_#@=\\".utf8)

    func byte(_ offset: Int) -> UInt8? { offset >= 0 && offset < bytes.count ? bytes[offset] : nil }

    static func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }

    static func isASCIILetter(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        let lower = byte | 0x20
        return lower >= 0x61 && lower <= 0x7A
    }

    /// True when a letter or digit touches `offset` from the left, so a match there would start
    /// inside a longer word or number.
    func isAlphanumeric(before offset: Int) -> Bool {
        guard let scalar = scalar(before: offset) else { return false }
        return RedactionText.isWordScalar(scalar) || (scalar.isASCII && RedactionText.isDigit(UInt8(scalar.value)))
    }

    /// True when a letter or digit starts at `offset`, so a match ending there would end inside a
    /// longer word or number.
    func isAlphanumeric(at offset: Int) -> Bool {
        guard let scalar = scalar(at: offset) else { return false }
        return RedactionText.isWordScalar(scalar) || (scalar.isASCII && RedactionText.isDigit(UInt8(scalar.value)))
    }

    /// True when a number ending at `offset` continues: a letter or digit follows, or a joiner such
    /// as "." "/" ":" "," "-" followed by a digit ("12.5", "2015-03", "10:30").
    func numberContinues(at offset: Int) -> Bool {
        if isAlphanumeric(at: offset) { return true }
        guard let next = byte(offset) else { return false }
        let joiners: [UInt8] = Array(".,/:-_".utf8)
        return joiners.contains(next)
            && (RedactionText.isDigit(byte(offset + 1)) || RedactionText.isASCIILetter(byte(offset + 1)))
    }

    /// True when a number starting at `offset` is glued to something before it: a letter or digit,
    /// or a joiner that makes it part of a code ("INV-", "#", "12.", "ref:", "@").
    func numberIsGlued(before offset: Int) -> Bool {
        if isAlphanumeric(before: offset) { return true }
        guard let previous = byte(offset - 1) else { return false }
        // "10:30" is glued, "ID:150314-2380" is a label and its value.
        if previous == UInt8(ascii: ":") { return RedactionText.isDigit(byte(offset - 2)) }
        return RedactionText.leadingJoiners.contains(previous)
    }
}
