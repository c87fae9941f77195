/// The input of a line-based format, split into lines after the checks every such format shares:
/// size, line length, UTF-8, no control characters but tab. Line terminators are LF, CRLF or CR
/// (WebVTT allows all three); a leading byte order mark is dropped.
struct TranscriptLines {
    let format: TranscriptFormat
    /// Lines without terminators; `lines[i]` is line `i + 1`.
    let lines: [Substring]

    init(_ text: String, format: TranscriptFormat, options: Transcript.ImportOptions) throws(TranscriptError) {
        self.format = format
        try Self.checkSize(text.utf8.count, format: format, options: options)
        var body = Substring(text)
        if body.unicodeScalars.first == "\u{FEFF}" { body = body.dropFirst() }
        var lines: [Substring] = []
        var lineStart = body.startIndex
        var index = body.startIndex
        let scalars = body.unicodeScalars
        var lineBytes = 0
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            if scalar == "\n" || scalar == "\r" {
                lines.append(body[lineStart..<index])
                lineBytes = 0
                if scalar == "\r", next < scalars.endIndex, scalars[next] == "\n" {
                    index = scalars.index(after: next)
                } else {
                    index = next
                }
                lineStart = index
                continue
            }
            lineBytes += scalar.utf8.count
            if lineBytes > options.maximumLineBytes {
                throw TranscriptError(
                    format: format, line: lines.count + 1,
                    reason: "line is longer than the \(options.maximumLineBytes)-byte limit")
            }
            if scalar != "\t" && !TranscriptRules.isAllowed(scalar) {
                throw TranscriptError(
                    format: format, line: lines.count + 1,
                    reason: "control character U+\(String(scalar.value, radix: 16, uppercase: true)) in the text")
            }
            index = next
        }
        if lineStart < body.endIndex { lines.append(body[lineStart...]) }
        self.lines = lines
    }

    /// Decodes bytes as UTF-8 after the size check, naming the line of the first invalid sequence.
    static func decode(
        _ bytes: [UInt8], format: TranscriptFormat, options: Transcript.ImportOptions
    ) throws(TranscriptError) -> String {
        try checkSize(bytes.count, format: format, options: options)
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: return String(decoding: bytes, as: UTF8.self)
            case .error: throw TranscriptError(format: format, line: line, reason: "the input is not valid UTF-8")
            }
        }
    }

    static func checkSize(_ count: Int, format: TranscriptFormat, options: Transcript.ImportOptions)
        throws(TranscriptError)
    {
        guard count > options.maximumBytes else { return }
        throw TranscriptError(
            format: format, line: 1,
            reason: "input is \(count) bytes, more than the \(options.maximumBytes)-byte limit for a transcript")
    }

    func error(_ line: Int, _ reason: String) -> TranscriptError {
        TranscriptError(format: format, line: line, reason: reason)
    }

    /// Normalises text gathered from an input: tabs become spaces, surrounding spaces go.
    static func normalised(_ text: String) -> String {
        let spaced = text.replacingTabs()
        guard let first = spaced.firstIndex(where: { $0 != " " }) else { return "" }
        let last = spaced.lastIndex(where: { $0 != " " })!
        return String(spaced[first...last])
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        contains("\t") ? String(map { $0 == "\t" ? " " : $0 }) : self
    }
}
