internal import GRDB

/// Where a recording is in its life: captured live (`capturing`), ended (`stopped`), cut short
/// by a crash, a full disk or a lost device and not yet recovered (`interrupted`), restored by
/// `vitni recover` (`recovered`, still raw PCM), and turned into its bundle form (`finalised`).
public enum RecordingState: String, Codable, Sendable, CaseIterable {
    case capturing, stopped, interrupted, recovered, finalised
}

/// One recording of a session. Only technical facts are stored in the clear: the audio itself is
/// an age file under the workspace's `audio/` folder, named by `file`.
public struct RecordingRecord: Codable, Sendable, Equatable, CatalogueTable {
    static let databaseTableName = "recording"

    public var id: Int64?
    public var sessionID: String
    public var number: Int
    public var state: RecordingState
    /// How the audio arrived: `stdin`, `file`, `alsa:NAME`, `import`.
    public var source: String
    public var sampleRate: Int
    public var channels: Int
    /// Raw sample encoding of the live file: `s16le`, `s24le`, `s32le`, `f32le`.
    public var sampleFormat: String
    public var startedAt: String
    public var stoppedAt: String?
    /// Frames known to be on disk (fsynced), and when: the recording clock other commands read.
    public var durableFrames: Int64
    public var durableAt: String?
    /// Path relative to the workspace.
    public var file: String
    /// `pcm` (live or recovered), `flac` or `wav`.
    public var container: String
    public var plaintextSHA256: String?
    public var sourceSHA256: String?
    public var frames: Int64?
    public var stopReason: String?
    public var lostMilliseconds: Int64?
    public var recovered: Bool

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let sessionID = Column(CodingKeys.sessionID)
        static let number = Column(CodingKeys.number)
        static let state = Column(CodingKeys.state)
    }

    enum CodingKeys: String, CodingKey {
        case id, number, state, source, channels, file, container, frames, recovered
        case sessionID = "session_id"
        case sampleRate = "sample_rate"
        case sampleFormat = "sample_format"
        case startedAt = "started_at"
        case stoppedAt = "stopped_at"
        case durableFrames = "durable_frames"
        case durableAt = "durable_at"
        case plaintextSHA256 = "plaintext_sha256"
        case sourceSHA256 = "source_sha256"
        case stopReason = "stop_reason"
        case lostMilliseconds = "lost_ms"
    }

    public init(
        sessionID: String, number: Int, state: RecordingState, source: String, sampleRate: Int, channels: Int,
        sampleFormat: String, startedAt: String, file: String, container: String
    ) {
        self.sessionID = sessionID
        self.number = number
        self.state = state
        self.source = source
        self.sampleRate = sampleRate
        self.channels = channels
        self.sampleFormat = sampleFormat
        self.startedAt = startedAt
        self.durableFrames = 0
        self.file = file
        self.container = container
        self.recovered = false
    }

    mutating func didInsert(rowID: Int64) { id = rowID }

    /// Milliseconds of audio in `frames` at this recording's rate.
    public func milliseconds(_ frames: Int64) -> Int64 { frames * 1000 / Int64(max(1, sampleRate)) }
}
