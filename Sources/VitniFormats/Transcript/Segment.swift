extension Utterance {
    /// A piece of an utterance's text: speech, or one of the inline markers forensic transcripts use.
    ///
    /// Vitni writes exactly one form of each marker (following forensic transcription practice):
    /// - a pause in seconds with one decimal: `(3.2)` — digits without a leading zero (`0.5` is
    ///   fine, `03.2` is speech), at most `Segment.maximumPauseTenths`;
    /// - `[inaudible]` (too quiet or masked to hear) and `[unintelligible]` (heard but not
    ///   understood), kept apart because a court weighs them differently;
    /// - `[crosstalk]`, where speakers talk over each other;
    /// - a non-verbal event in double parentheses: `((laughs))`, `((cries))`, `((door slams))` —
    ///   1 to `Segment.maximumEventLength` characters, no parentheses inside.
    /// Anything else in brackets or parentheses is speech, verbatim.
    public enum Segment: Sendable, Hashable, Codable {
        case speech(String)
        /// A pause, in tenths of a second.
        case pause(tenths: Int)
        case inaudible
        case unintelligible
        case crosstalk
        /// A non-verbal event, described without the parentheses.
        case nonVerbal(String)

        /// Longest pause a marker may state: 9999.9 s.
        public static let maximumPauseTenths = 99_999
        /// Longest description of a non-verbal event, in characters.
        public static let maximumEventLength = 100

        /// True for everything but speech: what redaction and metrics skip.
        public var isMarker: Bool {
            if case .speech = self { return false }
            return true
        }

        /// The segment as written in an utterance's text.
        public var text: String {
            switch self {
            case .speech(let speech): speech
            case .pause(let tenths): "(\(tenths / 10).\(tenths % 10))"
            case .inaudible: "[inaudible]"
            case .unintelligible: "[unintelligible]"
            case .crosstalk: "[crosstalk]"
            case .nonVerbal(let event): "((\(event)))"
            }
        }

        /// The text of a sequence of segments.
        public static func text(of segments: [Segment]) -> String {
            segments.map(\.text).joined()
        }
    }
}
