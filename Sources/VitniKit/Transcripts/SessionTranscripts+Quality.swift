import Foundation
public import VitniCrypto
import VitniFormats
public import VitniStore

extension SessionTranscripts {
    /// The session's current original transcript as quality turns: INT is the interviewer,
    /// CHILD the child, anyone else `other`; markers are dropped from the text. The phase of a
    /// turn comes from the session's `phase` notes: a note at offset t naming protocol item P
    /// (`PHASE` or `PHASE.ITEM`) puts utterances starting at or after t in phase `PHASE`, until
    /// the next such note. Corrected notes give way to their corrections.
    public func qualityTurns(of session: SessionRecord, identities: [any AgeIdentity]) throws -> [QualityTurn] {
        let transcript = try transcript(of: session, kind: .original, identities: identities)
        let markers = try lifecycle.notes.all(of: session, kind: .phase, identities: identities)
            .filter { $0.supersededBy == nil }
            .compactMap { note -> (offset: Int64, phase: String)? in
                guard let offset = note.offsetMilliseconds, let item = note.protocolItem,
                    let phase = item.split(separator: ".", omittingEmptySubsequences: false).first, !phase.isEmpty
                else { return nil }
                return (offset, String(phase))
            }
            .sorted { $0.offset < $1.offset }
        return Self.qualityTurns(transcript, phaseMarkers: markers)
    }

    /// Codes the session's interview (`qualityTurns`) in the session's language.
    public func qualityReport(of session: SessionRecord, identities: [any AgeIdentity]) throws -> QualityReport {
        QualityReport(
            turns: try qualityTurns(of: session, identities: identities), languageCode: session.language ?? "en")
    }

    /// Turns from a transcript and phase changes sorted by offset.
    static func qualityTurns(_ transcript: Transcript, phaseMarkers: [(offset: Int64, phase: String)]) -> [QualityTurn]
    {
        var next = 0
        var phase: String?
        return transcript.utterances.map { utterance in
            while next < phaseMarkers.count, phaseMarkers[next].offset <= Int64(utterance.start) {
                phase = phaseMarkers[next].phase
                next += 1
            }
            let speaker: QualityTurn.Speaker =
                switch utterance.speaker {
                case .interviewer: .interviewer
                case .child: .child
                default: .other
                }
            return QualityTurn(speaker: speaker, text: utterance.spokenText, phase: phase)
        }
    }
}
