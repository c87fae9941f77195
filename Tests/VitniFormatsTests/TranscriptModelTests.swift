import Foundation
import Testing
import VitniFormats

/// Transcripts shared by the transcript test files.
enum TranscriptSamples {
    /// Every feature at once: metadata, overlap across speakers, markers, word timings (with gaps,
    /// a first word at the cue start, a last word ending before the cue), Nordic letters, emoji,
    /// and text that is markup or arrows in some format.
    static let rich = Transcript(
        metadata: .init(language: "sv", source: Transcript.Metadata.human, title: "Samtal – övning"),
        utterances: [
            Utterance(
                start: 500, end: 4089, speaker: .interviewer, text: "Hej, jag heter Åsa. (1.5) Berätta allt!",
                words: [
                    WordTiming(word: "Hej,", start: 500, end: 800),
                    WordTiming(word: "jag", start: 900, end: 1100),
                    WordTiming(word: "heter", start: 1100, end: 1400),
                    WordTiming(word: "Åsa.", start: 1400, end: 1900),
                    WordTiming(word: "Berätta", start: 3400, end: 3700),
                    WordTiming(word: "allt!", start: 3700, end: 4089),
                ]),
            Utterance(start: 4000, end: 6000, speaker: .child, text: "[crosstalk] Þórður og ð ((laughs)) 😀 👩‍👧"),
            Utterance(
                start: 7000, end: 9000, speaker: .interpreter,
                text: "a --> b <script>alert(1)</script> & c &amp; d > e"),
            Utterance(
                start: 10_000, end: 12_000, speaker: .observer(2), text: "[inaudible] x < y  z",
                words: [
                    WordTiming(word: "x", start: 10_200, end: 10_300),
                    WordTiming(word: "z", start: 11_000, end: 11_500),
                ]),
            Utterance(
                start: 12_000, end: 15_250, speaker: .child, text: "Nej. [unintelligible] (12.0) ((cries quietly))",
                words: [WordTiming(word: "Nej.", start: 12_000, end: 12_400)]),
            Utterance(start: 3_600_000, end: 3_601_001, speaker: .observer(12), text: "Ég skil ekki. (0.5)"),
        ])

    static func error(_ body: () throws(TranscriptError) -> Transcript) -> TranscriptError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }
}

@Suite struct TranscriptModelTests {
    @Test func rolesParseAndPrintExactlyTheirTokens() throws {
        let tokens = ["INT", "CHILD", "INTERP", "OBS-1", "OBS-12", "OBS-99"]
        for token in tokens {
            let role = try #require(SpeakerRole(token: token))
            #expect(role.token == token)
        }
        #expect(SpeakerRole(token: "OBS-3") == .observer(3))
        for bad in ["int", "Child", "OBS-0", "OBS-01", "OBS-100", "OBS-", "OBS-x", "OBS1", "INT ", " INT", "Anna", ""] {
            #expect(SpeakerRole(token: bad) == nil, "\(bad)")
        }
        let json = try JSONEncoder().encode([SpeakerRole.observer(4), .child])
        #expect(String(decoding: json, as: UTF8.self) == #"["OBS-4","CHILD"]"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([SpeakerRole].self, from: Data(#"["Bob"]"#.utf8))
        }
    }

    @Test func markersParseIntoSegmentsLosslessly() {
        let text = "I went (3.2) [inaudible] home ((laughs)) [crosstalk][unintelligible] (0.5)"
        let utterance = Utterance(start: 0, end: 1000, speaker: .child, text: text)
        #expect(
            utterance.segments == [
                .speech("I went "), .pause(tenths: 32), .speech(" "), .inaudible, .speech(" home "),
                .nonVerbal("laughs"), .speech(" "), .crosstalk, .unintelligible, .speech(" "), .pause(tenths: 5),
            ])
        #expect(Utterance.Segment.text(of: utterance.segments) == text)
        #expect(utterance.spokenText == "I went home")
        let rebuilt = Utterance(start: 0, end: 1000, speaker: .child, segments: utterance.segments)
        #expect(rebuilt == utterance)
        for span in utterance.spans {
            #expect(String(text[span.range]) == span.segment.text)
        }
    }

    @Test func nonCanonicalMarkersStaySpeech() {
        for text in [
            "(03.2)", "(3.25)", "(3)", "[Inaudible]", "(())", "((a(b))", "((never closed", "[unknown]", "(.5)",
        ] {
            let utterance = Utterance(start: 0, end: 1, speaker: .child, text: text)
            #expect(utterance.segments.allSatisfy { !$0.isMarker }, "\(text)")
            #expect(Utterance.Segment.text(of: utterance.segments) == text)
        }
        let nested = Utterance(start: 0, end: 1, speaker: .child, text: "((3.2)")
        #expect(nested.segments == [.speech("("), .pause(tenths: 32)])
    }

    @Test func validateAcceptsTheRichSample() throws {
        try TranscriptSamples.rich.validate()
        try TranscriptSamples.rich.validate(recordingDuration: 3_601_001)
    }

    @Test func validateRejectsTimesBeyondTheRecording() {
        let error = TranscriptSamples.error { () throws(TranscriptError) in
            try TranscriptSamples.rich.validate(recordingDuration: 3_601_000)
            return TranscriptSamples.rich
        }
        #expect(error?.utterance == 6)
        #expect(error?.reason.contains("01:00:01.001") == true)
        #expect(error?.reason.contains("ends after the recording") == true)
        #expect(error?.format == nil)
    }

    @Test(arguments: [
        (Utterance(start: 5, end: 5, speaker: .child, text: "a"), "end time must be after"),
        (Utterance(start: -1, end: 5, speaker: .child, text: "a"), "negative"),
        (Utterance(start: 0, end: 5, speaker: .child, text: "a\nb"), "line break"),
        (Utterance(start: 0, end: 5, speaker: .child, text: " a"), "space"),
        (Utterance(start: 0, end: 90_000_000, speaker: .child, text: "a"), "hour limit"),
        (
            Utterance(start: 0, end: 5, speaker: .child, text: "a b", words: [WordTiming(word: "c", start: 1, end: 2)]),
            "not one of the text's words"
        ),
        (
            Utterance(start: 0, end: 5, speaker: .child, text: "a b", words: [WordTiming(word: "a", start: 1, end: 9)]),
            "after the utterance ends"
        ),
        (
            Utterance(
                start: 0, end: 5, speaker: .child, text: "a b",
                words: [WordTiming(word: "a", start: 1, end: 3), WordTiming(word: "b", start: 2, end: 4)]),
            "before the previous word ends"
        ),
    ])
    func validateRejectsBrokenUtterances(utterance: Utterance, fragment: String) {
        let transcript = Transcript(utterances: [
            Utterance(start: 0, end: 1, speaker: .interviewer, text: "ok"), utterance,
        ])
        let error = TranscriptSamples.error { () throws(TranscriptError) in
            try transcript.validate()
            return transcript
        }
        #expect(error?.utterance == 2)
        #expect(error?.reason.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test func overlapIsAllowedAcrossSpeakersButNotForOneSpeaker() throws {
        let crosstalk = Transcript(utterances: [
            Utterance(start: 0, end: 2000, speaker: .interviewer, text: "a"),
            Utterance(start: 1000, end: 3000, speaker: .child, text: "b"),
        ])
        try crosstalk.validate()
        let selfOverlap = Transcript(utterances: [
            Utterance(start: 0, end: 2000, speaker: .child, text: "a"),
            Utterance(start: 1000, end: 3000, speaker: .child, text: "b"),
        ])
        #expect(throws: TranscriptError.self) { try selfOverlap.validate() }
        let unordered = Transcript(utterances: crosstalk.utterances.reversed())
        #expect(throws: TranscriptError.self) { try unordered.validate() }
        #expect(unordered.sortedByTime() == crosstalk)
    }

    @Test func errorsNeverQuoteTheText() {
        let secret = "Elin Solberg 170101-9984"
        let vtt = "WEBVTT\n\n00:01.000 --> 00:00.500\n<v CHILD>\(secret)\n\n00:02.000 --> 00:03.000\n<v Elin>x\n"
        let error = TranscriptSamples.error { () throws(TranscriptError) in try WebVTT.parse(vtt) }
        #expect(error != nil)
        #expect(error.map { !$0.description.contains("Elin") && !$0.description.contains("9984") } == true)
        // An unmapped voice is counted, never named (a voice is often named after a person), and
        // never shown with what was said.
        let role = TranscriptSamples.error { () throws(TranscriptError) in
            try WebVTT.parse("WEBVTT\n\n00:02.000 --> 00:03.000\n<v Elin>\(secret)\n")
        }
        #expect(role?.reason.contains("1 speaker name not a Vitni role, in 1 cue") == true)
        #expect(role.map { !$0.description.contains("Elin") } == true)
        #expect(role.map { !$0.description.contains("Solberg") && !$0.description.contains("9984") } == true)
    }

    @Test func modelRoundTripsThroughJSON() throws {
        let data = try JSONEncoder().encode(TranscriptSamples.rich)
        #expect(try JSONDecoder().decode(Transcript.self, from: data) == TranscriptSamples.rich)
    }
}
