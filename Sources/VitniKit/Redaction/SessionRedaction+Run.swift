public import VitniCrypto
public import VitniStore

extension SessionRedaction {
    /// What a stored redaction came to, in counts (never the redacted text).
    public struct Summary: Sendable {
        /// Spans replaced (accepted proposals and spans added by hand).
        public var spans: Int
        /// Distinct labels such as `[NAME-1]`.
        public var labels: Int
        /// Utterances with at least one replacement.
        public var utterances: Int
        /// Proposals the reviewer rejected.
        public var rejected: Int
        /// The stored redacted transcript's id.
        public var transcriptID: Int64
        /// Its version number in the session (what `vitni transcript list` shows).
        public var transcriptNumber: Int
    }

    /// One redaction run: `extraNames` join the session's protected names, the detectors draft
    /// their proposals, `review` decides on them, and the redacted copy and its log are stored.
    /// - Parameters:
    ///   - audioSpan: how much audio each redaction mutes in the advocate's copy.
    ///   - review: decides on the draft (a terminal dialogue, or accepting everything).
    /// - Returns: the summary, or nil when the reviewer quit (then nothing is stored).
    public func run(
        _ session: SessionRecord, extraNames: [String], reviewer: PublicIdentity, identities: [any AgeIdentity],
        audioSpan: AudioSpanMode = .words, review decide: (inout RedactionReview) throws -> Void
    ) throws -> Summary? {
        if !extraNames.isEmpty { try addProtectedNames(extraNames, to: session, actor: reviewer) }
        let draft = try redactionDraft(of: session, identities: identities)
        var review = RedactionReview(draft: draft)
        try decide(&review)
        if review.quit { return nil }
        let saved = try saveRedaction(draft, accepted: review.accepted, reviewer: reviewer, audioSpan: audioSpan)
        let applied = saved.log.filter { $0.decision != .rejected }
        return Summary(
            spans: applied.count, labels: Set(applied.compactMap(\.label)).count,
            utterances: Set(applied.map(\.utterance)).count, rejected: review.rejectedCount,
            transcriptID: saved.record.id ?? 0, transcriptNumber: saved.record.number ?? 0)
    }
}
