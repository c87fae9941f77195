/// The inflected forms under which a protected name is still recognised. What is covered:
///
/// - the bare name and the Scandinavian/Icelandic genitive "-s" (Annas, Lunds, Jóns);
/// - Finnish and Estonian case endings: after a vowel -n, -a/-ä, -lle, -lla/-llä, -lta/-ltä,
///   -ssa/-ssä, -sta/-stä, -ksi, -na/-nä, -t, -le, -lt, -l, -ga, -st, -sse, -ks; after a consonant
///   the same with the linking "i" (Larsin, Larsille, Jaani);
/// - Finnish consonant gradation of a doubled k/p/t before a vowel (Mikko → Mikon, Pekka → Pekalle)
///   and surnames in -nen (Virtanen → Virtasen, Virtaselle, Virtasta).
///
/// English possessives ('s, ’s, s') and Finnish colon forms (Anna:n) are handled by the matcher,
/// because the apostrophe or colon is its own token. Not covered: Baltic stem changes (Jānis →
/// Jāņa, Jonas → Jono), Icelandic stem vowel shifts (Anna → Önnu).
enum NameInflection {
    static let afterVowel = [
        "n", "a", "ä", "lle", "lla", "llä", "lta", "ltä", "ssa", "ssä", "sta", "stä", "ksi", "na", "nä", "t",
        "le", "lt", "l", "ga", "st", "sse", "ks",
    ]
    static let afterConsonant = afterVowel.filter { $0 != "a" && $0 != "ä" && $0 != "t" }.map { "i" + $0 } + ["i"]
    static let weakGrade = ["n", "lle", "lla", "llä", "lta", "ltä", "ssa", "ssä", "sta", "stä", "ksi", "t"]
    /// Suffixes allowed after a colon (Finnish inflection of abbreviations and foreign names).
    static let colonSuffixes: Set<String> = [
        "n", "a", "ä", "lle", "lla", "llä", "lta", "ltä", "ssa", "ssä", "sta", "stä", "ksi", "na", "nä", "t",
    ]

    static let vowels: Set<Character> = [
        "a", "e", "i", "o", "u", "y", "ä", "ö", "å", "æ", "ø", "õ", "ü", "é", "á", "í", "ó", "ú", "ý",
    ]

    /// Every recognised form of one (lower-cased) word.
    /// - Parameter finnic: add the Finnish and Estonian endings. They can over-redact ordinary
    ///   words of other languages ("Anna" + "n" is Swedish "annan", other), which is the safe
    ///   direction for redaction; sessions in Scandinavian languages only may turn them off.
    static func forms(of word: String, finnic: Bool = true) -> Set<String> {
        var forms: Set<String> = [word, word + "s"]
        guard finnic, let last = word.last, word.count >= 2 else { return forms }
        if vowels.contains(last) {
            for suffix in afterVowel { forms.insert(word + suffix) }
            let characters = Array(word)
            if characters.count >= 4, characters[characters.count - 2] == characters[characters.count - 3],
                ["k", "p", "t"].contains(characters[characters.count - 2])
            {
                var weak = characters
                weak.remove(at: characters.count - 2)
                for suffix in weakGrade { forms.insert(String(weak) + suffix) }
            }
        } else {
            for suffix in afterConsonant { forms.insert(word + suffix) }
        }
        if word.hasSuffix("nen"), word.count > 4 {
            let stem = String(word.dropLast(3))
            for suffix in [
                "sen", "selle", "sella", "sellä", "selta", "seltä", "sessa", "sessä", "sesta", "sestä", "seksi", "sena",
                "senä", "sta", "stä", "set",
            ] {
                forms.insert(stem + suffix)
            }
        }
        return forms
    }
}
