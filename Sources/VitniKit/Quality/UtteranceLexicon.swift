/// The words and phrases the utterance rules look for, one value per language. Every list is
/// written from the NICHD definitions and ordinary grammar, not learnt from data; `UtteranceClassifier`
/// documents how each is used.
struct UtteranceLexicon: Sendable {
    /// Words that open a turn without changing its form ("and", "so", "okay"), skipped before rules run.
    var discourseMarkers: Set<String>
    /// Utterances made only of these (or `backchannelPhrases`) are facilitators.
    var backchannelWords: Set<String>
    var backchannelPhrases: [[String]]
    /// Function words and the words of prompt frames ("tell", "said", "everything"): never content.
    var stopwords: Set<String>
    /// Stems of words naming abuse, harm or secrecy. Introducing one the child has not used is
    /// what makes a prompt assume unreported facts.
    var allegationStems: [String]
    var whWords: Set<String>
    /// Finite verbs that open a yes/no question even where the transcript has no question mark.
    var yesNoStarters: Set<String>
    /// Negated auxiliaries: a question opening with one implies the answer ("Didn't he…?").
    var negatedAuxiliaries: Set<String>
    var subjectPronouns: Set<String>
    /// The request verb of invitations ("tell me", "berätta").
    var tell: [String]
    /// Other request verbs that open an invitation about a named topic ("describe the room").
    var describe: Set<String>
    /// Polite frames before a request ("can you", "kan du").
    var politePrefixes: [[String]]
    /// Tokens that may stand right before a request inside a sentence ("… and tell me", "go on, tell me").
    var requestLeaders: Set<String>
    /// Subordinators that turn "tell me" into a yes/no question ("tell me if…").
    var ifWords: Set<String>
    /// "what happened" forms: open recall even though they start with a wh-word.
    var whatHappened: [[String]]
    /// Whole sentences that are invitations ("then?", "what else?").
    var fixedInvitations: [[String]]
    /// The wh-word "why" and the words that make "tell me why you came" the NICHD transition invitation.
    var why: String
    var transitionWords: Set<String>
    /// Words and phrases that bound a span ("until", "between", "from when").
    var spanWords: Set<String>
    var spanPhrases: [[String]]
    /// "after" / "before": a span when followed by an event, not by "that".
    var anchorWords: Set<String>
    var anchorNonEvents: Set<String>
    /// Endings that make a statement a tag question (", right?", "eller hur?").
    var tagEndings: [[String]]
    /// Endings that are tags only when the sentence is a question ("väl?").
    var questionTagEndings: [[String]]
    /// Words that, opening a question, presuppose a yes ("visst").
    var presupposingOpeners: Set<String>
    /// Negation word for Swedish-style negative questions ("Slog han dig inte?").
    var negation: String?
    /// Pressure, repetition and appeals to what others know or said.
    var pressurePhrases: [[String]]
    /// "<someone> said/told": someone other than the child reporting the event.
    var reportVerbs: Set<String>
    var reporters: Set<String>
    var reportSkips: Set<String>
    /// Ground rules, procedure and courtesy: such a sentence is `other` even if it says "tell me".
    var proceduralPhrases: [[String]]
    var or: String
}
