import VitniFormats

extension RedactionReview {
    /// What the reviewer is shown for a proposal: category, detector, the utterance's speaker and
    /// time, and the text around the match. Shown on the reviewer's terminal only, never logged.
    public func prompt(_ index: Int, _ proposal: RedactionProposal) -> String {
        let utterance = draft.original.utterances[proposal.utterance]
        var text = "\nproposal \(index + 1) of \(draft.proposals.count): \(proposal.finding.category) "
        text += "(detector \(proposal.finding.detector))\n"
        text += "  utterance \(proposal.utterance + 1), \(utterance.speaker.token) "
        text += "\(Offset.format(Int64(utterance.start))) --> \(Offset.format(Int64(utterance.end)))\n"
        if let context = draft.context(of: proposal) {
            text += "  …\(context.before)»\(context.match)«\(context.after)…\n"
        }
        return text
    }

    /// Accepts every proposal still open (`vitni redact --accept-all`).
    public mutating func acceptRemaining() {
        if !isFinished { answer(.acceptAll) }
    }
}
