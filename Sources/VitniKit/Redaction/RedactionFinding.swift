/// One proposed redaction: where it is, what it is and which detector found it.
///
/// Offsets are **UTF-8 code-unit offsets** into the scanned string (`start..<end`). They are plain
/// integers so findings can be stored, compared and serialised without holding a `String.Index`;
/// detectors only ever produce offsets on Unicode-scalar (in practice grapheme) boundaries, and
/// `range(in:)` turns them back into `String.Index` values, refusing offsets that do not fall on a
/// scalar boundary of that string. UTF-8 is Swift's native storage, so the round trip is O(1).
///
/// A finding deliberately holds **no matched text** (nor anything derived from it, such as a
/// normalised number): findings are shown for review and logged, and `description` prints only the
/// category, span and detector. The redactor re-reads the text itself when it needs the content.
public struct RedactionFinding: Hashable, Sendable, CustomStringConvertible {
    /// UTF-8 offsets into the scanned text.
    public var utf8Range: Range<Int>
    public var category: RedactionCategory
    /// The detector that proposed this span, e.g. `"personal-id"`.
    public var detector: String
    /// For names: the index of the protected-list entry that matched, so inflected forms of one
    /// name share one label. Nil for other categories.
    public var entity: Int?

    public init(utf8Range: Range<Int>, category: RedactionCategory, detector: String, entity: Int? = nil) {
        self.utf8Range = utf8Range
        self.category = category
        self.detector = detector
        self.entity = entity
    }

    /// The span as `String.Index` values in `text`, or nil when the offsets lie outside it or not
    /// on Unicode-scalar boundaries (a finding applied to the wrong string).
    public func range(in text: String) -> Range<String.Index>? {
        RedactionFinding.stringRange(utf8Range, in: text)
    }

    public var description: String {
        "\(category) at utf8 \(utf8Range.lowerBound)..<\(utf8Range.upperBound) by \(detector)"
    }

    static func stringRange(_ range: Range<Int>, in text: String) -> Range<String.Index>? {
        let utf8 = text.utf8
        guard range.lowerBound >= 0, range.upperBound <= utf8.count, range.lowerBound <= range.upperBound else {
            return nil
        }
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(utf8.startIndex, offsetBy: range.upperBound)
        guard let lowerScalar = lower.samePosition(in: text.unicodeScalars),
            let upperScalar = upper.samePosition(in: text.unicodeScalars)
        else { return nil }
        return lowerScalar..<upperScalar
    }
}
