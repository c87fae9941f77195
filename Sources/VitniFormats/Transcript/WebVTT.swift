/// W3C WebVTT, the transcript form sealed in bundles.
///
/// Reading follows the W3C parser but is strict where a forensic record must not be guessed at:
/// the `WEBVTT` signature line (after an optional byte order mark) and a blank line after the
/// header; blocks separated by blank lines; `NOTE`, `STYLE` and `REGION` blocks skipped; optional
/// cue identifiers; timings `[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm` with any cue settings after them
/// (ignored). Cue text: one voice span `<v ROLE>` or `<v.class ROLE>` naming the speaker; other
/// tags (`<i>`, `<b>`, `<u>`, `<c.x>`, `<lang>`, `<ruby>`, `<rt>`, end tags) are dropped; timestamp
/// tags carry word timings (below); character references are decoded as HTML decodes them (every
/// named one, numeric ones; see `WebVTTCharacterReference`). Lines of a cue are joined with a
/// space. A voice that is not a role token (`<v Bob>`) is looked up in the speaker map.
///
/// Layers (translations, glosses) travel in `NOTE layer` blocks after the cues (`WebVTTLayers`).
///
/// Metadata travels in a `NOTE transcript` block before the first cue, one `key: value` per line
/// (`language`, `source`, `title`): a comment to other readers, so the file stays valid WebVTT.
///
/// Word timings: a timestamp tag directly before a word gives its start; one directly after it,
/// its end. A missing end is the next timed word's start, or the cue's end for the last word;
/// the writer omits exactly those, so timestamps strictly increase as the spec asks (the first
/// word's start is always written, even when it equals the cue's start).
public enum WebVTT {
    /// Reads WebVTT bytes (UTF-8).
    ///
    /// - Throws: `TranscriptError` with the 1-based line and the reason.
    public static func parse(bytes: [UInt8], options: Transcript.ImportOptions = .init()) throws(TranscriptError)
        -> Transcript
    {
        try parse(TranscriptLines.decode(bytes, format: .webVTT, options: options), options: options)
    }

    /// Reads WebVTT text.
    ///
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - options: Limits and the speaker for cues without a voice span.
    /// - Returns: A transcript that passes `validate()`.
    /// - Throws: `TranscriptError` with the 1-based line and the reason.
    public static func parse(_ text: String, options: Transcript.ImportOptions = .init()) throws(TranscriptError)
        -> Transcript
    {
        var reader = try WebVTTReader(TranscriptLines(text, format: .webVTT, options: options), options: options)
        return try reader.read()
    }

    /// Writes a transcript as WebVTT: numbered cues, one `<v ROLE>` span each, word timings as
    /// timestamp tags, `&`, `<` and `>` escaped (so text may hold `-->`), then the layers.
    public static func render(_ transcript: Transcript) -> String {
        var out = "WEBVTT\n\n"
        let metadata = transcript.metadata
        if !metadata.isEmpty {
            out += "NOTE transcript\n"
            if let language = metadata.language { out += "language: \(TextSafety.line(language))\n" }
            if let source = metadata.source { out += "source: \(TextSafety.line(source))\n" }
            if let title = metadata.title { out += "title: \(TextSafety.line(title))\n" }
            out += "\n"
        }
        for (index, utterance) in transcript.utterances.enumerated() {
            out += "\(index + 1)\n"
            out += TranscriptTime.format(utterance.start) + " --> " + TranscriptTime.format(utterance.end) + "\n"
            out += "<v \(utterance.speaker.token)>" + cueText(utterance) + "\n\n"
        }
        return out + WebVTTLayers.render(transcript.layers)
    }

    private static func cueText(_ utterance: Utterance) -> String {
        let words = utterance.words
        var next = 0
        var pieces: [String] = []
        for token in TextSafety.line(utterance.text).split(separator: " ", omittingEmptySubsequences: false) {
            guard next < words.count, token == words[next].word else {
                pieces.append(escape(token))
                continue
            }
            let word = words[next]
            var piece = "<" + TranscriptTime.format(word.start) + ">" + escape(token)
            let implicitEnd = next + 1 < words.count ? words[next + 1].start : utterance.end
            if word.end != implicitEnd { piece += "<" + TranscriptTime.format(word.end) + ">" }
            pieces.append(piece)
            next += 1
        }
        return pieces.joined(separator: " ")
    }

    static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }
}
