public import Foundation

/// Why a transcript was rejected.
///
/// Import errors carry the format and the 1-based line; errors from checking a model (`validate`)
/// carry the 1-based ordinal of the offending utterance instead. The reason never quotes the
/// transcript's text or metadata values: those are evidence and errors end up in logs and
/// terminals. Times, counts and line numbers are quoted; speaker names that are not roles are
/// counted, not quoted, since a tier or voice is often named after a person (`SpeakerNames`).
public struct TranscriptError: Error, Sendable, Equatable {
    /// The format being read; nil when a model was checked.
    public let format: TranscriptFormat?
    /// 1-based line in the input; nil when a model was checked.
    public let line: Int?
    /// 1-based ordinal of the utterance; set when a model was checked.
    public let utterance: Int?
    public let reason: String

    public init(format: TranscriptFormat?, line: Int?, utterance: Int? = nil, reason: String) {
        self.format = format
        self.line = line
        self.utterance = utterance
        self.reason = reason
    }
}

extension TranscriptError: CustomStringConvertible, LocalizedError {
    /// `FORMAT:LINE: REASON` for import errors, `utterance N: REASON` for model checks.
    public var description: String {
        var location: [String] = []
        if let format { location.append(format.displayName) }
        if let line { location.append("line \(line)") }
        if let utterance { location.append("utterance \(utterance)") }
        return location.joined(separator: ", ") + ": " + reason
    }

    public var errorDescription: String? { description }
}
