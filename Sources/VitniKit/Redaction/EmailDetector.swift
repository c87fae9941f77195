/// Finds e-mail addresses: the practical RFC 5322 dot-atom subset (`local@domain.tld`), with
/// non-ASCII letters allowed in the local part and domain (internationalised addresses). Scans
/// out from each "@" with bounded steps (64 bytes left, 253 right), so it is linear.
public struct EmailDetector: Sendable {
    public static let name = "email"

    public init() {}

    public func findings(in text: String) -> [RedactionFinding] { findings(in: RedactionText(text)) }

    static let localSymbols = Set("!#$%&'*+/=?^_`{|}~-.".utf8)

    func findings(in text: RedactionText) -> [RedactionFinding] {
        let bytes = text.bytes
        var results: [RedactionFinding] = []
        var lastEnd = 0
        for at in bytes.indices where bytes[at] == UInt8(ascii: "@") && at >= lastEnd {
            guard let start = localStart(text, at: at), let end = domainEnd(text, at: at) else { continue }
            results.append(RedactionFinding(utf8Range: start..<end, category: .email, detector: Self.name))
            lastEnd = end
        }
        return results
    }

    /// Start of the local part ending before `at`, or nil when it is empty or malformed.
    func localStart(_ text: RedactionText, at: Int) -> Int? {
        var start = at
        while start > 0, at - start < 64 {
            if let scalar = text.scalar(before: start), !scalar.isASCII, RedactionText.isWordScalar(scalar) {
                start -= UTF8.width(scalar)
                continue
            }
            let byte = text.bytes[start - 1]
            guard byte < 0x80,
                RedactionText.isDigit(byte) || RedactionText.isASCIILetter(byte) || Self.localSymbols.contains(byte)
            else { break }
            start -= 1
        }
        // Quotes and dots at the edge are punctuation around the address, not part of it.
        while start < at, [UInt8(ascii: "."), UInt8(ascii: "'"), UInt8(ascii: "`")].contains(text.bytes[start]) {
            start += 1
        }
        guard start < at, text.bytes[at - 1] != UInt8(ascii: "."),
            !text.string(start..<at).contains("..")
        else { return nil }
        return start
    }

    /// End of a domain of at least two labels after `at` whose last label (the TLD) is at least two
    /// letters, or nil.
    func domainEnd(_ text: RedactionText, at: Int) -> Int? {
        var position = at + 1
        var labelStart = position
        var labels: [Range<Int>] = []
        while position <= text.bytes.count, position - at <= 253 {
            let scalar = text.scalar(at: position)
            if let scalar, scalar.isASCII {
                let byte = UInt8(scalar.value)
                if RedactionText.isDigit(byte) || RedactionText.isASCIILetter(byte) || byte == UInt8(ascii: "-") {
                    position += 1
                    continue
                }
            } else if let scalar, RedactionText.isWordScalar(scalar) {
                position += UTF8.width(scalar)
                continue
            }
            guard position > labelStart else { break }
            labels.append(labelStart..<position)
            guard scalar == ".", let following = text.scalar(at: position + 1),
                following.isASCII
                    ? (RedactionText.isDigit(UInt8(following.value))
                        || RedactionText.isASCIILetter(UInt8(following.value))) : RedactionText.isWordScalar(following)
            else { break }
            position += 1
            labelStart = position
        }
        if position > labelStart, position - at > 253 { return nil }
        guard labels.count >= 2, let last = labels.last else { return nil }
        for label in labels {
            guard text.bytes[label.lowerBound] != UInt8(ascii: "-"),
                text.bytes[label.upperBound - 1] != UInt8(ascii: "-"),
                label.count <= 63
            else { return nil }
        }
        let tld = text.string(last)
        guard tld.count >= 2, tld.unicodeScalars.allSatisfy(RedactionText.isWordScalar) else { return nil }
        return last.upperBound
    }
}
