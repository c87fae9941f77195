/// Vitni's plain timestamped text: easy to read, grep and type, one utterance per line.
///
/// ```
/// # language: sv
/// # source: human
/// [00:00:00.500-00:00:04.089] INT: Hello, I'm Anna.
/// [00:00:04.889-00:00:10.410] CHILD: Hi. (1.5) ((laughs))
/// ```
/// - UTF-8; lines end in LF (CRLF and CR are read too); a leading byte order mark is ignored.
/// - An utterance line is `[START-END] ROLE: TEXT`: times `HH:MM:SS.mmm` (hours two or more
///   digits), no spaces inside the brackets, one space after `]`, the role token, `:`, then one
///   space and the text (nothing when the text is empty). Text is literal, markers included.
/// - Lines starting with `#` are comments. Before the first utterance, `# language: …`,
///   `# source: …` and `# title: …` set the metadata; other comments are ignored.
/// - Blank lines are ignored. Any other line is an error.
/// Word timings are not carried.
public enum PlainTranscript {
    /// Reads plain-text bytes (UTF-8).
    ///
    /// - Throws: `TranscriptError` with the 1-based line and the reason.
    public static func parse(bytes: [UInt8], options: Transcript.ImportOptions = .init()) throws(TranscriptError)
        -> Transcript
    {
        try parse(TranscriptLines.decode(bytes, format: .plainText, options: options), options: options)
    }

    /// Reads the plain timestamped text form.
    ///
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - options: Limits and the speaker for lines without a role.
    /// - Returns: A transcript (no word timings) that passes `validate()`.
    /// - Throws: `TranscriptError` with the 1-based line and the reason.
    public static func parse(_ text: String, options: Transcript.ImportOptions = .init()) throws(TranscriptError)
        -> Transcript
    {
        let input = try TranscriptLines(text, format: .plainText, options: options)
        var collector = UtteranceCollector(format: .plainText)
        var names = SpeakerNames(format: .plainText, map: options.speakerMap)
        var metadata = Transcript.Metadata()
        for (offset, line) in input.lines.enumerated() {
            let number = offset + 1
            if WebVTTReader.isBlank(line) { continue }
            if line.hasPrefix("#") {
                guard collector.utterances.isEmpty, let colon = line.firstIndex(of: ":") else { continue }
                let key = line[line.index(after: line.startIndex)..<colon].trimmingSpaces().lowercased()
                let value = TranscriptLines.normalised(String(line[line.index(after: colon)...]))
                switch key {
                case "language": metadata.language = value
                case "source": metadata.source = value
                case "title": metadata.title = value
                default: continue
                }
                if let reason = TranscriptRules.metadataProblem(metadata) { throw input.error(number, reason) }
                continue
            }
            guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else {
                throw input.error(number, "expected '[HH:MM:SS.mmm-HH:MM:SS.mmm] ROLE: text' or a '#' comment")
            }
            let times = line[line.index(after: line.startIndex)..<close].split(
                separator: "-", omittingEmptySubsequences: false)
            guard times.count == 2 else {
                throw input.error(number, "malformed time range (expected '[HH:MM:SS.mmm-HH:MM:SS.mmm]')")
            }
            var values: [Int] = []
            for (field, name) in [(times[0], "start"), (times[1], "end")] {
                switch TranscriptTime.parse(field, separator: UInt8(ascii: "."), hoursOptional: false) {
                case .success(let value): values.append(value)
                case .failure(let error): throw input.error(number, "\(name): " + error.reason("HH:MM:SS.mmm"))
                }
            }
            let rest = line[line.index(after: close)...]
            guard rest.first == " " else {
                throw input.error(number, "expected a space and 'ROLE:' after the time range")
            }
            let (label, text) = SRT.splitLabel(TranscriptLines.normalised(String(rest)))
            let speaker: SpeakerRole
            if let label {
                guard let role = names.role([String(label)], line: number) else { continue }
                speaker = role
            } else {
                speaker = try collector.defaultSpeaker(options, line: number, hint: "no 'ROLE:' label")
            }
            try collector.append(
                Utterance(start: values[0], end: values[1], speaker: speaker, text: text), line: number)
        }
        try names.finish(unit: "line")
        return Transcript(metadata: metadata, utterances: collector.utterances)
    }

    /// Writes the plain timestamped text form: metadata comments, then one line per utterance.
    public static func render(_ transcript: Transcript) -> String {
        var out = ""
        let metadata = transcript.metadata
        if let language = metadata.language { out += "# language: \(TextSafety.line(language))\n" }
        if let source = metadata.source { out += "# source: \(TextSafety.line(source))\n" }
        if let title = metadata.title { out += "# title: \(TextSafety.line(title))\n" }
        for utterance in transcript.utterances {
            let text = TextSafety.line(utterance.text)
            out +=
                "[" + TranscriptTime.format(utterance.start) + "-" + TranscriptTime.format(utterance.end) + "] "
                + utterance.speaker.token + ":" + (text.isEmpty ? "" : " " + text) + "\n"
        }
        return out
    }
}
