extension Custody {
    /// An RFC 3339 UTC time to the second, `YYYY-MM-DDTHH:MM:SSZ`: the one form Vitni writes, so
    /// times compare as text and as numbers alike. Offsets and fractions are refused.
    public struct Timestamp: Comparable, Hashable, Sendable, CustomStringConvertible {
        /// Seconds since 1970-01-01T00:00:00Z.
        public let unixSeconds: Int64
        public let text: String

        public var description: String { text }

        /// The timestamp of a Unix time (years 1970–9999).
        public init(unixSeconds: Int64) {
            precondition(unixSeconds >= 0 && unixSeconds < 253_402_300_800, "time outside 1970-9999")
            self.unixSeconds = unixSeconds
            let days = unixSeconds / 86_400
            let seconds = unixSeconds % 86_400
            let (year, month, day) = Self.civil(fromDays: days)
            func pad(_ value: Int64, _ width: Int) -> String {
                let digits = String(value)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            text =
                "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
                + "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))Z"
        }

        /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ` with a real calendar date (no leap second).
        /// - Returns: nil for anything else.
        public init?(_ text: String) {
            let bytes = Array(text.utf8)
            guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == UInt8(ascii: "T"),
                bytes[13] == 0x3A, bytes[16] == 0x3A, bytes[19] == UInt8(ascii: "Z")
            else { return nil }
            func number(_ range: Range<Int>) -> Int64? {
                var value: Int64 = 0
                for byte in bytes[range] {
                    guard byte >= 0x30, byte <= 0x39 else { return nil }
                    value = value * 10 + Int64(byte - 0x30)
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
                let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
                year >= 1970, (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
                hour < 24, minute < 60, second < 60
            else { return nil }
            let days = Self.days(fromCivil: year, month, day)
            self.init(unixSeconds: days * 86_400 + hour * 3600 + minute * 60 + second)
        }

        public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.unixSeconds < rhs.unixSeconds }

        private static func daysIn(month: Int64, year: Int64) -> Int64 {
            switch month {
            case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }

        // Howard Hinnant's days_from_civil / civil_from_days, for non-negative days.
        private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
            let y = month <= 2 ? year - 1 : year
            let era = y / 400
            let yoe = y - era * 400
            let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            return era * 146_097 + doe - 719_468
        }

        private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
            let z = days + 719_468
            let era = z / 146_097
            let doe = z - era * 146_097
            let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
            let mp = (5 * doy + 2) / 153
            let day = doy - (153 * mp + 2) / 5 + 1
            let month = mp < 10 ? mp + 3 : mp - 9
            return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
        }
    }
}
