import Foundation
public import VitniFormats
public import VitniStore

/// A finding in one utterance of a transcript.
public struct RedactionProposal: Sendable, Equatable {
    /// 0-based index of the utterance.
    public var utterance: Int
    /// UTF-8 offsets into that utterance's text.
    public var finding: RedactionFinding

    public init(utterance: Int, finding: RedactionFinding) {
        self.utterance = utterance
        self.finding = finding
    }
}

/// A redaction being reviewed: the session's current original transcript and what the
/// detectors propose in it. Holds plaintext in memory only; `SessionRedaction.saveRedaction`
/// stores the result sealed.
public struct RedactionDraft: Sendable {
    public let session: SessionRecord
    public let original: Transcript
    /// The names searched for (the session's list plus any given for this run).
    public let protectedNames: [String]
    /// Non-overlapping findings, by utterance and then position. Fixed markers (pauses,
    /// `[inaudible]`, `[unintelligible]`, `[crosstalk]`) are never proposed — a pause such as
    /// `(12.5)` is not a number anyone said — but a non-verbal event's free description is
    /// scanned like speech, since a transcriber may write a name into it.
    public let proposals: [RedactionProposal]
    let originalID: Int64
    let originalFormat: TranscriptFormat

    init(
        session: SessionRecord, original: Transcript, originalID: Int64, originalFormat: TranscriptFormat,
        protectedNames: [String]
    ) {
        self.session = session
        self.original = original
        self.originalID = originalID
        self.originalFormat = originalFormat
        self.protectedNames = protectedNames
        let scanner = RedactionScanner(protectedNames: protectedNames)
        var proposals: [RedactionProposal] = []
        for (index, utterance) in original.utterances.enumerated() {
            let markers = Self.markerRanges(utterance)
            for finding in scanner.findings(in: utterance.text)
            where !markers.contains(where: { $0.overlaps(finding.utf8Range) }) {
                proposals.append(RedactionProposal(utterance: index, finding: finding))
            }
        }
        self.proposals = proposals
    }

    /// The text around a proposal, for a reviewer to decide on: up to `width` characters either
    /// side, cut at the utterance's ends.
    public func context(of proposal: RedactionProposal, width: Int = 40) -> (
        before: String, match: String, after: String
    )? {
        guard original.utterances.indices.contains(proposal.utterance) else { return nil }
        let text = original.utterances[proposal.utterance].text
        guard let range = proposal.finding.range(in: text) else { return nil }
        let before = text[..<range.lowerBound].suffix(width)
        let after = text[range.upperBound...].prefix(width)
        return (String(before), String(text[range]), String(after))
    }

    /// Every occurrence of `text` (ignoring case) in one utterance, as findings a reviewer adds
    /// by hand: category `name`, detector `reviewer`, sharing a protected name's label when the
    /// text is one of the session's names.
    public func findings(matching text: String, inUtterance index: Int) -> [RedactionFinding] {
        let needle = text.trimmingCharacters(in: .whitespaces)
        guard !needle.isEmpty, original.utterances.indices.contains(index) else { return [] }
        let haystack = original.utterances[index].text
        let entity = protectedNames.firstIndex { $0.caseInsensitiveCompare(needle) == .orderedSame }
        var found: [RedactionFinding] = []
        var searchStart = haystack.startIndex
        while let range = haystack.range(
            of: needle, options: [.caseInsensitive], range: searchStart..<haystack.endIndex)
        {
            let lower = haystack.utf8.distance(from: haystack.utf8.startIndex, to: range.lowerBound)
            let upper = haystack.utf8.distance(from: haystack.utf8.startIndex, to: range.upperBound)
            found.append(
                RedactionFinding(utf8Range: lower..<upper, category: .name, detector: "reviewer", entity: entity))
            searchStart = range.upperBound
        }
        return found
    }

    static func markerRanges(_ utterance: Utterance) -> [Range<Int>] {
        let utf8 = utterance.text.utf8
        return utterance.spans.filter { span in
            guard span.segment.isMarker else { return false }
            if case .nonVerbal = span.segment { return false }
            return true
        }.map { span in
            utf8.distance(
                from: utf8.startIndex, to: span.range.lowerBound)..<utf8.distance(
                    from: utf8.startIndex, to: span.range.upperBound)
        }
    }
}
