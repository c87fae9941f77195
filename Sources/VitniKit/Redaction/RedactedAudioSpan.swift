import VitniFormats

/// How much of the audio a redaction mutes. The child's whole answer around one name used to
/// be muted; now only the redacted words are, so the advocate still hears the rest of it.
public enum AudioSpanMode: String, Sendable, CaseIterable {
    /// The redacted words: from the transcript's word timings when it has them, else estimated
    /// from their position in the utterance, with a safety margin either side.
    case words
    /// The whole utterance (Vitni 1.0's behaviour): certain, and costly to the listener.
    case utterance
}

/// Where in time a redacted span of an utterance falls, and how that was found.
struct RedactedAudioSpan: Equatable {
    /// How the span was found: `words` (word timings), `estimate`, or `utterance`.
    enum Basis: String, Codable, Sendable {
        case words, estimate, utterance
    }

    var milliseconds: Range<Int>
    var basis: Basis
    /// The margin added either side of an estimate, in milliseconds; nil otherwise.
    var margin: Int?

    /// Either side of an estimated span: speech does not spread evenly over a cue, and a name
    /// heard in part is still heard. At an everyday pace (three words a second) it covers
    /// about a word and a half on each side.
    static let estimateMargin = 500

    /// The span of the UTF-8 range `removed` of `utterance`'s text.
    static func of(_ removed: Range<Int>, in utterance: Utterance, mode: AudioSpanMode) -> RedactedAudioSpan {
        let whole = RedactedAudioSpan(milliseconds: utterance.start..<utterance.end, basis: .utterance, margin: nil)
        guard mode == .words else { return whole }
        if let timed = fromWordTimings(removed, in: utterance) { return timed }
        let text = Array(utterance.text.utf8)
        guard !text.isEmpty, utterance.end > utterance.start else { return whole }
        let duration = utterance.end - utterance.start
        let start = utterance.start + duration * max(0, removed.lowerBound) / text.count - estimateMargin
        let end = utterance.start + duration * min(text.count, removed.upperBound) / text.count + estimateMargin
        return RedactedAudioSpan(
            milliseconds: max(utterance.start, start)..<min(utterance.end, max(end, start + 1)), basis: .estimate,
            margin: estimateMargin)
    }

    /// The timed words that overlap `removed`, found in the text in order; nil when the
    /// utterance has no word timings or they cannot all be placed in its text.
    static func fromWordTimings(_ removed: Range<Int>, in utterance: Utterance) -> RedactedAudioSpan? {
        guard !utterance.words.isEmpty else { return nil }
        let text = Array(utterance.text.utf8)
        var cursor = 0
        var covered: Range<Int>?
        for timing in utterance.words {
            let word = Array(timing.word.utf8)
            guard !word.isEmpty, let at = firstIndex(of: word, in: text, from: cursor) else { return nil }
            cursor = at + word.count
            guard at < removed.upperBound, removed.lowerBound < cursor else { continue }
            covered =
                covered.map { min($0.lowerBound, timing.start)..<max($0.upperBound, timing.end) }
                ?? timing.start..<timing.end
        }
        return covered.map { RedactedAudioSpan(milliseconds: $0, basis: .words, margin: nil) }
    }

    private static func firstIndex(of word: [UInt8], in text: [UInt8], from start: Int) -> Int? {
        guard word.count <= text.count else { return nil }
        var index = start
        while index + word.count <= text.count {
            if text[index..<index + word.count].elementsEqual(word) { return index }
            index += 1
        }
        return nil
    }
}
