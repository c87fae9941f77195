/// Validators for the personal ID numbers in `PersonalIDKind` (rules in docs/domain.md). Every
/// validator checks the check digit(s) where the scheme has a reliable one **and** the embedded birth
/// date (a real date, not after today), which is what keeps order numbers and bank accounts from
/// passing. All of them take the number as written, in any of the forms people type: with the
/// official separator, with a space instead of it, or with none.
public enum PersonalID {
    /// The scheme that accepts `candidate` as written, trying the schemes with the strongest
    /// checks first. Surrounding whitespace is not trimmed: callers pass the exact span.
    /// - Parameters:
    ///   - candidate: the number as written.
    ///   - today: the day, as the number `yyyymmdd`, after which no birth date is real.
    /// - Returns: the accepting scheme, or nil.
    public static func kind(of candidate: String, today: Int) -> PersonalIDKind? {
        classify(Array(candidate.utf8), today: today)
    }

    /// `kind(of:today:)` as of today in UTC.
    public static func kind(of candidate: String) -> PersonalIDKind? {
        kind(of: candidate, today: CalendarDate.today())
    }

    /// Digits of `bytes` as values, or nil when any byte is not an ASCII digit.
    static func digits<C: Collection<UInt8>>(_ bytes: C) -> [Int]? {
        var values: [Int] = []
        values.reserveCapacity(bytes.count)
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            values.append(Int(byte - 0x30))
        }
        return values
    }

    static func number(_ digits: ArraySlice<Int>) -> Int { digits.reduce(0) { $0 * 10 + $1 } }

    /// Layout dispatch: the digit count and the separator (none, or one `-`, `+` or space at its
    /// place) decide which schemes can apply; among those, schemes with two check digits come
    /// first, then one check digit and a date, then a date alone (Danish CPR). A number valid in
    /// several schemes is reported as the first (the order is in docs/domain.md).
    static func classify(_ bytes: [UInt8], today: Int) -> PersonalIDKind? {
        if let all = digits(bytes) { return bare(all, today: today) }
        if let grouped = germanGrouped(bytes) { return german(grouped) }
        guard let cut = bytes.firstIndex(where: { !RedactionText.isDigit($0) }), cut == 6 || cut == 8,
            let head = digits(bytes[..<cut]), let tail = digits(bytes[(cut + 1)...])
        else { return bytes.count == 11 ? finnish(bytes, today: today) : nil }
        let all = head + tail
        let sign = bytes[cut]
        switch (cut, tail.count, sign) {
        case (6, 4, UInt8(ascii: "+")): return swedish(all, separator: sign, century: nil, today: today)
        case (6, 4, UInt8(ascii: "-")):
            return swedish(all, separator: sign, century: nil, today: today) ?? finnish(bytes, today: today)
                ?? icelandic(all, today: today) ?? danish(all, today: today)
        case (6, 4, UInt8(ascii: " ")):
            return swedish(all, separator: nil, century: nil, today: today) ?? icelandic(all, today: today)
                ?? danish(all, today: today)
        case (6, 5, UInt8(ascii: "-")), (6, 5, UInt8(ascii: " ")):
            // The 2017 Latvian code in its printed shape is taken without its checksum (see
            // `latvianNewChecked`). The hyphen is the Latvian separator, the space the Norwegian one.
            if all[0] == 3, all[1] == 2 { return .latvianPersonasKodsNew }
            if sign == UInt8(ascii: "-") {
                return latvian(all, today: today) ?? norwegian(all, today: today) ?? polish(all, today: today)
            }
            return norwegian(all, today: today) ?? latvian(all, today: today) ?? polish(all, today: today)
        case (8, 4, UInt8(ascii: "-")), (8, 4, UInt8(ascii: " ")):
            return swedish(Array(all[2...]), separator: nil, century: number(all[0..<2]), today: today)
        default: return bytes.count == 11 ? finnish(bytes, today: today) : nil
        }
    }

    /// Digits without any separator.
    static func bare(_ all: [Int], today: Int) -> PersonalIDKind? {
        switch all.count {
        case 10:
            return swedish(all, separator: nil, century: nil, today: today) ?? icelandic(all, today: today)
                ?? bulgarian(all, today: today) ?? ukrainian(all, today: today) ?? danish(all, today: today)
        case 11:
            return norwegian(all, today: today) ?? estonianOrLithuanian(all, today: today)
                ?? latvian(all, today: today) ?? polish(all, today: today) ?? german(all)
                ?? latvianNewChecked(all)
        case 12: return swedish(Array(all[2...]), separator: nil, century: number(all[0..<2]), today: today)
        case 13: return romanian(all, today: today)
        default: return nil
        }
    }

    /// The German IdNr as printed on tax letters, `NN NNN NNN NNN` (single spaces), as digits.
    static func germanGrouped(_ bytes: [UInt8]) -> [Int]? {
        guard bytes.count == 14, bytes[2] == 0x20, bytes[6] == 0x20, bytes[10] == 0x20 else { return nil }
        return digits(bytes.filter { $0 != 0x20 }).flatMap { $0.count == 11 ? $0 : nil }
    }
}
