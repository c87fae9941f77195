/// Which Vitni role each speaker name in a transcript file stands for: ELAN tier ids and
/// `PARTICIPANT`s, WebVTT voice names (`<v Bob>`), SRT and plain-text labels.
///
/// Files from other tools name speakers by name or by the tool's own labels; Vitni keeps roles
/// only, so a name is mapped on import and never stored. Names are matched exactly (case and
/// spaces count), after surrounding spaces are trimmed.
public struct SpeakerMap: Sendable, Equatable {
    /// Name → role.
    public private(set) var roles: [String: SpeakerRole] = [:]

    /// The most entries a map may hold; more speakers than this are not one interview.
    public static let maximumEntries = 1_000
    /// The longest name accepted, in characters.
    public static let maximumNameLength = 200

    public init() {}

    public var isEmpty: Bool { roles.isEmpty }

    /// Adds one `NAME=ROLE` entry (split at the last `=`, since a role never holds one).
    ///
    /// - Throws: `SpeakerMap.Problem` for a malformed entry, an unknown role, or a name given twice.
    public mutating func add(_ entry: some StringProtocol) throws(Problem) {
        guard let equals = entry.lastIndex(of: "=") else {
            throw Problem(reason: "expected NAME=ROLE (for example 'Bob=INT')")
        }
        let name = String(entry[..<equals].trimmingSpaces())
        let token = entry[entry.index(after: equals)...].trimmingSpaces()
        guard !name.isEmpty, name.count <= Self.maximumNameLength,
            name.unicodeScalars.allSatisfy(TranscriptRules.isAllowed)
        else {
            throw Problem(
                reason: "the name before '=' must be 1 to \(Self.maximumNameLength) characters on one line")
        }
        guard let role = SpeakerRole(token: token) else {
            throw Problem(reason: "the role after '=' is not a role: " + SpeakerRole.expectation)
        }
        guard roles[name] == nil else { throw Problem(reason: "the name \(Self.quoted(name)) is mapped twice") }
        guard roles.count < Self.maximumEntries else {
            throw Problem(reason: "more than \(Self.maximumEntries) entries")
        }
        roles[name] = role
    }

    /// Reads a map file: one `NAME=ROLE` per line; blank lines and lines starting with `#` are
    /// skipped.
    ///
    /// - Throws: `SpeakerMap.Problem` naming the 1-based line.
    public mutating func add(file text: String) throws(Problem) {
        // "\r\n" is one Character, so lines are split on it too.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (offset, line) in lines.enumerated() {
            let content = line.trimmingSpaces()
            if content.isEmpty || content.hasPrefix("#") { continue }
            do throws(Problem) {
                try add(content)
            } catch {
                throw Problem(reason: "line \(offset + 1): " + error.reason)
            }
        }
    }

    /// What is wrong with an entry. It may quote the name, which the user typed on the command
    /// line or in the map file.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// A name as errors show it: in quotes, cut to 40 characters, anything but plain printable
    /// text escaped, so a hostile name cannot disturb a terminal or a log line.
    static func quoted(_ name: String) -> String {
        var out = "'"
        for (count, scalar) in name.unicodeScalars.enumerated() {
            if count == 40 {
                out += "…"
                break
            }
            let printable =
                TranscriptRules.isAllowed(scalar) && scalar != "'" && scalar != "\\"
                && !(0x202A...0x202E).contains(scalar.value) && !(0x2066...0x2069).contains(scalar.value)
            out += printable ? String(scalar) : "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        }
        return out + "'"
    }
}
