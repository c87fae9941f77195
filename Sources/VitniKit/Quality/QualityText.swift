/// Tokenising for the utterance rules: lower-case words, commas kept as "," tokens (tag questions
/// and "tell me, did…" depend on them), sentences split at . ! ? : ; and ellipses.
/// Input is bounded: at most `maxTokens` tokens are read from any text, so a hostile transcript
/// line cannot make classification slow.
enum QualityText {
    static let maxTokens = 2_000

    struct Sentence: Equatable {
        var tokens: [String]
        var isQuestion: Bool

        /// Tokens without the "," markers.
        var words: [String] { tokens.filter { $0 != "," } }
    }

    static func sentences(_ text: String) -> [Sentence] {
        var sentences: [Sentence] = []
        var tokens: [String] = []
        var word = ""
        var count = 0

        func endWord() {
            let trimmed = word.trimmingEdges { $0 == "'" || $0 == "-" }
            if !trimmed.isEmpty {
                tokens.append(trimmed)
                count += 1
            }
            word = ""
        }
        func endSentence(question: Bool) {
            endWord()
            if !tokens.isEmpty {
                while tokens.first == "," { tokens.removeFirst() }
                while tokens.last == "," { tokens.removeLast() }
                if !tokens.isEmpty { sentences.append(Sentence(tokens: tokens, isQuestion: question)) }
            }
            tokens = []
        }

        for character in text.lowercased() {
            if count >= maxTokens { break }
            switch character {
            case "’", "‘", "'", "`": word.append("'")
            case "-", "‐", "‑": word.append("-")
            case ",":
                endWord()
                if tokens.last != "," { tokens.append(",") }
            case "?": endSentence(question: true)
            case ".", "!", ":", ";", "…": endSentence(question: false)
            default:
                if character.isLetter || character.isNumber {
                    word.append(character)
                } else {
                    endWord()
                }
            }
        }
        endSentence(question: false)
        return sentences
    }

    /// All words of a text, without punctuation.
    static func words(_ text: String) -> [String] { sentences(text).flatMap(\.words) }

    /// The number of words in a text, unbounded (a child's free narrative may be long), counted in
    /// one pass without building the words.
    static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for character in text {
            let isWordCharacter = character.isLetter || character.isNumber
            if isWordCharacter && !inWord { count += 1 }
            if isWordCharacter || character == "'" || character == "’" || character == "-" {
                inWord = inWord || isWordCharacter
            } else {
                inWord = false
            }
        }
        return count
    }

    /// Whether `tokens` contains `phrase` as a contiguous run.
    static func contains(_ tokens: [String], _ phrase: [String]) -> Bool {
        firstIndex(of: phrase, in: tokens) != nil
    }

    static func firstIndex(of phrase: [String], in tokens: [String]) -> Int? {
        guard !phrase.isEmpty, phrase.count <= tokens.count else { return nil }
        for start in 0...(tokens.count - phrase.count) where tokens[start] == phrase[0] {
            if Array(tokens[start..<(start + phrase.count)]) == phrase { return start }
        }
        return nil
    }

    static func hasPrefix(_ tokens: [String], _ phrase: [String]) -> Bool {
        tokens.count >= phrase.count && Array(tokens.prefix(phrase.count)) == phrase
    }

    static func hasSuffix(_ tokens: [String], _ phrase: [String]) -> Bool {
        tokens.count >= phrase.count && Array(tokens.suffix(phrase.count)) == phrase
    }

    /// Whether two word forms are taken to be the same word: equal, one a short inflection of the
    /// other ("car"/"cars", "bil"/"bilen", "hemlighet"/"hemligheten"), or sharing a stem of at
    /// least four letters that covers all but the last three letters of the longer
    /// ("played"/"plays"). Crude on purpose: it only decides whether the interviewer's words came
    /// from the child.
    static func sameWord(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        guard short.count >= 3 else { return false }
        let extra = long.count - short.count
        if long.hasPrefix(short) { return short.count == 3 ? extra <= 3 : extra <= 4 }
        let common = zip(a, b).prefix { $0 == $1 }.count
        return common >= 4 && common >= long.count - 3
    }
}

extension String {
    fileprivate func trimmingEdges(where predicate: (Character) -> Bool) -> String {
        var slice = Substring(self)
        while let first = slice.first, predicate(first) { slice = slice.dropFirst() }
        while let last = slice.last, predicate(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
