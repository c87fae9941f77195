extension TranscriptRules {
    /// What is wrong with a transcript's layers, if anything: the 0-based layer, the 0-based
    /// annotation when one is at fault, and the reason (never quoting annotation text).
    ///
    /// Rules: at most `Layer.maximumLayers` layers and `Layer.maximumAnnotations` annotations;
    /// ids unique, 1 to `Layer.maximumNameLength` characters without spaces, control characters
    /// or `-->`, and not role tokens; types the same way and never `utterance` (Vitni's own) nor
    /// `words` unless `Included_In`; one constraint per type; a parent that is a role with
    /// utterances or an earlier layer; symbolic annotations name an existing parent annotation
    /// and carry no times, with at most one association per parent; timed annotations carry no
    /// parent, times within the day limit, end after start, and only time subdivisions leave
    /// boundaries unaligned.
    static func layerProblem(_ transcript: Transcript) -> (layer: Int, annotation: Int?, reason: String)? {
        let layers = transcript.layers
        guard !layers.isEmpty else { return nil }
        if layers.count > Transcript.Layer.maximumLayers {
            return (Transcript.Layer.maximumLayers, nil, "more than \(Transcript.Layer.maximumLayers) layers")
        }
        var utteranceCount: [SpeakerRole: Int] = [:]
        for utterance in transcript.utterances { utteranceCount[utterance.speaker, default: 0] += 1 }
        var annotationCount: [String: Int] = [:]
        var constraintOfType: [String: Transcript.Constraint] = [:]
        var total = 0
        for (index, layer) in layers.enumerated() {
            if let reason = nameProblem(layer.id, "id") ?? nameProblem(layer.type, "type") {
                return (index, nil, reason)
            }
            if SpeakerRole(token: layer.id) != nil { return (index, nil, "a layer id cannot be a role token") }
            if annotationCount[layer.id] != nil { return (index, nil, "layer id used twice") }
            if layer.type == "utterance" || (layer.type == "words" && layer.constraint != .includedIn) {
                return (index, nil, "linguistic type '\(layer.type)' is Vitni's own for utterances and words")
            }
            if let known = constraintOfType[layer.type], known != layer.constraint {
                return (index, nil, "linguistic type '\(layer.type)' is used with two constraints")
            }
            constraintOfType[layer.type] = layer.constraint
            let parentCount: Int
            if let role = layer.parentSpeaker {
                guard let count = utteranceCount[role] else {
                    return (index, nil, "the layer annotates \(role.token), who has no utterances")
                }
                parentCount = count
            } else {
                guard let count = annotationCount[layer.parent] else {
                    return (index, nil, "the layer's parent is neither a role nor an earlier layer")
                }
                parentCount = count
            }
            total += layer.annotations.count
            if total > Transcript.Layer.maximumAnnotations {
                return (index, nil, "more than \(Transcript.Layer.maximumAnnotations) layer annotations")
            }
            if let (annotation, reason) = annotationProblem(layer, parentCount: parentCount) {
                return (index, annotation, reason)
            }
            annotationCount[layer.id] = layer.annotations.count
        }
        return nil
    }

    private static func nameProblem(_ name: String, _ what: String) -> String? {
        let valid =
            !name.isEmpty && name.count <= Transcript.Layer.maximumNameLength && !name.contains("-->")
            && name.unicodeScalars.allSatisfy { isAllowed($0) && $0 != " " }
        return valid
            ? nil
            : "layer \(what) must be 1 to \(Transcript.Layer.maximumNameLength) characters without spaces, "
                + "control characters or '-->'"
    }

    private static func annotationProblem(_ layer: Transcript.Layer, parentCount: Int) -> (Int, String)? {
        var associated: Set<Int> = []
        for (index, annotation) in layer.annotations.enumerated() {
            let text = annotation.text
            if !text.unicodeScalars.allSatisfy(isAllowed) { return (index, "text contains a control character") }
            if text.first == " " || text.last == " " { return (index, "text must not start or end with a space") }
            if layer.constraint.isSymbolic {
                guard let parent = annotation.parent, (0..<parentCount).contains(parent) else {
                    return (index, "a symbolic annotation must refer to one of its parent's annotations")
                }
                if annotation.start != nil || annotation.end != nil {
                    return (index, "a symbolic annotation carries no times (it has its parent's)")
                }
                if layer.constraint == .symbolicAssociation, !associated.insert(parent).inserted {
                    return (index, "two symbolic associations with one parent annotation")
                }
                continue
            }
            if annotation.parent != nil { return (index, "a timed annotation refers to no parent annotation") }
            if layer.constraint == .includedIn, annotation.start == nil || annotation.end == nil {
                return (index, "an Included_In annotation must have a start and an end time")
            }
            for time in [annotation.start, annotation.end].compactMap({ $0 })
            where time < 0 || time > Transcript.maximumTime {
                return (index, "time outside 0 to \(Transcript.maximumTime / 3_600_000) hours")
            }
            if let start = annotation.start, let end = annotation.end, end <= start {
                return (
                    index,
                    "end time must be after the start time (\(TranscriptTime.format(start)) --> "
                        + "\(TranscriptTime.format(end)))"
                )
            }
        }
        return nil
    }
}

extension Transcript {
    /// The latest time any layer annotation reaches, if any carries one.
    var latestLayerTime: Int? {
        layers.lazy.flatMap(\.annotations).compactMap { $0.end ?? $0.start }.max()
    }
}
