import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// ELAN annotation format (EAF) 3.0: XML with a table of time slots (milliseconds) and tiers of
/// time-aligned annotations.
///
/// Vitni writes one top-level tier per role (`TIER_ID` and `PARTICIPANT` both the role token —
/// never a name) and, for roles with word timings, a dependent tier `ROLE-words` whose
/// annotations are the words (linguistic type `words`, constraint `Included_In`), then each layer
/// as a dependent tier with its linguistic type and constraint. Metadata goes in header
/// properties `vitni-language`, `vitni-source`, `vitni-title`.
///
/// Reading takes every top-level tier whose `PARTICIPANT` (or failing that `TIER_ID`) is a role
/// token, or whose `TIER_ID` (or `PARTICIPANT`) the speaker map names, merges their annotations
/// and orders them by time (EAF keeps no order across tiers). A top-level tier with annotations
/// and no role is an error listing every such tier; an empty one is passed over. Dependent tiers
/// named `PARENT-words` give word timings, each inside one of its parent's annotations; every
/// other dependent tier (translations, glosses; any of ELAN's four constraints) becomes a
/// `Transcript.Layer` (see `EAF+Layers`), so nothing in the file is dropped.
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
        return try build(document, options: options)
    }

    static func error(_ line: Int, _ reason: String) -> TranscriptError {
        TranscriptError(format: .eaf, line: line, reason: reason)
    }

    /// The times of an aligned annotation (an utterance, a word).
    static func times(_ annotation: EAFDocument.Annotation, _ document: EAFDocument) throws(TranscriptError)
        -> (Int, Int)
    {
        let (start, end) = try slotTimes(annotation, document)
        guard let start, let end else {
            throw error(annotation.line, "annotation refers to a time slot without TIME_VALUE (unaligned)")
        }
        return (start, end)
    }

    /// The times of an `ALIGNABLE_ANNOTATION`'s slots, nil where a slot is unaligned.
    static func slotTimes(_ annotation: EAFDocument.Annotation, _ document: EAFDocument) throws(TranscriptError)
        -> (Int?, Int?)
    {
        guard let slot1 = annotation.slot1, let slot2 = annotation.slot2 else {
            throw error(annotation.line, "a REF_ANNOTATION where the tier's type needs an ALIGNABLE_ANNOTATION")
        }
        var values: [Int?] = []
        for reference in [slot1, slot2] {
            guard let slot = document.slots[reference] else {
                throw error(annotation.line, "annotation refers to a time slot that does not exist")
            }
            values.append(slot.time)
        }
        return (values[0], values[1])
    }
}
