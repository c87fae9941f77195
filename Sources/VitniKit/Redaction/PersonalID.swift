/// Validators for the Nordic and Baltic personal ID numbers (rules in docs/domain.md). Every validator
/// checks the check digit(s) **and** the embedded birth date, which is what keeps order numbers and
/// bank accounts from passing. All of them take the number exactly as written (with its separator)
/// and return the scheme that accepts it, or nil.
public enum PersonalID {
    /// The scheme that accepts `candidate` as written, trying the schemes with the strongest
    /// checks first. Surrounding whitespace is not trimmed: callers pass the exact span.
    public static func kind(of candidate: String) -> PersonalIDKind? {
        classify(Array(candidate.utf8))
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

    /// Layout dispatch: lengths and separator positions decide which schemes can apply.
    static func classify(_ bytes: [UInt8]) -> PersonalIDKind? {
        let count = bytes.count
        if let all = digits(bytes) {
            switch count {
            case 10: return swedish(all, separator: nil, century: nil) ?? icelandic(all)
            case 11: return norwegian(all) ?? estonianOrLithuanian(all) ?? latvian(all)
            case 12: return swedish(Array(all[2...]), separator: nil, century: number(all[0..<2]))
            default: return nil
            }
        }
        if count == 11, let head = digits(bytes[0..<6]) {
            let sign = bytes[6]
            if let tail = digits(bytes[7...]) {
                let all = head + tail
                if sign == UInt8(ascii: "+") { return swedish(all, separator: sign, century: nil) }
                if sign == UInt8(ascii: "-") {
                    return swedish(all, separator: sign, century: nil) ?? finnish(bytes) ?? icelandic(all)
                        ?? danish(all)
                }
            }
            return finnish(bytes)
        }
        if count == 12, bytes[6] == UInt8(ascii: "-"), let head = digits(bytes[0..<6]),
            let tail = digits(bytes[7...])
        {
            if head[0] == 3, head[1] == 2 { return .latvianPersonasKodsNew }
            return latvian(head + tail)
        }
        if count == 12, bytes[6] == UInt8(ascii: " "), let head = digits(bytes[0..<6]),
            let tail = digits(bytes[7...])
        {
            return norwegian(head + tail)
        }
        if count == 13, bytes[8] == UInt8(ascii: "-"), let head = digits(bytes[0..<8]),
            let tail = digits(bytes[9...])
        {
            let all = head + tail
            return swedish(Array(all[2...]), separator: nil, century: number(all[0..<2]))
        }
        return nil
    }
}
