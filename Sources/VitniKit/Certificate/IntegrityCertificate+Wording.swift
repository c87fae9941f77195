import Foundation
import VitniFormats

/// The certificate's words for a reader who is not an engineer: the verdict in one sentence,
/// each check as a plain heading, times and durations as people write them.
extension IntegrityCertificate {
    /// The verdict as a court clerk reads it.
    static func verdictSentence(_ report: VerificationReport) -> String {
        switch report.outcome {
        case .valid:
            let content =
                report.check("age.plaintext")?.result == .pass
                ? " Every encrypted file was also opened and holds exactly the content recorded when it was sealed."
                : " Its encrypted contents were not opened in this check (see “What was checked”)."
            return "The bundle is intact: every file is exactly as it was sealed, and the seal and every entry of "
                + "its custody record are signed by the people named in this certificate." + content
        case .invalid:
            return "The bundle is NOT intact: it has been altered or damaged since it was sealed, so it must not "
                + "be relied on as the sealed original. The checks that failed are marked FAILED below."
        case .couldNotCheck:
            return "It could not be established whether the bundle is intact. Nothing was found wrong with it, "
                + "but this verification lacked what it needed (the reason and what to do are given below). "
                + "This is not a finding that the bundle was altered."
        }
    }

    /// The word for a check's result.
    public static func resultWords(_ result: VerificationReport.Result) -> String {
        switch result {
        case .pass: "Passed"
        case .fail: "FAILED"
        case .skipped: "Not checked"
        case .warning: "Passed, with a warning"
        case .couldNotCheck: "Could not be checked"
        }
    }

    /// What each check establishes, in plain words; the technical title is shown beside it.
    static func heading(for id: String) -> String? {
        typealias ID = BundleVerifier.CheckID
        return switch id {
        case ID.bundleVersion: "The bundle is in a format this version of Vitni reads"
        case ID.structure: "The bundle holds exactly the expected files: nothing hidden, linked or added"
        case ID.declaration: "The bundle declares the BagIt 1.0 packaging standard"
        case ID.manifest: "The list of files (the manifest) names every file, and nothing else"
        case ID.payloadHashes: "Every file is unchanged: each byte was read and its fingerprint compared"
        case ID.tagManifest: "The file list and the custody record match the fingerprints the seal covers"
        case ID.payloadOxum: "The total size and number of files are those recorded"
        case ID.ageHeaders: "Every encrypted file is in the standard age format"
        case ID.custodyLog: "The custody record can be read, one entry per line"
        case ID.custodyChain: "The custody record is complete and in order: no entry removed, added or reordered"
        case ID.custodySignatures: "Every custody entry is signed by the person it names, with a trusted key"
        case ID.custodyCommitments: "The files are exactly those recorded at sealing (and at any later addition)"
        case ID.custodyHolder: "Every entry after sealing was made by whoever held the bundle at the time"
        case ID.custodyTimes: "No custody entry is dated later than this computer's clock"
        case ID.custodyHead: "The custody record ends where the receipt says it should"
        case ID.seal: "The seal is a valid digital signature by a trusted key"
        case ID.sealActor: "The seal was made by the last holder, for this bundle and its last custody entry"
        case "age.plaintext": "The encrypted files open and hold exactly the content recorded at sealing"
        case "derived.link": "This copy comes from the sealed original"
        default: nil
        }
    }

    /// `2 Dec 2026 at 10:14:05 UTC` from an RFC 3339 time; the text itself when it is not one.
    static func words(_ timestamp: String) -> String {
        guard let date = Timestamp.date(timestamp) else { return timestamp }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "d MMM yyyy 'at' HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }

    /// `1 h 02 min 05 s`, `12 min 04 s`, `2.0 s`.
    static func duration(_ milliseconds: Int64) -> String {
        let seconds = milliseconds / 1000
        if seconds < 60 { return String(format: "%.1f s", Double(milliseconds) / 1000) }
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        let tail = String(format: "%02d min %02d s", m, s)
        return h > 0 ? "\(h) h " + tail : String(format: "%d min %02d s", m, s)
    }

    /// A key as a person reads it: `Anna Berg (interviewer, key 1A2B…)`, or the key alone.
    static func person(_ keyID: String, _ trust: BundleTrust) -> String {
        guard let signer = trust.signer(for: keyID), let name = signer.name else { return "key \(keyID)" }
        return name + " (" + (signer.role.map { $0 + ", " } ?? "") + "key \(keyID))"
    }
}
