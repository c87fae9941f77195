/// One decision in a session's redaction log: what kind of fact was (or, when rejected, was not)
/// replaced, where in time, by which detector, decided by whom and when. It never holds the text
/// that was removed, nor its length.
///
/// `start_ms`/`end_ms` are the whole utterance's span, not the word's: transcripts rarely carry
/// word timings, and muting the whole utterance in the audio is what guarantees the redacted
/// fact cannot be heard (`SessionRedaction.redactionSpans`).
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

    enum CodingKeys: String, CodingKey {
        case category, decision, label, utterance, detector, reviewer, time
        case startMilliseconds = "start_ms"
        case endMilliseconds = "end_ms"
    }

    public init(
        category: String, decision: Decision, label: String?, utterance: Int, startMilliseconds: Int,
        endMilliseconds: Int, detector: String, reviewer: String, time: String
    ) {
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
