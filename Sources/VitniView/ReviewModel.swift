/// Everything the review page shows, taken from a verified bundle: plain values, so the page
/// can be rendered (and tested) without a bundle.
public struct ReviewModel: Sendable {
    public struct Recording: Sendable {
        public var number: Int
        public var durationMilliseconds: Int64
        public var listing: String
        public init(number: Int, durationMilliseconds: Int64, listing: String) {
            self.number = number
            self.durationMilliseconds = durationMilliseconds
            self.listing = listing
        }
    }

    public struct Cue: Sendable {
        public var start: Int
        public var end: Int
        /// The speaker's role label (`INT`, `CHILD`, …), which also picks its colour.
        public var role: String
        /// The speaker as the transcript shows them (a role or `[NAME-1]` in a redacted copy).
        public var speaker: String
        public var text: String
        public init(start: Int, end: Int, role: String, speaker: String, text: String) {
            (self.start, self.end, self.role, self.speaker, self.text) = (start, end, role, speaker, text)
        }
    }

    public struct Note: Sendable {
        public var offsetMilliseconds: Int64?
        public var recording: Int?
        public var kind: String
        public var author: String
        public var text: String
        public var superseded: Bool
        public init(
            offsetMilliseconds: Int64?, recording: Int?, kind: String, author: String, text: String, superseded: Bool
        ) {
            self.offsetMilliseconds = offsetMilliseconds
            self.recording = recording
            self.kind = kind
            self.author = author
            self.text = text
            self.superseded = superseded
        }
    }

    /// One band of the protocol's phases on the timeline: from a phase note to the next.
    public struct Phase: Sendable {
        public var name: String
        public var start: Int64
        public var end: Int64
        public init(name: String, start: Int64, end: Int64) { (self.name, self.start, self.end) = (name, start, end) }
    }

    /// Prompt types counted in one phase, for the quality chart.
    public struct PromptCounts: Sendable {
        public var phase: String
        public var counts: [(category: String, count: Int)]
        public init(phase: String, counts: [(category: String, count: Int)]) {
            self.phase = phase
            self.counts = counts
        }
    }

    /// The integrity certificate's gist: the full page is served at /certificate.
    public struct Integrity: Sendable {
        /// VALID, INVALID or COULD NOT CHECK, and what it means in a sentence.
        public var word: String
        public var sentence: String
        /// Who sealed it, when, and with what.
        public var sealing: [String]
        public var checks: [(heading: String, result: String)]
        /// The fingerprint of the bundle's manifest: what a court quotes for the exhibit.
        public var manifestSHA256: String?
        public init(
            word: String, sentence: String, sealing: [String], checks: [(heading: String, result: String)],
            manifestSHA256: String?
        ) {
            (self.word, self.sentence, self.sealing) = (word, sentence, sealing)
            (self.checks, self.manifestSHA256) = (checks, manifestSHA256)
        }
    }

    public var title: String
    /// The verdict in one line, and whether it is VALID.
    public var verdict: String
    public var valid: Bool
    public var integrity: Integrity?
    /// For a redacted copy: what it is and the original it derives from.
    public var redaction: String?
    public var facts: [String]
    public var recordings: [Recording]
    public var cues: [Cue]
    public var notes: [Note]
    public var phases: [Phase]
    public var checklist: [String]
    public var custody: [String]
    public var quality: [PromptCounts]
    public var qualitySummary: [String]

    public init(
        title: String, verdict: String, valid: Bool, redaction: String? = nil, facts: [String] = [],
        recordings: [Recording] = [], cues: [Cue] = [], notes: [Note] = [], phases: [Phase] = [],
        checklist: [String] = [], custody: [String] = [], quality: [PromptCounts] = [], qualitySummary: [String] = []
    ) {
        self.title = title
        self.verdict = verdict
        self.valid = valid
        self.redaction = redaction
        self.facts = facts
        self.recordings = recordings
        self.cues = cues
        self.notes = notes
        self.phases = phases
        self.checklist = checklist
        self.custody = custody
        self.quality = quality
        self.qualitySummary = qualitySummary
    }
}
