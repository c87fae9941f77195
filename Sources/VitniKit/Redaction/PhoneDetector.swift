/// Finds phone numbers of the Nordic and Baltic countries (and any "+"-prefixed international
/// number). A candidate is a run of digit groups joined by one space, hyphen, no-break space or a
/// parenthesised area code; it is accepted when its length and grouping fit a national plan:
///
/// - `+CC` / `00CC` with CC 46, 47, 45, 358, 354, 372, 371, 370 and a national number of the
///   country's length; any other `+` number of 8–15 digits;
/// - trunk-0 numbers (SE, FI): 8–10 digits, written with an area-code group, or 10 plain digits
///   starting 07, 04 or 050;
/// - LT trunk 8: `86xxxxxxx` in any grouping, `8[3-5]…` only grouped;
/// - 8-digit numbers (NO, DK, LV, EE): only in phone groupings (2-2-2-2, 3-2-3, 4-4, LV 2-3-3);
///   7-digit numbers (IS, EE): only as 3-4;
/// - any plain 7–10 digits right after a phone cue ("tel", "tlf", "mobil", "puh", "sími", …).
///
/// Rejected: numbers glued to other text, continuations of a longer number (IBANs, account
/// numbers), date shapes, amounts followed by a currency, and numbers right after an order,
/// invoice, account or reference cue.
public struct PhoneDetector: Sendable {
    public static let name = "phone"

    public init() {}

    public func findings(in text: String) -> [RedactionFinding] { findings(in: RedactionText(text)) }

    struct Candidate {
        var start: Int
        var end: Int
        var plus: Bool
        var groups: [[Int]]
        var parenthesised: Bool
        var digits: [Int] { groups.flatMap { $0 } }
    }

    func findings(in text: RedactionText) -> [RedactionFinding] {
        let bytes = text.bytes
        var results: [RedactionFinding] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let startsPlus = byte == UInt8(ascii: "+") && RedactionText.isDigit(text.byte(index + 1))
            let startsParen = byte == UInt8(ascii: "(") && RedactionText.isDigit(text.byte(index + 1))
            guard startsPlus || startsParen || RedactionText.isDigit(byte) else {
                index += 1
                continue
            }
            let candidate = scan(text, from: index)
            index = Swift.max(candidate.end, index + 1)
            if startsPlus ? text.isAlphanumeric(before: candidate.start) : text.numberIsGlued(before: candidate.start) {
                continue
            }
            guard !text.numberContinues(at: candidate.end), !followsNumber(text, candidate.start),
                accepts(candidate, in: text)
            else { continue }
            results.append(
                RedactionFinding(utf8Range: candidate.start..<candidate.end, category: .phone, detector: Self.name))
        }
        return results
    }

    /// Reads digit groups from `start`; the candidate ends after the last digit (or closing
    /// parenthesis that follows one). Bounded at 20 digits.
    func scan(_ text: RedactionText, from start: Int) -> Candidate {
        let bytes = text.bytes
        var candidate = Candidate(start: start, end: start, plus: false, groups: [], parenthesised: false)
        var position = start
        var openParen = false
        if bytes[position] == UInt8(ascii: "+") {
            candidate.plus = true
            position += 1
        }
        var digitCount = 0
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "(") {
                guard !openParen, !candidate.parenthesised, RedactionText.isDigit(text.byte(position + 1)) else {
                    break
                }
                openParen = true
                candidate.parenthesised = true
                position += 1
            }
            var group: [Int] = []
            while position < bytes.count, RedactionText.isDigit(bytes[position]), digitCount <= 20 {
                group.append(Int(bytes[position] - 0x30))
                position += 1
                digitCount += 1
            }
            guard !group.isEmpty else { break }
            candidate.groups.append(group)
            var closed = false
            if openParen, text.byte(position) == UInt8(ascii: ")") {
                openParen = false
                closed = true
                position += 1
            }
            candidate.end = position
            if openParen { break }
            if closed, RedactionText.isDigit(text.byte(position)) { continue }  // "+46 (0)70…"

            // One separator: a space, a hyphen, " - ", a no-break space, or the start of "(".
            var next = position
            if text.byte(next) == UInt8(ascii: " ") { next += 1 }
            if text.byte(next) == UInt8(ascii: "-") {
                next += 1
                if text.byte(next) == UInt8(ascii: " ") { next += 1 }
            } else if next == position, text.byte(next) == 0xC2, text.byte(next + 1) == 0xA0 {
                next += 2
            }
            guard next > position || text.byte(next) == UInt8(ascii: "(") else { break }
            if RedactionText.isDigit(text.byte(next)) || text.byte(next) == UInt8(ascii: "(") {
                position = next
            } else {
                break
            }
        }
        if openParen { candidate.groups = [] }
        if digitCount > 20 { candidate.groups = [] }
        return candidate
    }

    /// A candidate that directly follows another number ("SE45 5000 …", "1 234 567") is the tail of
    /// something longer.
    func followsNumber(_ text: RedactionText, _ start: Int) -> Bool {
        var position = start - 1
        if text.byte(position) == UInt8(ascii: " ") { position -= 1 }
        return position < start - 1 && RedactionText.isDigit(text.byte(position))
    }

    static let countryLengths: [(code: [Int], lengths: ClosedRange<Int>, trunk: Int?)] = [
        ([3, 5, 8], 5...10, 0), ([3, 5, 4], 7...7, nil), ([3, 7, 2], 7...8, nil), ([3, 7, 1], 8...8, nil),
        ([3, 7, 0], 8...8, 8), ([4, 6], 7...9, 0), ([4, 7], 8...8, nil), ([4, 5], 8...8, nil),
    ]

    static let phoneCues: Set<String> = [
        "tel", "tlf", "telefon", "telefonnummer", "telefonnr", "phone", "mobile", "mobil", "mob", "mobilnummer",
        "mobiltelefon", "cell", "call", "ring", "ringde", "ringer", "sms", "puh", "puhelin", "puhelinnumero",
        "gsm", "sími", "símanúmer", "símanúmerið", "telefoni", "telefons", "tālr", "tālrunis", "mobilais",
        "telefonas",
    ]

    static let blockingCues: Set<String> = [
        "order", "ordre", "ordrenummer", "ordernummer", "beställning", "invoice", "faktura", "fakturanummer",
        "lasku", "laskun", "arve", "rēķins", "sąskaita", "inv", "konto", "kontonummer", "account", "acct",
        "ref", "referens", "reference", "referanse", "viite", "kundnummer", "kundenummer", "customer", "ärende",
        "case", "sak", "saksnummer", "diarienummer", "dnr", "tracking", "kolli", "iban", "bic", "swift", "kid",
        "ocr", "bankgiro", "plusgiro", "bg", "pg", "postnummer", "zip",
    ]

    static let currencies: Set<String> = [
        "kr", "kronor", "kroner", "krónur", "sek", "nok", "dkk", "isk", "eur", "euro", "euros", "evro", "eiro",
        "eurų", "usd", "dollars", "st", "stk", "pcs", "m", "km", "kg", "min", "sek.", "sekunder", "minuter",
    ]

    func accepts(_ candidate: Candidate, in text: RedactionText) -> Bool {
        let groups = candidate.groups
        guard !groups.isEmpty else { return false }
        let digits = candidate.digits
        if candidate.plus || (digits.count > 4 && digits[0] == 0 && digits[1] == 0) {
            return acceptsInternational(Array(digits.dropFirst(candidate.plus ? 0 : 2)), plus: candidate.plus)
        }
        let before = text.wordsBefore(candidate.start, count: 3)
        if before.contains(where: Self.blockingCues.contains) { return false }
        let after = text.tokenIndex(atOrAfter: candidate.end)
        if after < text.tokens.count, let word = text.folded[after], Self.currencies.contains(word) { return false }
        if text.byte(candidate.end) == UInt8(ascii: " "), text.byte(candidate.end + 1) == 0xE2,
            text.byte(candidate.end + 2) == 0x82
        {
            return false  // "€" and other currency signs (U+20xx)
        }
        if isDateShaped(groups) { return false }
        let lengths = groups.map(\.count)
        let cued = before.prefix(2).contains(where: Self.phoneCues.contains)
        if cued, groups.count == 1, (7...10).contains(digits.count) { return true }
        return acceptsNational(digits, lengths: lengths, parenthesised: candidate.parenthesised)
    }

    func acceptsInternational(_ digits: [Int], plus: Bool) -> Bool {
        for entry in Self.countryLengths where digits.starts(with: entry.code) {
            var national = digits.dropFirst(entry.code.count)
            if let trunk = entry.trunk, national.first == trunk {
                national = national.dropFirst()
            }
            guard let first = national.first, first != 0 else { return false }
            return entry.lengths.contains(national.count)
        }
        return plus && (8...15).contains(digits.count)
    }

    func acceptsNational(_ digits: [Int], lengths: [Int], parenthesised: Bool) -> Bool {
        let count = digits.count
        let grouped = lengths.count >= 2
        if digits[0] == 0 {
            guard digits[1] != 0, (8...10).contains(count) else { return false }
            if grouped {
                return (2...4).contains(lengths[0]) && lengths.dropFirst().allSatisfy { (2...8).contains($0) }
            }
            return count == 10 && (digits[1] == 7 || digits[1] == 4 || (digits[1] == 5 && digits[2] == 0))
        }
        if digits[0] == 8, count == 9 {
            if digits[1] == 6 { return true }
            return grouped && (3...5).contains(digits[1])
        }
        if parenthesised { return false }
        if count == 8, digits[0] >= 2 {
            if [[2, 2, 2, 2], [3, 2, 3], [4, 4]].contains(lengths) { return true }
            return lengths == [2, 3, 3] && digits[0] == 2
        }
        if count == 7, lengths == [3, 4], (4...8).contains(digits[0]) { return true }
        return false
    }

    /// Groups that read as a calendar date (2015-03-14, 14-03-2015, 14 03 15) are not phones.
    func isDateShaped(_ groups: [[Int]]) -> Bool {
        guard groups.count == 3 else { return false }
        let values = groups.map { $0.reduce(0) { $0 * 10 + $1 } }
        let lengths = groups.map(\.count)
        if lengths == [4, 2, 2] { return CalendarDate.isValid(year: values[0], month: values[1], day: values[2]) }
        if lengths[2] == 4 || lengths == [2, 2, 2] {
            return lengths[0] <= 2 && lengths[1] <= 2
                && CalendarDate.isValid(year: 2000 + values[2] % 100, month: values[1], day: values[0])
        }
        return false
    }
}
