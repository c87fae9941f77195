public import Foundation
public import VitniCrypto
import VitniFormats
public import VitniStore

extension SessionRedaction {
    /// Scans the session's current original transcript for what should be redacted.
    /// - Parameters:
    ///   - identities: open the session's key (to read the transcript and the protected names).
    ///   - extraNames: names to search for in this run besides the session's list.
    /// - Returns: the draft a reviewer decides on.
    public func redactionDraft(
        of session: SessionRecord, identities: [any AgeIdentity], extraNames: [String] = []
    ) throws -> RedactionDraft {
        let key = try lifecycle.sessionIdentity(of: session, identities: identities)
        let record = try transcripts.currentTranscript(of: session, kind: .original)
        let original = try transcripts.openTranscript(record, key: key)
        var names = try protectedNames(of: session, key: key)
        for name in try Self.normalisedProtectedNames(extraNames)
        where !names.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) {
            names.append(name)
        }
        return RedactionDraft(
            session: session, original: original, originalID: record.id ?? 0,
            originalFormat: TranscriptFormat(rawValue: record.importedFormat) ?? .webVTT, protectedNames: names)
    }

    /// Applies the reviewer's decisions and stores the redacted copy and its log, both sealed to
    /// the session's key. Labels are consistent across the whole transcript (one `Redactor`).
    /// Word timings of a changed utterance are dropped (they spell the removed words), and so are
    /// the title (free text nobody reviewed) and every layer (translations repeat the names).
    /// - Parameters:
    ///   - accepted: proposals accepted, and spans added by hand (detector `reviewer`).
    ///   - reviewer: who decided; their key id goes into every log entry.
    ///   - audioSpan: how much of the audio each accepted redaction mutes (`RedactedAudioSpan`).
    /// - Returns: the stored redacted version and its log.
    @discardableResult
    public func saveRedaction(
        _ draft: RedactionDraft, accepted: [RedactionProposal], reviewer: PublicIdentity,
        audioSpan: AudioSpanMode = .words, now: Date = Date()
    ) throws -> (record: TranscriptRecord, log: [SessionRedactionLogEntry]) {
        let time = Timestamp.string(now)
        var byUtterance: [Int: [RedactionFinding]] = [:]
        for proposal in accepted {
            guard draft.original.utterances.indices.contains(proposal.utterance) else {
                throw VitniError.invalidInput(
                    "a redaction names utterance \(proposal.utterance + 1), which does not exist")
            }
            byUtterance[proposal.utterance, default: []].append(proposal.finding)
        }
        var redactor = Redactor()
        var redacted = draft.original
        // Layers (translations, glosses) repeat what redaction removes and are not reviewed, so
        // the redacted copy carries none.
        redacted.layers = []
        redacted.metadata.title = nil
        var log: [SessionRedactionLogEntry] = []
        func entry(
            _ category: String, _ decision: SessionRedactionLogEntry.Decision, _ label: String?, _ index: Int,
            _ detector: String, removed: Range<Int>? = nil
        )
            -> SessionRedactionLogEntry
        {
            let utterance = draft.original.utterances[index]
            // A rejected proposal mutes nothing; its entry keeps the utterance's span.
            let span = removed.map { RedactedAudioSpan.of($0, in: utterance, mode: audioSpan) }
            return SessionRedactionLogEntry(
                category: category, decision: decision, label: label, utterance: index + 1,
                startMilliseconds: span?.milliseconds.lowerBound ?? utterance.start,
                endMilliseconds: span?.milliseconds.upperBound ?? utterance.end, detector: detector,
                reviewer: reviewer.keyID, time: time, audioSpan: span?.basis.rawValue,
                marginMilliseconds: span?.margin)
        }
        for index in draft.original.utterances.indices {
            let findings = byUtterance[index] ?? []
            for rejected in draft.proposals where rejected.utterance == index && !accepted.contains(rejected) {
                log.append(
                    entry(rejected.finding.category.description, .rejected, nil, index, rejected.finding.detector))
            }
            guard !findings.isEmpty else { continue }
            let result = try redactor.redact(draft.original.utterances[index].text, findings: findings)
            redacted.utterances[index].text = result.text
            redacted.utterances[index].words = []
            for applied in result.log {
                let decision: SessionRedactionLogEntry.Decision = applied.detector == "reviewer" ? .added : .accepted
                log.append(
                    entry(
                        applied.category.description, decision, applied.label, index, applied.detector,
                        removed: applied.originalRange))
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var logJSON = try encoder.encode(log)
        defer { logJSON.resetBytes(in: 0..<logJSON.count) }
        let sealedLog = try TranscriptSeal.seal(
            String(decoding: logJSON, as: UTF8.self), to: lifecycle.recipients(of: draft.session))
        let record = try transcripts.store(
            redacted, kind: .redacted, session: draft.session, format: draft.originalFormat, actor: reviewer.keyID,
            derivedFrom: draft.originalID, log: sealedLog, now: now)
        return (record, log)
    }

    /// The log of the current redacted copy, in transcript order.
    public func redactionLog(of session: SessionRecord, identities: [any AgeIdentity]) throws
        -> [SessionRedactionLogEntry]
    {
        let record = try transcripts.currentTranscript(of: session, kind: .redacted)
        let key = try lifecycle.sessionIdentity(of: session, identities: identities)
        let name = "redaction log of session \(session.id)"
        let text = try VitniError.wrap(file: name) { try TranscriptSeal.open(record.redactionLog ?? Data(), key: key) }
        do {
            return try JSONDecoder().decode([SessionRedactionLogEntry].self, from: Data(text.utf8))
        } catch {
            throw VitniError.malformedFile(path: name, reason: "not a redaction log")
        }
    }

    /// The time spans (milliseconds, half-open `start..<end`, sorted, overlaps merged) the audio
    /// must be muted over to match the current redacted transcript: the whole span of every
    /// utterance in which something was replaced.
    public func redactionSpans(of session: SessionRecord, identities: [any AgeIdentity]) throws -> [Range<Int>] {
        Self.redactionSpans(in: try redactionLog(of: session, identities: identities))
    }

    /// The spans a redaction log asks the audio to be muted over (rejected proposals left out).
    public static func redactionSpans(in log: [SessionRedactionLogEntry]) -> [Range<Int>] {
        mergedSpans(log.filter { $0.decision != .rejected }.map { $0.startMilliseconds..<$0.endMilliseconds })
    }

    /// Sorted, non-empty, non-overlapping spans: touching or overlapping ones joined (the audio
    /// redactor refuses overlaps).
    static func mergedSpans(_ spans: [Range<Int>]) -> [Range<Int>] {
        var merged: [Range<Int>] = []
        for span in spans.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, span.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                merged.append(span)
            }
        }
        return merged
    }
}
