import VitniFormats

extension VerificationReport {
    /// A self-contained printable page (inline CSS, no scripts, nothing fetched): the outcome, the
    /// checks, the signers with names from the trust store, the custody timeline and the file
    /// hashes. Every value from the bundle is HTML-escaped.
    public func renderHTML(generatedAt: String) -> String {
        let e = Self.escape
        let verdict: (String, String) =
            switch outcome {
            case .valid: ("valid", "VALID — every check passed")
            case .invalid: ("invalid", "INVALID — failed: " + failedChecks.joined(separator: ", "))
            case .couldNotCheck:
                (
                    "unknown",
                    "COULD NOT CHECK — "
                        + (couldNotCheckReason ?? "could not check: " + uncheckedChecks.joined(separator: ", "))
                )
            }
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Vitni bundle verification</title>
            <style>
            body{font:11pt/1.4 system-ui,sans-serif;margin:2em;color:#111}
            h1{font-size:16pt}h2{font-size:13pt;margin-top:1.5em}
            table{border-collapse:collapse;width:100%;margin:.5em 0}
            th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}
            th{background:#eee}code,.hash{font-family:ui-monospace,monospace;font-size:9pt;word-break:break-all}
            .verdict{padding:.5em 1em;font-weight:bold;border:2px solid}
            .valid{border-color:#060;color:#060}.invalid{border-color:#a00;color:#a00}.unknown{border-color:#a60;color:#a60}
            .pass{color:#060}.fail{color:#a00;font-weight:bold}.skipped{color:#666}.warning,.could-not-check{color:#a60;font-weight:bold}
            @media print{body{margin:0}}
            </style></head><body>
            <h1>Vitni bundle verification</h1>
            <p>Bundle: <code>\(e(bundle))</code><br>Report generated: \(e(generatedAt))</p>
            <p class="verdict \(verdict.0)">\(e(verdict.1))</p>

            """
        for step in nextSteps { html += "<p>Next: \(e(step))</p>\n" }
        html += "<h2>Checks</h2>\n<table><tr><th>Check</th><th>Result</th><th>Detail</th></tr>\n"
        for check in checks {
            html += "<tr><td>\(e(check.title))<br><code>\(e(check.id))</code></td>"
            html += "<td class=\"\(check.result.rawValue)\">\(check.result.rawValue.uppercased())</td>"
            html += "<td>\(e(check.detail))</td></tr>\n"
        }
        html +=
            "</table>\n<h2>Signers</h2>\n<table><tr><th>Name</th><th>Key id</th><th>Trusted</th><th>Signed</th></tr>\n"
        for signer in signers {
            let name = signer.name.map { $0 + (signer.role.map { " (\($0))" } ?? "") } ?? "unknown"
            html += "<tr><td>\(e(name))</td><td><code>\(e(signer.keyID))</code></td>"
            html += "<td>\(signer.trusted ? "yes" : "<span class=\"fail\">NO</span>")</td>"
            html += "<td>\(e(signer.signed.prefix(50).joined(separator: ", ")))</td></tr>\n"
        }
        html += "</table>\n<h2>Custody timeline</h2>\n"
        html += "<table><tr><th>#</th><th>Time (UTC)</th><th>Action</th><th>By</th><th>Line SHA-256</th></tr>\n"
        for entry in custody {
            let who = entry.actorName.map { "\($0) (\(entry.actor))" } ?? entry.actor
            html += "<tr><td>\(entry.seq)</td><td>\(e(entry.time))</td><td>\(e(entry.action))</td>"
            html += "<td>\(e(who))</td><td class=\"hash\">\(e(entry.hash))</td></tr>\n"
        }
        html += "</table>\n<h2>Files</h2>\n"
        html += "<table><tr><th>Path</th><th>Bytes</th><th>SHA-256</th><th>Result</th></tr>\n"
        for file in files {
            html += "<tr><td><code>\(e(file.path))</code></td><td>\(file.size.map(String.init) ?? "")</td>"
            html += "<td class=\"hash\">\(e(file.sha256 ?? ""))</td>"
            html += "<td class=\"\(file.result.rawValue)\">\(file.result.rawValue.uppercased())</td></tr>\n"
        }
        html += "</table>\n"
        if let head { html += "<p>Custody log head: <code>\(e(head))</code></p>\n" }
        html += """
            <p>Check independently: <code>bagit.py --validate BUNDLE</code>;
            <code>minisign -V -H -x tagmanifest-sha256.txt.minisig -m tagmanifest-sha256.txt -p KEY.pub</code>.</p>
            </body></html>

            """
        return html
    }

    /// The one HTML escape (`HTML.escape`): the five characters HTML gives meaning to, and
    /// control characters made harmless.
    static func escape(_ text: String) -> String { HTML.escape(text) }
}
