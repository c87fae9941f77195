extension EAF {
    /// The layers as dependent tiers: `TIER_ID` the layer id, `PARENT_REF` the role's tier or the
    /// parent layer's, `PARTICIPANT` the role at the root. Symbolic annotations become
    /// `REF_ANNOTATION`s (a subdivision's with `PREVIOUS_ANNOTATION` chaining siblings); timed
    /// ones `ALIGNABLE_ANNOTATION`s, an unaligned boundary shared with the previous annotation
    /// when that one ended unaligned too, as in ELAN's time subdivisions.
    static func layerTiers(
        _ layers: [Transcript.Layer], utteranceIDs: [SpeakerRole: [Int]], annotationCount: inout Int,
        slots: inout EAFSlots
    ) -> String {
        var idsOfLayer: [String: [Int]] = [:]
        var rootOfLayer: [String: SpeakerRole] = [:]
        var out = ""
        for layer in layers {
            let root = layer.parentSpeaker ?? rootOfLayer[layer.parent]!
            rootOfLayer[layer.id] = root
            let parentIDs = layer.parentSpeaker.map { utteranceIDs[$0] ?? [] } ?? idsOfLayer[layer.parent] ?? []
            out +=
                "    <TIER LINGUISTIC_TYPE_REF=\"\(xml(layer.type))\" PARENT_REF=\"\(xml(layer.parent))\" "
                + "PARTICIPANT=\"\(root.token)\" TIER_ID=\"\(xml(layer.id))\">\n"
            var ids: [Int] = []
            var lastOfParent: [Int: Int] = [:]
            var previousEnd: (slot: String, aligned: Bool)?
            var lastAligned: Int?
            for annotation in layer.annotations {
                annotationCount += 1
                ids.append(annotationCount)
                if let parent = annotation.parent {
                    let previous = layer.constraint == .symbolicSubdivision ? lastOfParent[parent] : nil
                    lastOfParent[parent] = annotationCount
                    out += reference(
                        id: annotationCount, parent: parentIDs[parent], previous: previous, value: annotation.text)
                    continue
                }
                let from: String
                if let start = annotation.start {
                    from = slots.aligned(start)
                    lastAligned = start
                } else if let previousEnd, !previousEnd.aligned {
                    from = previousEnd.slot
                } else {
                    from = slots.unaligned(after: lastAligned)
                }
                let to: String
                if let end = annotation.end {
                    to = slots.aligned(end)
                    lastAligned = end
                } else {
                    to = slots.unaligned(after: lastAligned)
                }
                previousEnd = (to, annotation.end != nil)
                out += Self.annotation(id: annotationCount, from: from, to: to, value: annotation.text)
            }
            idsOfLayer[layer.id] = ids
            out += "    </TIER>\n"
        }
        return out
    }

    private static func reference(id: Int, parent: Int, previous: Int?, value: String) -> String {
        let chained = previous.map { " PREVIOUS_ANNOTATION=\"a\($0)\"" } ?? ""
        return "        <ANNOTATION>\n"
            + "            <REF_ANNOTATION ANNOTATION_ID=\"a\(id)\" ANNOTATION_REF=\"a\(parent)\"\(chained)>\n"
            + "                <ANNOTATION_VALUE>\(xml(value))</ANNOTATION_VALUE>\n"
            + "            </REF_ANNOTATION>\n"
            + "        </ANNOTATION>\n"
    }

    /// A `LINGUISTIC_TYPE` for each layer type (`words` is always written already).
    static func layerTypes(_ layers: [Transcript.Layer]) -> String {
        var seen: Set<String> = ["words"]
        var out = ""
        for layer in layers where seen.insert(layer.type).inserted {
            out +=
                "    <LINGUISTIC_TYPE CONSTRAINTS=\"\(layer.constraint.rawValue)\" GRAPHIC_REFERENCES=\"false\" "
                + "LINGUISTIC_TYPE_ID=\"\(xml(layer.type))\" TIME_ALIGNABLE=\"\(!layer.constraint.isSymbolic)\"/>\n"
        }
        return out
    }

    /// The `CONSTRAINT` stereotypes in use: `Included_In` (for words) always, others as layers need.
    static func constraints(_ layers: [Transcript.Layer]) -> String {
        let descriptions: [(Transcript.Constraint, String)] = [
            (
                .timeSubdivision,
                "Time subdivision of parent annotation's time interval, no time gaps allowed within this interval"
            ),
            (
                .symbolicSubdivision,
                "Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered"
            ),
            (.symbolicAssociation, "1-1 association with a parent annotation"),
            (.includedIn, "Time alignable annotations within the parent annotation's time interval, gaps are allowed"),
        ]
        let used = Set(layers.map(\.constraint)).union([.includedIn])
        var out = ""
        for (constraint, description) in descriptions where used.contains(constraint) {
            out += "    <CONSTRAINT DESCRIPTION=\"\(description)\" STEREOTYPE=\"\(constraint.rawValue)\"/>\n"
        }
        return out
    }
}
