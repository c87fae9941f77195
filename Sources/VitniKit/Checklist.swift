public import VitniFormats
public import VitniStore

/// A session's checklist: each protocol item's current state, folded from the append-only
/// events (tick, skip, undo) so that nothing is ever overwritten.
public struct Checklist: Sendable {
    public enum Status: String, Codable, Sendable { case pending, done, skipped }

    public struct Entry: Codable, Sendable {
        public var reference: String
        public var phase: String
        public var text: String
        public var required: Bool
        public var status: Status
        public var time: String?
        public var offsetMilliseconds: Int64?
        public var actor: String?
        public var outOfOrder: Bool
        public var hasComment: Bool
        /// The recording the last tick or skip was made in; nil when none was running.
        public var recording: Int?

        enum CodingKeys: String, CodingKey {
            case reference, phase, text, required, status, time, actor, recording
            case offsetMilliseconds = "offset_ms"
            case outOfOrder = "out_of_order"
            case hasComment = "has_comment"
        }
    }

    public let interviewProtocol: InterviewProtocol
    public let entries: [Entry]

    public init(interviewProtocol: InterviewProtocol, events: [ChecklistEventRecord]) {
        self.interviewProtocol = interviewProtocol
        var latest: [String: ChecklistEventRecord] = [:]
        for event in events { latest[event.item] = event }
        entries = interviewProtocol.allItems.map { phase, item in
            let reference = InterviewProtocol.reference(phase: phase, item: item)
            var entry = Entry(
                reference: reference, phase: phase.id, text: item.text, required: phase.required && item.required,
                status: .pending, time: nil, offsetMilliseconds: nil, actor: nil, outOfOrder: false, hasComment: false,
                recording: nil)
            if let event = latest[reference], event.action != "undo" {
                entry.status = event.action == "tick" ? .done : .skipped
                entry.time = event.time
                entry.offsetMilliseconds = event.offsetMilliseconds
                entry.actor = event.actorKeyID
                entry.outOfOrder = event.outOfOrder
                entry.hasComment = event.comment != nil
                entry.recording = event.recording
            }
            return entry
        }
    }

    public func entry(_ reference: String) -> Entry? { entries.first { $0.reference == reference } }

    /// Required items neither done nor skipped.
    public var requiredOpen: [Entry] { entries.filter { $0.required && $0.status == .pending } }

    /// Required items of phases before `phase` that are neither done nor skipped: entering
    /// `phase` now is out of protocol order (flagged, not forbidden).
    public func missingBefore(phase: String) -> [Entry] {
        guard let index = interviewProtocol.phases.firstIndex(where: { $0.id == phase }) else { return [] }
        let earlier = Set(interviewProtocol.phases[..<index].map(\.id))
        return entries.filter { earlier.contains($0.phase) && $0.required && $0.status == .pending }
    }
}
