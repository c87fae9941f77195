import Testing
import VitniFormats

@Suite struct TranscriptPlainTextTests {
    private func rejection(_ text: String) -> TranscriptError? {
        TranscriptSamples.error { () throws(TranscriptError) in try PlainTranscript.parse(text) }
    }

    @Test func readsTheDocumentedForm() throws {
        let text = """
            # language: is
            # source: unverified machine transcript
            # recorded in room 2

            [00:01:02.345-00:01:05.000] CHILD: Hún sagði það. (2.0) ((sighs))
            # a comment between utterances
            [00:01:04.000-00:01:06.500] INT: Mm-hm.
            [00:01:07.000-00:01:08.000] INTERP:
            """
        let transcript = try PlainTranscript.parse(text)
        #expect(transcript.metadata == .init(language: "is", source: Transcript.Metadata.unverifiedMachine))
        #expect(
            transcript.utterances == [
                Utterance(start: 62_345, end: 65_000, speaker: .child, text: "Hún sagði það. (2.0) ((sighs))"),
                Utterance(start: 64_000, end: 66_500, speaker: .interviewer, text: "Mm-hm."),
                Utterance(start: 67_000, end: 68_000, speaker: .interpreter, text: ""),
            ])
    }

    @Test func writesOneLinePerUtterance() {
        let rendered = PlainTranscript.render(TranscriptSamples.rich)
        let lines = rendered.split(separator: "\n")
        #expect(lines.count == 3 + TranscriptSamples.rich.utterances.count)
        #expect(lines[0] == "# language: sv")
        #expect(lines[3] == "[00:00:00.500-00:00:04.089] INT: Hej, jag heter Åsa. (1.5) Berätta allt!")
    }

    @Test(arguments: [
        ("00:00:01.000-00:00:02.000 INT: a", 1, "expected '[HH:MM:SS.mmm-HH:MM:SS.mmm] ROLE: text'"),
        ("[00:00:01.000-00:00:02] INT: a", 1, "malformed timestamp"),
        ("[00:00:01.000--00:00:02.000] INT: a", 1, "malformed time range"),
        ("[00:00:01.000-00:00:02.000]INT: a", 1, "expected a space"),
        ("# title: x\n[00:00:03.000-00:00:02.000] INT: a", 2, "end time must be after"),
        ("[00:00:01.000-00:00:02.000] INT: a\n[00:00:01.000-00:00:02.000] OBS-100: b", 2, "not a Vitni role"),
        ("[00:00:01.000-00:00:02.000] INT: a\n[00:00:01.000-00:00:02.000] DR: b", 2, "not a Vitni role"),
        ("[00:00:01.000-00:00:02.000] no label", 1, "names no speaker"),
        ("[00:00:01.000-48:00:00.000] INT: a", 1, "hour limit"),
        ("[0:00:01.000-00:00:02.000] INT: a", 1, "malformed timestamp"),
        ("# language: sv!\n", 1, "BCP 47"),
        ("[00:00:01.000-00:00:03.000] INT: a\n\n[00:00:02.000-00:00:04.000] INT: b", 3, "cannot overlap"),
    ])
    func rejectsMalformedInput(text: String, line: Int, fragment: String) {
        let error = rejection(text)
        #expect(error?.format == .plainText)
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.reason.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test func rejectsOverlongLines() {
        let text = "# ok\n[00:00:01.000-00:00:02.000] INT: " + String(repeating: "ð", count: 40_000)
        let error = rejection(text)
        #expect(error?.line == 2)
        #expect(error?.reason.contains("\(Transcript.ImportOptions.defaultMaximumLineBytes)-byte limit") == true)
    }
}
