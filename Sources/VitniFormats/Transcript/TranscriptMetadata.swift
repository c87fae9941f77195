extension Transcript {
    /// What a transcript says about itself. Every value is one line of at most
    /// `Metadata.maximumLength` characters without control characters or `-->`, so it fits every
    /// format's header.
    public struct Metadata: Sendable, Hashable, Codable {
        /// BCP 47 language tag of the speech (`sv`, `is`, `nb-NO`): letters, digits and `-`.
        public var language: String?
        /// Where the text came from: `Metadata.human`, `Metadata.unverifiedMachine`, or a short
        /// description. Machine transcripts invent text in silences, so readers must be able to
        /// tell a draft from a checked transcript.
        public var source: String?
        /// A short title. Not the child's name: transcripts are shared with people who must not
        /// learn it.
        public var title: String?

        public static let human = "human"
        public static let unverifiedMachine = "unverified machine transcript"
        public static let maximumLength = 200

        public init(language: String? = nil, source: String? = nil, title: String? = nil) {
            self.language = language
            self.source = source
            self.title = title
        }

        /// True when nothing is set.
        public var isEmpty: Bool { language == nil && source == nil && title == nil }
    }
}
