/// What one applied redaction did, for the redaction log. It names the category, detector,
/// replacement label and spans, and never the text that was removed.
public struct RedactionLogEntry: Hashable, Sendable, CustomStringConvertible {
    public var category: RedactionCategory
    public var detector: String
    /// The replacement label, e.g. `[NAME-1]`.
    public var label: String
    /// UTF-8 offsets of the removed span in the original text.
    public var originalRange: Range<Int>
    /// UTF-8 offsets of the label in the redacted text.
    public var redactedRange: Range<Int>

    public var description: String {
        "\(label) \(category) by \(detector) at utf8 \(originalRange.lowerBound)..<\(originalRange.upperBound)"
    }
}

/// A redacted text and the log of what was replaced.
public struct RedactionResult: Sendable {
    public var text: String
    public var log: [RedactionLogEntry]
}
