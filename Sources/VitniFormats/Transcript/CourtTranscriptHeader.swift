/// The facts printed at the head of a court transcript. Given by the caller, because the names
/// (and even the place) may have to be redacted for some readers: pass `name: nil` to print the
/// role alone.
public struct CourtTranscriptHeader: Sendable, Hashable, Codable {
    public var caseID: String
    public var sessionID: String
    /// Date (and time) of the interview as it should be printed, e.g. `2026-11-02 09:30`.
    public var date: String
    public var place: String
    /// Everyone present in the room or observing, by role.
    public var present: [Attendee]
    /// Set for a redacted copy: the banner printed at the head of every page, so that no page of
    /// it can pass for the original.
    public var redaction: String?

    /// The banner of a redacted copy.
    public static let redactedBanner = "REDACTED COPY: names and identifying details withheld"

    public init(
        caseID: String, sessionID: String, date: String, place: String, present: [Attendee], redaction: String? = nil
    ) {
        self.caseID = caseID
        self.sessionID = sessionID
        self.date = date
        self.place = place
        self.present = present
        self.redaction = redaction
    }

    /// One person present.
    public struct Attendee: Sendable, Hashable, Codable {
        /// Their role in words: `Interviewer`, `Police officer (observing)`.
        public var role: String
        /// The label their speech carries in the transcript, if they speak in it.
        public var label: SpeakerRole?
        /// Their name; nil where it is redacted.
        public var name: String?

        public init(role: String, label: SpeakerRole? = nil, name: String? = nil) {
            self.role = role
            self.label = label
            self.name = name
        }
    }
}

/// The page geometry of a court transcript.
public struct CourtTranscriptLayout: Sendable, Hashable, Codable {
    /// Columns per line, line number included (characters, not bytes).
    public var width: Int
    /// Numbered lines per page; courts commonly use 25.
    public var linesPerPage: Int

    /// The narrowest layout that still leaves room for a line number, a timestamp and a label.
    public static let minimumWidth = 40

    public init(width: Int = 72, linesPerPage: Int = 25) {
        self.width = max(width, Self.minimumWidth)
        self.linesPerPage = max(linesPerPage, 1)
    }
}
