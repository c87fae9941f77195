/// The NICHD research coding of an interviewer utterance (see docs/domain.md), plus `other` for what that
/// coding leaves out of the prompt counts: greetings, procedure, ground rules, breaks and closing.
public enum UtteranceCategory: String, Sendable, Codable, CaseIterable, Comparable {
    /// Non-suggestive encouragement or a repetition of the child's words ("Mm-hm.").
    case facilitator
    /// An open free-recall prompt that adds no content ("Tell me everything that happened.").
    case invitation
    /// An invitation anchored on a detail the child gave ("You said the dog barked. Tell me more.").
    case cuedInvitation = "cued-invitation"
    /// Free recall over a span the child bounded ("… from when you got off the bus until you got home.").
    case timeSegmenting = "time-segmenting"
    /// A wh-question about a detail ("What colour was the car?").
    case directive
    /// A yes/no or forced-choice question that does not imply the answer ("Was it day or night?").
    case optionPosing = "option-posing"
    /// Implies the expected answer, assumes facts the child has not given, or pressures.
    case suggestive
    /// Not a recall prompt: greetings, procedure, ground rules, breaks, closing.
    case other

    /// All three invitation kinds: the prompts that research counts as open.
    public var isInvitation: Bool { self == .invitation || self == .cuedInvitation || self == .timeSegmenting }

    /// Prompts that ask the child for information about events: invitations, directives,
    /// option-posing and suggestive prompts. Facilitators and `other` are not substantive.
    public var isSubstantive: Bool {
        isInvitation || self == .directive || self == .optionPosing || self == .suggestive
    }

    /// When rules disagree between the sentences of one utterance, the most focused (least open)
    /// reading wins: one suggestive sentence makes the whole utterance suggestive.
    var severity: Int {
        switch self {
        case .other: 0
        case .facilitator: 1
        case .invitation: 2
        case .cuedInvitation: 3
        case .timeSegmenting: 4
        case .directive: 5
        case .optionPosing: 6
        case .suggestive: 7
        }
    }

    public static func < (lhs: UtteranceCategory, rhs: UtteranceCategory) -> Bool { lhs.severity < rhs.severity }
}
