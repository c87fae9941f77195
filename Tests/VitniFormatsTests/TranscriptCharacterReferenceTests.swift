import Testing

@testable import VitniFormats

/// WebVTT cue text decodes character references by HTML's rules (the WebVTT cue text tokenizer's
/// "HTML character reference in data state").
@Suite struct TranscriptCharacterReferenceTests {
    private func text(_ cue: String) throws -> String {
        try WebVTT.parse("WEBVTT\n\n00:01.000 --> 00:02.000\n<v INT>\(cue)\n").utterances[0].text
    }

    @Test(arguments: [
        ("&copy; 2026", "© 2026"),
        ("&amp;&lt;&gt;&quot;&apos;", "&<>\"'"),
        ("a&nbsp;b", "a\u{A0}b"),
        ("&Aring;sa &eacute;t&eacute;", "Åsa été"),
        ("&CounterClockwiseContourIntegral;", "\u{2233}"),
        ("&NotEqualTilde;", "\u{2242}\u{338}"),
        ("&copy 2026", "© 2026"),  // a legacy name needs no semicolon
        ("&notit;", "¬it;"),  // the longest match is the legacy `&not`
        ("&notin;", "∉"),
        ("&unknown; & &;", "&unknown; & &;"),
        ("AT&T", "AT&T"),
        ("&#169;&#xA9;&#XA9;", "©©©"),
        ("&#128512; &#x1F600", "😀 😀"),
        ("&#0;&#xD800;&#x110000;&#99999999999;", "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
        ("&#x80;&#150;&#x9F;", "€–Ÿ"),  // C1 references mean windows-1252, as in HTML
        ("a&NewLine;b&Tab;c&#10;d", "a b c d"),
        ("&#; &#x;", "&#; &#x;"),
    ])
    func decodesAsHTMLDoes(cue: String, expected: String) throws {
        #expect(try text(cue) == expected)
    }

    @Test(arguments: ["&#1;", "&#x7F;", "&#x2028;", "&#xFEFF;"])
    func refusesReferencesToControlCharacters(cue: String) {
        let error = TranscriptSamples.error { () throws(TranscriptError) in
            try WebVTT.parse("WEBVTT\n\n00:01.000 --> 00:02.000\n<v INT>said \(cue)\n")
        }
        #expect(error?.line == 4)
        #expect(error?.reason.contains("character reference \(cue) stands for the control character") == true)
        #expect(error.map { !$0.description.contains("said") } == true)
    }

    /// Every name in the HTML Standard's table decodes (2,231 names, 106 of them legacy forms
    /// without a semicolon); a few spot checks pin the table to the standard.
    @Test func tableHoldsTheWholeHTMLList() throws {
        #expect(WebVTTCharacterReference.named.count == 2_231)
        #expect(WebVTTCharacterReference.named.keys.filter { !$0.hasSuffix(";") }.count == 106)
        #expect(WebVTTCharacterReference.named.keys.map(\.count).max() == WebVTTCharacterReference.longestName + 1)
        #expect(try text("&zwnj;&AElig;&AElig&thetasym;&bne;") == "\u{200C}ÆÆϑ=\u{20E5}")
        #expect(try text("&DoubleLongLeftRightArrow;&Afr;") == "⟺𝔄")
    }

    /// What Vitni writes reads back unchanged, so decoding more references never alters a
    /// transcript Vitni sealed.
    @Test func vitniOutputStillReadsBack() throws {
        let transcript = Transcript(utterances: [
            Utterance(start: 0, end: 1000, speaker: .child, text: "&copy; &amp; &#169; <b> -->")
        ])
        #expect(try WebVTT.parse(WebVTT.render(transcript)) == transcript)
    }
}
