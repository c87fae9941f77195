/// The text of one WebVTT cue, read line by line: tags, character references and timestamps.
/// A flat scan (tags are not nested into a tree), so hostile nesting costs nothing.
struct WebVTTCueText {
    /// The voice span's annotation (`<v INT>`, `<v.loud Bob>`): a role token or a name the speaker
    /// map resolves. Character references in it are decoded, as the spec says.
    private(set) var voice: String?
    private var scalars: [Unicode.Scalar] = []
    /// Timestamp tags: position in `scalars` and time.
    private var stamps: [(position: Int, time: Int)] = []
    private var lineCount = 0

    struct Problem: Error { let reason: String }

    mutating func read(_ line: Substring) throws(Problem) {
        if lineCount > 0 { scalars.append(" ") }
        lineCount += 1
        let view = Array(line.unicodeScalars)
        var index = 0
        while index < view.count {
            let scalar = view[index]
            switch scalar {
            case "<":
                guard let close = view[index...].firstIndex(of: ">") else {
                    throw Problem(reason: "unterminated tag: '<' without '>' on the same line (write '&lt;' for a '<')")
                }
                try tag(String(String.UnicodeScalarView(view[(index + 1)..<close])))
                index = close + 1
            case "&":
                let (decoded, length) = try Self.reference(view, at: index)
                scalars.append(contentsOf: decoded.unicodeScalars)
                index += length
            case "\t":
                scalars.append(" ")
                index += 1
            default:
                scalars.append(scalar)
                index += 1
            }
        }
    }

    private static let knownTags: Set<String> = ["c", "i", "b", "u", "ruby", "rt", "lang", "v"]

    private mutating func tag(_ content: String) throws(Problem) {
        guard let first = content.unicodeScalars.first else { throw Problem(reason: "empty tag '<>'") }
        if first.properties.numericType != nil && first.isASCII {
            switch TranscriptTime.parse(Substring(content), separator: UInt8(ascii: "."), hoursOptional: true) {
            case .success(let time): stamps.append((scalars.count, time))
            case .failure(let error): throw Problem(reason: "timestamp tag: " + error.reason("[HH:]MM:SS.mmm"))
            }
            return
        }
        if first == "/" { return }
        let nameEnd = content.firstIndex(where: { $0 == "." || $0 == " " || $0 == "\t" }) ?? content.endIndex
        let name = String(content[..<nameEnd])
        guard Self.knownTags.contains(name) else { return }  // unknown tags are ignored, as the spec says
        guard name == "v" else { return }
        guard voice == nil else {
            throw Problem(reason: "a cue holds more than one voice span; give each speaker a cue of their own")
        }
        let annotationStart = content.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? content.endIndex
        let raw = Array(content[annotationStart...].unicodeScalars)
        var annotation = String.UnicodeScalarView()
        var position = 0
        while position < raw.count {
            guard raw[position] == "&" else {
                annotation.append(raw[position])
                position += 1
                continue
            }
            let (decoded, length) = try Self.reference(raw, at: position)
            annotation.append(contentsOf: decoded.unicodeScalars)
            position += length
        }
        let speaker = String(annotation).trimmingSpaces()
        guard !speaker.isEmpty else { throw Problem(reason: "the voice span names no speaker ('<v>' without a name)") }
        voice = String(speaker)
    }

    private static func reference(_ view: [Unicode.Scalar], at index: Int) throws(Problem) -> (String, Int) {
        do throws(WebVTTCharacterReference.Problem) {
            return try WebVTTCharacterReference.decode(view, at: index)
        } catch {
            throw Problem(reason: error.reason)
        }
    }

    /// The cue's text without surrounding spaces, and the word timings its timestamp tags give.
    func finish(cueEnd: Int) -> (String, [WordTiming]) {
        var first = 0
        var last = scalars.count
        while first < last, scalars[first] == " " { first += 1 }
        while last > first, scalars[last - 1] == " " { last -= 1 }
        let body = Array(scalars[first..<last])
        let text = String(String.UnicodeScalarView(body))
        guard !stamps.isEmpty else { return (text, []) }

        // Tokens: maximal runs of non-spaces, as positions in `body`.
        var tokens: [(from: Int, to: Int)] = []
        var position = 0
        while position < body.count {
            if body[position] == " " {
                position += 1
                continue
            }
            let from = position
            while position < body.count, body[position] != " " { position += 1 }
            tokens.append((from, position))
        }
        var startAt: [Int: Int] = [:]
        var endAt: [Int: Int] = [:]
        for (index, token) in tokens.enumerated() {
            startAt[token.from] = index
            endAt[token.to] = index
        }
        var starts = [Int?](repeating: nil, count: tokens.count)
        var ends = [Int?](repeating: nil, count: tokens.count)
        for stamp in stamps {
            let position = stamp.position - first
            if let token = startAt[position] {
                starts[token] = stamp.time
            } else if let token = endAt[position], starts[token] != nil {
                ends[token] = stamp.time
            }
        }
        let timed = tokens.indices.filter { starts[$0] != nil }
        var words: [WordTiming] = []
        for (order, token) in timed.enumerated() {
            let implicitEnd = order + 1 < timed.count ? starts[timed[order + 1]]! : cueEnd
            let range = tokens[token]
            words.append(
                WordTiming(
                    word: String(String.UnicodeScalarView(body[range.from..<range.to])),
                    start: starts[token]!, end: ends[token] ?? implicitEnd))
        }
        return (text, words)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        let text = Substring(self)
        guard let first = text.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return text[text.endIndex...] }
        let last = text.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return text[first...last]
    }
}
