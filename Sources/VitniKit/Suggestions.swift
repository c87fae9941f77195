/// "Did you mean …" for a name someone mistyped: a session id, a protocol item, an identity.
public enum Suggestions {
    /// The candidate closest to `typed` by edit distance (ignoring case), if it is close enough to
    /// be what was meant: at most a third of the typed length away, and at most 3 edits. On a tie
    /// the earlier candidate wins, so the caller's order decides.
    /// - Parameters:
    ///   - typed: what the user gave.
    ///   - candidates: the names that exist.
    /// - Returns: the closest candidate, or nil when none is near (or `typed` is itself one).
    public static func closest(to typed: String, among candidates: some Sequence<String>) -> String? {
        let limit = min(3, max(1, typed.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            if candidate == typed { return nil }
            let distance = editDistance(typed.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// Levenshtein distance with adjacent transpositions counting as one edit (optimal string
    /// alignment), over Unicode characters.
    public static func editDistance(_ first: String, _ second: String) -> Int {
        let a = Array(first)
        let b = Array(second)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], twoBack[j - 2] + 1)
                }
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }
}
