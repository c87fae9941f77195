import Foundation
import Testing
import VitniFormats
import VitniTestSupport

/// Dependent tiers (translations, glosses) are kept as layers: read from EAF, sealed in WebVTT
/// `NOTE layer` blocks, written back to EAF as dependent tiers.
@Suite struct TranscriptLayerTests {
    /// One speaker tier and one dependent tier of each constraint; `gloss-pos` depends on a layer.
    static let eaf = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ANNOTATION_DOCUMENT FORMAT="3.0" VERSION="3.0">
        <HEADER TIME_UNITS="milliseconds"/>
        <TIME_ORDER>
        <TIME_SLOT TIME_SLOT_ID="t1" TIME_VALUE="1000"/><TIME_SLOT TIME_SLOT_ID="t2" TIME_VALUE="3000"/>
        <TIME_SLOT TIME_SLOT_ID="t3" TIME_VALUE="4000"/><TIME_SLOT TIME_SLOT_ID="t4" TIME_VALUE="6000"/>
        <TIME_SLOT TIME_SLOT_ID="u1"/><TIME_SLOT TIME_SLOT_ID="t5" TIME_VALUE="1200"/>
        </TIME_ORDER>
        <TIER TIER_ID="Kim" LINGUISTIC_TYPE_REF="utt">
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="t1" TIME_SLOT_REF2="t2"><ANNOTATION_VALUE>Jag gick dit</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="t3" TIME_SLOT_REF2="t4"><ANNOTATION_VALUE>Nej</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        </TIER>
        <TIER TIER_ID="Kim translation" PARENT_REF="Kim" LINGUISTIC_TYPE_REF="translation">
        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a3" ANNOTATION_REF="a2"><ANNOTATION_VALUE>No</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a4" ANNOTATION_REF="a1"><ANNOTATION_VALUE>I went &amp; there</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
        </TIER>
        <TIER TIER_ID="Kim gloss" PARENT_REF="Kim" LINGUISTIC_TYPE_REF="gloss">
        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a5" ANNOTATION_REF="a1"><ANNOTATION_VALUE>I</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a6" ANNOTATION_REF="a1" PREVIOUS_ANNOTATION="a5"><ANNOTATION_VALUE>go.PST</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
        </TIER>
        <TIER TIER_ID="gloss-pos" PARENT_REF="Kim gloss" LINGUISTIC_TYPE_REF="pos">
        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a7" ANNOTATION_REF="a6"><ANNOTATION_VALUE>V</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a8" ANNOTATION_REF="a5"><ANNOTATION_VALUE></ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
        </TIER>
        <TIER TIER_ID="Kim segments" PARENT_REF="Kim" LINGUISTIC_TYPE_REF="segments">
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a9" TIME_SLOT_REF1="t1" TIME_SLOT_REF2="u1"><ANNOTATION_VALUE>Jag</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a10" TIME_SLOT_REF1="u1" TIME_SLOT_REF2="t2"><ANNOTATION_VALUE>gick dit</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        </TIER>
        <TIER TIER_ID="Kim gestures" PARENT_REF="Kim" LINGUISTIC_TYPE_REF="gesture">
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a11" TIME_SLOT_REF1="t5" TIME_SLOT_REF2="t2"><ANNOTATION_VALUE>points</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        </TIER>
        <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="utt" TIME_ALIGNABLE="true"/>
        <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="translation" CONSTRAINTS="Symbolic_Association" TIME_ALIGNABLE="false"/>
        <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="gloss" CONSTRAINTS="Symbolic_Subdivision" TIME_ALIGNABLE="false"/>
        <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="pos" CONSTRAINTS="Symbolic_Association" TIME_ALIGNABLE="false"/>
        <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="segments" CONSTRAINTS="Time_Subdivision" TIME_ALIGNABLE="true"/>
        <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="gesture" CONSTRAINTS="Included_In" TIME_ALIGNABLE="true"/>
        </ANNOTATION_DOCUMENT>
        """

    static func options() throws -> Transcript.ImportOptions {
        var map = SpeakerMap()
        try map.add("Kim=CHILD")
        return Transcript.ImportOptions(speakerMap: map)
    }

    static let expectedLayers: [Transcript.Layer] = [
        .init(
            id: "CHILD/translation", parent: "CHILD", constraint: .symbolicAssociation, type: "translation",
            annotations: [.init(parent: 1, text: "No"), .init(parent: 0, text: "I went & there")]),
        .init(
            id: "CHILD/gloss", parent: "CHILD", constraint: .symbolicSubdivision, type: "gloss",
            annotations: [.init(parent: 0, text: "I"), .init(parent: 0, text: "go.PST")]),
        .init(
            id: "CHILD/segments", parent: "CHILD", constraint: .timeSubdivision, type: "segments",
            annotations: [.init(start: 1000, end: nil, text: "Jag"), .init(start: nil, end: 3000, text: "gick dit")]),
        .init(
            id: "CHILD/gesture", parent: "CHILD", constraint: .includedIn, type: "gesture",
            annotations: [.init(start: 1200, end: 3000, text: "points")]),
        .init(
            id: "CHILD/pos", parent: "CHILD/gloss", constraint: .symbolicAssociation, type: "pos",
            annotations: [.init(parent: 1, text: "V"), .init(parent: 0, text: "")]),
    ]

    @Test func readsEveryDependentTierAsALayer() throws {
        let transcript = try EAF.parse(Self.eaf, options: Self.options())
        #expect(transcript.utterances.map(\.text) == ["Jag gick dit", "Nej"])
        #expect(transcript.layers == Self.expectedLayers)
        #expect(!transcript.layers.contains { $0.id.contains("Kim") }, "tier ids, often names, are not kept")
        try transcript.validate()
    }

    @Test func eafAndWebVTTCarryLayersBothWays() throws {
        let transcript = try EAF.parse(Self.eaf, options: Self.options())
        let eaf = EAF.render(transcript)
        #expect(
            eaf.contains(
                "<TIER LINGUISTIC_TYPE_REF=\"pos\" PARENT_REF=\"CHILD/gloss\" PARTICIPANT=\"CHILD\" TIER_ID=\"CHILD/pos\">"
            ))
        #expect(
            eaf.contains("ANNOTATION_ID=\"a6\" ANNOTATION_REF=\"a1\" PREVIOUS_ANNOTATION=\"a5\""),
            "the gloss chain is kept")
        #expect(eaf.contains("CONSTRAINTS=\"Time_Subdivision\""))
        #expect(try EAF.parse(eaf) == transcript)
        let vtt = WebVTT.render(transcript)
        #expect(
            vtt.contains(
                "NOTE layer CHILD/translation\nparent: CHILD\nconstraint: Symbolic_Association\n"
                    + "type: translation\n@2 No\n@1 I went &amp; there\n\n"))
        #expect(vtt.contains("00:00:01.000 - Jag\n- 00:00:03.000 gick dit\n"))
        #expect(try WebVTT.parse(vtt) == transcript)
    }

    @Test func formatsWithoutLayersSaySo() throws {
        let transcript = try EAF.parse(Self.eaf, options: Self.options())
        #expect(
            transcript.layersNotWritten(by: "srt")
                == "srt has no place for annotation layers: 5 layers (9 annotations: translations, glosses) not "
                + "written; export webvtt or eaf to keep them")
        #expect(Transcript(utterances: transcript.utterances).layersNotWritten(by: "srt") == nil)
        #expect(try SRT.parse(SRT.render(transcript)).layers.isEmpty)
    }

    /// One broken rule each, applied to the layers `eaf` reads as.
    static func broken(_ rule: Int) throws -> Transcript {
        var t = try EAF.parse(eaf, options: options())
        switch rule {
        case 0: t.layers[0].annotations[0].parent = 2
        case 1: t.layers[0].annotations[0].start = 5
        case 2: t.layers[0].annotations[1].parent = 1
        case 3: t.layers[1].id = "CHILD/translation"
        case 4: t.layers[1].id = "INT"
        case 5: t.layers[1].id = "a b"
        case 6: t.layers[1].parent = "INT"
        case 7: t.layers[4].parent = "CHILD/nothing"
        case 8: t.layers[3].annotations[0].end = nil
        case 9: t.layers[3].annotations[0].end = 1200
        case 10: t.layers[3].annotations[0].parent = 0
        case 11: t.layers[3].type = "utterance"
        case 12: t.layers[4].type = "gloss"
        default: t.layers[2].annotations[0].text = "a\nb"
        }
        return t
    }

    @Test(arguments: [
        (0, "refer to one of its parent's"), (1, "carries no times"), (2, "two symbolic associations"),
        (3, "used twice"), (4, "role token"), (5, "without spaces"), (6, "INT, who has no utterances"),
        (7, "neither a role nor an earlier layer"), (8, "Included_In annotation must have"),
        (9, "end time must be after"), (10, "refers to no parent"), (11, "Vitni's own"), (12, "two constraints"),
        (13, "control character"),
    ])
    func validateRefusesBrokenLayers(rule: Int, fragment: String) throws {
        let transcript = try Self.broken(rule)
        let error = TranscriptSamples.error { () throws(TranscriptError) in
            try transcript.validate()
            return transcript
        }
        #expect(error?.reason.contains(fragment) == true, "\(String(describing: error))")
        #expect(error?.reason.hasPrefix("layer ") == true)
    }

    @Test func refusesLayerTimesPastTheRecording() throws {
        let transcript = try EAF.parse(Self.eaf, options: Self.options())
        #expect(throws: Never.self) { try transcript.validate(recordingDuration: 6_000) }
        var late = transcript
        late.layers[3].annotations[0].end = 7_000
        let error = TranscriptSamples.error { () throws(TranscriptError) in
            try late.validate(recordingDuration: 6_000)
            return late
        }
        #expect(error?.reason.contains("layer annotation reaches 00:00:07.000, after the recording") == true)
    }

    @Test(arguments: [
        (
            "PARENT_REF=\"Kim\" LINGUISTIC_TYPE_REF=\"gesture\"", "PARENT_REF=\"Kimm\" LINGUISTIC_TYPE_REF=\"gesture\"",
            "PARENT_REF names no tier"
        ),
        ("ANNOTATION_REF=\"a2\"", "ANNOTATION_REF=\"a99\"", "ANNOTATION_REF names no annotation of the parent tier"),
        ("LINGUISTIC_TYPE_REF=\"segments\">", "LINGUISTIC_TYPE_REF=\"nothing\">", "names no LINGUISTIC_TYPE"),
        ("CONSTRAINTS=\"Included_In\"", "", "needs CONSTRAINTS"),
        (
            "TIME_SLOT_ID=\"t5\" TIME_VALUE=\"1200\"", "TIME_SLOT_ID=\"t5\"",
            "Included_In annotation refers to a time slot without"
        ),
        ("ANNOTATION_ID=\"a6\"", "ANNOTATION_ID=\"a5\"", "duplicate ANNOTATION_ID"),
    ])
    func refusesBrokenDependentTiersByLine(find: String, replace: String, fragment: String) throws {
        let broken = Self.eaf.replacingOccurrences(of: find, with: replace)
        #expect(broken != Self.eaf)
        let options = try Self.options()
        let error = TranscriptSamples.error { () throws(TranscriptError) in try EAF.parse(broken, options: options) }
        #expect(error?.reason.contains(fragment) == true, "\(String(describing: error))")
        #expect((error?.line ?? 0) > 1)
    }

    /// The real ELAN file: every one of its 8,778 annotations lands in an utterance or a layer.
    @Test func keepsEveryAnnotationOfARealELANFile() throws {
        let text = try String(
            contentsOfFile: Repository.root + "/Tests/Fixtures/eaf/pympi-sample_3.0.eaf", encoding: .utf8)
        var map = SpeakerMap()
        try map.add("text=INT")
        try map.add("gestures=OBS-1")
        let transcript = try EAF.parse(text, options: .init(speakerMap: map))
        #expect(transcript.utterances.filter { $0.speaker == .interviewer }.count == 399)
        #expect(transcript.utterances.filter { $0.speaker == .observer(1) }.count == 1_197)
        #expect(
            transcript.layers.map(\.id) == ["INT/words_timesub", "INT/words_symsub", "INT/gest_included", "INT/pos"])
        #expect(
            transcript.layers.map(\.constraint) == [
                .timeSubdivision, .symbolicSubdivision, .includedIn, .symbolicAssociation,
            ])
        let total = transcript.utterances.count + transcript.layers.reduce(0) { $0 + $1.annotations.count }
        #expect(total == 8_778)
        #expect(try EAF.parse(EAF.render(transcript)) == transcript)
        #expect(try WebVTT.parse(WebVTT.render(transcript)) == transcript)
    }
}
