import Testing
import VitniFormats

@Suite struct TranscriptSRTTests {
    private func rejection(_ text: String, options: Transcript.ImportOptions = .init()) -> TranscriptError? {
        TranscriptSamples.error { () throws(TranscriptError) in try SRT.parse(text, options: options) }
    }

    @Test func readsBlocksWithLabels() throws {
        let text =
            "\u{FEFF}1\r\n00:00:01,000 --> 00:00:02,500\r\nINT: Tell me <i>everything</i>\r\nthat happened.\r\n\r\n"
            + "2\n00:00:03,000 --> 00:00:04,000 X1:10 X2:20\nCHILD: Ja & nej --> ö\n\n\n7\n00:00:05,000 --> 00:00:06,000\nOBS-1:\n"
        let transcript = try SRT.parse(text)
        #expect(
            transcript.utterances == [
                Utterance(
                    start: 1000, end: 2500, speaker: .interviewer, text: "Tell me <i>everything</i> that happened."),
                Utterance(start: 3000, end: 4000, speaker: .child, text: "Ja & nej --> ö"),
                Utterance(start: 5000, end: 6000, speaker: .observer(1), text: ""),
            ])
    }

    @Test func blocksWithoutALabelTakeTheDefaultSpeakerOrFail() throws {
        let text = "1\n00:00:01,000 --> 00:00:02,000\nOkay: then.\n"
        #expect(try SRT.parse(text, options: .init(defaultSpeaker: .child)).utterances.first?.text == "Okay: then.")
        let error = rejection(text)
        #expect(error?.line == 3)
        #expect(error?.reason.contains("names no speaker") == true)
    }

    /// Tools number from 0 (some subtitle editors) or continue a longer file's numbering.
    @Test(arguments: ["0", "1", "42", "000000007"])
    func acceptsAnyStartingNumber(first: String) throws {
        let text =
            "\(first)\n00:00:01,000 --> 00:00:02,000\nINT: a\n\n\(first)\n00:00:03,000 --> 00:00:04,000\nCHILD: b\n"
        let transcript = try SRT.parse(text)
        #expect(transcript.utterances.map(\.speaker) == [.interviewer, .child])
        #expect(transcript.utterances.map(\.text) == ["a", "b"])
    }

    @Test func writesLabelsAndCommaTimes() {
        let rendered = SRT.render(TranscriptSamples.rich)
        #expect(
            rendered.hasPrefix("1\n00:00:00,500 --> 00:00:04,089\nINT: Hej, jag heter Åsa. (1.5) Berätta allt!\n\n2\n"))
        #expect(rendered.contains("6\n01:00:00,000 --> 01:00:01,001\nOBS-12: Ég skil ekki. (0.5)\n"))
    }

    @Test(arguments: [
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nINT: a\n", 1, "does not look like an SRT file"),
        ("1\n00:00:01.000 --> 00:00:02,000\nINT: a\n", 2, "malformed timestamp"),
        ("1\n00:00:01,000 00:00:02,000\nINT: a\n", 2, "malformed timing line"),
        ("1\n00:00:03,000 --> 00:00:02,000\nINT: a\n", 2, "end time must be after"),
        ("1\n00:00:01,000 --> 00:00:02,000\nANNA: a\n", 3, "not a Vitni role"),
        ("1\n00:00:01,000 --> 00:00:02,000\nINT: a\n\n2\n", 5, "truncated"),
        ("1\n00:00:01,000 --> 00:00:02,000\n", 2, "no text"),
        ("1\n00:00:01,000 --> 25:00:00,000\nINT: a\n", 2, "hour limit"),
        ("1\n00:00:01,000 --> 00:00:02,000\nINT: a\n\nfoo\n", 5, "expected a block number"),
        ("-1\n00:00:01,000 --> 00:00:02,000\nINT: a\n", 1, "block number"),
        (
            "1\n00:00:05,000 --> 00:00:06,000\nINT: a\n\n2\n00:00:01,000 --> 00:00:02,000\nCHILD: b\n", 6,
            "order of start time"
        ),
        ("1\n00:00:01,000 --> 00:00:02,000\nINT: a\u{7}\n", 3, "control character"),
    ])
    func rejectsMalformedInput(text: String, line: Int, fragment: String) {
        let error = rejection(text)
        #expect(error?.format == .srt)
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.reason.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test func rejectsOverlongLines() {
        let text = "1\n00:00:01,000 --> 00:00:02,000\nINT: " + String(repeating: "x", count: 200) + "\n"
        let error = rejection(text, options: .init(maximumLineBytes: 128))
        #expect(error?.line == 3)
        #expect(error?.reason.contains("128-byte limit") == true)
    }
}
