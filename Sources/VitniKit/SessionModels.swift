public import Foundation

/// Someone taking part in a session, by public identity.
public struct Participant: Codable, Sendable, Equatable {
    public var name: String
    public var role: Role
    public var keyID: String
    public var ageRecipient: String

    enum CodingKeys: String, CodingKey {
        case name, role
        case keyID = "key_id"
        case ageRecipient = "age_recipient"
    }

    public init(_ identity: PublicIdentity) {
        name = identity.name
        role = identity.role
        keyID = identity.keyID
        ageRecipient = identity.ageRecipient
    }
}

/// The identifying facts of a session, kept only as an age file in the catalogue.
public struct SessionDetails: Codable, Sendable, Equatable {
    public var childReference: String?
    public var language: String?
    public var participants: [Participant]

    enum CodingKeys: String, CodingKey {
        case language, participants
        case childReference = "child_ref"
    }
}

/// What a note says: sealed as one age file per note.
struct NoteBody: Codable, Sendable {
    var text: String
    var tags: [String]
}

/// A note as read back (docs/bundle-format.md, "Notes"), with the note it corrects, if any.
public struct Note: Codable, Sendable, Equatable {
    public var id: String
    public var offsetMilliseconds: Int64?
    public var wallclock: String
    public var author: String
    public var authorName: String?
    public var kind: NoteKind
    public var text: String
    public var tags: [String]
    public var protocolItem: String?
    public var supersedes: String?
    public var supersededBy: String?

    enum CodingKeys: String, CodingKey {
        case id, wallclock, author, kind, text, tags, supersedes
        case offsetMilliseconds = "offset_ms"
        case authorName = "author_name"
        case protocolItem = "protocol_item"
        case supersededBy = "superseded_by"
    }
}

/// The kinds of note the bundle format names (docs/bundle-format.md).
public enum NoteKind: String, Codable, Sendable, CaseIterable {
    case phase, observation, disclosure
    case questionToRelay = "question-to-relay"
    case `break`, technical
}

/// Offsets into the recording, as people type and read them: `[[h:]m:]s[.mmm]`.
public enum Offset {
    /// No recording is longer than a thousand days; beyond it a typed offset is a typo (and a
    /// number too large for milliseconds in an Int64 would trap).
    static let maximumSeconds = 1_000.0 * 86_400

    /// - Returns: nil for anything that is not an offset within `maximumSeconds`.
    public static func parse(_ text: String) -> Int64? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var seconds = 0.0
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && ($0.isNumber || (isLast && $0 == ".")) }),
                let value = Double(part),
                value >= 0, isLast || value == value.rounded()
            else { return nil }
            if index > 0 && value >= 60 { return nil }
            seconds = seconds * 60 + value
        }
        guard seconds.isFinite, seconds <= maximumSeconds else { return nil }
        return Int64((seconds * 1000).rounded())
    }

    public static func format(_ milliseconds: Int64) -> String {
        let hours = milliseconds / 3_600_000
        let minutes = milliseconds / 60_000 % 60
        let seconds = Double(milliseconds % 60_000) / 1000
        let tail = String(format: "%02d:%06.3f", minutes, seconds)
        return hours > 0 ? "\(hours):\(tail)" : tail
    }
}

/// RFC 3339 UTC with milliseconds, the one time format Vitni writes.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    public static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
