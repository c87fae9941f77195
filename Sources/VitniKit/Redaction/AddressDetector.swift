/// Finds street addresses, preferring precision to recall: a street is only accepted with a house
/// number, and a postcode only with a city.
///
/// - Nordic compound street names: a capitalised word ending in a street word ("Götgatan 12",
///   "Storgata 5B", "Vesterbrogade 3", "Mannerheimintie 5 A 12", "Laugavegur 7");
/// - separate street words after 1–3 capitalised words ("Karl Johans gate 1", "Brīvības iela 12",
///   "Gedimino pr. 9", "Pärnu mnt 10");
/// - English "12 Baker Street", "221B Baker St.";
/// - each optionally followed by a postcode and city ("114 51 Stockholm", "0150 Oslo",
///   "2100 København Ø", "00100 Helsinki", "LV-1010 Rīga", "LT-01103 Vilnius");
/// - a postcode and city alone only in the unmistakable forms (Swedish "NNN NN City", "LV-"/"LT-"
///   prefixes) or with a well-known city.
public struct AddressDetector: Sendable {
    public static let name = "address"

    public init() {}

    public func findings(in text: String) -> [RedactionFinding] { findings(in: RedactionText(text)) }

    static let compoundSuffixes: [String] = [
        "gatan", "gata", "gate", "gaten", "gade", "gaden", "vägen", "väg", "vegen", "veg", "veien", "vei", "vej",
        "vejen", "gränd", "gränden", "torget", "torg", "allén", "allé", "backen", "stigen", "leden", "stræde",
        "stræti", "plads", "plass", "plassen", "torv", "katu", "tie", "kuja", "polku", "tori", "väylä", "raitti",
        "kaari", "vegur", "braut", "stígur", "tänav", "iela", "gatvė", "kaj", "kajen", "esplanaden", "promenaden",
        "bakken", "svingen", "stien", "veien", "ringen", "vænget", "parken",
    ]

    static let separateStreetWords: Set<String> = [
        "gate", "gata", "gatan", "vei", "veg", "vej", "vejen", "väg", "vägen", "allé", "alle", "gade", "plass",
        "plads", "torg", "torget", "stræde", "iela", "gatvė", "g", "tänav", "tn", "mnt", "maantee", "puiestee",
        "pst", "prospektas", "pr", "prospekts", "bulvāris", "bulv", "al", "alėja", "tie", "katu", "street",
        "road", "avenue", "lane", "drive", "way", "close", "court", "place", "terrace", "crescent", "boulevard",
        "square", "grove", "gardens",
    ]

    static let englishStreetWords: Set<String> = [
        "street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "drive", "way", "close", "court", "place",
        "terrace", "crescent", "boulevard", "blvd", "square", "grove", "gardens",
    ]

    /// Street words written abbreviated, whose full stop belongs to the address.
    static let abbreviations: Set<String> = [
        "st", "rd", "ave", "ln", "blvd", "g", "pr", "tn", "mnt", "pst", "bulv", "al",
    ]

    static let knownCities: Set<String> = [
        "stockholm", "göteborg", "gothenburg", "malmö", "uppsala", "linköping", "örebro", "västerås", "umeå",
        "lund", "oslo", "bergen", "trondheim", "stavanger", "tromsø", "drammen", "kristiansand", "københavn",
        "copenhagen", "aarhus", "århus", "odense", "aalborg", "esbjerg", "helsinki", "helsingfors", "espoo",
        "tampere", "turku", "oulu", "vantaa", "reykjavík", "reykjavik", "kópavogur", "hafnarfjörður", "akureyri",
        "tallinn", "tartu", "pärnu", "riga", "rīga", "daugavpils", "liepāja", "vilnius", "kaunas", "klaipėda",
    ]

    func findings(in text: RedactionText) -> [RedactionFinding] {
        var results: [RedactionFinding] = []
        var index = 0
        while index < text.tokens.count {
            if let end = street(text, at: index) ?? english(text, at: index) ?? postcodeAlone(text, at: index) {
                results.append(
                    RedactionFinding(
                        utf8Range: text.tokens[index].start..<text.tokens[end].end, category: .address,
                        detector: Self.name))
                index = end + 1
            } else {
                index += 1
            }
        }
        return results
    }

    /// Suffixes as UTF-8 bytes: compared byte-wise (NFC), which is what keeps this scan cheap.
    static let compoundSuffixBytes: [[UInt8]] = compoundSuffixes.map { Array($0.utf8) }

    func isCompoundStreet(_ word: String) -> Bool {
        let bytes = Array(word.utf8)
        guard bytes.count >= 5 else { return false }
        return Self.compoundSuffixBytes.contains { suffix in
            bytes.count >= suffix.count + 2 && bytes[(bytes.count - suffix.count)...].elementsEqual(suffix)
        }
    }

    /// Nordic and Baltic streets starting at token `start`: last token index of the address.
    func street(_ text: RedactionText, at start: Int) -> Int? {
        guard text.tokens[start].kind == .word, text.isCapitalised(start), let word = text.folded[start] else {
            return nil
        }
        if isCompoundStreet(word), let number = houseNumber(text, at: start + 1) {
            return postcodeAndCity(text, after: number) ?? number
        }
        var position = start
        while position < start + 3, position + 1 < text.tokens.count, text.tokens[position + 1].kind == .word,
            text.isCapitalised(position + 1), !Self.separateStreetWords.contains(text.folded[position + 1] ?? "")
        {
            position += 1
        }
        var typeIndex = position + 1
        guard typeIndex < text.tokens.count, let type = text.folded[typeIndex], Self.separateStreetWords.contains(type),
            !Self.englishStreetWords.contains(type)
        else { return nil }
        if Self.abbreviations.contains(type), typeIndex + 1 < text.tokens.count,
            text.tokens[typeIndex + 1].start == text.tokens[typeIndex].end,
            text.tokenText(typeIndex + 1) == "."
        {
            typeIndex += 1
        }
        guard let number = houseNumber(text, at: typeIndex + 1) else { return nil }
        return postcodeAndCity(text, after: number) ?? number
    }

    /// "12 Baker Street", "221B Baker St.".
    func english(_ text: RedactionText, at start: Int) -> Int? {
        guard let number = houseNumber(text, at: start) else { return nil }
        var position = number + 1
        var names = 0
        while position < text.tokens.count, names < 3, text.tokens[position].kind == .word,
            text.isCapitalised(position),
            let word = text.folded[position], !Self.englishStreetWords.contains(word)
        {
            position += 1
            names += 1
        }
        guard names >= 1, position < text.tokens.count, let type = text.folded[position],
            Self.englishStreetWords.contains(type), text.isCapitalised(position)
        else { return nil }
        if Self.abbreviations.contains(type), position + 1 < text.tokens.count,
            text.tokens[position + 1].start == text.tokens[position].end, text.tokenText(position + 1) == "."
        {
            position += 1
        }
        return postcodeAndCity(text, after: position) ?? position
    }

    /// A house number at `index`: 1–4 digits, optional letter ("5B", "5 B"), optional range
    /// ("12-14") or Finnish staircase and flat ("5 A 12"). Returns its last token.
    func houseNumber(_ text: RedactionText, at index: Int) -> Int? {
        let tokens = text.tokens
        guard index < tokens.count, index > 0, tokens[index].kind == .number,
            tokens[index].end - tokens[index].start <= 4,
            text.bytes[tokens[index].start] != UInt8(ascii: "0"), tokens[index].start > tokens[index - 1].end
        else { return nil }
        var last = index
        if last + 2 < tokens.count, tokens[last + 1].start == tokens[last].end, text.tokenText(last + 1) == "-",
            tokens[last + 2].kind == .number, tokens[last + 2].start == tokens[last + 1].end
        {
            last += 2
        }
        if last + 1 < tokens.count, tokens[last + 1].kind == .word, tokens[last + 1].end - tokens[last + 1].start == 1,
            tokens[last + 1].start - tokens[last].end <= 1,
            text.isCapitalised(last + 1) || tokens[last + 1].start == tokens[last].end
        {
            if !(last + 2 < tokens.count && tokens[last + 2].start == tokens[last + 1].end
                && tokens[last + 2].kind == .word)
            {
                last += 1
                if last + 1 < tokens.count, tokens[last + 1].kind == .number,
                    tokens[last + 1].end - tokens[last + 1].start <= 3,
                    tokens[last + 1].start == tokens[last].end + 1, !text.numberContinues(at: tokens[last + 1].end),
                    !isPostcode(text, at: last + 1)
                {
                    last += 1
                }
            }
        }
        if tokens[last].kind == .number, text.numberContinues(at: tokens[last].end) { return nil }
        return last
    }

    func isPostcode(_ text: RedactionText, at index: Int) -> Bool {
        postcodeAndCity(text, after: index - 1) != nil
    }

    /// A postcode and city after token `last` (optionally after a comma): the new last token.
    func postcodeAndCity(_ text: RedactionText, after last: Int) -> Int? {
        var index = last + 1
        if index < text.tokens.count, text.tokenText(index) == "," { index += 1 }
        guard let code = postcode(text, at: index) else { return nil }
        return city(text, after: code.last)
    }

    /// Postcode forms: "NNN NN", "NNNNN", "NNNN", "NNN", "LV-NNNN", "LT-NNNNN".
    func postcode(_ text: RedactionText, at index: Int) -> (last: Int, strong: Bool)? {
        let tokens = text.tokens
        guard index < tokens.count else { return nil }
        if let prefix = text.folded[index], prefix == "lv" || prefix == "lt", index + 2 < tokens.count,
            text.tokenText(index + 1) == "-", tokens[index + 2].kind == .number,
            tokens[index + 2].end - tokens[index + 2].start == (prefix == "lv" ? 4 : 5)
        {
            return (index + 2, true)
        }
        guard tokens[index].kind == .number, !text.numberIsGlued(before: tokens[index].start) else { return nil }
        let length = tokens[index].end - tokens[index].start
        if length == 3, index + 1 < tokens.count, tokens[index + 1].kind == .number,
            tokens[index + 1].end - tokens[index + 1].start == 2, tokens[index + 1].start == tokens[index].end + 1
        {
            return (index + 1, true)
        }
        return (3...5).contains(length) ? (index, false) : nil
    }

    /// A city after the postcode: one or two capitalised words, plus a Danish district letter
    /// ("København Ø", "Aarhus C").
    func city(_ text: RedactionText, after code: Int) -> Int? {
        var index = code + 1
        guard index < text.tokens.count, text.tokens[index].kind == .word, text.isCapitalised(index),
            !text.numberContinues(at: text.tokens[code].end)
        else { return nil }
        if index + 1 < text.tokens.count, text.tokens[index + 1].kind == .word, text.isCapitalised(index + 1),
            text.tokens[index + 1].end - text.tokens[index + 1].start <= 3,
            text.tokens[index + 1].start == text.tokens[index].end + 1,
            text.tokenText(index + 1).unicodeScalars.allSatisfy({ $0.properties.isUppercase })
        {
            index += 1
        }
        return index
    }

    /// A postcode and city with no street: only the unmistakable forms.
    func postcodeAlone(_ text: RedactionText, at index: Int) -> Int? {
        guard let code = postcode(text, at: index), let cityEnd = city(text, after: code.last) else { return nil }
        if code.strong { return cityEnd }
        let cityWord = text.folded[code.last + 1] ?? ""
        let length = text.tokens[index].end - text.tokens[index].start
        // "In 2015 Stockholm…" is a year, not a postcode.
        let value = text.bytes[text.tokens[index].start..<text.tokens[index].end].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard length >= 4, !(length == 4 && (1900...2099).contains(value)) else { return nil }
        return Self.knownCities.contains(cityWord) ? cityEnd : nil
    }
}
