/// Runs every detector over a text and merges what they propose into non-overlapping findings.
///
/// Merging: findings are ranked by category precedence (personal ID, e-mail, phone, date of birth,
/// address, name — see `RedactionCategory.Kind.precedence`), then by length (longer first), then by
/// position; each is kept only if it overlaps no finding kept before it. So a validated ID number
/// wins over the phone or date shape of the same digits, an e-mail address over the names inside
/// it, and an address over a protected place name inside it.
public struct RedactionScanner: Sendable {
    public var names: NameDetector
    public var enabled: Set<RedactionCategory.Kind>

    /// - Parameters:
    ///   - protectedNames: the session's names to find (child, family, school, places).
    ///   - enabled: the categories to look for (all by default).
    ///   - finnicNameEndings: match Finnish and Estonian case endings of names (see `NameInflection`).
    public init(
        protectedNames: [String] = [], enabled: Set<RedactionCategory.Kind> = Set(RedactionCategory.Kind.allCases),
        finnicNameEndings: Bool = true
    ) {
        names = NameDetector(protectedNames: protectedNames, finnicEndings: finnicNameEndings)
        self.enabled = enabled
    }

    /// Every detector's proposals, unmerged and possibly overlapping (for review tools).
    public func proposals(in text: String) -> [RedactionFinding] {
        let prepared = RedactionText(text)
        var found: [RedactionFinding] = []
        if enabled.contains(.personalID) { found += PersonalIDDetector().findings(in: prepared) }
        if enabled.contains(.email) { found += EmailDetector().findings(in: prepared) }
        if enabled.contains(.phone) { found += PhoneDetector().findings(in: prepared) }
        if enabled.contains(.dateOfBirth) { found += BirthDateDetector().findings(in: prepared) }
        if enabled.contains(.address) { found += AddressDetector().findings(in: prepared) }
        if enabled.contains(.name) { found += names.findings(in: prepared) }
        return found
    }

    /// Non-overlapping findings in text order.
    public func findings(in text: String) -> [RedactionFinding] {
        RedactionScanner.merge(proposals(in: text), textLength: text.utf8.count)
    }

    /// Resolves overlaps by precedence (see the type's documentation); the result is in text order.
    /// Linear in the text length plus the proposals' total length (a byte map of what is taken),
    /// so a hostile text full of matches cannot make it quadratic. Empty spans and spans outside
    /// the text are dropped.
    static func merge(_ proposals: [RedactionFinding], textLength: Int) -> [RedactionFinding] {
        let ranked = proposals.sorted { a, b in
            let (pa, pb) = (a.category.kind.precedence, b.category.kind.precedence)
            if pa != pb { return pa < pb }
            if a.utf8Range.count != b.utf8Range.count { return a.utf8Range.count > b.utf8Range.count }
            return a.utf8Range.lowerBound < b.utf8Range.lowerBound
        }
        var taken = [Bool](repeating: false, count: textLength)
        var kept: [RedactionFinding] = []
        for finding in ranked {
            let range = finding.utf8Range
            guard range.lowerBound >= 0, range.upperBound <= textLength, !range.isEmpty, !taken[range].contains(true)
            else { continue }
            taken.replaceSubrange(range, with: repeatElement(true, count: range.count))
            kept.append(finding)
        }
        return kept.sorted { $0.utf8Range.lowerBound < $1.utf8Range.lowerBound }
    }
}
