/// Finds personal ID numbers: a run of ASCII letters, digits, "-" and "+" that starts with a digit
/// and is not glued to a longer code, validated by `PersonalID` (checksums and birth dates). Three
/// forms hold spaces, as people type them: a space for the hyphen (`YYMMDD NNNN`, `DDMMYY NNNNN`,
/// `YYYYMMDD NNNN`) and the German IdNr's printed `NN NNN NNN NNN`; a spaced form that is one group of
/// a longer spaced number (`12 140315 4004 7`) is not taken.
public struct PersonalIDDetector: Sendable {
    public static let name = "personal-id"

    /// The day (`yyyymmdd`) after which no birth date is real.
    public var today: Int

    /// - Parameter today: the day, as the number `yyyymmdd`, after which a birth date cannot be
    ///   real; nil for today in UTC.
    public init(today: Int? = nil) {
        self.today = today ?? CalendarDate.today()
    }

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
            if last == end, let spacedEnd = PersonalIDDetector.spacedEnd(text, start: index, headEnd: last) {
                last = spacedEnd
                end = spacedEnd
            }
            guard !text.numberContinues(at: last) || last < end else { continue }
            if last < end, text.isAlphanumeric(at: end) { continue }
            guard let kind = PersonalID.classify(Array(bytes[index..<last]), today: today) else { continue }
            results.append(RedactionFinding(utf8Range: index..<last, category: .personalID(kind), detector: Self.name))
        }
        return results
    }

    /// The end of a spaced form whose first group is the digits `start..<headEnd`, or nil: groups
    /// of 6+4, 6+5, 8+4 or 2+3+3+3 digits, single spaces, not part of a longer spaced number.
    static func spacedEnd(_ text: RedactionText, start: Int, headEnd: Int) -> Int? {
        let head = headEnd - start
        guard head == 2 || head == 6 || head == 8, PersonalID.digits(text.bytes[start..<headEnd]) != nil,
            !(text.byte(start - 1) == 0x20 && RedactionText.isDigit(text.byte(start - 2)))
        else { return nil }
        let groups: [[Int]] =
            switch head {
            case 2: [[3], [3], [3]]
            case 6: [[4, 5]]
            default: [[4]]
            }
        var position = headEnd
        for allowed in groups {
            guard text.byte(position) == 0x20 else { return nil }
            var groupEnd = position + 1
            while RedactionText.isDigit(text.byte(groupEnd)) { groupEnd += 1 }
            guard allowed.contains(groupEnd - position - 1) else { return nil }
            position = groupEnd
        }
        if text.numberContinues(at: position) { return nil }
        if text.byte(position) == 0x20, RedactionText.isDigit(text.byte(position + 1)) { return nil }
        return position
    }

    static func isCodeByte(_ byte: UInt8) -> Bool {
        RedactionText.isDigit(byte) || RedactionText.isASCIILetter(byte) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+")
    }
}
