import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#else
#endif

/// What an EAF file holds that Vitni reads, collected by XMLParser's event callbacks (no tree,
/// no recursion), with the line of each element for error messages.
final class EAFDocument: NSObject, XMLParserDelegate {
    struct Slot {
        let time: Int?
        let line: Int
    }
    struct Annotation {
        /// `ANNOTATION_ID`; unique in the document.
        let id: String?
        /// Time slots of an `ALIGNABLE_ANNOTATION`; nil for a `REF_ANNOTATION`.
        let slot1: String?
        let slot2: String?
        /// `ANNOTATION_REF` of a `REF_ANNOTATION`: the parent annotation's id.
        let reference: String?
        var value: String
        let line: Int
    }
    struct Tier {
        let id: String
        let participant: String?
        let parent: String?
        /// `LINGUISTIC_TYPE_REF`.
        let type: String?
        let line: Int
        var annotations: [Annotation] = []
    }

    /// ELAN nests a few levels (document, tier, annotation, value); deeper is not EAF.
    static let maximumDepth = 12
    /// The longest annotation value, in UTF-8 bytes: far more than anyone says in one breath.
    static let maximumValueLength = 64 * 1024
    /// The most annotations (utterances and words together) read: a two-hour interview has some
    /// 2,000 utterances and 30,000 words. Parsing stops at the first one past it.
    static let maximumAnnotations = 2 * Transcript.maximumUtterances
    /// The most time slots read: two per annotation at most.
    static let maximumTimeSlots = 2 * maximumAnnotations
    /// The most tiers read: one per speaker and its words, with room for glosses.
    static let maximumTiers = 1_000

    private(set) var slots: [String: Slot] = [:]
    private(set) var tiers: [Tier] = []
    private var tierIDs: Set<String> = []
    private(set) var properties: [String: String] = [:]
    /// `LINGUISTIC_TYPE_ID` → its `CONSTRAINTS` stereotype (nil for none).
    private(set) var constraintOfType: [String: String?] = [:]
    private(set) var sawRoot = false
    /// The first problem found; parsing stops there.
    private(set) var problem: (line: Int, reason: String)?

    private var depth = 0
    private var annotationCount = 0
    private var inValue = false
    private var propertyName: String?
    private var propertyValue = ""
    private weak var parser: XMLParser?

    init(parser: XMLParser) {
        self.parser = parser
    }

    private func fail(_ reason: String) {
        guard problem == nil else { return }
        problem = (parser?.lineNumber ?? 0, reason)
        parser?.abortParsing()
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard problem == nil else { return }
        depth += 1
        let line = parser.lineNumber
        if depth > Self.maximumDepth { return fail("elements nested deeper than \(Self.maximumDepth) levels") }
        if depth == 1 {
            guard elementName == "ANNOTATION_DOCUMENT" else {
                return fail("the root element is not ANNOTATION_DOCUMENT; this is not an EAF file")
            }
            sawRoot = true
            return
        }
        switch elementName {
        case "HEADER":
            if let units = attributes["TIME_UNITS"], units != "milliseconds" {
                fail("TIME_UNITS must be milliseconds")
            }
        case "PROPERTY":
            propertyName = attributes["NAME"]
            propertyValue = ""
        case "TIME_SLOT":
            guard let id = attributes["TIME_SLOT_ID"], !id.isEmpty else {
                return fail("TIME_SLOT without TIME_SLOT_ID")
            }
            guard slots[id] == nil else { return fail("duplicate TIME_SLOT_ID") }
            guard slots.count < Self.maximumTimeSlots else {
                return fail("more than \(Self.maximumTimeSlots) time slots")
            }
            var time: Int?
            if let value = attributes["TIME_VALUE"] {
                guard !value.isEmpty, value.count <= 9, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                    let parsed = Int(value), parsed <= Transcript.maximumTime
                else {
                    return fail(
                        "TIME_VALUE must be whole milliseconds from 0 to \(Transcript.maximumTime) (24 hours)")
                }
                time = parsed
            }
            slots[id] = Slot(time: time, line: line)
        case "TIER":
            guard let id = attributes["TIER_ID"], !id.isEmpty else { return fail("TIER without TIER_ID") }
            guard tierIDs.insert(id).inserted else { return fail("duplicate TIER_ID") }
            guard tiers.count < Self.maximumTiers else { return fail("more than \(Self.maximumTiers) tiers") }
            tiers.append(
                Tier(
                    id: id, participant: attributes["PARTICIPANT"], parent: attributes["PARENT_REF"],
                    type: attributes["LINGUISTIC_TYPE_REF"], line: line))
        case "LINGUISTIC_TYPE":
            guard let id = attributes["LINGUISTIC_TYPE_ID"], !id.isEmpty else {
                return fail("LINGUISTIC_TYPE without LINGUISTIC_TYPE_ID")
            }
            guard constraintOfType[id] == nil else { return fail("duplicate LINGUISTIC_TYPE_ID") }
            guard constraintOfType.count < Self.maximumTiers else {
                return fail("more than \(Self.maximumTiers) linguistic types")
            }
            constraintOfType[id] = .some(attributes["CONSTRAINTS"])
        case "ALIGNABLE_ANNOTATION":
            guard !tiers.isEmpty else { return fail("ALIGNABLE_ANNOTATION outside a TIER") }
            guard let slot1 = attributes["TIME_SLOT_REF1"], let slot2 = attributes["TIME_SLOT_REF2"] else {
                return fail("ALIGNABLE_ANNOTATION without TIME_SLOT_REF1 and TIME_SLOT_REF2")
            }
            addAnnotation(
                Annotation(
                    id: attributes["ANNOTATION_ID"], slot1: slot1, slot2: slot2, reference: nil, value: "", line: line))
        case "REF_ANNOTATION":
            guard !tiers.isEmpty else { return fail("REF_ANNOTATION outside a TIER") }
            guard let reference = attributes["ANNOTATION_REF"], !reference.isEmpty else {
                return fail("REF_ANNOTATION without ANNOTATION_REF")
            }
            addAnnotation(
                Annotation(
                    id: attributes["ANNOTATION_ID"], slot1: nil, slot2: nil, reference: reference, value: "",
                    line: line))
        case "ANNOTATION_VALUE":
            inValue = true
        default:
            break
        }
    }

    private func addAnnotation(_ annotation: Annotation) {
        annotationCount += 1
        guard annotationCount <= Self.maximumAnnotations else {
            return fail("more than \(Self.maximumAnnotations) annotations")
        }
        tiers[tiers.count - 1].annotations.append(annotation)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        switch elementName {
        case "ANNOTATION_VALUE": inValue = false
        case "PROPERTY":
            if let propertyName { properties[propertyName] = propertyValue }
            propertyName = nil
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard problem == nil else { return }
        if inValue, let last = tiers.indices.last, let annotation = tiers[last].annotations.indices.last {
            tiers[last].annotations[annotation].value += string
            if tiers[last].annotations[annotation].value.utf8.count > Self.maximumValueLength {
                fail("ANNOTATION_VALUE is longer than the \(Self.maximumValueLength)-byte limit")
            }
        } else if propertyName != nil {
            propertyValue += string
            if propertyValue.utf8.count > Transcript.Metadata.maximumLength * 4 { fail("PROPERTY value is too long") }
        }
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        self.parser(parser, foundCharacters: String(decoding: block, as: UTF8.self))
    }

    /// Recorded here because XMLParser on Linux can report an error and still return true from
    /// `parse()`.
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        fail(XMLParserErrorWords.reason(code: (parseError as NSError).code))
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        fail("external entities are not allowed")
        return nil
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail("entity declarations are not allowed")
    }
}
