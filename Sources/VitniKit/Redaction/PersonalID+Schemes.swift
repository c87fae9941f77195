extension PersonalID {
    /// Sweden, 10 digits YYMMDDNNNC: Luhn over all ten; day + 60 is a samordningsnummer. With a
    /// known century (12-digit form) the date is checked exactly; otherwise any century the
    /// separator allows ("+" means 100 years or older).
    static func swedish(_ d: [Int], separator: UInt8?, century: Int?, today: Int) -> PersonalIDKind? {
        guard d.count == 10, luhn(d) else { return nil }
        let yy = number(d[0..<2])
        let month = number(d[2..<4])
        var day = number(d[4..<6])
        var kind = PersonalIDKind.swedishPersonnummer
        if day > 60 {
            day -= 60
            kind = .swedishSamordningsnummer
        }
        let centuries: [Int]
        if let century {
            guard century == 18 || century == 19 || century == 20 else { return nil }
            centuries = [century * 100]
        } else {
            centuries = separator == UInt8(ascii: "+") ? [1800, 1900] : [1900, 2000]
        }
        return CalendarDate.isBirth(centuries: centuries, yy: yy, month: month, day: day, notAfter: today) ? kind : nil
    }

    /// Luhn over the digits as written, the last one being the check digit.
    static func luhn(_ d: [Int]) -> Bool {
        var sum = 0
        for (position, digit) in d.reversed().enumerated() {
            let value = position % 2 == 1 ? digit * 2 : digit
            sum += value > 9 ? value - 9 : value
        }
        return sum % 10 == 0
    }

    /// Mod-11 check digit with the given weights: 11 − (Σ mod 11), 11 → 0, 10 → no valid digit.
    static func mod11(_ d: ArraySlice<Int>, weights: [Int]) -> Int? {
        let sum = zip(d, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 11 - sum % 11
        return check == 11 ? 0 : check == 10 ? nil : check
    }

    /// Norway, 11 digits DDMMYY III K1 K2: both mod-11 digits, a real date, and a century that the
    /// individual number allows. D-number: day + 40; H-number: month + 40.
    static func norwegian(_ d: [Int], today: Int) -> PersonalIDKind? {
        guard d.count == 11,
            mod11(d[0..<9], weights: [3, 7, 6, 1, 8, 9, 4, 5, 2]) == d[9],
            mod11(d[0..<10], weights: [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) == d[10]
        else { return nil }
        var day = number(d[0..<2])
        var month = number(d[2..<4])
        let yy = number(d[4..<6])
        let individual = number(d[6..<9])
        var kind = PersonalIDKind.norwegianFodselsnummer
        if day > 40 {
            day -= 40
            kind = .norwegianDNumber
        } else if month > 40 {
            month -= 40
            kind = .norwegianHNumber
        }
        let century: Int
        switch individual {
        case 0...499: century = 1900
        case 500...749 where yy >= 54: century = 1800
        case 500...999 where yy <= 39: century = 2000
        case 900...999 where yy >= 40: century = 1900
        default: return nil
        }
        return CalendarDate.isBirth(year: century + yy, month: month, day: day, notAfter: today) ? kind : nil
    }

    /// Denmark, DDMMYY-SSSS: a real date, not in the future, in the century the 7th digit gives.
    /// Never rejected on mod 11 (not guaranteed since 2007), so it is tried after every scheme with a
    /// check digit: any 10 digits whose first six read as a past DDMMYY pass.
    static func danish(_ d: [Int], today: Int) -> PersonalIDKind? {
        guard d.count == 10 else { return nil }
        let day = number(d[0..<2])
        let month = number(d[2..<4])
        let yy = number(d[4..<6])
        let century: Int
        switch d[6] {
        case 0...3: century = 1900
        case 4, 9: century = yy <= 36 ? 2000 : 1900
        default: century = yy <= 57 ? 2000 : 1800
        }
        return CalendarDate.isBirth(year: century + yy, month: month, day: day, notAfter: today) ? .danishCPR : nil
    }

    static let finnishCheckAlphabet = Array("0123456789ABCDEFHJKLMNPRSTUVWXY".utf8)

    /// Finland, DDMMYYCZZZQ: century sign (+ 1800s; - Y X W V U 1900s; A B C D E F 2000s),
    /// individual number 002–899, or 900–999 (temporary numbers: they still name a person, so a
    /// redactor must catch them), Q = DDMMYYZZZ mod 31 in the check alphabet. Letters are
    /// accepted in either case.
    static func finnish(_ raw: [UInt8], today: Int) -> PersonalIDKind? {
        guard raw.count == 11 else { return nil }
        let bytes = raw.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        guard let head = digits(bytes[0..<6]), let serial = digits(bytes[7..<10]) else { return nil }
        let century: Int
        switch bytes[6] {
        case UInt8(ascii: "+"): century = 1800
        case UInt8(ascii: "-"), UInt8(ascii: "Y"), UInt8(ascii: "X"), UInt8(ascii: "W"), UInt8(ascii: "V"),
            UInt8(ascii: "U"):
            century = 1900
        case UInt8(ascii: "A")...UInt8(ascii: "F"): century = 2000
        default: return nil
        }
        let individual = number(serial[...])
        guard individual >= 2,
            CalendarDate.isBirth(
                year: century + number(head[4..<6]), month: number(head[2..<4]), day: number(head[0..<2]),
                notAfter: today)
        else { return nil }
        let value = number((head + serial)[...])
        return finnishCheckAlphabet[value % 31] == bytes[10] ? .finnishHenkilotunnus : nil
    }

    /// Iceland, DDMMYYRRKC: K is mod 11 over the first eight digits (weights 3,2,7,6,5,4,3,2),
    /// C the century (9 → 1900s, 0 → 2000s); companies have day + 40. The 1800s digit 8 is not
    /// taken: nobody born then is alive, and it made Danish CPRs read as kennitalas.
    static func icelandic(_ d: [Int], today: Int) -> PersonalIDKind? {
        guard d.count == 10, mod11(d[0..<8], weights: [3, 2, 7, 6, 5, 4, 3, 2]) == d[8] else { return nil }
        let century: Int
        switch d[9] {
        case 9: century = 1900
        case 0: century = 2000
        default: return nil
        }
        var day = number(d[0..<2])
        if day > 40 { day -= 40 }
        return CalendarDate.isBirth(
            year: century + number(d[4..<6]), month: number(d[2..<4]), day: day, notAfter: today)
            ? .icelandicKennitala : nil
    }

    /// Estonia and Lithuania, GYYMMDDSSSC: G 1–6 gives century and sex; C is the weighted sum
    /// mod 11 (weights 1..9,1; if 10, weights 3..9,1,2,3; if 10 again, 0).
    static func estonianOrLithuanian(_ d: [Int], today: Int) -> PersonalIDKind? {
        guard d.count == 11, (1...6).contains(d[0]) else { return nil }
        let century = 1800 + (d[0] - 1) / 2 * 100
        guard
            CalendarDate.isBirth(
                year: century + number(d[1..<3]), month: number(d[3..<5]), day: number(d[5..<7]), notAfter: today)
        else { return nil }
        return balticCheck(d[0..<10]) == d[10] ? .estonianOrLithuanianPersonalCode : nil
    }

    static func balticCheck(_ d: ArraySlice<Int>) -> Int {
        let first = zip(d, [1, 2, 3, 4, 5, 6, 7, 8, 9, 1]).reduce(0) { $0 + $1.0 * $1.1 } % 11
        if first != 10 { return first }
        let second = zip(d, [3, 4, 5, 6, 7, 8, 9, 1, 2, 3]).reduce(0) { $0 + $1.0 * $1.1 } % 11
        return second == 10 ? 0 : second
    }

    /// Latvia (before July 2017), DDMMYYCNNNZ: C 0/1/2 = 1800s/1900s/2000s and
    /// Z = (1101 − Σ d·[1,6,3,7,9,10,5,8,4,2]) mod 11, where a remainder of 10 is written 0.
    static func latvian(_ d: [Int], today: Int) -> PersonalIDKind? {
        guard d.count == 11, d[6] <= 2, latvianCheck(d) == d[10] else { return nil }
        let century = 1800 + d[6] * 100
        return CalendarDate.isBirth(
            year: century + number(d[4..<6]), month: number(d[2..<4]), day: number(d[0..<2]), notAfter: today)
            ? .latvianPersonasKods : nil
    }

    /// Latvia's check digit over the first ten digits. Whether a remainder of 10 is never issued or
    /// written 0 is not published; a redactor takes 0 rather than miss a number (python-stdnum
    /// does the same).
    static func latvianCheck(_ d: [Int]) -> Int {
        let sum = zip(d[0..<10], [1, 6, 3, 7, 9, 10, 5, 8, 4, 2]).reduce(0) { $0 + $1.0 * $1.1 }
        return (1101 - sum) % 11 % 10
    }

    /// Latvia since July 2017, `32` and nine digits without a birth date. Written without a
    /// separator, the code must pass the old code's check digit (as python-stdnum applies it), or
    /// every 11-digit number starting with 32 would be taken; written `32XXXX-XXXXX` or with a
    /// space, its shape is distinctive enough and `classify` takes it unchecked, because that
    /// check digit is not confirmed by an official source.
    static func latvianNewChecked(_ d: [Int]) -> PersonalIDKind? {
        guard d.count == 11, d[0] == 3, d[1] == 2, latvianCheck(d) == d[10] else { return nil }
        return .latvianPersonasKodsNew
    }
}
