extension EAF {
    /// An utterance read from a top-level tier, with where it came from.
    struct Pending {
        var utterance: Utterance
        let line: Int
        let annotationID: String?
        let tier: String
    }

    /// Where an annotation id points: its tier and its index there (for a speaker's tier, among
    /// the speaker's utterances in transcript order).
    typealias AnnotationPlace = (tier: String, index: Int)

    /// Turns the collected document into a transcript: utterances from the top-level tiers, word
    /// timings from `-words` tiers, layers from every other dependent tier.
    static func build(_ document: EAFDocument, options: Transcript.ImportOptions) throws(TranscriptError)
        -> Transcript
    {
        var names = SpeakerNames(format: .eaf, map: options.speakerMap)
        var pending: [Pending] = []
        var rangeOfTier: [String: Range<Int>] = [:]
        var roleOfTier: [String: SpeakerRole] = [:]
        for tier in document.tiers where tier.parent == nil {
            let candidates = [tier.id] + [tier.participant].compactMap { $0 }
            let role: SpeakerRole
            if let participant = tier.participant, let token = SpeakerRole(token: participant) {
                role = token
            } else if tier.annotations.isEmpty {
                names.markKnown(candidates)
                continue  // nothing to lose, and nobody to name
            } else if let mapped = names.role(candidates, line: tier.line, count: tier.annotations.count) {
                role = mapped
            } else {
                continue  // reported by `finish` with every other unmapped tier
            }
            roleOfTier[tier.id] = role
            let first = pending.count
            for annotation in tier.annotations {
                let (start, end) = try times(annotation, document)
                let text = try value(annotation)
                pending.append(
                    Pending(
                        utterance: Utterance(start: start, end: end, speaker: role, text: text), line: annotation.line,
                        annotationID: annotation.id, tier: tier.id))
            }
            rangeOfTier[tier.id] = first..<pending.count
        }
        try names.finish(unit: "annotation")
        var wordTiers: Set<String> = []
        for tier in document.tiers {
            guard let parent = tier.parent, tier.id == parent + "-words", let range = rangeOfTier[parent] else {
                continue
            }
            wordTiers.insert(tier.id)
            try addWords(of: tier, to: &pending, owners: range, document)
        }
        let ordered = pending.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element.utterance, rhs.element.utterance)
            return (a.start, a.end, a.speaker, lhs.offset) < (b.start, b.end, b.speaker, rhs.offset)
        }
        var collector = UtteranceCollector(format: .eaf)
        var places: [String: AnnotationPlace] = [:]
        var countOfRole: [SpeakerRole: Int] = [:]
        for (_, item) in ordered {
            var utterance = item.utterance
            utterance.words.sort { ($0.start, $0.end) < ($1.start, $1.end) }
            try collector.append(utterance, line: item.line)
            let index = countOfRole[utterance.speaker, default: 0]
            countOfRole[utterance.speaker] = index + 1
            if let id = item.annotationID {
                guard places[id] == nil else { throw error(item.line, "duplicate ANNOTATION_ID") }
                places[id] = (item.tier, index)
            }
        }
        var transcript = Transcript(metadata: try metadata(document), utterances: collector.utterances)
        var layers = LayerBuilder(document: document, roleOfTier: roleOfTier, places: places)
        try layers.build(skipping: wordTiers)
        transcript.layers = layers.layers
        if let (layer, _, reason) = TranscriptRules.layerProblem(transcript) {
            throw error(layers.lines[min(layer, layers.lines.count - 1)], "dependent tier: " + reason)
        }
        return transcript
    }

    /// An annotation's text as one line; a control character is an error at its line.
    static func value(_ annotation: EAFDocument.Annotation) throws(TranscriptError) -> String {
        let text = TranscriptLines.normalised(
            String(annotation.value.map { $0 == "\n" || $0 == "\r\n" || $0 == "\r" ? " " : $0 }))
        if !text.unicodeScalars.allSatisfy(TranscriptRules.isAllowed) {
            throw error(annotation.line, "annotation text contains a control character")
        }
        return text
    }

    /// Word timings from a `PARENT-words` tier: the owner of a word is the last of the parent's
    /// annotations starting at or before it (one speaker's annotations do not overlap), found by
    /// binary search.
    private static func addWords(
        of tier: EAFDocument.Tier, to pending: inout [Pending], owners range: Range<Int>, _ document: EAFDocument
    ) throws(TranscriptError) {
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

    private static func metadata(_ document: EAFDocument) throws(TranscriptError) -> Transcript.Metadata {
        var metadata = Transcript.Metadata()
        metadata.language = document.properties["vitni-language"].map { TranscriptLines.normalised($0) }
        metadata.source = document.properties["vitni-source"].map { TranscriptLines.normalised($0) }
        metadata.title = document.properties["vitni-title"].map { TranscriptLines.normalised($0) }
        if let reason = TranscriptRules.metadataProblem(metadata) { throw error(1, "header property: " + reason) }
        return metadata
    }
}
