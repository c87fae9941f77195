import Foundation
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore

extension Demo {
    /// The sample transcript: imported (checked against the recording), redacted with the
    /// session's protected names, and coded for interview quality.
    func transcribeAndRedact(
        manager: SessionManager, session: SessionRecord, anna: PublicIdentity, reader: any AgeIdentity,
        log: (String) -> Void
    ) throws {
        log("   importing samples/interview.vtt (checked against the recording's length), sealed like the notes")
        let transcript = try TranscriptFile.read(samples + "/interview.vtt", format: .webVTT)
        try manager.transcripts.importTranscript(
            transcript, into: session, format: .webVTT, source: Transcript.Metadata.human, importer: anna,
            file: "interview.vtt")
        let names = ["Elin Solberg", "Elin", "Kari Solberg", "Kari", "Mikkel Holm", "Aino Laine", "Sigrún Jónsdóttir"]
        let draft = try manager.redaction.redactionDraft(of: session, identities: [reader], extraNames: names)
        let saved = try manager.redaction.saveRedaction(draft, accepted: draft.proposals, reviewer: anna)
        let counts = Dictionary(grouping: saved.log, by: \.category).map { "\($0.value.count) \($0.key)" }.sorted()
        log(
            "   redaction: \(Count.of(saved.log.count, "span")) accepted (\(counts.joined(separator: ", "))); the log holds no redacted text"
        )
        let redacted = try manager.transcripts.transcript(of: session, kind: .redacted, identities: [reader])
        if let line = redacted.utterances.dropFirst().first {
            log("   redacted cue 2: [\(Offset.format(Int64(line.start)))] \(line.speaker.token): \(line.text)")
        }
        log("== Interview quality (from the transcript, phases from the notes)")
        for line in try manager.transcripts.qualityReport(of: session, identities: [reader]).summary.split(
            separator: "\n")
        {
            log("   " + line)
        }
    }

    /// The child advocate's copy of the sealed bundle, verified with its link to the original.
    func advocateCopy(
        manager: SessionManager, bundle: String, advocate: PublicIdentity, advocateIdentity: any AgeIdentity,
        signer: any BundleSigner, reader: any AgeIdentity, trust: BundleTrust, log: (String) -> Void
    ) throws {
        log("== 10. The child advocate's copy: redacted transcript and audio, encrypted to the advocate only")
        try? FileManager.default.removeItem(atPath: bundle + "_REDACTED")
        let copy = try manager.sealing.exportRedacted(
            original: bundle, readers: [advocate], into: output, signer: signer, trust: trust, identities: [reader],
            organization: "Barnahus demo")
        var report = SessionBundle(path: copy.bundle).verify(trust: trust, identities: [advocateIdentity])
        report.append(SessionBundle(path: copy.bundle).linkCheck(original: bundle, trust: trust))
        log(
            "   \(copy.bundle): \(report.outcome.rawValue.uppercased()); derived from the original: \(report.check("derived.link")?.result.rawValue ?? "?")"
        )
        let original = SessionBundle(path: bundle).verify(trust: trust, identities: [reader])
        log("   the original after its `exported` event: \(original.outcome.rawValue.uppercased())")
        let text = String(
            decoding: try VerifiedBundle.open(copy.bundle, trust: trust).decrypt(
                BundleLayout.redactedTranscript, identities: [advocateIdentity]), as: UTF8.self)
        let leaked = ["Elin", "Solberg", "170101-9984", "kari.solberg@example.org"].filter { text.contains($0) }
        log("   the child's name and ID in the advocate's transcript: \(leaked.isEmpty ? "not found" : "FOUND")")
        let certificate = try writeCertificate(
            of: copy.bundle, verifier: advocate, readers: [advocateIdentity], original: bundle, trust: trust)
        log("   the copy's integrity certificate, with its link to the original: \(certificate)")
    }
}
