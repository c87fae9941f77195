extension Transcript {
    /// Checks the rules in `Transcript`'s documentation.
    ///
    /// - Throws: `TranscriptError` naming the first offending utterance by ordinal (1-based) and time.
    public func validate() throws(TranscriptError) {
        if let reason = TranscriptRules.metadataProblem(metadata) {
            throw TranscriptError(format: nil, line: nil, reason: reason)
        }
        var checker = TranscriptRules.OrderChecker()
        for (index, utterance) in utterances.enumerated() {
            if let reason = TranscriptRules.problem(with: utterance) ?? checker.problem(with: utterance) {
                throw TranscriptError(format: nil, line: nil, utterance: index + 1, reason: reason)
            }
        }
        if let (layer, annotation, reason) = TranscriptRules.layerProblem(self) {
            let place = "layer \(layer + 1)" + (annotation.map { ", annotation \($0 + 1)" } ?? "")
            throw TranscriptError(format: nil, line: nil, reason: place + ": " + reason)
        }
    }

    /// Checks the rules and that no utterance (or word) reaches past the end of the recording,
    /// which would mean the transcript belongs to another recording or has drifted.
    ///
    /// - Parameter recordingDuration: The recording's length in milliseconds.
    /// - Throws: `TranscriptError` naming the first offending utterance by ordinal and its times.
    public func validate(recordingDuration: Int) throws(TranscriptError) {
        try validate()
        for (index, utterance) in utterances.enumerated() where utterance.end > recordingDuration {
            throw TranscriptError(
                format: nil, line: nil, utterance: index + 1,
                reason:
                    "utterance \(TranscriptTime.format(utterance.start)) --> \(TranscriptTime.format(utterance.end)) "
                    + "ends after the recording, which is \(TranscriptTime.format(recordingDuration)) long")
        }
        if let latest = latestLayerTime, latest > recordingDuration {
            throw TranscriptError(
                format: nil, line: nil,
                reason: "a layer annotation reaches \(TranscriptTime.format(latest)), after the recording, which is "
                    + "\(TranscriptTime.format(recordingDuration)) long")
        }
    }

    /// Utterances in canonical order: by start, then end, then role. Stable, so utterances that tie
    /// on all three keep their order. Importers of formats without a global order (EAF) use it.
    public func sortedByTime() -> Transcript {
        var copy = self
        copy.utterances = utterances.enumerated().sorted { lhs, rhs in
            (lhs.element.start, lhs.element.end, lhs.element.speaker, lhs.offset)
                < (rhs.element.start, rhs.element.end, rhs.element.speaker, rhs.offset)
        }.map(\.element)
        return copy
    }
}

/// The checks behind `validate()`, shared with the importers so they can report input lines.
enum TranscriptRules {
    /// Whether a character may appear in text: no C0/C1 controls, DEL, line or paragraph separators.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0xFEFF: false
        default: true
        }
    }

    static func metadataProblem(_ metadata: Transcript.Metadata) -> String? {
        let fields = [("language", metadata.language), ("source", metadata.source), ("title", metadata.title)]
        for case (let name, let value?) in fields {
            if value.isEmpty || value.count > Transcript.Metadata.maximumLength {
                return "metadata \(name) must be 1 to \(Transcript.Metadata.maximumLength) characters"
            }
            if !value.unicodeScalars.allSatisfy(isAllowed) || value.contains("-->") {
                return "metadata \(name) must be one line without control characters or '-->'"
            }
            if value.first == " " || value.last == " " {
                return "metadata \(name) must not start or end with a space"
            }
        }
        if let language = metadata.language, language.count > 35 || !language.utf8.allSatisfy(isTagByte) {
            return "metadata language must be a BCP 47 tag (letters, digits and '-', at most 35 characters)"
        }
        return nil
    }

    private static func isTagByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// What is wrong with one utterance on its own, if anything.
    static func problem(with utterance: Utterance) -> String? {
        let span = "\(TranscriptTime.format(utterance.start)) --> \(TranscriptTime.format(utterance.end))"
        if utterance.start < 0 { return "negative start time" }
        if utterance.end > Transcript.maximumTime {
            return "end time is beyond the \(Transcript.maximumTime / 3_600_000)-hour limit"
        }
        if utterance.end <= utterance.start { return "end time must be after the start time (\(span))" }
        if !utterance.text.unicodeScalars.allSatisfy(isAllowed) {
            return "text contains a line break or control character"
        }
        if utterance.text.first == " " || utterance.text.last == " " {
            return "text must not start or end with a space"
        }
        return wordProblem(utterance)
    }

    /// Word timings: inside the utterance, in order, not overlapping, each a token of the text.
    private static func wordProblem(_ utterance: Utterance) -> String? {
        guard !utterance.words.isEmpty else { return nil }
        var tokens = utterance.text.split(separator: " ")[...]
        var previousEnd = utterance.start
        for (index, word) in utterance.words.enumerated() {
            let ordinal = index + 1
            if word.end <= word.start {
                return "word \(ordinal) must end after it starts (\(TranscriptTime.format(word.start)) --> "
                    + "\(TranscriptTime.format(word.end)))"
            }
            if word.start < previousEnd {
                return "word \(ordinal) starts at \(TranscriptTime.format(word.start)), before "
                    + (index == 0 ? "the utterance starts" : "the previous word ends")
            }
            if word.end > utterance.end {
                return "word \(ordinal) ends at \(TranscriptTime.format(word.end)), after the utterance ends"
            }
            guard let match = tokens.firstIndex(where: { $0 == word.word }) else {
                return "word \(ordinal) is not one of the text's words (in order)"
            }
            tokens = tokens[(match + 1)...]
            previousEnd = word.end
        }
        return nil
    }

    /// Order across utterances: starts never go backwards, one speaker never overlaps themself.
    struct OrderChecker {
        private var previousStart = 0
        private var lastEnd: [SpeakerRole: Int] = [:]

        mutating func problem(with utterance: Utterance) -> String? {
            if utterance.start < previousStart {
                return "starts at \(TranscriptTime.format(utterance.start)), before the previous utterance "
                    + "(\(TranscriptTime.format(previousStart))); utterances must be in order of start time"
            }
            if let end = lastEnd[utterance.speaker], utterance.start < end {
                return "starts at \(TranscriptTime.format(utterance.start)), before the same speaker's previous "
                    + "utterance ends (\(TranscriptTime.format(end))); one speaker's utterances cannot overlap"
            }
            previousStart = utterance.start
            lastEnd[utterance.speaker] = utterance.end
            return nil
        }
    }
}
