public import VitniFormats

/// "Did you mean …" for a mistyped item or phase: the protocol's names closest by edit
/// distance, and every `PHASE.ITEM` whose item id is exactly what was typed.
public enum ChecklistSuggestions {
    /// At most three names, closest first; none when nothing is near.
    public static func names(near typed: String, in interviewProtocol: InterviewProtocol) -> [String] {
        let references = interviewProtocol.allItems.map { InterviewProtocol.reference(phase: $0.0, item: $0.1) }
        let candidates = references + interviewProtocol.phases.map(\.id)
        let bareMatches = interviewProtocol.allItems.filter { $0.1.id == typed }.map {
            InterviewProtocol.reference(phase: $0.0, item: $0.1)
        }
        // A slip of a few characters, not a different word: about one edit in four.
        let limit = max(2, typed.count / 4)
        let near =
            candidates.map { (name: $0, distance: distance(typed, $0)) }
            .filter { $0.distance <= limit }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
            .map(\.name)
        var chosen: [String] = []
        for name in bareMatches + near where !chosen.contains(name) { chosen.append(name) }
        return Array(chosen.prefix(3))
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
