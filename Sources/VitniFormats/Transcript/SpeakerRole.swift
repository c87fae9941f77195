/// Who speaks in an utterance, by role only: the mapping from role to a person's name is kept in
/// the unredacted session layer, never in the transcript, so a transcript can be shared without
/// identifying anyone.
///
/// The textual tokens are exactly `INT`, `CHILD`, `INTERP` and `OBS-n` (n a decimal number from 1 to
/// `SpeakerRole.maximumObserver`, without leading zeros); nothing else parses, so a name typed
/// where a role belongs is rejected instead of travelling into every exported copy.
public enum SpeakerRole: Sendable, Hashable, Comparable {
    /// The trained interviewer in the room.
    case interviewer
    /// The child being interviewed.
    case child
    /// An interpreter or intermediary.
    case interpreter
    /// An observer whose question is heard on the recording, numbered from 1.
    case observer(Int)

    /// Highest observer number accepted; a session never has more observers than this.
    public static let maximumObserver = 99

    /// Parses a role token (`INT`, `CHILD`, `INTERP`, `OBS-3`); nil for anything else.
    public init?(token: some StringProtocol) {
        switch token {
        case "INT": self = .interviewer
        case "CHILD": self = .child
        case "INTERP": self = .interpreter
        default:
            guard token.hasPrefix("OBS-") else { return nil }
            let digits = token.utf8.dropFirst(4)
            guard !digits.isEmpty, digits.count <= 2, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                digits.first != 0x30
            else { return nil }
            let number = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard number <= Self.maximumObserver else { return nil }
            self = .observer(number)
        }
    }

    /// The role's token, as written in every transcript format.
    public var token: String {
        switch self {
        case .interviewer: "INT"
        case .child: "CHILD"
        case .interpreter: "INTERP"
        case .observer(let number): "OBS-\(number)"
        }
    }

    /// What an error says when a role token is not accepted. It never quotes the token: a wrong
    /// token is often a name.
    static let expectation = "expected one of the role labels INT, CHILD, INTERP or OBS-n (n from 1 to 99)"

    /// Order used to break ties between utterances that start at the same millisecond (EAF keeps
    /// no order across tiers): interviewer, child, interpreter, observers by number.
    private var rank: Int {
        switch self {
        case .interviewer: 0
        case .child: 1
        case .interpreter: 2
        case .observer(let number): 2 + number
        }
    }

    public static func < (lhs: SpeakerRole, rhs: SpeakerRole) -> Bool { lhs.rank < rhs.rank }
}

extension SpeakerRole: CustomStringConvertible {
    public var description: String { token }
}

extension SpeakerRole: Codable {
    /// Encoded as its token, so JSON stays readable and shares the textual rules.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let token = try container.decode(String.self)
        guard let role = SpeakerRole(token: token) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Self.expectation)
        }
        self = role
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(token)
    }
}
