/// Finds personal ID numbers: a run of ASCII letters, digits, "-" and "+" that starts with a digit
/// and is not glued to a longer code, validated by `PersonalID` (checksums and birth dates). The
/// Norwegian "DDMMYY NNNNN" form with one space is the only form with a space.
public struct PersonalIDDetector: Sendable {
    public static let name = "personal-id"

    public init() {}

    public func findings(in text: String) -> [RedactionFinding] { findings(in: RedactionText(text)) }

    func findings(in text: RedactionText) -> [RedactionFinding] {
        let bytes = text.bytes
        var results: [RedactionFinding] = []
        var index = 0
        while index < bytes.count {
            guard RedactionText.isDigit(bytes[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, end - index <= 16, PersonalIDDetector.isCodeByte(bytes[end]) { end += 1 }
            defer { index = Swift.max(end, index + 1) }
            guard end - index <= 16, !text.numberIsGlued(before: index) else { continue }
            var last = end
            while last > index, bytes[last - 1] == UInt8(ascii: "-") || bytes[last - 1] == UInt8(ascii: "+") {
                last -= 1
            }
            if last - index == 6, text.byte(last) == UInt8(ascii: " "), last + 6 <= bytes.count,
                PersonalID.digits(bytes[(last + 1)..<(last + 6)]) != nil, !text.numberContinues(at: last + 6)
            {
                last += 6
                end = last
            }
            guard !text.numberContinues(at: last) || last < end else { continue }
            if last < end, text.isAlphanumeric(at: end) { continue }
            guard let kind = PersonalID.classify(Array(bytes[index..<last])) else { continue }
            results.append(RedactionFinding(utf8Range: index..<last, category: .personalID(kind), detector: Self.name))
        }
        return results
    }

    static func isCodeByte(_ byte: UInt8) -> Bool {
        RedactionText.isDigit(byte) || RedactionText.isASCIILetter(byte) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+")
    }
}
