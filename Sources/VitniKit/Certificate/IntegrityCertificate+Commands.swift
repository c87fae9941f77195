import Foundation
import VitniFormats

/// The commands that let a third party repeat each check with stock tools (bagit.py, minisign,
/// sha256sum, jq, age), exactly as typed in bash, with what each prints when the check holds.
/// They are those of docs/verifying-without-vitni.md, shortened where a value is known.
extension IntegrityCertificate {
    /// At most this many per-file content commands; a bundle with more gets one line saying so.
    static let contentCommandLimit = 40

    static func stockCommands(
        _ report: VerificationReport, record: VerifiedBundle?, files: [File], original: String?
    ) -> (commands: [StockCommand], placeholders: [(name: String, meaning: String)]) {
        let bundle = report.bundle
        func at(_ file: String) -> String { shellQuoted(bundle + "/" + file) }
        let trust = record?.trust
        let sealer = report.sealSigner ?? record?.custody.last?.event.actor
        func named(_ keyID: String) -> String { trust.map { person(keyID, $0) } ?? "key \(keyID)" }
        let whose =
            sealer.map { "of \(named($0)), who made the current seal" } ?? "of whoever made the last custody entry"
        var placeholders: [(name: String, meaning: String)] = [
            (
                "SEALER.pub",
                "the minisign public key \(whose). Get it from that person through a channel you trust, not from the "
                    + "bundle (they write it with `vitni key export NAME --format minisign -o sealer.pub`)."
            )
        ]
        let others = report.signers.map(\.keyID).filter { $0 != sealer }
        let otherNames = others.enumerated().map { "SIGNER-\($0.offset + 2).pub" }
        for (name, keyID) in zip(otherNames, others) {
            placeholders.append(
                (name, "the minisign public key of \(named(keyID)), got the same way."))
        }
        placeholders.append(
            ("AGE-KEY", "the age identity file of one of the bundle's recipients: only the content checks need it."))

        var commands = [
            StockCommand(
                purpose: "Every file matches the bundle's lists of fingerprints (all bytes are read)",
                lines: ["bagit.py --validate \(shellQuoted(bundle))"],
                expect: "the last line ends with “is valid” (never add --fast: it does not notice a changed file)"),
            StockCommand(
                purpose: "The seal is a valid signature over the bundle's sealed list",
                lines: [
                    "minisign -V -H -p SEALER.pub -m \(at(BagIt.tagManifestFile)) -x \(at(BundleSeal.signatureFile))"
                ],
                expect: "“Signature and comment signature verified”, then a trusted comment naming "
                    + sealComment(report, record)),
            StockCommand(
                purpose: "The sealed list covers bagit.txt, bag-info.txt, the file list and the custody record",
                lines: ["(cd \(shellQuoted(bundle)) && sha256sum --strict -c \(BagIt.tagManifestFile))"],
                expect: "four lines, each ending in “: OK”",
                output: BundleSeal.taggedFiles.sorted().map { "\($0): OK" }),
        ]
        if let head = report.head {
            commands.append(
                StockCommand(
                    purpose: "The custody record ends at its head (compare it with any receipt you hold)",
                    lines: ["tail -n 1 \(at(Custody.logPath)) | tr -d '\\n' | sha256sum"],
                    expect: "the custody head", output: ["\(head)  -"]))
        }
        commands.append(
            StockCommand(
                purpose: "The file list is the one the custody record commits",
                lines: [
                    "sha256sum \(at(BagIt.payloadManifestFile))",
                    "jq -r 'select(.action == \"sealed\" or .action == \"amended\") | .detail.manifest_sha256' "
                        + "\(at(Custody.logPath)) | tail -n 1",
                ],
                expect: "both print the same fingerprint",
                output: record?.manifestSHA256.map { ["\($0)  \(bundle)/\(BagIt.payloadManifestFile)", $0] } ?? []))
        commands.append(
            StockCommand(
                purpose: "Every custody entry: order, links to the entry before, and each signature (openssl)",
                lines: [
                    (["scripts/verify-without-vitni", shellQuoted(bundle), "SEALER.pub", "AGE-KEY"] + otherNames)
                        .joined(separator: " ")
                ],
                expect: "the last line says all checks passed. The script is in Vitni's source and runs stock "
                    + "tools only; docs/verifying-without-vitni.md explains each of its commands",
                output: report.head.map { ["all checks passed: \(bundle), custody head \($0)"] } ?? []))
        commands += contentCommands(files, at: at)
        commands += linkCommands(record, bundle: bundle, original: original, at: at)
        return (commands, placeholders)
    }

    /// What the seal's trusted comment must name, with the values when they were verified.
    private static func sealComment(_ report: VerificationReport, _ record: VerifiedBundle?) -> String {
        guard let record, let last = record.custody.last?.event, let signer = report.sealSigner else {
            return "this bundle (bundle:…) and the last custody entry's number (seq:…)"
        }
        let id = record.bagInfo?.value(for: BagIt.BagInfo.externalIdentifier) ?? "…"
        return "bundle:\(id), signer:\(signer) and seq:\(last.seq)"
    }

    /// The content checks: each file decrypted straight into sha256sum (nothing touches the disk).
    private static func contentCommands(_ files: [File], at: (String) -> String) -> [StockCommand] {
        let known = files.filter { $0.plaintextSHA256 != nil }
        guard !known.isEmpty else {
            return [
                StockCommand(
                    purpose: "The content fingerprints recorded at sealing (needs AGE-KEY)",
                    lines: [
                        "age -d -i AGE-KEY \(at(BundleLayout.session)) | jq -r '.plaintext_sha256 | to_entries[] | \"\\(.value)  \\(.key)\"'"
                    ],
                    expect: "one fingerprint per file; then `age -d -i AGE-KEY FILE | sha256sum` must print the same "
                        + "for each file")
            ]
        }
        let shown = known.prefix(contentCommandLimit)
        let more = known.count - shown.count
        return [
            StockCommand(
                purpose: "Each file decrypts to exactly the content recorded at sealing (needs AGE-KEY; nothing "
                    + "decrypted is written to disk)",
                lines: shown.map { "age -d -i AGE-KEY \(at($0.path)) | sha256sum" },
                expect: "one fingerprint per command, in order"
                    + (more > 0
                        ? "; the other \(more) files, in the same form, print the content fingerprints listed "
                            + "under “Files and their fingerprints”" : ""),
                output: shown.map { "\($0.plaintextSHA256!)  -" })
        ]
    }

    /// For a redacted copy: the original's custody record names this copy's file list.
    private static func linkCommands(
        _ record: VerifiedBundle?, bundle: String, original: String?, at: (String) -> String
    ) -> [StockCommand] {
        guard let record, record.custody.first?.event.detail["derived_from"] != nil else { return [] }
        let source = original.map(shellQuoted) ?? "ORIGINAL"
        return [
            StockCommand(
                purpose: "This copy is the one the original's custody record says was exported"
                    + (original == nil ? " (ORIGINAL: the folder of the sealed original)" : ""),
                lines: [
                    "sha256sum \(at(BagIt.payloadManifestFile))",
                    "jq -r 'select(.action == \"exported\") | .detail.derived_manifest_sha256' \(source)/\(Custody.logPath)",
                ],
                expect: "the second command lists the fingerprint the first prints",
                output: record.manifestSHA256.map { ["\($0)  \(bundle)/\(BagIt.payloadManifestFile)", $0] } ?? [])
        ]
    }

    /// A word bash reads as itself: left bare when it holds only safe characters, else in
    /// single quotes (a quote inside becomes `'\''`).
    static func shellQuoted(_ text: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/+-:=@%,".unicodeScalars)
        if !text.isEmpty, text.unicodeScalars.allSatisfy(safe.contains) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
