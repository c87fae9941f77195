/// One speaker's turn: when it was said, by whom, what, and optionally when each word was said.
///
/// `text` is the verbatim line with inline markers in Vitni's one convention (see `Segment`); it
/// is the single source of truth, and `segments` is its structured reading, so nothing is lost
/// converting between the two.
public struct Utterance: Sendable, Hashable, Codable {
    /// Start, in milliseconds from the start of the recording.
    public var start: Int
    /// End, in milliseconds from the start of the recording; after `start`.
    public var end: Int
    public var speaker: SpeakerRole
    /// The verbatim text with inline markers: one line, no control characters, no surrounding spaces.
    public var text: String
    /// Word timings in order, within `start...end`, each naming a token of `text`; often empty.
    public var words: [WordTiming]

    public init(start: Int, end: Int, speaker: SpeakerRole, text: String, words: [WordTiming] = []) {
        self.start = start
        self.end = end
        self.speaker = speaker
        self.text = text
        self.words = words
    }

    /// Builds an utterance from structured segments (what redaction produces), writing each marker
    /// in its canonical form.
    public init(start: Int, end: Int, speaker: SpeakerRole, segments: [Segment], words: [WordTiming] = []) {
        self.init(start: start, end: end, speaker: speaker, text: Segment.text(of: segments), words: words)
    }

    /// The text read as speech and markers. Adjacent speech is one segment; speech keeps its
    /// spaces, so joining the segments' `text` gives back `text` exactly.
    public var segments: [Segment] { spans.map(\.segment) }

    /// The segments with the range of `text` each covers, for redaction that replaces spans.
    public var spans: [Span] { MarkerReader.spans(in: text) }

    /// The spoken words alone: markers dropped and spaces collapsed, for metrics such as words per
    /// turn.
    public var spokenText: String {
        var words: [Substring] = []
        for case .speech(let speech) in segments {
            words.append(contentsOf: speech.split(separator: " ", omittingEmptySubsequences: true))
        }
        return words.joined(separator: " ")
    }
}

extension Utterance {
    /// A segment with the range of the utterance's `text` it was read from.
    public struct Span: Sendable, Equatable {
        public let segment: Segment
        public let range: Range<String.Index>
    }
}
