import Testing
import VitniFormats

@testable import VitniKit

/// How much audio one redaction mutes: the redacted words, not the child's whole answer.
@Suite struct RedactedAudioSpanTests {
    static let text = "I live with Elin Solberg in the yellow house."
    static var removed: Range<Int> {
        let bytes = Array(text.utf8)
        let name = Array("Elin Solberg".utf8)
        let start = (0...(bytes.count - name.count)).first { Array(bytes[$0..<$0 + name.count]) == name }!
        return start..<start + name.count
    }

    @Test func wordTimingsGiveTheWordsExactly() {
        let words = Self.text.split(separator: " ").enumerated().map { index, word in
            WordTiming(word: String(word), start: 10_000 + index * 400, end: 10_000 + index * 400 + 350)
        }
        let utterance = Utterance(start: 10_000, end: 13_600, speaker: .child, text: Self.text, words: words)
        let span = RedactedAudioSpan.of(Self.removed, in: utterance, mode: .words)
        // "Elin" is word 3 (10 000 + 1 200), "Solberg" word 4 (ends 10 000 + 1 600 + 350).
        #expect(span == RedactedAudioSpan(milliseconds: 11_200..<11_950, basis: .words, margin: nil))
    }

    @Test func withoutTimingsTheSpanIsEstimatedWithAMarginInsideTheUtterance() {
        let utterance = Utterance(start: 10_000, end: 16_000, speaker: .child, text: Self.text)
        let span = RedactedAudioSpan.of(Self.removed, in: utterance, mode: .words)
        #expect(span.basis == .estimate && span.margin == RedactedAudioSpan.estimateMargin)
        let count = Self.text.utf8.count
        let from = 10_000 + 6_000 * Self.removed.lowerBound / count - RedactedAudioSpan.estimateMargin
        let to = 10_000 + 6_000 * Self.removed.upperBound / count + RedactedAudioSpan.estimateMargin
        #expect(span.milliseconds == from..<to)
        #expect(span.milliseconds.count < 6_000 / 2, "most of the answer stays audible")
        // At the edges the margin stops at the utterance.
        let edge = RedactedAudioSpan.of(0..<4, in: utterance, mode: .words)
        #expect(edge.milliseconds.lowerBound == 10_000)
    }

    @Test func timingsThatDoNotMatchTheTextFallBackToTheEstimate() {
        let utterance = Utterance(
            start: 0, end: 6_000, speaker: .child, text: Self.text,
            words: [WordTiming(word: "somebody", start: 0, end: 500)])
        #expect(RedactedAudioSpan.of(Self.removed, in: utterance, mode: .words).basis == .estimate)
    }

    @Test func utteranceModeMutesTheWholeUtterance() {
        let utterance = Utterance(start: 10_000, end: 16_000, speaker: .child, text: Self.text)
        #expect(
            RedactedAudioSpan.of(Self.removed, in: utterance, mode: .utterance)
                == RedactedAudioSpan(milliseconds: 10_000..<16_000, basis: .utterance, margin: nil))
    }
}
