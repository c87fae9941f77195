/// Validators for the ID numbers of countries many child victims of trafficking in the Nordic and
/// Baltic region come from (rules in docs/domain.md, checked against python-stdnum 2.2).
extension PersonalID {
    /// Poland, PESEL YYMMDDZZZXQ: the month carries the century (+80 1800s, +0 1900s, +20 2000s,
    /// +40 2100s, +60 2200s); Q = (10 − Σ d·[1,3,7,9,1,3,7,9,1,3] mod 10) mod 10.
    static func polish(_ d: [Int], today: Int) -> PersonalIDKind? {
        guard d.count == 11 else { return nil }
        let sum = zip(d[0..<10], [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]).reduce(0) { $0 + $1.0 * $1.1 }
        guard (10 - sum % 10) % 10 == d[10] else { return nil }
        let encodedMonth = number(d[2..<4])
        let century = [1900, 2000, 2100, 2200, 1800][encodedMonth / 20]
        return CalendarDate.isBirth(
            year: century + number(d[0..<2]), month: encodedMonth % 20, day: number(d[4..<6]), notAfter: today)
            ? .polishPESEL : nil
    }

    /// Romania, CNP SYYMMDDJJNNNC: S 1/2 1900s, 3/4 1800s, 5/6 2000s, 7/8/9 residents and foreigners
    /// (century not encoded: 1900s or 2000s); JJ a county code; C = Σ d·[2,7,9,1,4,6,3,5,8,2,7,9]
    /// mod 11, where 10 is written 1.
    static func romanian(_ d: [Int], today: Int) -> PersonalIDKind? {
        guard d.count == 13, d[0] >= 1 else { return nil }
        let centuries: [Int]
        switch d[0] {
        case 1, 2: centuries = [1900]
        case 3, 4: centuries = [1800]
        case 5, 6: centuries = [2000]
        default: centuries = [1900, 2000]
        }
        let county = number(d[7..<9])
        guard (1...48).contains(county) || [51, 52, 70, 80, 81, 82, 83].contains(county),
            CalendarDate.isBirth(
                centuries: centuries, yy: number(d[1..<3]), month: number(d[3..<5]), day: number(d[5..<7]),
                notAfter: today)
        else { return nil }
        let sum = zip(d[0..<12], [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]).reduce(0) { $0 + $1.0 * $1.1 }
        let check = sum % 11 == 10 ? 1 : sum % 11
        return check == d[12] ? .romanianCNP : nil
    }

    /// Bulgaria, EGN YYMMDDRRSC: the month carries the century (+20 1800s, +40 2000s);
    /// C = Σ d·[2,4,8,5,10,9,7,3,6] mod 11, where 10 is written 0.
    static func bulgarian(_ d: [Int], today: Int) -> PersonalIDKind? {
        guard d.count == 10 else { return nil }
        let sum = zip(d[0..<9], [2, 4, 8, 5, 10, 9, 7, 3, 6]).reduce(0) { $0 + $1.0 * $1.1 }
        guard sum % 11 % 10 == d[9] else { return nil }
        var month = number(d[2..<4])
        var century = 1900
        if month > 40 {
            month -= 40
            century = 2000
        } else if month > 20 {
            month -= 20
            century = 1800
        }
        return CalendarDate.isBirth(
            year: century + number(d[0..<2]), month: month, day: number(d[4..<6]), notAfter: today)
            ? .bulgarianEGN : nil
    }

    /// Ukraine, RNOKPP DDDDDNNNSC: DDDDD the days since 1899-12-31 to the birth date (so any count
    /// from 1 to today's), S odd for men; C = (Σ d·[−1,5,7,9,4,6,10,5,7] mod 11) mod 10, the
    /// remainder taken non-negative.
    static func ukrainian(_ d: [Int], today: Int) -> PersonalIDKind? {
        guard d.count == 10 else { return nil }
        let days = number(d[0..<5])
        guard days >= 1, days <= CalendarDate.daysSince1899(today) else { return nil }
        let sum = zip(d[0..<9], [-1, 5, 7, 9, 4, 6, 10, 5, 7]).reduce(0) { $0 + $1.0 * $1.1 }
        let remainder = (sum % 11 + 11) % 11
        return remainder % 10 == d[9] ? .ukrainianRNOKPP : nil
    }

    /// Germany, Steuer-IdNr: 11 digits, the first not 0; in the first ten exactly one digit occurs
    /// twice or three times and every other at most once; the last is the ISO 7064 MOD 11,10 check
    /// digit. It holds no birth date, so the digit rule and the check digit are all there is.
    static func german(_ d: [Int]) -> PersonalIDKind? {
        guard d.count == 11, d[0] != 0 else { return nil }
        var counts = [Int](repeating: 0, count: 10)
        for digit in d[0..<10] { counts[digit] += 1 }
        let repeated = counts.filter { $0 > 1 }
        guard repeated.count == 1, repeated[0] <= 3 else { return nil }
        var product = 10
        for digit in d[0..<10] {
            var sum = (digit + product) % 10
            if sum == 0 { sum = 10 }
            product = sum * 2 % 11
        }
        let check = 11 - product
        return (check == 10 ? 0 : check) == d[10] ? .germanSteuerIdNr : nil
    }
}
