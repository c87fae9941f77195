/// The input of a line-based format, split into lines after the checks every such format shares:
/// size, line length, UTF-8, no control characters but tab. Line terminators are LF, CRLF or CR
/// (WebVTT allows all three); a leading byte order mark is dropped.
struct TranscriptLines {
    let format: TranscriptFormat
    /// Lines without terminators; `lines[i]` is line `i + 1`. Slices of the input, so reading a
    /// line costs no copy.
    let lines: [Substring]

    /// The most lines read before the input is refused: room for `Transcript.maximumUtterances`
    /// cues of identifier, timing, several text lines and a blank line each. Without it a file of
    /// 32 MiB of line breaks would take a gigabyte of line records.
    static let maximumLines = 10 * Transcript.maximumUtterances

    init(_ text: String, format: TranscriptFormat, options: Transcript.ImportOptions) throws(TranscriptError) {
        self.format = format
        try Self.checkSize(text.utf8.count, format: format, options: options)
        // Scanned as UTF-8 bytes: the string is valid UTF-8, so every forbidden character has a
        // fixed byte pattern, and byte offsets are line boundaries.
        let bytes = Array(text.utf8)
        var lines: [Substring] = []
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lineStart = index
        func fail(_ reason: String) -> TranscriptError {
            TranscriptError(format: format, line: lines.count + 1, reason: reason)
        }
        let utf8 = text.utf8
        func line(_ range: Range<Int>) -> Substring {
            // O(1) on a native string: UTF-8 offsets are its storage offsets.
            let from = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            return text[from..<utf8.index(from, offsetBy: range.count)]
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                guard lines.count < Self.maximumLines else {
                    throw fail("more than \(Self.maximumLines) lines; this is not one interview's transcript")
                }
                lines.append(line(lineStart..<index))
                index += byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
                lineStart = index
                continue
            }
            if index - lineStart >= options.maximumLineBytes {
                throw fail("line is longer than the \(options.maximumLineBytes)-byte limit")
            }
            let forbidden: UInt32? =
                switch byte {
                case 0x09: nil
                case 0x00..<0x20, 0x7F: UInt32(byte)
                case 0xC2 where index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]):
                    UInt32(bytes[index + 1])
                case 0xE2
                where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    0x2000 + UInt32(bytes[index + 2])
                case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF:
                    0xFEFF
                default: nil
                }
            if let forbidden {
                throw fail("control character U+\(String(forbidden, radix: 16, uppercase: true)) in the text")
            }
            index += 1
        }
        if lineStart < bytes.count {
            guard lines.count < Self.maximumLines else {
                throw fail("more than \(Self.maximumLines) lines; this is not one interview's transcript")
            }
            lines.append(line(lineStart..<bytes.count))
        }
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
