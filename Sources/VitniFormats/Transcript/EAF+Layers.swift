extension EAF {
    /// Builds `Transcript.Layer`s from an EAF's dependent tiers (other than `-words` tiers), parents
    /// before children, so every annotation the file holds is kept.
    ///
    /// A layer's id is `ROLE/TYPE` (with `-2`, `-3`… when taken), from the speaker at the root of
    /// its tier tree and its linguistic type; the tier id is not kept, because it often holds the
    /// speaker's name. Symbolic annotations (`REF_ANNOTATION`) are placed by `ANNOTATION_REF`, in
    /// the file's order (ELAN writes a symbolic subdivision in order; `PREVIOUS_ANNOTATION` is not
    /// consulted). Timed annotations keep their times, unaligned boundaries included.
    struct LayerBuilder {
        let document: EAFDocument
        let roleOfTier: [String: SpeakerRole]
        var places: [String: AnnotationPlace]
        private(set) var layers: [Transcript.Layer] = []
        /// The line of each layer's tier, for errors found once the layers are complete.
        private(set) var lines: [Int] = []
        private var layerOfTier: [String: String] = [:]

        init(document: EAFDocument, roleOfTier: [String: SpeakerRole], places: [String: AnnotationPlace]) {
            self.document = document
            self.roleOfTier = roleOfTier
            self.places = places
        }

        mutating func build(skipping wordTiers: Set<String>) throws(TranscriptError) {
            let tierByID = Dictionary(document.tiers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var dependents: [(depth: Int, order: Int, tier: EAFDocument.Tier, role: SpeakerRole)] = []
            for (order, tier) in document.tiers.enumerated() where tier.parent != nil && !wordTiers.contains(tier.id) {
                var depth = 0
                var current = tier
                while let parent = current.parent {
                    guard let next = tierByID[parent] else {
                        throw error(tier.line, "PARENT_REF names no tier in this file")
                    }
                    guard !wordTiers.contains(next.id) else {
                        throw error(tier.line, "a tier that depends on a '-words' tier (word timings) is not supported")
                    }
                    depth += 1
                    guard depth <= document.tiers.count else { throw error(tier.line, "PARENT_REF forms a cycle") }
                    current = next
                }
                guard let role = roleOfTier[current.id] else {
                    if tier.annotations.isEmpty { continue }  // under an empty tier nobody speaks on
                    throw error(tier.line, "the tier's top-level tier has no speaker role")
                }
                dependents.append((depth, order, tier, role))
            }
            dependents.sort { ($0.depth, $0.order) < ($1.depth, $1.order) }
            for dependent in dependents { try add(dependent.tier, role: dependent.role) }
        }

        private mutating func add(_ tier: EAFDocument.Tier, role: SpeakerRole) throws(TranscriptError) {
            guard let typeName = tier.type, let known = document.constraintOfType[typeName] else {
                throw error(tier.line, "a dependent tier's LINGUISTIC_TYPE_REF names no LINGUISTIC_TYPE")
            }
            guard let stereotype = known, let constraint = Transcript.Constraint(rawValue: stereotype) else {
                throw error(
                    tier.line,
                    "a dependent tier's linguistic type needs CONSTRAINTS, one of "
                        + Transcript.Constraint.allCases.map(\.rawValue).joined(separator: ", "))
            }
            var type = String(typeName.map { $0 == " " || $0 == "\t" ? "_" : $0 })
            if type == "utterance" || (type == "words" && constraint != .includedIn) { type += "-dependent" }
            let parentTier = tier.parent!
            let parent = roleOfTier[parentTier]?.token ?? layerOfTier[parentTier]!
            var id = role.token + "/" + type
            var suffix = 1
            while layers.contains(where: { $0.id == id }) {
                suffix += 1
                id = role.token + "/" + type + "-\(suffix)"
            }
            var annotations: [Transcript.Annotation] = []
            for annotation in tier.annotations {
                let text = try value(annotation)
                if constraint.isSymbolic {
                    guard let reference = annotation.reference else {
                        throw error(
                            annotation.line, "an ALIGNABLE_ANNOTATION where the tier's type needs a REF_ANNOTATION")
                    }
                    guard let place = places[reference], place.tier == parentTier else {
                        throw error(annotation.line, "ANNOTATION_REF names no annotation of the parent tier")
                    }
                    annotations.append(Transcript.Annotation(parent: place.index, text: text))
                } else {
                    let (start, end) = try slotTimes(annotation, document)
                    if constraint == .includedIn, start == nil || end == nil {
                        throw error(
                            annotation.line, "an Included_In annotation refers to a time slot without TIME_VALUE")
                    }
                    annotations.append(Transcript.Annotation(start: start, end: end, text: text))
                }
                if let annotationID = annotation.id {
                    guard places[annotationID] == nil else { throw error(annotation.line, "duplicate ANNOTATION_ID") }
                    places[annotationID] = (tier.id, annotations.count - 1)
                }
            }
            layerOfTier[tier.id] = id
            layers.append(
                Transcript.Layer(id: id, parent: parent, constraint: constraint, type: type, annotations: annotations))
            lines.append(tier.line)
        }
    }
}
