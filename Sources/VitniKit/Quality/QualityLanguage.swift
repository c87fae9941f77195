/// The languages the utterance rules know. Codes are matched on their primary subtag, so "sv-SE",
/// "sv_FI", "swe" and "SV" all select Swedish.
public enum QualityLanguage: String, Sendable, Codable, CaseIterable {
    case english = "en"
    case swedish = "sv"

    /// - Returns: nil for a language the rules do not cover (callers then fall back to English and say so).
    public init?(code: String) {
        let primary = code.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        switch primary {
        case "en", "eng": self = .english
        case "sv", "swe": self = .swedish
        default: return nil
        }
    }

    var lexicon: UtteranceLexicon {
        switch self {
        case .english: UtteranceLexicon.english
        case .swedish: UtteranceLexicon.swedish
        }
    }
}
