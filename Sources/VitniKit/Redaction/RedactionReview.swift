import Foundation

/// A reviewer going through a draft's proposals one at a time: the decisions, without any I/O,
/// so a terminal, a test or another front end drives it the same way.
public struct RedactionReview: Sendable {
    /// What the reviewer can say about the current proposal.
    public enum Answer: Sendable, Equatable {
        case accept, reject
        /// Accept this and every remaining proposal.
        case acceptAll
        /// Reject this and every remaining proposal.
        case skipAll
        /// Also redact every occurrence of this text in the current utterance.
        case add(String)
        /// Stop without storing anything.
        case quit

        /// Reads a typed answer: `a`/`accept`, `r`/`reject`, `A`/`accept-all`, `S`/`skip-all`,
        /// `+ TEXT`/`add TEXT`, `q`/`quit`.
        /// - Returns: nil for anything else.
        public init?(typed line: String) {
            let trimmed = line.trimmingCharacters(in: [" ", "\t", "\r"])
            if trimmed.hasPrefix("+") {
                self = .add(String(trimmed.dropFirst()).trimmingCharacters(in: [" ", "\t"]))
                return
            }
            if trimmed.hasPrefix("add ") {
                self = .add(String(trimmed.dropFirst(4)).trimmingCharacters(in: [" ", "\t"]))
                return
            }
            switch trimmed {
            case "a", "accept", "y", "yes": self = .accept
            case "r", "reject", "n", "no": self = .reject
            case "A", "accept-all": self = .acceptAll
            case "S", "skip-all": self = .skipAll
            case "q", "quit": self = .quit
            default: return nil
            }
        }
    }

    public let draft: RedactionDraft
    /// Accepted proposals and spans added by hand, in the order decided.
    public private(set) var accepted: [RedactionProposal] = []
    public private(set) var rejectedCount = 0
    public private(set) var addedCount = 0
    public private(set) var quit = false
    private var position = 0

    public init(draft: RedactionDraft) { self.draft = draft }

    /// The proposal waiting for a decision, and its 0-based position; nil when done.
    public var current: (index: Int, proposal: RedactionProposal)? {
        guard !quit, position < draft.proposals.count else { return nil }
        return (position, draft.proposals[position])
    }

    public var isFinished: Bool { current == nil }

    /// Applies an answer to the current proposal.
    /// - Returns: how many spans an `add` found (0 when the text is not in the utterance), else nil.
    @discardableResult
    public mutating func answer(_ answer: Answer) -> Int? {
        guard let (_, proposal) = current else { return nil }
        switch answer {
        case .accept:
            accepted.append(proposal)
            position += 1
        case .reject:
            rejectedCount += 1
            position += 1
        case .acceptAll:
            accepted += draft.proposals[position...]
            position = draft.proposals.count
        case .skipAll:
            rejectedCount += draft.proposals.count - position
            position = draft.proposals.count
        case .add(let text):
            let found = draft.findings(matching: text, inUtterance: proposal.utterance)
            accepted += found.map { RedactionProposal(utterance: proposal.utterance, finding: $0) }
            addedCount += found.count
            return found.count
        case .quit:
            quit = true
        }
        return nil
    }
}
