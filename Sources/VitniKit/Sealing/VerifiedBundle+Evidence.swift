import Foundation
public import VitniCrypto
import VitniFormats

/// The evidence of a verified bundle as people read it: notes, the checklist report, the
/// session's facts and its custody, decoded from the sealed files (docs/bundle-format.md §8–10).
extension VerifiedBundle {
    /// Every sealed note, corrections included, in the file's order.
    public func notes(identities: [any AgeIdentity]) throws -> [Note] {
        guard contains(BundleLayout.notes) else { return [] }
        let bytes = try decrypt(BundleLayout.notes, identities: identities)
        return try bytes.split(separator: 0x0A).enumerated().map { index, line in
            do { return try JSONDecoder().decode(Note.self, from: Data(line)) } catch {
                throw VitniError.malformedFile(
                    path: storage.displayPath(BundleLayout.notes), reason: "line \(index + 1) is not a note")
            }
        }
    }

    /// The checklist report as it was sealed.
    public func checklistReport(identities: [any AgeIdentity]) throws -> ChecklistReport {
        guard contains(BundleLayout.checklist) else {
            throw VitniError.invalidInput("\(path) holds no checklist (an advocate's copy carries none)")
        }
        let bytes = try decrypt(BundleLayout.checklist, identities: identities, limit: 16 << 20)
        do { return try JSONDecoder().decode(ChecklistFile.self, from: Data(bytes)).report } catch {
            throw VitniError.malformedFile(
                path: storage.displayPath(BundleLayout.checklist), reason: "not a checklist file")
        }
    }

    /// One line per custody event: when, who (by trusted name and role where known, else key
    /// id), what, and its note. Names come from the trust the bundle verified against, never
    /// from the bundle alone: a bundle cannot name its own signers.
    public var custodyAccount: [String] {
        custody.map { entry in
            let event = entry.event
            let signer = trust.signer(for: event.actor)
            let who =
                signer.map { signer in
                    (signer.name ?? event.actor) + (signer.role.map { " (\($0))" } ?? "")
                } ?? "key \(event.actor) (not trusted here)"
            var line = "\(event.seq). \(event.time.text)  \(event.action.rawValue) by \(who)"
            if case .string(let holder)? = event.detail["to"] {
                // The trusted name wins; else the name the (verified) transferring holder gave.
                let named: String? =
                    if case .string(let given)? = event.detail["to_name"] { given } else { nil }
                let name = trust.signer(for: holder)?.name ?? named.map { "\($0) (as the event names them)" }
                line += " to " + (name.map { "\($0), key \(holder)" } ?? "key \(holder)")
            }
            if case .string(let file)? = event.detail["file"] { line += ", read \(file)" }
            if case .string(let copy)? = event.detail["derived_bundle"] {
                let kind = event.detail["redacted"] == .bool(true) ? "the redacted copy" : "the full copy"
                let readers = (event.detail["readers"]?.arrayValue ?? []).compactMap(\.stringValue).map { key in
                    trust.signer(for: key)?.name ?? "key \(key)"
                }
                line += ": \(kind) \(copy) for \(readers.joined(separator: ", "))"
            }
            if case .string(let original)? = event.detail["original_bundle"], event.action == .derived {
                line += ": a copy of \(original)"
            }
            if case .string(let note)? = event.detail["note"] { line += ": \(note)" }
            return line
        }
    }

    /// For a derived copy (the advocate's or a full copy): the id of the original it was made
    /// from, as its verified `sealed` event names it.
    public var derivedFrom: String? {
        custody.first?.event.detail["derived_from"]?.objectValue?["original_bundle"]?.stringValue
    }

    /// The custody log's lines exactly as stored and verified: printed from what was checked,
    /// never read again (a log replaced after the check would otherwise be shown).
    public var custodyLines: [[UInt8]] { custody.map(\.line) }
}

extension SessionFile.Recording {
    /// `2: 12:04.500 from 2026-11-02T09:41:10Z, recovered after an interruption`.
    public var listing: String {
        var line = "\(number): \(Offset.format(durationMilliseconds)) from \(startedAt)"
        if recovered { line += ", recovered after an interruption" }
        if let lost = lostMilliseconds { line += ", about \(Offset.format(lost)) lost" }
        return line
    }
}

extension SessionFile {
    /// The session's facts as text: case, protocol, language, people, times and recordings.
    /// The child's reference is left out: it is shown only when asked for as JSON.
    public var text: String {
        var lines = [
            "session \(sessionID) of case \(caseID)",
            "protocol: \(protocolID) \(protocolVersion)" + (language.map { "; language: \($0)" } ?? ""),
            "created \(createdAt)" + (closedAt.map { "; closed \($0)" } ?? ""),
        ]
        lines += participants.map { "  \($0.role.rawValue): \($0.name) (key \($0.keyID))" }
        lines.append(Count.of(recipients.count, "recipient") + " of the evidence")
        for recording in recordings {
            var line =
                "recording \(recording.number): \(Offset.format(recording.durationMilliseconds)), "
                + "\(recording.container.uppercased()) \(recording.sampleRate) Hz \(recording.channels) ch, "
                + "started \(recording.startedAt)"
            if recording.recovered { line += "; recovered after an interruption" }
            if let lost = recording.lostMilliseconds { line += ", about \(Offset.format(lost)) lost" }
            lines.append(line)
        }
        for event in events {
            lines.append("  \(event.time)  \(event.action)" + (event.forcedNote.map { " (reason: note \($0))" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }
}
