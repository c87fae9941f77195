import VitniFormats

/// The signed record told as sentences: who sealed, every custody entry, and the links between
/// an original and the copies derived from it (the advocate's redacted copy, full copies for new readers). Called only for a bundle whose record verified; names
/// come from the verifier's trust, never from the bundle alone.
extension IntegrityCertificate {
    static func sealingSentences(_ record: VerifiedBundle, _ report: VerificationReport) -> [String] {
        guard let sealed = record.custody.first?.event else { return [] }
        let trust = record.trust
        let what = sealed.detail["derived_from"] != nil ? "This \(copyKind(record))" : "The bundle"
        let files = Custody.FileCommitment.files(in: sealed.detail)?.count ?? 0
        let software =
            sealed.detail[CustodyLog.softwareKey]?.stringValue.map { "with \($0)" }
            ?? "with a release of Vitni that did not record its version in the bundle"
        var sentences = [
            "\(what) was sealed on \(words(sealed.time.text)) by \(person(sealed.actor, trust)), \(software). "
                + "The seal committed \(Count.of(files, "file")) by their SHA-256 fingerprints."
        ]
        if let signer = report.sealSigner, let last = record.custody.last?.event {
            let time = report.sealTime.map(words) ?? "an unstated time"
            sentences.append(
                last.seq == 0
                    ? "The current seal is that first seal, made by the same key."
                    : "The current seal was made on \(time) by \(person(signer, trust)), with custody entry "
                        + "\(last.seq), the last: each change to the custody record is sealed again by whoever made it."
            )
        }
        sentences.append(
            "All times are those of the signer's own computer clock when it signed: Vitni does not use an "
                + "independent time-stamping service, so a time is as accurate as that clock was.")
        return sentences
    }

    /// One sentence per custody entry, numbered as the log numbers them (from 0, as the checks
    /// and the seal's `seq` do).
    static func custodySentences(_ record: VerifiedBundle) -> [String] {
        let trust = record.trust
        return record.custody.map { entry in
            let event = entry.event
            let detail = event.detail
            let who = person(event.actor, trust)
            let did: String
            switch event.action {
            case .sealed:
                did = "sealed the bundle"
            case .transferred:
                let holder = detail["to"]?.stringValue ?? "an unnamed key"
                let named =
                    trust.signer(for: holder)?.name != nil
                    ? person(holder, trust)
                    : detail["to_name"]?.stringValue.map { "\($0) (as the entry names them), key \(holder)" }
                        ?? "key \(holder)"
                did = "transferred the bundle to \(named)"
            case .decrypted:
                did =
                    "recorded reading \(detail["file"]?.stringValue ?? "a file") (decrypted; its content is not recorded)"
            case .exported:
                let readers = detail["readers"].flatMap { if case .array(let list) = $0 { list.count } else { nil } }
                did =
                    "made \(detail["redacted"] == .bool(true) ? "a redacted copy" : "a full copy for new readers"), "
                    + "\(detail["derived_bundle"]?.stringValue ?? "unnamed")"
                    + (readers.map { ", encrypted to \(Count.of($0, "reader"))" } ?? "")
            case .derived:
                did =
                    "recorded that this copy derives from the original \(detail["original_bundle"]?.stringValue ?? "bundle")"
            case .amended:
                let added = (Custody.FileCommitment.files(in: detail) ?? []).map(\.path)
                let kind =
                    detail["kind"]?.stringValue.map {
                        " (\($0)" + (detail["source"]?.stringValue.map { ", source: \($0))" } ?? ")")
                    } ?? ""
                did = "added \(added.isEmpty ? "files" : added.joined(separator: ", "))\(kind) to the bundle"
            case .accessed: did = "recorded access to the bundle"
            case .verified: did = "recorded a verification of the bundle"
            }
            var sentence = "\(event.seq). On \(words(event.time.text)), \(who) \(did)."
            if let note = detail["note"]?.stringValue { sentence += " Note given: “\(note)”." }
            return sentence
        }
    }

    /// The original this bundle derives from (with the link check, when `--original` ran it),
    /// and the redacted copies its custody records.
    static func derivatives(_ record: VerifiedBundle, _ report: VerificationReport, original: String?) -> (
        from: [Derivative], copies: [Derivative]
    ) {
        var from: [Derivative] = []
        if case .object(let link)? = record.custody.first?.event.detail["derived_from"] {
            let id = link["original_bundle"]?.stringValue ?? "an unnamed bundle"
            let cited = link["original_manifest_sha256"]?.stringValue
            var sentence =
                "This bundle is a \(copyKind(record)) derived from the sealed original \(id). Its signed record cites "
                + "the original's file list (manifest-sha256.txt) by the fingerprint below."
            switch report.check("derived.link")?.result {
            case .pass?:
                sentence +=
                    " The original was given for this check (\(original ?? "--original")), verified, and "
                    + "its own custody record shows the export of exactly this copy: the link holds."
            case .fail?:
                sentence +=
                    " The link to the original given (\(original ?? "--original")) FAILED: "
                    + (report.check("derived.link")?.detail ?? "")
            default:
                sentence += " The original was not given to this check (--original), so the link was not verified here."
            }
            from.append(Derivative(sentence: sentence, manifestSHA256: cited))
        }
        let copies = record.custody.filter { $0.event.action == .exported }.map { entry in
            let event = entry.event
            return Derivative(
                sentence: "On \(words(event.time.text)), \(person(event.actor, record.trust)) made the "
                    + (event.detail["redacted"] == .bool(true) ? "redacted copy " : "full copy for new readers ")
                    + "\(event.detail["derived_bundle"]?.stringValue ?? "(unnamed)") from this bundle. The copy's "
                    + "file list has the fingerprint below; a copy whose manifest-sha256.txt has it is that copy.",
                manifestSHA256: event.detail["derived_manifest_sha256"]?.stringValue)
        }
        return (from, copies)
    }

    /// What kind of derived copy `record` is: the advocate's holds a redacted transcript.
    static func copyKind(_ record: VerifiedBundle) -> String {
        record.contains(BundleLayout.redactedTranscript) ? "redacted copy" : "full copy"
    }
}
