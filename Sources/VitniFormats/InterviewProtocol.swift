/// An interview protocol or session checklist, as read from a `protocols/*.yaml` file.
///
/// Phases and items are ordered as the interviewer meets them. Sessions refer to an item as
/// `PHASE.ITEM` (`ground-rules.dont-know`) and to a phase by its id alone, so ids are stable
/// names, not positions: renaming one breaks every checklist recorded against it.
/// Values come only from `parse(yaml:file:)`, which checks the whole schema first.
public struct InterviewProtocol: Sendable, Equatable, Encodable {
    /// Matches the file name without `.yaml`: `[a-z0-9-]+`.
    public let id: String
    /// The protocol's own version, as its authors name it (`"2014"`).
    public let version: String
    public let title: String
    /// A short citation of where the protocol comes from.
    public let source: String
    public let description: String
    public let phases: [Phase]

    /// One stage of the interview (or of the session, for a checklist).
    public struct Phase: Sendable, Equatable, Encodable {
        /// `[a-z0-9-]+`, unique within the protocol.
        public let id: String
        public let title: String
        /// Whether every interview must go through this phase.
        public let required: Bool
        /// Ids of the phases that must come before this one (all earlier in the file).
        public let after: [String]
        public let items: [Item]

        public init(id: String, title: String, required: Bool, after: [String] = [], items: [Item]) {
            self.id = id
            self.title = title
            self.required = required
            self.after = after
            self.items = items
        }

        /// The item with this id in this phase.
        public func item(_ id: String) -> Item? { items.first { $0.id == id } }
    }

    /// One thing the interviewer says, asks or checks.
    public struct Item: Sendable, Equatable, Encodable {
        /// `[a-z0-9-]+`, unique within its phase.
        public let id: String
        public let kind: ItemKind
        public let text: String
        /// Whether the item must be done (default `true` in the file).
        public let required: Bool
        /// What shows the item was done, for session-level checklists.
        public let evidence: String?

        public init(id: String, kind: ItemKind, text: String, required: Bool = true, evidence: String? = nil) {
            self.id = id
            self.kind = kind
            self.text = text
            self.required = required
            self.evidence = evidence
        }
    }

    /// What an item asks of the interviewer.
    public enum ItemKind: String, Sendable, Equatable, Encodable, CaseIterable {
        /// Something to tell or explain to the child.
        case instruction
        /// A question or invitation, worded to be said as written.
        case prompt
        /// Something to verify and record, with its evidence.
        case check
    }

    public init(id: String, version: String, title: String, source: String, description: String, phases: [Phase]) {
        self.id = id
        self.version = version
        self.title = title
        self.source = source
        self.description = description
        self.phases = phases
    }

    /// The phase with this id.
    public func phase(_ id: String) -> Phase? { phases.first { $0.id == id } }

    /// The item a `PHASE.ITEM` reference names.
    ///
    /// - Parameter reference: `PHASE.ITEM`, e.g. `ground-rules.dont-know`.
    /// - Returns: The phase and the item, or `nil` when the reference is malformed or names nothing.
    public func item(_ reference: String) -> (phase: Phase, item: Item)? {
        let parts = reference.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let phase = phase(String(parts[0])), let item = phase.item(String(parts[1])) else {
            return nil
        }
        return (phase, item)
    }

    /// Every item in order, with the phase it belongs to.
    public var allItems: [(phase: Phase, item: Item)] {
        phases.flatMap { phase in phase.items.map { (phase: phase, item: $0) } }
    }

    /// The `PHASE.ITEM` reference of an item in this protocol.
    public static func reference(phase: Phase, item: Item) -> String { phase.id + "." + item.id }
}
