import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// ELAN annotation format (EAF) 3.0: XML with a table of time slots (milliseconds) and tiers of
/// time-aligned annotations.
///
/// Vitni writes one top-level tier per role (`TIER_ID` and `PARTICIPANT` both the role token —
/// never a name) and, for roles with word timings, a dependent tier `ROLE-words` whose
/// annotations are the words (linguistic type `words`, constraint `Included_In`). Metadata goes in
/// header properties `vitni-language`, `vitni-source`, `vitni-title`.
///
/// Reading takes every top-level tier whose `PARTICIPANT` (or failing that `TIER_ID`) is a role
/// token, merges their annotations and orders them with `Transcript.sortedByTime()` (EAF keeps no
/// order across tiers). Dependent tiers named `PARENT-words` give word timings, each inside one of
/// its parent's annotations; other dependent tiers (translations, glosses) are skipped. A top-level
/// tier naming no role is an error: it would be transcript text silently dropped.
///
/// Hostile input: the encoding is settled before the XML parser runs (UTF-8, or UTF-16 with a byte
/// order mark; any other declared encoding is refused, see `EAFInput`), and so is any document type
/// or entity declaration (no entity can expand, internal or external); elements may nest at most
/// `EAFDocument.maximumDepth` deep, annotation values are bounded, at most
/// `EAFDocument.maximumAnnotations` annotations and `EAFDocument.maximumTimeSlots` time slots are
/// read, and the input is bounded by `ImportOptions.maximumBytes`.
public enum EAF {
    /// Reads EAF bytes: UTF-8, or UTF-16 with a byte order mark (see `EAFInput`).
    ///
    /// - Throws: `TranscriptError` with the 1-based line and the reason.
    public static func parse(bytes: [UInt8], options: Transcript.ImportOptions = .init()) throws(TranscriptError)
        -> Transcript
    {
        let (text, encoding) = try EAFInput.decode(bytes, options: options)
        return try parse(text, encoding: encoding, options: options)
    }

    /// Reads EAF text. An XML declaration, if any, must name UTF-8 (or no encoding).
    ///
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - options: Limits (`maximumLineBytes` does not apply: XML need not have lines).
    /// - Returns: A transcript that passes `validate()`.
    /// - Throws: `TranscriptError` with the 1-based line and the reason.
    public static func parse(_ text: String, options: Transcript.ImportOptions = .init()) throws(TranscriptError)
        -> Transcript
    {
        try parse(text, encoding: .utf8, options: options)
    }

    private static func parse(_ text: String, encoding: EAFInput.Encoding, options: Transcript.ImportOptions)
        throws(TranscriptError) -> Transcript
    {
        try TranscriptLines.checkSize(text.utf8.count, format: .eaf, options: options)
        // Fed as a stream, in chunks: given all at once, libxml2's push parser stops near 10 MB
        // ("huge input lookup") without XML_PARSE_HUGE, which XMLParser does not expose.
        let parser = XMLParser(stream: InputStream(data: Data(try EAFInput.prepared(text, encoding: encoding))))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        let document = EAFDocument(parser: parser)
        parser.delegate = document
        let parsed = parser.parse()
        if let problem = document.problem { throw error(max(problem.line, 1), problem.reason) }
        guard parsed, parser.parserError == nil else {
            let code = (parser.parserError as NSError?)?.code ?? 0
            throw error(max(parser.lineNumber, 1), XMLParserErrorWords.reason(code: code))
        }
        guard document.sawRoot else { throw error(1, "no ANNOTATION_DOCUMENT element; this is not an EAF file") }
        return try build(document)
    }

    private static func error(_ line: Int, _ reason: String) -> TranscriptError {
        TranscriptError(format: .eaf, line: line, reason: reason)
    }

    private struct Pending {
        var utterance: Utterance
        let line: Int
    }

    private static func build(_ document: EAFDocument) throws(TranscriptError) -> Transcript {
        var pending: [Pending] = []
        var rangeOfTier: [String: Range<Int>] = [:]
        for tier in document.tiers where tier.parent == nil {
            guard let role = tier.participant.flatMap({ SpeakerRole(token: $0) }) ?? SpeakerRole(token: tier.id) else {
                throw error(
                    tier.line, "tier names no speaker role in PARTICIPANT or TIER_ID: " + SpeakerRole.expectation)
            }
            let first = pending.count
            for annotation in tier.annotations {
                let (start, end) = try times(annotation, document)
                let text = TranscriptLines.normalised(
                    String(annotation.value.map { $0 == "\n" || $0 == "\r\n" || $0 == "\r" ? " " : $0 }))
                if !text.unicodeScalars.allSatisfy(TranscriptRules.isAllowed) {
                    throw error(annotation.line, "annotation text contains a control character")
                }
                pending.append(
                    Pending(
                        utterance: Utterance(start: start, end: end, speaker: role, text: text), line: annotation.line))
            }
            rangeOfTier[tier.id] = first..<pending.count
        }
        for tier in document.tiers {
            guard let parent = tier.parent, tier.id == parent + "-words", let range = rangeOfTier[parent] else {
                continue
            }
            // The parent's annotations by start; the owner of a word is the last one starting at or
            // before it (one speaker's annotations do not overlap), found by binary search.
            let owners = range.sorted { pending[$0].utterance.start < pending[$1].utterance.start }
            for annotation in tier.annotations {
                let (start, end) = try times(annotation, document)
                var low = 0
                var high = owners.count
                while low < high {
                    let middle = (low + high) / 2
                    if pending[owners[middle]].utterance.start <= start { low = middle + 1 } else { high = middle }
                }
                guard low > 0, end <= pending[owners[low - 1]].utterance.end else {
                    throw error(annotation.line, "word annotation lies outside every annotation of its parent tier")
                }
                let word = TranscriptLines.normalised(annotation.value)
                pending[owners[low - 1]].utterance.words.append(WordTiming(word: word, start: start, end: end))
            }
        }
        let ordered = pending.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element.utterance, rhs.element.utterance)
            return (a.start, a.end, a.speaker, lhs.offset) < (b.start, b.end, b.speaker, rhs.offset)
        }.map(\.element)
        var collector = UtteranceCollector(format: .eaf)
        for item in ordered {
            var utterance = item.utterance
            utterance.words.sort { ($0.start, $0.end) < ($1.start, $1.end) }
            try collector.append(utterance, line: item.line)
        }
        var metadata = Transcript.Metadata()
        metadata.language = document.properties["vitni-language"].map { TranscriptLines.normalised($0) }
        metadata.source = document.properties["vitni-source"].map { TranscriptLines.normalised($0) }
        metadata.title = document.properties["vitni-title"].map { TranscriptLines.normalised($0) }
        if let reason = TranscriptRules.metadataProblem(metadata) { throw error(1, "header property: " + reason) }
        return Transcript(metadata: metadata, utterances: collector.utterances)
    }

    private static func times(_ annotation: EAFDocument.Annotation, _ document: EAFDocument) throws(TranscriptError)
        -> (Int, Int)
    {
        var values: [Int] = []
        for reference in [annotation.slot1, annotation.slot2] {
            guard let slot = document.slots[reference] else {
                throw error(annotation.line, "annotation refers to a time slot that does not exist")
            }
            guard let time = slot.time else {
                throw error(annotation.line, "annotation refers to a time slot without TIME_VALUE (unaligned)")
            }
            values.append(time)
        }
        return (values[0], values[1])
    }
}
