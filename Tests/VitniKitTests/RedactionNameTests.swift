import Testing
import VitniKit

@Suite struct RedactionNameTests {
    /// The spans the detector finds, as the substrings they cover (test-only: never logged).
    func matches(_ names: [String], in text: String) -> [String] {
        NameDetector(protectedNames: names).findings(in: text).compactMap { finding in
            finding.range(in: text).map { String(text[$0]) }
        }
    }

    @Test func wholeWordsCaseInsensitive() {
        #expect(matches(["Ann"], in: "Ann and ANN and ann.") == ["Ann", "ANN", "ann"])
        #expect(matches(["Ann"], in: "Annual report, Annika, Joann, annex, ann2") == ["ann"], "only a whole word")
        #expect(matches(["Ann"], in: "Anna") == [], "a different name is not an inflection of Ann")
    }

    @Test func diacriticsMatchExactly() {
        #expect(matches(["Åsa"], in: "Åsa, ÅSA, åsa, Asa, Åse") == ["Åsa", "ÅSA", "åsa"])
        #expect(matches(["Þórður"], in: "Þórður sagði; ÞÓRÐUR; Thordur; Þórðurs") == ["Þórður", "ÞÓRÐUR", "Þórðurs"])
        #expect(matches(["Jüri"], in: "Jüri, Juri, JÜRI") == ["Jüri", "JÜRI"])
        #expect(matches(["Ģirts"], in: "Ģirts un Girts un ģirts") == ["Ģirts", "ģirts"])
        #expect(matches(["Čeponytė"], in: "Ugnė Čeponytė ir Ceponyte") == ["Čeponytė"])
        #expect(matches(["Søren"], in: "Søren, Soren, Sören") == ["Søren"])
    }

    @Test func decomposedTextMatchesPrecomposedName() {
        let decomposed = "A\u{030A}sa kom"  // "Åsa" written as A + combining ring
        #expect(matches(["Åsa"], in: decomposed) == ["A\u{030A}sa"])
        #expect(matches(["Asa"], in: decomposed) == [], "the combining ring is part of the word")
    }

    @Test func multiWordNames() {
        let names = ["Åsa Lindqvist", "Björkskolan", "Anna-Karin"]
        #expect(matches(names, in: "Åsa Lindqvist gick till Björkskolan.") == ["Åsa Lindqvist", "Björkskolan"])
        #expect(matches(names, in: "åsa  lindqvists bok") == ["åsa  lindqvists"], "inflected last word, double space")
        #expect(matches(names, in: "Åsa och Lindqvist") == [], "not the words apart")
        #expect(matches(names, in: "Anna-Karin och Anna Karin") == ["Anna-Karin"], "the hyphen is part of the name")
    }

    @Test func inflections() {
        #expect(matches(["Anna"], in: "Anna's cat, Anna’s dog, Annas bok") == ["Anna's", "Anna’s", "Annas"])
        #expect(matches(["Lars"], in: "Lars' bike and Lars's coat") == ["Lars'", "Lars's"])
        #expect(matches(["Lund"], in: "i Lunds kommun, Lundberg") == ["Lunds"])
        #expect(
            matches(["Anna"], in: "Annalle, Annan, Annasta, Annaga, Anna:n") == [
                "Annalle", "Annan", "Annasta", "Annaga", "Anna:n",
            ])
        #expect(matches(["Mikko"], in: "Mikon kanssa, Mikolle, Mikkoa") == ["Mikon", "Mikolle", "Mikkoa"])
        #expect(matches(["Lars"], in: "Larsin kanssa, Larsille") == ["Larsin", "Larsille"])
        #expect(matches(["Virtanen"], in: "Virtasen, Virtaselle, Virtanen") == ["Virtasen", "Virtaselle", "Virtanen"])
        #expect(matches(["Anna"], in: "Annabelle, Annalisa, Annastasia") == [], "longer unrelated words")
    }

    @Test func finnicEndingsCanBeTurnedOff() {
        #expect(matches(["Anna"], in: "en annan sak") == ["annan"], "by default the Finnish genitive over-redacts")
        let scandinavian = NameDetector(protectedNames: ["Anna"], finnicEndings: false)
        let text = "en annan sak, Annas bok, Anna's"
        #expect(
            scandinavian.findings(in: text).compactMap { $0.range(in: text).map { String(text[$0]) } } == [
                "Annas", "Anna's",
            ])
    }

    @Test func inflectedFormsShareOneEntity() {
        let detector = NameDetector(protectedNames: ["Anna", "Lund", "anna"])
        let found = detector.findings(in: "Anna, Annas, ANNA's, Lund, Lunds")
        #expect(found.map(\.entity) == [0, 0, 0, 1, 1], "a repeated list entry shares the first entry's id")
        #expect(found.allSatisfy { $0.category == .name && $0.detector == NameDetector.name })
    }

    @Test func longestNameWins() {
        let found = NameDetector(protectedNames: ["Anna", "Anna Lund"]).findings(in: "Anna Lund och Anna")
        #expect(found.map(\.entity) == [1, 0])
        #expect(found.first?.utf8Range == 0..<9)
    }

    @Test func emptyAndHostileListsAreHarmless() {
        #expect(NameDetector(protectedNames: []).findings(in: "Anna").isEmpty)
        #expect(
            NameDetector(protectedNames: ["", "  ", "---", String(repeating: "a", count: 500)]).findings(in: "a b")
                .isEmpty)
    }
}
