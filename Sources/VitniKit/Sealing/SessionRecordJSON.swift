import Foundation

/// `session.json` inside a bundle: the session's facts, its recordings and the plaintext
/// SHA-256 of every payload file — the evidence's content identity, which survives
/// re-encryption to other readers.
public struct SessionFile: Codable, Sendable, Equatable {
    public struct Recording: Codable, Sendable, Equatable {
        public var number: Int
        public var file: String
        public var container: String
        public var sampleRate: Int
        public var channels: Int
        public var sampleFormat: String
        public var frames: Int64
        public var durationMilliseconds: Int64
        public var startedAt: String
        public var stoppedAt: String?
        public var source: String
        public var sourceSHA256: String?
        public var recovered: Bool
        public var lostMilliseconds: Int64?
        public var ending: String?

        enum CodingKeys: String, CodingKey {
            case number, file, container, channels, frames, source, recovered, ending
            case sampleRate = "sample_rate"
            case sampleFormat = "sample_format"
            case durationMilliseconds = "duration_ms"
            case startedAt = "started_at"
            case stoppedAt = "stopped_at"
            case sourceSHA256 = "source_sha256"
            case lostMilliseconds = "lost_ms"
        }
    }

    public struct Event: Codable, Sendable, Equatable {
        public var time: String
        public var action: String
        public var offsetMilliseconds: Int64?
        public var actor: String
        /// For a close forced with work unfinished: the note that gives the reason.
        public var forcedNote: String?

        enum CodingKeys: String, CodingKey {
            case time, action, actor
            case offsetMilliseconds = "offset_ms"
            case forcedNote = "forced_note"
        }
    }

    public var bundleVersion = 1
    public var caseID: String
    public var sessionID: String
    public var protocolID: String
    public var protocolVersion: String
    /// SHA-256 of `data/protocol.yaml.age`'s plaintext: the protocol file the session followed
    /// (absent in bundles sealed before Vitni kept it).
    public var protocolSHA256: String?
    public var language: String?
    public var childReference: String?
    public var participants: [Participant]
    public var recipients: [String]
    public var createdAt: String
    public var closedAt: String?
    public var events: [Event]
    public var recordings: [Recording]
    /// Bundle path → SHA-256 of the file's plaintext.
    public var plaintextSHA256: [String: String]

    enum CodingKeys: String, CodingKey {
        case language, participants, recipients, events, recordings
        case bundleVersion = "bundle_version"
        case caseID = "case_id"
        case sessionID = "session_id"
        case protocolID = "protocol_id"
        case protocolVersion = "protocol_version"
        case protocolSHA256 = "protocol_sha256"
        case childReference = "child_ref"
        case createdAt = "created_at"
        case closedAt = "closed_at"
        case plaintextSHA256 = "plaintext_sha256"
    }

    /// As written into the bundle: sorted keys, so the same facts give the same bytes.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }
}
