import Foundation
import Testing
import VitniFormats
import VitniTestSupport

/// import → export → import keeps content and timing to the millisecond, in every format.
@Suite struct TranscriptRoundTripTests {
    /// What a format carries of a transcript.
    private func carried(_ transcript: Transcript, by format: TranscriptFormat) -> Transcript {
        var expected = transcript
        switch format {
        case .webVTT, .eaf: break
        case .srt:
            expected.metadata = .init()
            for index in expected.utterances.indices { expected.utterances[index].words = [] }
        case .plainText:
            for index in expected.utterances.indices { expected.utterances[index].words = [] }
        }
        return expected
    }

    @Test(arguments: TranscriptFormat.allCases)
    func richTranscriptSurvivesExportAndImport(format: TranscriptFormat) throws {
        let rendered = TranscriptSamples.rich.rendered(as: format)
        let imported = try Transcript.parse(rendered, format: format)
        #expect(imported == carried(TranscriptSamples.rich, by: format))
        // And a second pass through the bytes entry point changes nothing.
        let again = try Transcript.parse(bytes: Array(imported.rendered(as: format).utf8), format: format)
        #expect(again == imported)
    }

    @Test(arguments: TranscriptFormat.allCases)
    func markersAndUnicodeSurviveEveryFormat(format: TranscriptFormat) throws {
        let imported = try Transcript.parse(TranscriptSamples.rich.rendered(as: format), format: format)
        #expect(
            imported.utterances[1].segments == [
                .crosstalk, .speech(" Þórður og ð "), .nonVerbal("laughs"), .speech(" 😀 👩‍👧"),
            ])
        #expect(imported.utterances[4].segments.contains(.pause(tenths: 120)))
        #expect(imported.utterances[4].segments.contains(.unintelligible))
        #expect(
            imported.utterances.map(\.speaker) == [
                .interviewer, .child, .interpreter, .observer(2), .child, .observer(12),
            ])
    }

    @Test(arguments: TranscriptFormat.allCases)
    func demoInterviewSurvivesEveryFormat(format: TranscriptFormat) throws {
        let source = try [UInt8](contentsOf: Repository.root + "/samples/interview.vtt")
        let transcript = try WebVTT.parse(bytes: source)
        let converted = try Transcript.parse(transcript.rendered(as: format), format: format)
        #expect(converted == transcript)
        let back = try WebVTT.parse(WebVTT.render(converted))
        #expect(back == transcript)
    }

    @Test func sameStartAcrossSpeakersKeepsCanonicalOrderThroughEAF() throws {
        let transcript = Transcript(utterances: [
            Utterance(start: 1000, end: 2000, speaker: .interviewer, text: "a"),
            Utterance(start: 1000, end: 3000, speaker: .child, text: "b"),
            Utterance(start: 1000, end: 3000, speaker: .observer(1), text: "c"),
        ])
        #expect(transcript.sortedByTime() == transcript)
        #expect(try EAF.parse(EAF.render(transcript)) == transcript)
    }

    @Test func wordTimingsSurviveWebVTTInEveryShape() throws {
        let utterance = Utterance(
            start: 1000, end: 5000, speaker: .child, text: "one two two (1.0) three",
            words: [
                WordTiming(word: "one", start: 1000, end: 1500),  // at the cue start, explicit end
                WordTiming(word: "two", start: 2000, end: 2500),  // end equals the next start
                WordTiming(word: "two", start: 2500, end: 2600),
                WordTiming(word: "three", start: 4000, end: 5000),  // ends with the cue
            ])
        let transcript = Transcript(utterances: [utterance])
        try transcript.validate()
        for format in [TranscriptFormat.webVTT, .eaf] {
            #expect(try Transcript.parse(transcript.rendered(as: format), format: format) == transcript)
        }
    }
}
