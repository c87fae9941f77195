extension Transcript {
    /// How strictly, and within which limits, transcripts are read.
    public struct ImportOptions: Sendable, Equatable {
        /// Role given to a cue that names no speaker (a WebVTT cue without `<v …>`, an SRT or plain
        /// line without `ROLE:`); nil rejects such cues, the default, because guessing who spoke
        /// is not a transcriber's call to leave to software.
        public var defaultSpeaker: SpeakerRole?
        /// Roles for speakers the file names otherwise (ELAN tiers, WebVTT voices, labels). A file
        /// naming a speaker that is neither a role nor in the map is refused, and so is a map
        /// naming someone the file does not.
        public var speakerMap: SpeakerMap
        /// Largest input accepted, in bytes (UTF-8). A two-hour interview's transcript is well
        /// under a megabyte, an EAF with word tiers a few.
        public var maximumBytes: Int
        /// Longest line accepted in WebVTT, SRT and plain text, in bytes (UTF-8).
        public var maximumLineBytes: Int

        public static let defaultMaximumBytes = 32 * 1024 * 1024
        public static let defaultMaximumLineBytes = 16 * 1024

        public init(
            defaultSpeaker: SpeakerRole? = nil,
            speakerMap: SpeakerMap = SpeakerMap(),
            maximumBytes: Int = defaultMaximumBytes,
            maximumLineBytes: Int = defaultMaximumLineBytes
        ) {
            self.defaultSpeaker = defaultSpeaker
            self.speakerMap = speakerMap
            self.maximumBytes = maximumBytes
            self.maximumLineBytes = maximumLineBytes
        }
    }
}
