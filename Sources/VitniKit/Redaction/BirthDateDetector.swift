/// Finds dates of birth: a date (any form `DateParser` reads) that starts within a few words after a
/// birth cue such as "född", "born", "født", "syntynyt", "fæddur", "sünd", "dzimis", "gimęs", "DOB",
/// "date of birth" or "födelsedatum". A date with no cue is not redacted: interviews are full of
/// dates that identify no one. Only the date is redacted, not the cue.
public struct BirthDateDetector: Sendable {
    public static let name = "date-of-birth"

    /// How far after the cue the date may start: tokens and UTF-8 bytes.
    static let windowTokens = 8
    static let windowBytes = 48

    public init() {}

    public func findings(in text: String) -> [RedactionFinding] { findings(in: RedactionText(text)) }

    /// Whole-word cues (lower case).
    static let cues: Set<String> = [
        "född", "föddes", "födda", "födelsedatum", "födelsedag", "födelsedagen", "born", "dob", "birthdate",
        "fødd", "født", "fødde", "fødselsdato", "fødselsdag", "fødselsdagen", "fødested", "syntynyt",
        "syntyi", "syntymäaika", "syntymäpäivä", "fæddur", "fædd", "fætt", "fæddist", "fæðingardagur",
        "fæðingardag", "sünd", "sündinud", "sündis", "sünniaeg", "sünnipäev", "dzimis", "dzimusi",
        "dzimšanas", "gimęs", "gimusi", "gimė", "gimimo",
    ]

    func findings(in text: RedactionText) -> [RedactionFinding] {
        var results: [RedactionFinding] = []
        var index = 0
        while index < text.tokens.count {
            guard let cueEnd = cueEnd(text, at: index) else {
                index += 1
                continue
            }
            index = cueEnd + 1
            let limit = text.tokens[cueEnd].end + Self.windowBytes
            var candidate = cueEnd + 1
            while candidate < text.tokens.count, candidate <= cueEnd + Self.windowTokens,
                text.tokens[candidate].start <= limit
            {
                if let date = DateParser.parse(text, at: candidate) {
                    results.append(
                        RedactionFinding(
                            utf8Range: text.tokens[candidate].start..<date.end, category: .dateOfBirth,
                            detector: Self.name))
                    index = text.tokenIndex(atOrAfter: date.end)
                    break
                }
                candidate += 1
            }
        }
        return results
    }

    /// Index of the last token of a cue starting at `index` ("date of birth" is three), or nil.
    func cueEnd(_ text: RedactionText, at index: Int) -> Int? {
        guard let word = text.folded[index] else { return nil }
        if Self.cues.contains(word) { return index }
        // "date of birth", "d.o.b."
        if word == "date", index + 2 < text.tokens.count, text.folded[index + 1] == "of",
            text.folded[index + 2] == "birth"
        {
            return index + 2
        }
        if word == "d", index + 5 < text.tokens.count, text.folded[index + 2] == "o", text.folded[index + 4] == "b" {
            return index + 5
        }
        return nil
    }
}
