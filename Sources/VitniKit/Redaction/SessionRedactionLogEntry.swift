/// One decision in a session's redaction log: what kind of fact was (or, when rejected, was not)
/// replaced, where in time, by which detector, decided by whom and when. It never holds the text
/// that was removed.
///
/// `start_ms`/`end_ms` are the span muted in the audio (`SessionRedaction.redactionSpans`):
/// the redacted words, from word timings (`audio_span: words`) or estimated from their place in
/// the utterance with `margin_ms` either side (`estimate`), or the whole utterance (`utterance`,
/// and every entry written before `audio_span` existed). The muted span tells how long the
/// words took to say, as the silence in the audio does.
public struct SessionRedactionLogEntry: Codable, Sendable, Equatable {
    public enum Decision: String, Codable, Sendable {
        /// A detector's proposal the reviewer accepted.
        case accepted
        /// A span the reviewer added by hand.
        case added
        /// A detector's proposal the reviewer rejected: nothing was replaced.
        case rejected
    }

    /// The category as `RedactionCategory` describes it, e.g. `name`, `personal-id (Swedish personnummer)`.
    public var category: String
    public var decision: Decision
    /// The replacement label (`[NAME-1]`); nil when rejected.
    public var label: String?
    /// 1-based ordinal of the utterance in the transcript.
    public var utterance: Int
    public var startMilliseconds: Int
    public var endMilliseconds: Int
    public var detector: String
    /// Key id of the reviewer.
    public var reviewer: String
    /// RFC 3339 UTC.
    public var time: String
    /// How the span was found (`words`, `estimate`, `utterance`); nil in older logs (the utterance).
    public var audioSpan: String?
    /// The margin either side of an estimated span, in milliseconds.
    public var marginMilliseconds: Int?

    enum CodingKeys: String, CodingKey {
        case category, decision, label, utterance, detector, reviewer, time
        case startMilliseconds = "start_ms"
        case endMilliseconds = "end_ms"
        case audioSpan = "audio_span"
        case marginMilliseconds = "margin_ms"
    }

    public init(
        category: String, decision: Decision, label: String?, utterance: Int, startMilliseconds: Int,
        endMilliseconds: Int, detector: String, reviewer: String, time: String, audioSpan: String? = nil,
        marginMilliseconds: Int? = nil
    ) {
        self.audioSpan = audioSpan
        self.marginMilliseconds = marginMilliseconds
        self.category = category
        self.decision = decision
        self.label = label
        self.utterance = utterance
        self.startMilliseconds = startMilliseconds
        self.endMilliseconds = endMilliseconds
        self.detector = detector
        self.reviewer = reviewer
        self.time = time
    }
}
