/// Resolves the speaker names a parser meets to roles, and remembers what it could not resolve,
/// so one error can count every unmapped name instead of stopping at the first. The error never
/// shows a name: a tier or voice is often named after a person, the child included (invariant 6);
/// it gives the line of the first, where the user can read it in the file.
struct SpeakerNames {
    let format: TranscriptFormat
    let map: SpeakerMap
    private var used: Set<String> = []
    private var unknown: [String: Int] = [:]
    private var unknownOrder: [String] = []
    private var firstUnknownLine: Int?

    init(format: TranscriptFormat, map: SpeakerMap) {
        self.format = format
        self.map = map
    }

    /// The role of a speaker known by `names` (tried in order: each as a role token, then each in
    /// the map), or nil after recording `names.first` as unmapped, `count` times, at `line`.
    mutating func role(_ names: [String], line: Int, count: Int = 1) -> SpeakerRole? {
        for name in names { if let role = SpeakerRole(token: name) { return role } }
        for name in names {
            if let role = map.roles[name] {
                used.insert(name)
                return role
            }
        }
        guard let name = names.first else { return nil }
        if unknown[name] == nil { unknownOrder.append(name) }
        unknown[name, default: 0] += count
        firstUnknownLine = firstUnknownLine ?? line
        return nil
    }

    /// Counts map entries for `names` as used without resolving anything: an empty ELAN tier the
    /// map names is not a typo.
    mutating func markKnown(_ names: [String]) {
        for name in names where map.roles[name] != nil { used.insert(name) }
    }

    /// Throws if any name was unmapped (listing them), or if the map names a speaker the file
    /// never mentions (most likely a typo, which would otherwise leave someone unmapped).
    /// - Parameter unit: what a name is counted in, singular (`cue`, `annotation`).
    func finish(unit: String) throws(TranscriptError) {
        if let line = firstUnknownLine {
            let names = unknownOrder.count
            let uses = unknown.values.reduce(0, +)
            throw TranscriptError(
                format: format, line: line,
                reason: "\(names) speaker name\(names == 1 ? "" : "s") not a Vitni role, in \(uses) \(unit)"
                    + "\(uses == 1 ? "" : "s") (the first on this line; names are not shown, as they may identify "
                    + "a person); map each to INT, CHILD, INTERP or OBS-n with --speaker-map NAME=ROLE "
                    + "or a --speaker-map-file")
        }
        if let unused = map.roles.keys.filter({ !used.contains($0) }).sorted().first {
            throw TranscriptError(
                format: format, line: 1,
                reason: "the speaker map names \(SpeakerMap.quoted(unused)), but no speaker in the file has that name")
        }
    }
}
