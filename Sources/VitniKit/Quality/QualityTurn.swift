/// One turn of an interview as the quality metrics need it: who spoke, what was said and in which
/// protocol phase. Kept separate from the transcript model so the metrics depend on nothing but text.
public struct QualityTurn: Sendable, Equatable {
    /// Who spoke. Interpreters, observers and anyone else are `.other` and are left out of the metrics.
    public enum Speaker: String, Sendable, Codable, Equatable {
        case interviewer, child, other
    }

    public var speaker: Speaker
    public var text: String
    /// The protocol phase id (as in `protocols/*.yaml`, e.g. "rapport", "investigating-incidents"), or nil.
    public var phase: String?

    public init(speaker: Speaker, text: String, phase: String? = nil) {
        self.speaker = speaker
        self.text = text
        self.phase = phase
    }
}
