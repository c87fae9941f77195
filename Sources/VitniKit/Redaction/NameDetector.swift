/// Finds the names on a session's protected list (the child, family, school, places; one or more
/// words each). Matching is whole-word and case-insensitive but diacritic-exact ("Åsa" is not
/// "Asa"), canonically equivalent forms match (a precomposed "å" equals "a" + U+030A), and the last
/// word may carry an inflection (`NameInflection`) or an English possessive. "Ann" never matches
/// inside "Annual": words are maximal runs of letters.
public struct NameDetector: Sendable {
    public static let name = "name"
    /// Bounds for hostile lists: longer entries are ignored.
    static let maximumEntryBytes = 200
    static let maximumEntryTokens = 15

    struct Part: Sendable {
        var word: String?
        var symbol: String?
        /// Whitespace separates this part from the previous one.
        var spaced: Bool
    }

    struct Entry: Sendable {
        var parts: [Part]
        var lastForms: Set<String>
        var entity: Int
    }

    let entries: [Entry]
    /// First-word form → indices of entries starting with it.
    let byFirstWord: [String: [Int]]

    /// - Parameters:
    ///   - protectedNames: the names to find; the index of each entry is the `entity` of its
    ///     findings (duplicates of an earlier entry share the earlier index).
    ///   - finnicEndings: also match Finnish and Estonian case endings (see `NameInflection`).
    public init(protectedNames: [String], finnicEndings: Bool = true) {
        var entries: [Entry] = []
        var byFirstWord: [String: [Int]] = [:]
        var seen: [[String]: Int] = [:]
        for (index, name) in protectedNames.enumerated() where name.utf8.count <= Self.maximumEntryBytes {
            let text = RedactionText(name)
            guard text.tokens.count <= Self.maximumEntryTokens, let firstWord = text.folded.first ?? nil,
                let lastWordIndex = text.tokens.lastIndex(where: { $0.kind == .word })
            else { continue }
            var parts: [Part] = []
            for (position, token) in text.tokens.enumerated() {
                let spaced = position > 0 && text.tokens[position - 1].end < token.start
                switch token.kind {
                case .word: parts.append(Part(word: text.folded[position], symbol: nil, spaced: spaced))
                case .symbol:
                    parts.append(
                        Part(word: nil, symbol: Self.unifyApostrophe(text.tokenText(position)), spaced: spaced))
                case .number: parts.append(Part(word: nil, symbol: text.tokenText(position), spaced: spaced))
                }
            }
            guard parts.last?.word != nil else { continue }
            let key = parts.map { $0.word ?? $0.symbol ?? "" }
            let entity = seen[key] ?? index
            seen[key] = entity
            let lastForms = NameInflection.forms(of: text.folded[lastWordIndex] ?? "", finnic: finnicEndings)
            let entryIndex = entries.count
            entries.append(Entry(parts: parts, lastForms: lastForms, entity: entity))
            for form in parts.count == 1 ? lastForms : [firstWord] { byFirstWord[form, default: []].append(entryIndex) }
        }
        self.entries = entries
        self.byFirstWord = byFirstWord
    }

    static func unifyApostrophe(_ symbol: String) -> String { symbol == "’" ? "'" : symbol }

    public func findings(in text: String) -> [RedactionFinding] { findings(in: RedactionText(text)) }

    func findings(in text: RedactionText) -> [RedactionFinding] {
        guard !entries.isEmpty else { return [] }
        var results: [RedactionFinding] = []
        var index = 0
        while index < text.tokens.count {
            guard let word = text.folded[index], let candidates = byFirstWord[word] else {
                index += 1
                continue
            }
            var best: (end: Int, lastToken: Int, entity: Int)?
            for candidate in candidates {
                guard let lastToken = match(entries[candidate], in: text, at: index) else { continue }
                let end = text.tokens[lastToken].end
                if best == nil || end > best!.end { best = (end, lastToken, entries[candidate].entity) }
            }
            guard let best else {
                index += 1
                continue
            }
            let (end, lastToken) = possessive(text, after: best.lastToken) ?? (best.end, best.lastToken)
            results.append(
                RedactionFinding(
                    utf8Range: text.tokens[index].start..<end, category: .name, detector: Self.name, entity: best.entity
                ))
            index = lastToken + 1
        }
        return results
    }

    /// The index of the last text token matched by `entry` starting at token `start`, or nil.
    func match(_ entry: Entry, in text: RedactionText, at start: Int) -> Int? {
        var position = start
        for (offset, part) in entry.parts.enumerated() {
            guard position < text.tokens.count else { return nil }
            if offset > 0 {
                let gap = text.tokens[position].start - text.tokens[position - 1].end
                guard part.spaced ? (1...4).contains(gap) : gap == 0 else { return nil }
            }
            let isLast = offset == entry.parts.count - 1
            if let word = part.word {
                guard let found = text.folded[position] else { return nil }
                if isLast ? !entry.lastForms.contains(found) : found != word { return nil }
            } else if Self.unifyApostrophe(text.tokenText(position)) != part.symbol {
                return nil
            }
            position += 1
        }
        return position - 1
    }

    /// English possessive ('s, ’s, and s' after a final s) or a Finnish colon ending (Anna:n)
    /// right after the name: the new end offset and last token.
    func possessive(_ text: RedactionText, after last: Int) -> (Int, Int)? {
        let next = last + 1
        guard next < text.tokens.count, text.tokens[next].start == text.tokens[last].end,
            text.tokens[next].kind == .symbol
        else { return nil }
        let symbol = Self.unifyApostrophe(text.tokenText(next))
        let following = next + 1
        let hasFollowingWord =
            following < text.tokens.count && text.tokens[following].start == text.tokens[next].end
            && text.tokens[following].kind == .word
        if symbol == "'", hasFollowingWord, text.folded[following] == "s" {
            return (text.tokens[following].end, following)
        }
        if symbol == ":", hasFollowingWord, let suffix = text.folded[following],
            NameInflection.colonSuffixes.contains(suffix)
        {
            return (text.tokens[following].end, following)
        }
        if symbol == "'", !hasFollowingWord, text.folded[last]?.hasSuffix("s") == true {
            return (text.tokens[next].end, next)
        }
        return nil
    }
}
