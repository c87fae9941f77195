/// Reads a calendar date starting at a token, in the written forms used around the Nordic and
/// Baltic countries and in English: 2015-03-14, 14.3.2015, 14/03/2015, 14-03-2015, 14.3.15,
/// 14 mars 2015, 14. mars 2015, 14th March 2015, March 14, 2015, LV "2015. gada 14. martā",
/// LT "2015 m. kovo 14 d.".
enum DateParser {
    struct Parsed {
        var year: Int
        var month: Int
        var day: Int
        /// UTF-8 offset just after the date.
        var end: Int
    }

    /// Month words (lower case) of English, Swedish, Norwegian, Danish, Finnish, Icelandic,
    /// Estonian, Latvian (nominative and locative) and Lithuanian (genitive) → month number.
    static let months: [String: Int] = {
        let table: [[String]] = [
            [
                "january", "jan", "januari", "januar", "tammikuuta", "tammikuu", "janúar", "jaanuar", "janvāris",
                "janvārī", "sausio",
            ],
            [
                "february", "feb", "februari", "februar", "helmikuuta", "helmikuu", "febrúar", "veebruar", "februāris",
                "februārī", "vasario",
            ],
            ["march", "mar", "mars", "marts", "maaliskuuta", "maaliskuu", "märts", "martā", "kovo"],
            ["april", "apr", "huhtikuuta", "huhtikuu", "apríl", "aprill", "aprīlis", "aprīlī", "balandžio"],
            ["may", "maj", "mai", "toukokuuta", "toukokuu", "maí", "maijs", "maijā", "gegužės"],
            ["june", "jun", "juni", "kesäkuuta", "kesäkuu", "júní", "juuni", "jūnijs", "jūnijā", "birželio"],
            ["july", "jul", "juli", "heinäkuuta", "heinäkuu", "júlí", "juuli", "jūlijs", "jūlijā", "liepos"],
            ["august", "aug", "augusti", "elokuuta", "elokuu", "ágúst", "augusts", "augustā", "rugpjūčio"],
            ["september", "sep", "sept", "syyskuuta", "syyskuu", "septembris", "septembrī", "rugsėjo"],
            [
                "october", "oct", "oktober", "okt", "lokakuuta", "lokakuu", "október", "oktoober", "oktobris",
                "oktobrī", "spalio",
            ],
            ["november", "nov", "marraskuuta", "marraskuu", "nóvember", "novembris", "novembrī", "lapkričio"],
            [
                "december", "dec", "desember", "joulukuuta", "joulukuu", "desember", "detsember", "decembris",
                "decembrī", "gruodžio",
            ],
        ]
        var months: [String: Int] = [:]
        for (index, words) in table.enumerated() { for word in words { months[word] = index + 1 } }
        return months
    }()

    static let ordinals: Set<String> = ["st", "nd", "rd", "th"]

    static func isYear(_ value: Int) -> Bool { value >= 1900 && value <= 2100 }

    /// Parses a date starting at token `index`, or nil.
    static func parse(_ text: RedactionText, at index: Int) -> Parsed? {
        let tokens = text.tokens
        func number(_ i: Int) -> (value: Int, length: Int)? {
            guard i < tokens.count, tokens[i].kind == .number, tokens[i].end - tokens[i].start <= 4 else { return nil }
            let value = text.bytes[tokens[i].start..<tokens[i].end].reduce(0) { $0 * 10 + Int($1 - 0x30) }
            return (value, tokens[i].end - tokens[i].start)
        }
        func symbol(_ i: Int) -> UInt8? {
            guard i < tokens.count, tokens[i].kind == .symbol, tokens[i].end - tokens[i].start == 1 else { return nil }
            return text.bytes[tokens[i].start]
        }
        func adjacent(_ i: Int) -> Bool { i + 1 < tokens.count && tokens[i].end == tokens[i + 1].start }
        func month(_ i: Int) -> Int? { i < tokens.count ? text.folded[i].flatMap { months[$0] } : nil }
        func word(_ i: Int) -> String? { i < tokens.count ? text.folded[i] : nil }
        func result(_ y: Int, _ m: Int, _ d: Int, endToken: Int) -> Parsed? {
            guard CalendarDate.isValid(year: y, month: m, day: d), !text.numberContinues(at: tokens[endToken].end)
            else { return nil }
            return Parsed(year: y, month: m, day: d, end: tokens[endToken].end)
        }
        guard index < tokens.count, !text.isAlphanumeric(before: tokens[index].start) else { return nil }
        guard let first = number(index) else {
            // "March 14, 2015", "Mar. 14th 2015"
            guard let m = month(index) else { return nil }
            var i = index + 1
            if symbol(i) == UInt8(ascii: ".") { i += 1 }
            guard let day = number(i), day.length <= 2 else { return nil }
            i += 1
            if let suffix = word(i), ordinals.contains(suffix), tokens[i].start == tokens[i - 1].end { i += 1 }
            if symbol(i) == UInt8(ascii: ",") { i += 1 }
            guard let year = number(i), year.length == 4, isYear(year.value) else { return nil }
            return result(year.value, m, day.value, endToken: i)
        }
        // Numeric forms: all parts adjacent, one separator kind.
        if let separator = symbol(index + 1),
            [UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/")].contains(separator),
            adjacent(index), adjacent(index + 1), let second = number(index + 2), symbol(index + 3) == separator,
            adjacent(index + 2), adjacent(index + 3), let third = number(index + 4)
        {
            if first.length == 4, second.length <= 2, third.length <= 2, isYear(first.value) {
                return result(first.value, second.value, third.value, endToken: index + 4)
            }
            if first.length <= 2, second.length <= 2 {
                if third.length == 4, isYear(third.value) {
                    return result(third.value, second.value, first.value, endToken: index + 4)
                }
                if third.length == 2 {
                    // Two-digit year: a birth date is in the past, so read 00–29 as 20xx.
                    let year = third.value < 30 ? 2000 + third.value : 1900 + third.value
                    return result(year, second.value, first.value, endToken: index + 4)
                }
            }
            return nil
        }
        var i = index + 1
        if first.length <= 2 {
            // "14 mars 2015", "14. mars 2015", "14th March 2015", Latvian "14. martā 2015".
            if symbol(i) == UInt8(ascii: ".") { i += 1 }
            if let suffix = word(i), ordinals.contains(suffix), tokens[i].start == tokens[index].end { i += 1 }
            if word(i) == "of" { i += 1 }
            guard let m = month(i) else { return nil }
            i += 1
            if symbol(i) == UInt8(ascii: ".") || symbol(i) == UInt8(ascii: ",") { i += 1 }
            guard let year = number(i), year.length == 4, isYear(year.value) else { return nil }
            return result(year.value, m, first.value, endToken: i)
        }
        guard first.length == 4, isYear(first.value) else { return nil }
        // Latvian "2015. gada 14. martā", Lithuanian "2015 m. kovo 14 d.".
        if symbol(i) == UInt8(ascii: ".") { i += 1 }
        if word(i) == "gada" {
            i += 1
            guard let day = number(i), day.length <= 2 else { return nil }
            i += 1
            if symbol(i) == UInt8(ascii: ".") { i += 1 }
            guard let m = month(i) else { return nil }
            return result(first.value, m, day.value, endToken: i)
        }
        if word(i) == "m" {
            i += 1
            if symbol(i) == UInt8(ascii: ".") { i += 1 }
            guard let m = month(i), let day = number(i + 1), day.length <= 2 else { return nil }
            i += 1
            if word(i + 1) == "d", symbol(i + 2) == UInt8(ascii: ".") {
                return result(first.value, m, day.value, endToken: i + 2)
            }
            return result(first.value, m, day.value, endToken: i)
        }
        return nil
    }
}
