/// When one word of an utterance was spoken, as forced alignment or a speech recogniser reports it.
///
/// `word` is one whitespace-separated token of the utterance's text, exactly as written there
/// (punctuation included); an utterance's word timings name its tokens in order, possibly
/// skipping some (markers such as `[inaudible]` usually have no timing).
public struct WordTiming: Sendable, Hashable, Codable {
    public var word: String
    /// Start, in milliseconds from the start of the recording.
    public var start: Int
    /// End, in milliseconds from the start of the recording; always after `start`.
    public var end: Int

    public init(word: String, start: Int, end: Int) {
        self.word = word
        self.start = start
        self.end = end
    }
}
