/// The time slots an EAF export writes: one per distinct aligned time, numbered `ts1`… in time
/// order (as ELAN writes them), then one per unaligned boundary of a layer, placed in the time
/// order right after the aligned time before it.
struct EAFSlots {
    private var idOfTime: [Int: String] = [:]
    private let times: [Int]
    private var unalignedAfter: [Int: [String]] = [:]
    private var unalignedFirst: [String] = []
    private var next: Int

    init(_ transcript: Transcript) {
        var times = Set<Int>()
        for utterance in transcript.utterances {
            times.insert(utterance.start)
            times.insert(utterance.end)
            for word in utterance.words {
                times.insert(word.start)
                times.insert(word.end)
            }
        }
        for annotation in transcript.layers.flatMap(\.annotations) {
            if let start = annotation.start { times.insert(start) }
            if let end = annotation.end { times.insert(end) }
        }
        self.times = times.sorted()
        for (index, time) in self.times.enumerated() { idOfTime[time] = "ts\(index + 1)" }
        next = self.times.count + 1
    }

    /// The slot of an aligned time (every such time was collected at `init`).
    func aligned(_ time: Int) -> String { idOfTime[time]! }

    /// A new slot without a time, placed after the aligned time `anchor` (first when nil).
    mutating func unaligned(after anchor: Int?) -> String {
        let id = "ts\(next)"
        next += 1
        if let anchor { unalignedAfter[anchor, default: []].append(id) } else { unalignedFirst.append(id) }
        return id
    }

    /// Every slot in time order, with its time (nil for unaligned).
    func ordered() -> [(String, Int?)] {
        var out: [(String, Int?)] = unalignedFirst.map { ($0, nil) }
        for time in times {
            out.append((idOfTime[time]!, time))
            out += (unalignedAfter[time] ?? []).map { ($0, nil) }
        }
        return out
    }
}
