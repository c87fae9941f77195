/// Clock times as the formats write them: `HH:MM:SS.mmm` (WebVTT, plain text; WebVTT may omit the
/// hours) and `HH:MM:SS,mmm` (SRT).
enum TranscriptTime {
    /// Formats milliseconds as `HH:MM:SS<separator>mmm`, hours at least two digits.
    static func format(_ milliseconds: Int, separator: Character = ".") -> String {
        let clamped = max(0, milliseconds)
        let hours = clamped / 3_600_000
        let minutes = clamped / 60_000 % 60
        let seconds = clamped / 1000 % 60
        let millis = clamped % 1000
        return pad(hours, 2) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + String(separator) + pad(millis, 3)
    }

    /// `HH:MM:SS`, for the court transcript's line references.
    static func formatSeconds(_ milliseconds: Int) -> String {
        String(format(milliseconds).prefix { $0 != "." })
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Parses a time. Minutes and seconds are two digits below 60, milliseconds exactly three;
    /// hours are two or more digits (optional when `hoursOptional`). Returns the reason on failure
    /// (times are not evidence, but the reason quotes nothing anyway).
    static func parse(
        _ text: Substring, separator: UInt8, hoursOptional: Bool
    ) -> Result<Int, TimeError> {
        let bytes = Array(text.utf8)
        var fields: [[UInt8]] = [[]]
        var fraction: [UInt8]?
        for byte in bytes {
            if byte == UInt8(ascii: ":") && fraction == nil {
                fields.append([])
            } else if byte == separator && fraction == nil {
                fraction = []
            } else if byte >= 0x30 && byte <= 0x39 {
                if fraction != nil { fraction!.append(byte) } else { fields[fields.count - 1].append(byte) }
            } else {
                return .failure(.malformed)
            }
        }
        guard let fraction, fraction.count == 3 else { return .failure(.malformed) }
        let hoursField: [UInt8]
        let minutesField: [UInt8]
        let secondsField: [UInt8]
        switch fields.count {
        case 3: (hoursField, minutesField, secondsField) = (fields[0], fields[1], fields[2])
        case 2 where hoursOptional: (hoursField, minutesField, secondsField) = ([0x30, 0x30], fields[0], fields[1])
        default: return .failure(.malformed)
        }
        guard hoursField.count >= 2, minutesField.count == 2, secondsField.count == 2 else {
            return .failure(.malformed)
        }
        // Nine digits cannot overflow; anything longer is far past the limit anyway.
        guard hoursField.count <= 9 else { return .failure(.tooLarge) }
        let hours = number(hoursField)
        let minutes = number(minutesField)
        let seconds = number(secondsField)
        guard minutes < 60, seconds < 60 else { return .failure(.outOfRange) }
        let total = ((hours * 60 + minutes) * 60 + seconds) * 1000 + number(fraction)
        guard total <= Transcript.maximumTime else { return .failure(.tooLarge) }
        return .success(total)
    }

    private static func number(_ digits: [UInt8]) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    enum TimeError: Error {
        case malformed, outOfRange, tooLarge

        func reason(_ form: String) -> String {
            switch self {
            case .malformed: "malformed timestamp (expected \(form))"
            case .outOfRange: "timestamp has minutes or seconds of 60 or more (expected \(form))"
            case .tooLarge: "timestamp is beyond the \(Transcript.maximumTime / 3_600_000)-hour limit"
            }
        }
    }
}
