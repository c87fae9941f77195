/// The outcome of classifying one utterance: the category, the rule that decided it (a short,
/// stable id, so a supervisor can see why without the text), and which language's rules ran.
public struct UtteranceClassification: Sendable, Codable, Equatable {
    public var category: UtteranceCategory
    /// Which rule decided, e.g. "tag-question", "tell-me-yes-no", "cue-overlap".
    public var rule: String
    /// The language whose rules were applied.
    public var language: QualityLanguage
    /// True when the requested language is not covered and English rules ran instead.
    public var languageFallback: Bool

    enum CodingKeys: String, CodingKey {
        case category, rule, language
        case languageFallback = "language_fallback"
    }
}
