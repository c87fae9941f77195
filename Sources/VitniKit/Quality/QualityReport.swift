/// Interview-quality metrics from research and supervision practice (docs/domain.md), computed from the
/// interviewer's utterances as `UtteranceClassifier` codes them: per protocol phase and overall.
/// It holds numbers and rule ids only — never a word of the interview — so it can be shown to a
/// supervisor or written as JSON without exposing evidence.
public struct QualityReport: Codable, Sendable, Equatable {
    /// How many interviewer utterances fell into each category.
    public struct CategoryCounts: Codable, Sendable, Equatable {
        public var facilitator = 0
        public var invitation = 0
        public var cuedInvitation = 0
        public var timeSegmenting = 0
        public var directive = 0
        public var optionPosing = 0
        public var suggestive = 0
        public var other = 0

        public init() {}

        public subscript(category: UtteranceCategory) -> Int {
            get {
                switch category {
                case .facilitator: facilitator
                case .invitation: invitation
                case .cuedInvitation: cuedInvitation
                case .timeSegmenting: timeSegmenting
                case .directive: directive
                case .optionPosing: optionPosing
                case .suggestive: suggestive
                case .other: other
                }
            }
            set {
                switch category {
                case .facilitator: facilitator = newValue
                case .invitation: invitation = newValue
                case .cuedInvitation: cuedInvitation = newValue
                case .timeSegmenting: timeSegmenting = newValue
                case .directive: directive = newValue
                case .optionPosing: optionPosing = newValue
                case .suggestive: suggestive = newValue
                case .other: other = newValue
                }
            }
        }

        enum CodingKeys: String, CodingKey {
            case facilitator, invitation, directive, suggestive, other
            case cuedInvitation = "cued_invitation"
            case timeSegmenting = "time_segmenting"
            case optionPosing = "option_posing"
        }
    }

    /// The child's answers after one kind of prompt. An answer is the child's turns between two
    /// interviewer utterances, taken together (where a transcript splits a turn is arbitrary).
    public struct ChildWords: Codable, Sendable, Equatable {
        public var answers: Int
        public var words: Int
        /// Mean words per answer; nil when there was no answer.
        public var mean: Double? { answers == 0 ? nil : Double(words) / Double(answers) }

        public init(answers: Int = 0, words: Int = 0) {
            self.answers = answers
            self.words = words
        }

        enum CodingKeys: String, CodingKey { case answers, words, mean }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            answers = try container.decode(Int.self, forKey: .answers)
            words = try container.decode(Int.self, forKey: .words)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(answers, forKey: .answers)
            try container.encode(words, forKey: .words)
            try container.encodeIfPresent(mean, forKey: .mean)
        }
    }

    /// The metrics over one set of prompts: one protocol phase, or the whole interview.
    public struct Metrics: Codable, Sendable, Equatable {
        /// The phase id; nil for the whole interview (or for prompts with no phase, in `phases`).
        public var phase: String?
        /// Interviewer utterances, of every category.
        public var prompts: Int
        public var counts: CategoryCounts
        /// Invitations of all kinds, directives, option-posing and suggestive prompts.
        public var substantive: Int
        /// Invitations of all three kinds.
        public var invitations: Int
        /// `invitations / substantive`; nil when there was no substantive prompt.
        public var invitationShare: Double?
        /// Substantive prompts before the first option-posing question; nil when none was asked.
        public var promptsBeforeFirstOptionPosing: Int?
        public var suggestive: Int
        public var optionPosing: Int
        /// Option-posing prompts whose next substantive prompt, after the child answered, was an invitation.
        public var optionPosingPaired: Int
        /// Child answers by the category (raw value) of the interviewer utterance just before them.
        public var childWordsByPrompt: [String: ChildWords]

        enum CodingKeys: String, CodingKey {
            case phase, prompts, counts, substantive, invitations, suggestive
            case invitationShare = "invitation_share"
            case promptsBeforeFirstOptionPosing = "prompts_before_first_option_posing"
            case optionPosing = "option_posing"
            case optionPosingPaired = "option_posing_paired"
            case childWordsByPrompt = "child_words_by_prompt"
        }
    }

    /// How one interviewer utterance was coded: its turn number (0-based, in the input), phase,
    /// category and deciding rule — never its text.
    public struct CodedPrompt: Codable, Sendable, Equatable {
        public var turn: Int
        public var phase: String?
        public var category: UtteranceCategory
        public var rule: String
    }

    public var language: QualityLanguage
    /// True when the requested language has no rules and English rules were used.
    public var languageFallback: Bool
    public var overall: Metrics
    /// One entry per phase, in order of first appearance; empty when no turn names a phase.
    public var phases: [Metrics]
    public var codedPrompts: [CodedPrompt]
    public var childAnswers: Int

    enum CodingKeys: String, CodingKey {
        case language, overall, phases
        case languageFallback = "language_fallback"
        case codedPrompts = "coded_prompts"
        case childAnswers = "child_answers"
    }

    /// Codes every interviewer turn with the context a coder would have (the child's earlier words,
    /// the recent prompts, the phase) and computes the metrics.
    /// - Parameters:
    ///   - turns: the interview in order. `.other` speakers (interpreters, observers) are skipped.
    ///   - languageCode: "en" or "sv" (or longer tags); other codes fall back to English and set `languageFallback`.
    public init(turns: [QualityTurn], languageCode: String) {
        let classifier = UtteranceClassifier(languageCode: languageCode)
        language = classifier.language
        languageFallback = classifier.languageFallback

        var context = UtteranceContext()
        var coded: [CodedPrompt] = []
        /// Per coded prompt: the words of the child's answer to it, if the child answered.
        var answers: [Int?] = []
        for (index, turn) in turns.enumerated() {
            switch turn.speaker {
            case .interviewer:
                context.phase = turn.phase
                let result = classifier.classify(turn.text, context: context)
                coded.append(CodedPrompt(turn: index, phase: turn.phase, category: result.category, rule: result.rule))
                answers.append(nil)
                context.addInterviewerPrompt(turn.text)
            case .child:
                if !answers.isEmpty {
                    answers[answers.count - 1] = (answers[answers.count - 1] ?? 0) + QualityText.wordCount(turn.text)
                }
                context.addChildTurn(turn.text)
            case .other:
                break
            }
        }
        codedPrompts = coded
        childAnswers = answers.compactMap { $0 }.count

        let paired = Self.pairing(coded: coded, answers: answers)
        overall = Self.metrics(
            phase: nil, indices: Array(coded.indices), coded: coded, answers: answers, paired: paired)
        var phaseOrder: [String?] = []
        for prompt in coded where !phaseOrder.contains(prompt.phase) { phaseOrder.append(prompt.phase) }
        if phaseOrder == [nil] { phaseOrder = [] }
        phases = phaseOrder.map { phase in
            Self.metrics(
                phase: phase, indices: coded.indices.filter { coded[$0].phase == phase }, coded: coded,
                answers: answers, paired: paired)
        }
    }

    /// For each option-posing prompt: whether the child answered and the next substantive prompt
    /// (facilitators and `other` skipped) is an invitation, with a child answer somewhere between.
    private static func pairing(coded: [CodedPrompt], answers: [Int?]) -> Set<Int> {
        var paired: Set<Int> = []
        for index in coded.indices where coded[index].category == .optionPosing {
            var answered = answers[index] != nil
            var next = index + 1
            while next < coded.count, !coded[next].category.isSubstantive {
                answered = answered || answers[next] != nil
                next += 1
            }
            if answered, next < coded.count, coded[next].category.isInvitation { paired.insert(index) }
        }
        return paired
    }

    private static func metrics(
        phase: String?, indices: [Int], coded: [CodedPrompt], answers: [Int?], paired: Set<Int>
    ) -> Metrics {
        var counts = CategoryCounts()
        var words: [String: ChildWords] = [:]
        var substantiveSoFar = 0
        var beforeFirstOptionPosing: Int?
        for index in indices {
            let category = coded[index].category
            counts[category] += 1
            if category == .optionPosing && beforeFirstOptionPosing == nil {
                beforeFirstOptionPosing = substantiveSoFar
            }
            if category.isSubstantive { substantiveSoFar += 1 }
            if let answer = answers[index] {
                words[category.rawValue, default: ChildWords()].answers += 1
                words[category.rawValue, default: ChildWords()].words += answer
            }
        }
        let substantive = UtteranceCategory.allCases.filter(\.isSubstantive).reduce(0) { $0 + counts[$1] }
        let invitations = counts.invitation + counts.cuedInvitation + counts.timeSegmenting
        return Metrics(
            phase: phase, prompts: indices.count, counts: counts, substantive: substantive, invitations: invitations,
            invitationShare: substantive == 0 ? nil : Double(invitations) / Double(substantive),
            promptsBeforeFirstOptionPosing: beforeFirstOptionPosing, suggestive: counts.suggestive,
            optionPosing: counts.optionPosing, optionPosingPaired: indices.filter(paired.contains).count,
            childWordsByPrompt: words)
    }
}
