extension Transcript {
    /// A dependent tier: annotations on one speaker's utterances or on another layer, such as a
    /// translation, glosses, parts of speech or gestures (ELAN's dependent tiers).
    ///
    /// Vitni keeps layers so a linguist's work survives the import and goes back out to ELAN; it
    /// does not interpret them. The court transcripts, SRT and plain text show utterances only,
    /// and a redacted copy carries no layers (a translation repeats the names redaction removes).
    public struct Layer: Sendable, Hashable, Codable {
        /// Unique in the transcript: `ROLE/TYPE`, or `ROLE/TYPE-n` when that is taken. Built from
        /// the role, never from the source's tier id, which often holds a speaker's name.
        public var id: String
        /// What it annotates: a role token (that speaker's utterances) or an earlier layer's id.
        public var parent: String
        public var constraint: Constraint
        /// The ELAN linguistic type (`translation`, `gloss`, `pos`), written back on export.
        public var type: String
        public var annotations: [Annotation]

        public init(id: String, parent: String, constraint: Constraint, type: String, annotations: [Annotation]) {
            self.id = id
            self.parent = parent
            self.constraint = constraint
            self.type = type
            self.annotations = annotations
        }

        /// The speaker whose utterances the layer annotates directly, or nil for a layer on a layer.
        public var parentSpeaker: SpeakerRole? { SpeakerRole(token: parent) }

        /// The most layers a transcript may hold (ELAN files have a handful per speaker).
        public static let maximumLayers = 1_000
        /// The most annotations all layers together may hold.
        public static let maximumAnnotations = 2 * Transcript.maximumUtterances
        /// The longest layer id or type, in characters.
        public static let maximumNameLength = 100
    }

    /// How a layer's annotations relate to their parent's: ELAN's four constraint stereotypes.
    public enum Constraint: String, Sendable, Hashable, Codable, CaseIterable {
        /// One annotation per parent annotation, sharing its time (a translation).
        case symbolicAssociation = "Symbolic_Association"
        /// An ordered sequence of annotations per parent annotation, sharing its time (glosses).
        case symbolicSubdivision = "Symbolic_Subdivision"
        /// Timed annotations inside the parent's time, gaps allowed (gestures, words).
        case includedIn = "Included_In"
        /// Timed annotations dividing the parent's time without gaps; inner boundaries may be
        /// unaligned (no time), as ELAN writes them.
        case timeSubdivision = "Time_Subdivision"

        /// Whether annotations refer to a parent annotation instead of carrying times.
        public var isSymbolic: Bool { self == .symbolicAssociation || self == .symbolicSubdivision }
    }

    /// One annotation of a layer.
    public struct Annotation: Sendable, Hashable, Codable {
        /// For symbolic layers: the 0-based index of the parent annotation — among the parent
        /// speaker's utterances in transcript order, or in the parent layer's annotations. Nil
        /// for timed layers.
        public var parent: Int?
        /// For timed layers, in milliseconds; nil when the boundary is unaligned (time
        /// subdivision only) and always nil for symbolic layers.
        public var start: Int?
        public var end: Int?
        /// One line without control characters or surrounding spaces; may be empty.
        public var text: String

        public init(parent: Int? = nil, start: Int? = nil, end: Int? = nil, text: String) {
            self.parent = parent
            self.start = start
            self.end = end
            self.text = text
        }
    }
}
