import Foundation
import Testing
import VitniFormats

/// Hostile transcripts cost bounded work: each reader refuses more than
/// `Transcript.maximumUtterances` utterances, and the line-based ones more lines than they could
/// need, at the first one past the limit.
@Suite struct TranscriptLimitTests {
    private static let count = Transcript.maximumUtterances + 1

    private static func time(_ milliseconds: Int, _ separator: String = ".") -> String {
        String(
            format: "%02d:%02d:%02d%@%03d", milliseconds / 3_600_000, milliseconds / 60_000 % 60,
            milliseconds / 1000 % 60, separator, milliseconds % 1000)
    }

    private func expectRefusal(
        _ body: () throws(TranscriptError) -> Transcript, line: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = TranscriptSamples.error(body)
        #expect(error?.line == line, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(
            error?.reason.contains("more than \(Transcript.maximumUtterances) utterances") == true,
            "\(String(describing: error))", sourceLocation: sourceLocation)
    }

    @Test func webVTTStopsAtTheCueLimit() {
        var text = "WEBVTT\n\n"
        for index in 0..<Self.count {
            text += "\(Self.time(index * 100)) --> \(Self.time(index * 100 + 50))\n<v INT>a\n\n"
        }
        let started = ContinuousClock.now
        expectRefusal({ () throws(TranscriptError) in try WebVTT.parse(text) }, line: 3 + 3 * (Self.count - 1))
        print("parsed \(Self.count) cues in \(ContinuousClock.now - started)")
    }

    @Test func srtStopsAtTheBlockLimit() {
        var text = ""
        for index in 0..<Self.count {
            text += "1\n\(Self.time(index * 100, ",")) --> \(Self.time(index * 100 + 50, ","))\nINT: a\n\n"
        }
        expectRefusal({ () throws(TranscriptError) in try SRT.parse(text) }, line: 2 + 4 * (Self.count - 1))
    }

    @Test func plainTextStopsAtTheLineLimit() {
        var text = ""
        for index in 0..<Self.count { text += "[\(Self.time(index * 100))-\(Self.time(index * 100 + 50))] INT: a\n" }
        expectRefusal({ () throws(TranscriptError) in try PlainTranscript.parse(text) }, line: Self.count)
    }

    @Test func eafStopsAtTheUtteranceLimit() {
        var text = #"<ANNOTATION_DOCUMENT><TIME_ORDER>"# + "\n"
        for index in 0...Self.count {
            text += #"<TIME_SLOT TIME_SLOT_ID="t\#(index)" TIME_VALUE="\#(index * 10)"/>"# + "\n"
        }
        text += "</TIME_ORDER><TIER TIER_ID=\"INT\">\n"
        for index in 0..<Self.count {
            text += #"<ANNOTATION><ALIGNABLE_ANNOTATION TIME_SLOT_REF1="t\#(index)" TIME_SLOT_REF2="t\#(index + 1)">"#
            text += "<ANNOTATION_VALUE>a</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n"
        }
        text += "</TIER></ANNOTATION_DOCUMENT>\n"
        expectRefusal(
            { () throws(TranscriptError) in try EAF.parse(text) }, line: 3 + (Self.count + 1) + Self.count - 1)
    }

    /// 32 MiB of line breaks would otherwise be 33 million line records.
    @Test func lineBasedReadersStopAtTheLineLimit() {
        let text = "WEBVTT\n" + String(repeating: "\n", count: 10 * Transcript.maximumUtterances + 1)
        let error = TranscriptSamples.error { () throws(TranscriptError) in try WebVTT.parse(text) }
        #expect(error?.line == 10 * Transcript.maximumUtterances + 1, "\(String(describing: error))")
        #expect(error?.reason.contains("lines") == true)
    }
}
