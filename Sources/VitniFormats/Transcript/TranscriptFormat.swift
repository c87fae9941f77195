/// The transcript formats Vitni reads and writes.
public enum TranscriptFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// W3C WebVTT, the form sealed in bundles (`transcript.vtt`).
    case webVTT = "webvtt"
    /// SubRip, with the speaker as a leading `ROLE:` label.
    case srt
    /// ELAN annotation format 3.0 (XML), one tier per role.
    case eaf
    /// Vitni's plain timestamped text, one utterance per line (see `PlainTranscript`).
    case plainText = "text"

    /// The name errors carry.
    public var displayName: String {
        switch self {
        case .webVTT: "WebVTT"
        case .srt: "SRT"
        case .eaf: "EAF"
        case .plainText: "plain text"
        }
    }
}
