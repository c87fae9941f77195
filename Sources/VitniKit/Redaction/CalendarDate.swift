import Foundation

/// Gregorian date checks shared by the ID validators and the date-of-birth detector.
enum CalendarDate {
    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard month >= 1, month <= 12, day >= 1 else { return false }
        let lengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// Two-digit year read as a date in any of the given centuries.
    static func isValid(centuries: [Int], yy: Int, month: Int, day: Int) -> Bool {
        centuries.contains { isValid(year: $0 + yy, month: month, day: day) }
    }

    /// A date as one comparable number, `yyyymmdd`.
    static func ordinal(year: Int, month: Int, day: Int) -> Int { year * 10000 + month * 100 + day }

    /// Today in UTC as an `ordinal`: an ID number cannot hold a birth date after it.
    static func today() -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return ordinal(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
    }

    /// A real date that is not after `today` (an `ordinal`): someone born on it can have a number.
    static func isBirth(year: Int, month: Int, day: Int, notAfter today: Int) -> Bool {
        isValid(year: year, month: month, day: day) && ordinal(year: year, month: month, day: day) <= today
    }

    /// `isBirth` in any of the given centuries.
    static func isBirth(centuries: [Int], yy: Int, month: Int, day: Int, notAfter today: Int) -> Bool {
        centuries.contains { isBirth(year: $0 + yy, month: month, day: day, notAfter: today) }
    }

    /// Days from 1899-12-31 to the date of `ordinal` (1900-01-01 is day 1), the count the Ukrainian
    /// RNOKPP starts with. Howard Hinnant's days-from-civil algorithm.
    static func daysSince1899(_ ordinal: Int) -> Int {
        let (y0, m, d) = (ordinal / 10000, ordinal / 100 % 100, ordinal % 100)
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let daysSince1970 = era * 146097 + dayOfEra - 719468
        return daysSince1970 + 25568
    }
}
