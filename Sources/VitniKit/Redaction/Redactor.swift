/// Replaces accepted findings by labels such as `[NAME-1]` or `[ID-2]`, keeping one label per
/// entity across a whole document: the redactor remembers what it has labelled, so call it once per
/// utterance (in document order) on the same value and "Anna", "Annas" and "Anna's" all become the
/// same `[NAME-n]`, and "150314-2380" and "20150314-2380" the same `[ID-n]`.
///
/// Entities are told apart by a normalised form of the removed text, kept only inside this value
/// (never in findings or log entries): names by their protected-list entry; ID numbers by their
/// letters and digits (Swedish 12-digit forms shortened to 10); phones by their national number
/// (country code and trunk prefix removed); e-mail addresses case-folded; dates of birth by the
/// calendar date; addresses by their case-folded words.
public struct Redactor: Sendable {
    private var labels: [String: String] = [:]
    private var counts: [RedactionCategory.Kind: Int] = [:]

    public init() {}

    /// Redacts `text`.
    /// - Parameters:
    ///   - text: one piece of the document (an utterance, a line, or the whole text).
    ///   - findings: the accepted findings for `text`; overlapping ones are merged by precedence
    ///     as `RedactionScanner` does; empty spans are ignored.
    /// - Returns: the redacted text and one log entry per replaced span.
    /// - Throws: `VitniError.invalidInput` when a finding's range does not fit `text` (it belongs
    ///   to another string); nothing is redacted then.
    public mutating func redact(_ text: String, findings: [RedactionFinding]) throws -> RedactionResult {
        let bytes = Array(text.utf8)
        for finding in findings where finding.range(in: text) == nil {
            throw VitniError.invalidInput(
                "redaction span utf8 \(finding.utf8Range.lowerBound)..<\(finding.utf8Range.upperBound) does not fit "
                    + "the text (\(bytes.count) bytes): findings must come from scanning this same text")
        }
        let merged = RedactionScanner.merge(findings, textLength: bytes.count)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var log: [RedactionLogEntry] = []
        var cursor = 0
        for finding in merged {
            output += bytes[cursor..<finding.utf8Range.lowerBound]
            let label = label(for: finding, original: String(decoding: bytes[finding.utf8Range], as: UTF8.self))
            let start = output.count
            output += Array(label.utf8)
            log.append(
                RedactionLogEntry(
                    category: finding.category, detector: finding.detector, label: label,
                    originalRange: finding.utf8Range, redactedRange: start..<output.count))
            cursor = finding.utf8Range.upperBound
        }
        output += bytes[cursor...]
        return RedactionResult(text: String(decoding: output, as: UTF8.self), log: log)
    }

    private mutating func label(for finding: RedactionFinding, original: String) -> String {
        let kind = finding.category.kind
        let key = kind.rawValue + ":" + Redactor.entityKey(finding, original: original)
        if let existing = labels[key] { return existing }
        let number = (counts[kind] ?? 0) + 1
        counts[kind] = number
        let label = "[\(kind.labelStem)-\(number)]"
        labels[key] = label
        return label
    }

    static func entityKey(_ finding: RedactionFinding, original: String) -> String {
        switch finding.category {
        case .name:
            if let entity = finding.entity { return "#\(entity)" }
            return words(original)
        case .personalID(let kind):
            let compact = String(
                original.uppercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
            let swedish = kind == .swedishPersonnummer || kind == .swedishSamordningsnummer
            return swedish && compact.count == 12 ? String(compact.dropFirst(2)) : compact
        case .phone:
            return nationalNumber(original)
        case .email:
            return original.lowercased()
        case .dateOfBirth:
            let text = RedactionText(original)
            if let date = DateParser.parse(text, at: 0) { return "\(date.year)-\(date.month)-\(date.day)" }
            return words(original)
        case .address:
            return words(original)
        }
    }

    static func words(_ original: String) -> String {
        let text = RedactionText(original)
        return text.tokens.indices.map { text.folded[$0] ?? text.tokenText($0) }.joined(separator: " ")
    }

    /// The national significant number of a phone: no country code, no trunk prefix.
    static func nationalNumber(_ original: String) -> String {
        var digits = original.unicodeScalars.compactMap {
            $0.isASCII && ("0"..."9").contains($0) ? Int($0.value - 48) : nil
        }
        let international = original.hasPrefix("+") || digits.starts(with: [0, 0])
        if international {
            if !original.hasPrefix("+") { digits.removeFirst(2) }
            if let entry = PhoneDetector.countryLengths.first(where: { digits.starts(with: $0.code) }) {
                digits.removeFirst(entry.code.count)
                if let trunk = entry.trunk, digits.first == trunk { digits.removeFirst() }
            }
        } else if digits.first == 0 || (digits.first == 8 && digits.count == 9) {
            digits.removeFirst()
        }
        return digits.map(String.init).joined()
    }
}
