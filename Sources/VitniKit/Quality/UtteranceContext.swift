/// What a coder knows when an interviewer speaks: the child's earlier words (to tell a cue the
/// child gave from information the interviewer brings in), the child's last turn (to recognise an
/// echo), the interviewer's recent prompts (to recognise a repeated yes/no question) and the
/// protocol phase. Built up turn by turn; bounded so a long or hostile transcript cannot grow it
/// without limit.
public struct UtteranceContext: Sendable {
    /// At most this many distinct child words are remembered (far above any real interview).
    public static let maxChildVocabulary = 20_000
    /// Repetition is looked for among this many most recent interviewer prompts.
    public static let recentPromptLimit = 4

    private(set) var childVocabulary: Set<String> = []
    private(set) var lastChildTurn: [String] = []
    private(set) var recentPrompts: [[String]] = []
    /// The protocol phase id of the utterance being classified, if known.
    public var phase: String?

    public init(childTurns: [String] = [], earlierPrompts: [String] = [], phase: String? = nil) {
        self.phase = phase
        for turn in childTurns { addChildTurn(turn) }
        for prompt in earlierPrompts { addInterviewerPrompt(prompt) }
    }

    /// Records a child turn: its words join the vocabulary and it becomes the turn an echo repeats.
    public mutating func addChildTurn(_ text: String) {
        let words = QualityText.words(text)
        lastChildTurn = words
        for word in words where childVocabulary.count < Self.maxChildVocabulary {
            childVocabulary.insert(Self.normalised(word))
        }
    }

    /// Records an interviewer utterance as a recent prompt.
    public mutating func addInterviewerPrompt(_ text: String) {
        recentPrompts.append(QualityText.words(text))
        if recentPrompts.count > Self.recentPromptLimit { recentPrompts.removeFirst() }
    }

    /// Whether the child has used this word (or an inflection of it) in any earlier turn.
    func childSaid(_ word: String) -> Bool {
        let word = Self.normalised(word)
        if childVocabulary.contains(word) { return true }
        return childVocabulary.contains { QualityText.sameWord($0, word) }
    }

    func lastChildTurnContains(_ word: String) -> Bool {
        let word = Self.normalised(word)
        return lastChildTurn.contains { QualityText.sameWord(Self.normalised($0), word) }
    }

    /// Drops an English possessive so "grandma's" matches "grandma".
    static func normalised(_ word: String) -> String {
        word.hasSuffix("'s") ? String(word.dropLast(2)) : word
    }
}
