import Foundation
import Testing
import VitniFormats
import VitniTestSupport

@Suite struct TranscriptWebVTTTests {
    private func rejection(_ text: String, options: Transcript.ImportOptions = .init()) -> TranscriptError? {
        TranscriptSamples.error { () throws(TranscriptError) in try WebVTT.parse(text, options: options) }
    }

    @Test func readsTheDemoInterview() throws {
        let path = Repository.root + "/samples/interview.vtt"
        let bytes = try [UInt8](contentsOf: path)
        let transcript = try WebVTT.parse(bytes: bytes)
        #expect(transcript.utterances.count == 33)
        #expect(Set(transcript.utterances.map(\.speaker)) == [.interviewer, .child])
        let first = try #require(transcript.utterances.first)
        #expect(first.start == 500 && first.end == 4089 && first.speaker == .interviewer)
        #expect(first.text.hasPrefix("Hello, I'm Anna."))
        #expect(transcript.utterances[3].speaker == .child)
        try transcript.validate(recordingDuration: 123_816)
        #expect(try WebVTT.parse(WebVTT.render(transcript)) == transcript)
    }

    @Test func readsTheW3CSyntax() throws {
        let text = """
            \u{FEFF}WEBVTT - an interview\r
            Kind: captions\r
            \r
            STYLE\r
            ::cue { color: yellow }\r
            \r
            NOTE this is a comment\r
            spanning lines\r
            \r
            REGION\r
            id:fred width:40%\r
            \r
            cue-1\r
            01:02.500 --> 00:01:04.000 align:start position:10%\r
            <v.loud INT>Hi &amp; welcome, <i>Þóra</i> &lt;3 &gt; <c.yellow>all</c>&nbsp;good</v>\r
            \r
            01:05.000 --> 01:06.000\r
            <v CHILD><00:01:05.000>Yes.<00:01:05.400> <b>I</b>\r
            <00:01:05.600>think\r
            \r
            """
        let transcript = try WebVTT.parse(text)
        #expect(transcript.utterances.count == 2)
        let first = transcript.utterances[0]
        #expect(first.start == 62_500 && first.end == 64_000 && first.speaker == .interviewer)
        #expect(first.text == "Hi & welcome, Þóra <3 > all\u{A0}good")
        let second = transcript.utterances[1]
        #expect(second.text == "Yes. I think")
        #expect(
            second.words == [
                WordTiming(word: "Yes.", start: 65_000, end: 65_400),
                WordTiming(word: "think", start: 65_600, end: 66_000),
            ])
    }

    @Test func cuesWithoutAVoiceTakeTheDefaultSpeakerOrFail() throws {
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\nno voice here\n"
        let error = rejection(text)
        #expect(error?.line == 4)
        #expect(error?.reason.contains("names no speaker") == true)
        let transcript = try WebVTT.parse(text, options: .init(defaultSpeaker: .interpreter))
        #expect(transcript.utterances.map(\.speaker) == [.interpreter])
    }

    @Test func metadataTravelsInANoteBlock() throws {
        let rendered = WebVTT.render(TranscriptSamples.rich)
        #expect(rendered.hasPrefix("WEBVTT\n\nNOTE transcript\nlanguage: sv\nsource: human\n"))
        #expect(try WebVTT.parse(rendered).metadata == TranscriptSamples.rich.metadata)
    }

    @Test func writesEscapedTextAndIncreasingTimestamps() {
        let rendered = WebVTT.render(TranscriptSamples.rich)
        #expect(
            rendered.contains("<v INTERP>a --&gt; b &lt;script&gt;alert(1)&lt;/script&gt; &amp; c &amp;amp; d &gt; e\n")
        )
        #expect(
            rendered.contains(
                "<v INT><00:00:00.500>Hej,<00:00:00.800> <00:00:00.900>jag <00:00:01.100>heter <00:00:01.400>Åsa.<00:00:01.900>"
                    + " (1.5) <00:00:03.400>Berätta <00:00:03.700>allt!\n"))
        #expect(!rendered.components(separatedBy: "\n").contains { $0.hasPrefix("<v") && $0.contains("-->") })
    }

    @Test(arguments: [
        ("WEBVT\n\n00:01.000 --> 00:02.000\n<v INT>a\n", 1, "WEBVTT signature"),
        ("", 1, "WEBVTT signature"),
        ("WEBVTTX\n", 1, "WEBVTT signature"),
        ("WEBVTT\n00:01.000 --> 00:02.000\n<v INT>a\n", 2, "blank line"),
        ("WEBVTT\n\n00:01.00 --> 00:02.000\n<v INT>a\n", 3, "malformed timestamp"),
        ("WEBVTT\n\n00:01.000 --> 00:61.000\n<v INT>a\n", 3, "60 or more"),
        ("WEBVTT\n\n00:01.000 -> 00:02.000\n<v INT>a\n", 3, "malformed cue timing line"),
        ("WEBVTT\n\ncue-1\n<v INT>a\n", 4, "expected a cue timing line"),
        ("WEBVTT\n\nNOTE hidden\n00:01.000 --> 00:02.000\n<v INT>a\n", 4, "NOTE, STYLE or REGION block"),
        ("WEBVTT\n\n00:03.000 --> 00:02.000\n<v INT>a\n", 3, "end time must be after"),
        ("WEBVTT\n\n00:02.000 --> 00:02.000\n<v INT>a\n", 3, "end time must be after"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Anna>a\n", 4, "not a Vitni role"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\n<v OBS-0>a\n", 4, "not a Vitni role"),
        ("WEBVTT\n\ncue-7\n", 3, "truncated"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\n", 3, "no text"),
        ("WEBVTT\n\n9999:00:00.000 --> 9999:00:01.000\n<v INT>a\n", 3, "hour limit"),
        ("WEBVTT\n\n00:01.000 --> 99999999999:00:01.000\n<v INT>a\n", 3, "hour limit"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\n<v INT>a --> b\n", 4, "'-->'"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\n<v INT>a\n<v CHILD>b\n", 5, "more than one voice"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\n<v INT>a <b\n", 4, "unterminated tag"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\n<v INT>a <00:01.5> b\n", 4, "timestamp tag"),
        (
            "WEBVTT\n\n00:05.000 --> 00:06.000\n<v INT>a\n\n00:01.000 --> 00:02.000\n<v CHILD>b\n", 6,
            "order of start time"
        ),
        ("WEBVTT\n\n00:01.000 --> 00:05.000\n<v INT>a\n\n00:02.000 --> 00:06.000\n<v INT>b\n", 6, "cannot overlap"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\n<v INT>a \u{1B}[31m b\n", 4, "control character"),
        ("WEBVTT\n\nNOTE transcript\nlanguage: sv se\n\n00:01.000 --> 00:02.000\n<v INT>a\n", 4, "BCP 47"),
        ("WEBVTT\n\n00:01.000 --> 00:03.000\n<v INT><00:02.500>a<00:02.000>\n", 3, "must end after it starts"),
    ])
    func rejectsMalformedInput(text: String, line: Int, fragment: String) {
        let error = rejection(text)
        #expect(error?.format == .webVTT)
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.reason.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test func rejectsOverlongLinesAndInputs() {
        let long = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v INT>" + String(repeating: "å", count: 60) + "\n"
        let error = rejection(long, options: .init(maximumLineBytes: 100))
        #expect(error?.line == 4)
        #expect(error?.reason.contains("100-byte limit") == true)
        let big = rejection(long, options: .init(maximumBytes: 64))
        #expect(big?.line == 1)
        #expect(big?.reason.contains("64-byte limit") == true)
    }

    @Test func rejectsInvalidUTF8NamingTheLine() {
        let bytes = Array("WEBVTT\n\n00:01.000 --> 00:02.000\n<v INT>".utf8) + [0xC3, 0x28] + [0x0A]
        let error = TranscriptSamples.error { () throws(TranscriptError) in try WebVTT.parse(bytes: bytes) }
        #expect(error?.line == 4)
        #expect(error?.reason.contains("UTF-8") == true)
    }
}

extension Array where Element == UInt8 {
    init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TestSupportError("cannot read \(path)")
        }
        self = [UInt8](data)
    }
}
