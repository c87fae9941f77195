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
}
