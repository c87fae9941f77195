/// The block structure of a WebVTT file: header, NOTE/STYLE/REGION blocks and cues.
struct WebVTTReader {
    let input: TranscriptLines
    let options: Transcript.ImportOptions
    private var collector = UtteranceCollector(format: .webVTT)
    private var metadata = Transcript.Metadata()
    private var names: SpeakerNames
    private var layers = WebVTTLayers.Reader()
    private var index = 0

    init(_ input: TranscriptLines, options: Transcript.ImportOptions) {
        self.input = input
        self.options = options
        self.names = SpeakerNames(format: .webVTT, map: options.speakerMap)
    }

    private var lines: [Substring] { input.lines }

    mutating func read() throws(TranscriptError) -> Transcript {
        try readHeader()
        while let block = nextBlock() {
            let first = lines[block.lowerBound]
            let isComment = Self.isKeyword(first, "NOTE")
            if isComment || Self.isKeyword(first, "STYLE") || Self.isKeyword(first, "REGION"),
                let arrow = block.first(where: { lines[$0].contains("-->") })
            {
                // A player would start a cue here; skipping it would hide text that players show.
                throw input.error(
                    arrow + 1,
                    "a NOTE, STYLE or REGION block cannot contain '-->' (a blank line is missing before a cue)")
            }
            if isComment {
                if first == "NOTE transcript" && collector.utterances.isEmpty { try readMetadata(block) }
                if WebVTTLayers.isLayerBlock(first) { try layers.read(block, of: input) }
            } else if Self.isKeyword(first, "STYLE") || Self.isKeyword(first, "REGION") {
                continue
            } else {
                try readCue(block)
            }
        }
        try names.finish(unit: "cue")
        var transcript = Transcript(metadata: metadata, utterances: collector.utterances)
        transcript.layers = layers.layers
        if let (line, reason) = layers.problem(in: transcript) { throw input.error(line, reason) }
        return transcript
    }

    /// `WEBVTT`, optionally followed by a space or tab and free text, then header lines up to a blank line.
    private mutating func readHeader() throws(TranscriptError) {
        guard let first = lines.first, Self.isKeyword(first, "WEBVTT") else {
            throw input.error(1, "missing the WEBVTT signature on the first line; this is not a WebVTT file")
        }
        index = 1
        while index < lines.count, !Self.isBlank(lines[index]) {
            if lines[index].contains("-->") {
                throw input.error(index + 1, "a cue must be separated from the WEBVTT header by a blank line")
            }
            index += 1
        }
    }

    /// `line` is `keyword` alone or followed by a space or tab.
    static func isKeyword(_ line: Substring, _ keyword: String) -> Bool {
        guard line.hasPrefix(keyword) else { return false }
        let rest = line.dropFirst(keyword.count)
        return rest.isEmpty || rest.first == " " || rest.first == "\t"
    }

    static func isBlank(_ line: Substring) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }

    /// The next run of non-blank lines, as indexes into `lines`.
    private mutating func nextBlock() -> Range<Int>? {
        while index < lines.count, Self.isBlank(lines[index]) { index += 1 }
        guard index < lines.count else { return nil }
        let start = index
        while index < lines.count, !Self.isBlank(lines[index]) { index += 1 }
        return start..<index
    }

    private mutating func readMetadata(_ block: Range<Int>) throws(TranscriptError) {
        for number in block.dropFirst() {
            let line = lines[number]
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = TranscriptLines.normalised(String(line[line.index(after: colon)...]))
            switch line[..<colon].lowercased() {
            case "language": metadata.language = value
            case "source": metadata.source = value
            case "title": metadata.title = value
            default: continue
            }
            if let reason = TranscriptRules.metadataProblem(metadata) { throw input.error(number + 1, reason) }
        }
    }

    private mutating func readCue(_ block: Range<Int>) throws(TranscriptError) {
        var timing = block.lowerBound
        if !lines[timing].contains("-->") {
            timing += 1
            guard timing < block.upperBound else {
                throw input.error(
                    block.lowerBound + 1,
                    "expected a cue timing line ('00:00:01.000 --> 00:00:02.000') after the cue identifier; "
                        + "the cue is truncated or not separated by a blank line")
            }
            guard lines[timing].contains("-->") else {
                if let field = lines[block.lowerBound].split(separator: " ").first,
                    case .success = TranscriptTime.parse(field, separator: UInt8(ascii: "."), hoursOptional: true)
                {
                    throw input.error(
                        block.lowerBound + 1, "malformed cue timing line (expected '00:00:01.000 --> 00:00:02.000')")
                }
                throw input.error(timing + 1, "expected a cue timing line ('00:00:01.000 --> 00:00:02.000')")
            }
        }
        let (start, end) = try readTiming(lines[timing], line: timing + 1)
        let payload = (timing + 1)..<block.upperBound
        guard !payload.isEmpty else { throw input.error(timing + 1, "cue has no text") }
        for number in payload where lines[number].contains("-->") {
            throw input.error(
                number + 1, "cue text contains '-->' (write it as '--&gt;'), or a blank line is missing before a cue")
        }
        var text = WebVTTCueText()
        for number in payload {
            do throws(WebVTTCueText.Problem) {
                try text.read(lines[number])
            } catch {
                throw input.error(number + 1, error.reason)
            }
        }
        let speaker: SpeakerRole
        if let voice = text.voice {
            guard let role = names.role([voice], line: payload.lowerBound + 1) else { return }
            speaker = role
        } else {
            speaker = try collector.defaultSpeaker(options, line: payload.lowerBound + 1, hint: "no <v ROLE> span")
        }
        let (content, words) = text.finish(cueEnd: end)
        try collector.append(
            Utterance(start: start, end: end, speaker: speaker, text: content, words: words), line: timing + 1)
    }

    /// `start --> end [settings]`, the arrow surrounded by spaces or tabs.
    private func readTiming(_ line: Substring, line number: Int) throws(TranscriptError) -> (Int, Int) {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 3, fields[1] == "-->" else {
            throw input.error(number, "malformed cue timing line (expected '00:00:01.000 --> 00:00:02.000')")
        }
        let form = "[HH:]MM:SS.mmm"
        let start: Int
        let end: Int
        switch TranscriptTime.parse(fields[0], separator: UInt8(ascii: "."), hoursOptional: true) {
        case .success(let value): start = value
        case .failure(let error): throw input.error(number, "cue start: " + error.reason(form))
        }
        switch TranscriptTime.parse(fields[2], separator: UInt8(ascii: "."), hoursOptional: true) {
        case .success(let value): end = value
        case .failure(let error): throw input.error(number, "cue end: " + error.reason(form))
        }
        if fields.dropFirst(3).contains(where: { $0.contains("-->") }) {
            throw input.error(number, "malformed cue settings")
        }
        return (start, end)
    }
}
