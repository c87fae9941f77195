/// SubRip (SRT): numbered blocks separated by blank lines, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, then
/// the text, whose first line starts with the speaker label `ROLE: ` (`INT: Hello.`).
///
/// SRT has no escaping and no metadata: text is taken literally (`<`, `&` and `-->` included),
/// lines of a block are joined with a space, and metadata and word timings are not carried.
/// Block numbers must be decimal numbers (of up to 9 digits); where they start (0, 1 or
/// anywhere) and their sequence are not checked (tools number from 0 or renumber freely), the
/// order of start times is. Anything after the end time (SubRip's position
/// coordinates) is ignored.
public enum SRT {
    /// Reads SRT bytes (UTF-8).
    ///
    /// - Throws: `TranscriptError` with the 1-based line and the reason.
    public static func parse(bytes: [UInt8], options: Transcript.ImportOptions = .init()) throws(TranscriptError)
        -> Transcript
    {
        try parse(TranscriptLines.decode(bytes, format: .srt, options: options), options: options)
    }

    /// Reads SRT text.
    ///
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - options: Limits and the speaker for blocks without a label.
    /// - Returns: A transcript (no metadata, no word timings) that passes `validate()`.
    /// - Throws: `TranscriptError` with the 1-based line and the reason.
    public static func parse(_ text: String, options: Transcript.ImportOptions = .init()) throws(TranscriptError)
        -> Transcript
    {
        let input = try TranscriptLines(text, format: .srt, options: options)
        let lines = input.lines
        var collector = UtteranceCollector(format: .srt)
        var names = SpeakerNames(format: .srt, map: options.speakerMap)
        var index = 0
        while true {
            while index < lines.count, WebVTTReader.isBlank(lines[index]) { index += 1 }
            guard index < lines.count else { break }
            let number = lines[index].trimmingSpaces()
            guard !number.isEmpty, number.count <= 9, number.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw input.error(
                    index + 1,
                    index == 0 || collector.utterances.isEmpty
                        ? "expected a block number; this does not look like an SRT file"
                        : "expected a block number (a blank line must separate blocks)")
            }
            index += 1
            guard index < lines.count, !WebVTTReader.isBlank(lines[index]) else {
                throw input.error(index, "block number without a timing line (truncated block)")
            }
            let timingLine = index + 1
            let (start, end) = try readTiming(lines[index], line: timingLine, input: input)
            index += 1
            var payload: [Substring] = []
            while index < lines.count, !WebVTTReader.isBlank(lines[index]) {
                payload.append(lines[index])
                index += 1
            }
            guard !payload.isEmpty else { throw input.error(timingLine, "block has no text (truncated block)") }
            let joined = TranscriptLines.normalised(payload.joined(separator: " "))
            let (label, text) = splitLabel(joined)
            let speaker: SpeakerRole
            if let label {
                guard let role = names.role([String(label)], line: timingLine + 1) else { continue }
                speaker = role
            } else {
                speaker = try collector.defaultSpeaker(options, line: timingLine + 1, hint: "no 'ROLE:' label")
            }
            try collector.append(Utterance(start: start, end: end, speaker: speaker, text: text), line: timingLine)
        }
        try names.finish(unit: "block")
        return Transcript(utterances: collector.utterances)
    }

    /// A leading `LABEL:` (upper-case letters, digits and `-`, then a colon and a space or the end).
    /// Anything label-shaped is returned, so a mistyped role is an error rather than text.
    static func splitLabel(_ line: String) -> (Substring?, String) {
        guard let colon = line.firstIndex(of: ":") else { return (nil, line) }
        let label = line[..<colon]
        let isLabel =
            !label.isEmpty && label.count <= 12
            && label.unicodeScalars.allSatisfy {
                (0x41...0x5A).contains($0.value) || (0x30...0x39).contains($0.value) || $0 == "-"
            }
        let rest = line[line.index(after: colon)...]
        guard isLabel, rest.isEmpty || rest.first == " " else { return (nil, line) }
        return (label, TranscriptLines.normalised(String(rest)))
    }

    private static func readTiming(_ line: Substring, line number: Int, input: TranscriptLines) throws(TranscriptError)
        -> (Int, Int)
    {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 3, fields[1] == "-->" else {
            throw input.error(number, "malformed timing line (expected '00:00:01,000 --> 00:00:02,000')")
        }
        let form = "HH:MM:SS,mmm"
        var times: [Int] = []
        for (field, name) in [(fields[0], "start"), (fields[2], "end")] {
            switch TranscriptTime.parse(field, separator: UInt8(ascii: ","), hoursOptional: false) {
            case .success(let value): times.append(value)
            case .failure(let error): throw input.error(number, "\(name): " + error.reason(form))
            }
        }
        return (times[0], times[1])
    }

    /// Writes a transcript as SRT, numbering blocks from 1. Metadata and word timings are dropped;
    /// SRT has no place for them.
    public static func render(_ transcript: Transcript) -> String {
        var out = ""
        for (index, utterance) in transcript.utterances.enumerated() {
            out += "\(index + 1)\n"
            out +=
                TranscriptTime.format(utterance.start, separator: ",") + " --> "
                + TranscriptTime.format(utterance.end, separator: ",") + "\n"
            let text = TextSafety.line(utterance.text)
            out += utterance.speaker.token + ":" + (text.isEmpty ? "" : " " + text) + "\n\n"
        }
        return out
    }
}
