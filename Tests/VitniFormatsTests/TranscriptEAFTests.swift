import Foundation
import Testing
import VitniFormats

@Suite struct TranscriptEAFTests {
    private func rejection(_ text: String) -> TranscriptError? {
        TranscriptSamples.error { () throws(TranscriptError) in try EAF.parse(text) }
    }

    /// A small EAF as ELAN writes it; malformed cases below edit it by line (1-based).
    private static let lines = [
        #"<?xml version="1.0" encoding="UTF-8"?>"#,  // 1
        #"<ANNOTATION_DOCUMENT AUTHOR="" DATE="2026-11-02T10:00:00+01:00" FORMAT="3.0" VERSION="3.0">"#,  // 2
        #"  <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>"#,  // 3
        #"  <TIME_ORDER>"#,  // 4
        #"    <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="1000"/>"#,  // 5
        #"    <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="2500"/>"#,  // 6
        #"    <TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="2000"/>"#,  // 7
        #"    <TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="4000"/>"#,  // 8
        #"  </TIME_ORDER>"#,  // 9
        #"  <TIER LINGUISTIC_TYPE_REF="default-lt" PARTICIPANT="CHILD" TIER_ID="Child speech">"#,  // 10
        #"    <ANNOTATION>"#,  // 11
        #"      <ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4">"#,  // 12
        #"        <ANNOTATION_VALUE>Jag vet inte &amp; &lt;ö&gt; ((shrugs))</ANNOTATION_VALUE>"#,  // 13
        #"      </ALIGNABLE_ANNOTATION>"#,  // 14
        #"    </ANNOTATION>"#,  // 15
        #"  </TIER>"#,  // 16
        #"  <TIER LINGUISTIC_TYPE_REF="default-lt" TIER_ID="INT">"#,  // 17
        #"    <ANNOTATION>"#,  // 18
        #"      <ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">"#,  // 19
        #"        <ANNOTATION_VALUE>Berätta!</ANNOTATION_VALUE>"#,  // 20
        #"      </ALIGNABLE_ANNOTATION>"#,  // 21
        #"    </ANNOTATION>"#,  // 22
        #"  </TIER>"#,  // 23
        #"  <TIER LINGUISTIC_TYPE_REF="translation" PARENT_REF="INT" TIER_ID="INT-en">"#,  // 24
        #"    <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a3" ANNOTATION_REF="a1">"#,  // 25
        #"      <ANNOTATION_VALUE>Tell!</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>"#,  // 26
        #"  </TIER>"#,  // 27
        // 28
        #"  <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="default-lt" TIME_ALIGNABLE="true"/>"#,
        #"  <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" LINGUISTIC_TYPE_ID="translation"/>"#,  // 29
        #"</ANNOTATION_DOCUMENT>"#,  // 30
    ]

    private static func document(replacing line: Int, with replacement: [String]) -> String {
        var edited = lines
        edited.replaceSubrange((line - 1)...(line - 1), with: replacement)
        return edited.joined(separator: "\n") + "\n"
    }

    @Test func readsTiersByParticipantOrTierID() throws {
        let transcript = try EAF.parse(Self.lines.joined(separator: "\n"))
        #expect(
            transcript.utterances == [
                Utterance(start: 1000, end: 2500, speaker: .interviewer, text: "Berätta!"),
                Utterance(start: 2000, end: 4000, speaker: .child, text: "Jag vet inte & <ö> ((shrugs))"),
            ])
        // The translation tier is kept as a layer, not skipped.
        #expect(
            transcript.layers == [
                Transcript.Layer(
                    id: "INT/translation", parent: "INT", constraint: .symbolicAssociation, type: "translation",
                    annotations: [Transcript.Annotation(parent: 0, text: "Tell!")])
            ])
    }

    @Test func writesOneTierPerRoleAndWordTiers() throws {
        let rendered = EAF.render(TranscriptSamples.rich, date: "2026-11-02T10:00:00Z")
        #expect(rendered.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"#))
        #expect(rendered.contains(#"DATE="2026-11-02T10:00:00Z" FORMAT="3.0" VERSION="3.0""#))
        for role in ["INT", "CHILD", "INTERP", "OBS-2", "OBS-12"] {
            #expect(rendered.components(separatedBy: #"TIER_ID="\#(role)""#).count == 2, "\(role)")
        }
        #expect(rendered.contains(#"PARENT_REF="INT" PARTICIPANT="INT" TIER_ID="INT-words""#))
        #expect(rendered.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; c &amp;amp; d &gt; e"))
        #expect(!rendered.contains("<script>"))
        #expect(rendered.contains(#"<PROPERTY NAME="vitni-language">sv</PROPERTY>"#))
    }

    @Test(arguments: [
        (document(replacing: 13, with: ["<ANNOTATION_VALUE>unclosed"]), 14, "not well-formed XML"),
        (
            document(
                replacing: 12,
                with: [#"<ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts9">"#]), 12,
            "does not exist"
        ),
        (document(replacing: 7, with: [#"<TIME_SLOT TIME_SLOT_ID="ts3"/>"#]), 12, "without TIME_VALUE"),
        (document(replacing: 7, with: [#"<TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="2.5"/>"#]), 7, "TIME_VALUE"),
        (
            document(replacing: 7, with: [#"<TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="5000"/>"#]), 12,
            "end time must be after"
        ),
        (document(replacing: 8, with: [#"<TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="999999999"/>"#]), 8, "24 hours"),
        (
            document(
                replacing: 10, with: [#"<TIER LINGUISTIC_TYPE_REF="default-lt" PARTICIPANT="Elin" TIER_ID="Elin">"#]),
            10, "not a Vitni role"
        ),
        (
            document(replacing: 17, with: [#"<TIER LINGUISTIC_TYPE_REF="default-lt" TIER_ID="Child speech">"#]), 17,
            "duplicate TIER_ID"
        ),
        (
            document(replacing: 5, with: [#"<TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1000"/>"#]), 6,
            "duplicate TIME_SLOT_ID"
        ),
        (document(replacing: 3, with: [#"<HEADER MEDIA_FILE="" TIME_UNITS="PAL-frames"/>"#]), 3, "milliseconds"),
        (
            document(
                replacing: 2, with: [#"<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>"#, lines[1]]),
            2, "not allowed"
        ),
        ("<TRANSCRIPT>\n</TRANSCRIPT>\n", 1, "not an EAF file"),
        ("", 1, "not an EAF file"),
        ("<ANNOTATION_DOCUMENT>\n</ANNOTATION_DOCUMENT>\n<x/>\n", 3, "not well-formed XML"),
        (
            document(replacing: 13, with: [String(repeating: "<a>", count: 20) + String(repeating: "</a>", count: 20)]),
            13, "nested deeper"
        ),
    ])
    func rejectsMalformedInput(text: String, line: Int, fragment: String) {
        let error = rejection(text)
        #expect(error?.format == .eaf)
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.reason.contains(fragment) == true, "\(String(describing: error))")
    }

    private static func withWordTier(from: String, to: String) -> String {
        var edited = lines
        edited.insert(
            contentsOf: [
                #"  <TIER LINGUISTIC_TYPE_REF="words" PARENT_REF="INT" TIER_ID="INT-words">"#,  // 24
                // 25
                #"    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="w1" TIME_SLOT_REF1="\#(from)" TIME_SLOT_REF2="\#(to)">"#,
                #"      <ANNOTATION_VALUE>Berätta!</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>"#,  // 26
                #"  </TIER>"#,  // 27
            ], at: 23)
        return edited.joined(separator: "\n")
    }

    @Test func readsWordTiersInsideTheirParent() throws {
        let transcript = try EAF.parse(Self.withWordTier(from: "ts1", to: "ts3"))
        #expect(transcript.utterances[0].words == [WordTiming(word: "Berätta!", start: 1000, end: 2000)])
        #expect(transcript.utterances[1].words.isEmpty)
    }

    @Test func rejectsWordsOutsideTheirParent() {
        let error = rejection(Self.withWordTier(from: "ts3", to: "ts4"))
        #expect(error?.line == 25)
        #expect(error?.reason.contains("outside every annotation") == true)
    }
}
