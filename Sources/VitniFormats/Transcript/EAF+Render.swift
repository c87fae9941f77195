extension EAF {
    /// Writes a transcript as EAF 3.0: one tier per role in order of first appearance, word
    /// timings on dependent `ROLE-words` tiers, each layer as a dependent tier of its own
    /// linguistic type and constraint, metadata as header properties.
    ///
    /// - Parameters:
    ///   - transcript: A validated transcript.
    ///   - date: The document's `DATE` (xsd:dateTime). Passed in because this module reads no clock;
    ///     the default keeps output reproducible.
    ///   - mediaURL: The recording the annotations align to, if it should be named (`MEDIA_DESCRIPTOR`).
    ///   - mediaMIMEType: Its MIME type; ELAN plays WAV (`audio/x-wav`).
    public static func render(
        _ transcript: Transcript, date: String = "1970-01-01T00:00:00Z", mediaURL: String? = nil,
        mediaMIMEType: String = "audio/x-wav"
    ) -> String {
        var slots = EAFSlots(transcript)
        var roles: [SpeakerRole] = []
        for utterance in transcript.utterances where !roles.contains(utterance.speaker) {
            roles.append(utterance.speaker)
        }
        var annotationCount = 0
        var utteranceIDs: [SpeakerRole: [Int]] = [:]
        var tiers = ""
        for role in roles {
            let utterances = transcript.utterances.filter { $0.speaker == role }
            tiers +=
                "    <TIER LINGUISTIC_TYPE_REF=\"utterance\" PARTICIPANT=\"\(role.token)\" TIER_ID=\"\(role.token)\">\n"
            for utterance in utterances {
                annotationCount += 1
                utteranceIDs[role, default: []].append(annotationCount)
                tiers += annotation(
                    id: annotationCount, from: slots.aligned(utterance.start), to: slots.aligned(utterance.end),
                    value: utterance.text)
            }
            tiers += "    </TIER>\n"
            let words = utterances.flatMap(\.words)
            guard !words.isEmpty else { continue }
            tiers +=
                "    <TIER LINGUISTIC_TYPE_REF=\"words\" PARENT_REF=\"\(role.token)\" PARTICIPANT=\"\(role.token)\" "
                + "TIER_ID=\"\(role.token)-words\">\n"
            for word in words {
                annotationCount += 1
                tiers += annotation(
                    id: annotationCount, from: slots.aligned(word.start), to: slots.aligned(word.end), value: word.word)
            }
            tiers += "    </TIER>\n"
        }
        tiers += layerTiers(
            transcript.layers, utteranceIDs: utteranceIDs, annotationCount: &annotationCount, slots: &slots)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<ANNOTATION_DOCUMENT AUTHOR=\"\" DATE=\"\(xml(date))\" FORMAT=\"3.0\" VERSION=\"3.0\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
            + "xsi:noNamespaceSchemaLocation=\"http://www.mpi.nl/tools/elan/EAFv3.0.xsd\">\n"
        out += "    <HEADER MEDIA_FILE=\"\" TIME_UNITS=\"milliseconds\">\n"
        if let mediaURL {
            out += "        <MEDIA_DESCRIPTOR MEDIA_URL=\"\(xml(mediaURL))\" MIME_TYPE=\"\(xml(mediaMIMEType))\"/>\n"
        }
        let metadata = transcript.metadata
        for (name, value) in [("language", metadata.language), ("source", metadata.source), ("title", metadata.title)] {
            if let value { out += "        <PROPERTY NAME=\"vitni-\(name)\">\(xml(value))</PROPERTY>\n" }
        }
        out += "        <PROPERTY NAME=\"lastUsedAnnotationId\">\(annotationCount)</PROPERTY>\n"
        out += "    </HEADER>\n"
        out += "    <TIME_ORDER>\n"
        for (id, time) in slots.ordered() {
            let value = time.map { " TIME_VALUE=\"\($0)\"" } ?? ""
            out += "        <TIME_SLOT TIME_SLOT_ID=\"\(id)\"\(value)/>\n"
        }
        out += "    </TIME_ORDER>\n"
        out += tiers
        out +=
            "    <LINGUISTIC_TYPE GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"utterance\" TIME_ALIGNABLE=\"true\"/>\n"
        out +=
            "    <LINGUISTIC_TYPE CONSTRAINTS=\"Included_In\" GRAPHIC_REFERENCES=\"false\" LINGUISTIC_TYPE_ID=\"words\" "
            + "TIME_ALIGNABLE=\"true\"/>\n"
        out += layerTypes(transcript.layers)
        out += constraints(transcript.layers)
        out += "</ANNOTATION_DOCUMENT>\n"
        return out
    }

    static func annotation(id: Int, from: String, to: String, value: String) -> String {
        "        <ANNOTATION>\n"
            + "            <ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a\(id)\" TIME_SLOT_REF1=\"\(from)\" TIME_SLOT_REF2=\"\(to)\">\n"
            + "                <ANNOTATION_VALUE>\(xml(value))</ANNOTATION_VALUE>\n"
            + "            </ALIGNABLE_ANNOTATION>\n"
            + "        </ANNOTATION>\n"
    }

    /// XML-escaped text, safe in elements and double-quoted attributes; characters XML 1.0 cannot
    /// hold become spaces.
    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in TextSafety.line(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\u{FFFE}", "\u{FFFF}": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
