/// The certificate as one self-contained printable page: inline CSS, no script, nothing fetched
/// (the page's own Content-Security-Policy forbids it), every value from the bundle or the
/// verifier HTML-escaped. Printed, it is A4 with the exhibit, the verdict and "page N of M" in
/// the margins of every page (CSS `@page` margin boxes, which Chromium prints).
extension IntegrityCertificate {
    /// What the page may load: its own inline style, nothing else.
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    public func renderHTML() -> String {
        let e = VerificationReport.escape
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(Self.contentSecurityPolicy)">
            <title>Integrity certificate: \(e(exhibit))</title>
            <style>
            \(pageStyle)
            \(Self.style)
            </style></head><body>
            <header class="title"><h1>Integrity certificate</h1>
            <p>for the interview bundle <strong>\(e(exhibit))</strong>, as examined at <code>\(e(bundlePath))</code>
            on \(e(verifiedAt)).</p></header>

            """
        html += verdictSection()
        html += exhibitSection()
        html += sealingSection()
        html += custodySection()
        html += checksSection()
        html += filesSection()
        html += derivativesSection()
        html += verifierSection()
        html += commandsSection()
        html += signatureSection()
        html += "</body></html>\n"
        return html
    }

    /// The word that heads the verdict box and every printed page.
    public var verdictWord: String {
        switch outcome {
        case .valid: "VALID"
        case .invalid: "INVALID"
        case .couldNotCheck: "COULD NOT CHECK"
        }
    }

    private var verdictClass: String {
        switch outcome {
        case .valid: "valid"
        case .invalid: "invalid"
        case .couldNotCheck: "unknown"
        }
    }

    /// The printed page: A4, margins, and the margin boxes that repeat the exhibit, the verdict
    /// and the page count. Their text sits in CSS strings, escaped for CSS.
    private var pageStyle: String {
        let css = Self.cssString
        return """
            @page{size:A4;margin:20mm 16mm 18mm 16mm;
            @top-left{content:\(css("Integrity certificate · Exhibit " + exhibit));font:8.5pt/1.2 sans-serif;color:#333;vertical-align:bottom;padding-bottom:3mm}
            @top-right{content:\(css("Result: " + verdictWord));font:bold 8.5pt/1.2 sans-serif;color:\(verdictColour);vertical-align:bottom;padding-bottom:3mm}
            @bottom-left{content:\(css("Verified " + verifiedAt + " · " + software));font:8pt/1.2 sans-serif;color:#333;vertical-align:top;padding-top:3mm}
            @bottom-right{content:"page " counter(page) " of " counter(pages);font:8.5pt/1.2 sans-serif;color:#111;vertical-align:top;padding-top:3mm}}
            """
    }

    private var verdictColour: String {
        switch outcome {
        case .valid: "#05620f"
        case .invalid: "#a00000"
        case .couldNotCheck: "#8a5300"
        }
    }

    static let style = """
        body{font:10.5pt/1.45 "DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#111;margin:0 auto;max-width:178mm}
        @media screen{body{padding:12mm 8mm}}
        h1{font-size:18pt;margin:0 0 2mm}h2{font-size:12.5pt;margin:7mm 0 2mm;border-bottom:1px solid #999;break-after:avoid}
        h3{font-size:11pt;margin:4mm 0 1.5mm;break-after:avoid}p{margin:1.5mm 0}
        .title p{margin:0}
        table{border-collapse:collapse;width:100%;margin:2mm 0;table-layout:fixed}
        thead{display:table-header-group}tr,.keep{break-inside:avoid}
        th,td{border:1px solid #888;padding:1.2mm 1.8mm;text-align:left;vertical-align:top;overflow-wrap:anywhere}
        th{background:#eee;font-weight:bold}
        table.facts th{width:42mm;background:#f4f4f4}
        code,pre,.hash{font-family:"DejaVu Sans Mono","Liberation Mono",monospace;font-size:8pt}
        .hash{font-size:7.5pt;word-break:break-all;overflow-wrap:anywhere}
        .verdict{border:2.5px solid;padding:3mm 5mm;margin:5mm 0;break-inside:avoid}
        .verdict .word{font-size:20pt;font-weight:bold;margin:0 0 1mm}
        .verdict p{font-size:11pt}
        .valid{border-color:#05620f}.valid .word{color:#05620f}
        .invalid{border-color:#a00000;background:#fff4f4}.invalid .word{color:#a00000}
        .unknown{border-color:#8a5300;background:#fffaf0}.unknown .word{color:#8a5300}
        .pass{color:#05620f}.fail{color:#a00000;font-weight:bold}.skipped{color:#555}
        .warning,.could-not-check{color:#8a5300;font-weight:bold}
        .absent{font-style:italic;color:#444}
        .small{font-size:8.5pt;color:#333}
        .custody p{margin:1mm 0 1mm 6mm;text-indent:-6mm;break-inside:avoid}
        .cmd{margin:2.5mm 0;padding:1.5mm 2.5mm;border-left:3px solid #999;break-inside:avoid}
        pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;padding:1.5mm 2mm;margin:1mm 0}
        pre.output{background:#fff;border:1px dashed #999}
        dl{margin:1mm 0}dt{break-after:avoid;font-weight:bold;font-family:"DejaVu Sans Mono",monospace;font-size:9pt}dd{margin:0 0 1.5mm 6mm;break-inside:avoid}
        .signature{break-inside:avoid;margin-top:4mm}
        .signature td{height:13mm;vertical-align:bottom}.signature th{width:30mm;vertical-align:bottom}
        """

    private func verdictSection() -> String {
        let e = VerificationReport.escape
        var html = "<section class=\"verdict \(verdictClass)\"><h2 style=\"border:0;margin:0\">Result</h2>"
        html += "<p class=\"word\">\(verdictWord)</p><p>\(e(verdict))</p>"
        if !nextSteps.isEmpty {
            html += "<p><strong>What to do next:</strong></p><ul>"
            for step in nextSteps { html += "<li>\(e(step))</li>" }
            html += "</ul>"
        }
        return html + "</section>\n"
    }

    private func exhibitSection() -> String {
        let e = VerificationReport.escape
        var html = "<h2>1. The exhibit</h2>\n<table class=\"facts\">"
        let rows: [(String, Fact)] = [
            ("Exhibit (bundle)", .stated(exhibit)), ("Case reference", caseID), ("Session", sessionID),
            ("Date of the interview", interviewDate), ("Place of the interview", place),
            ("Organisation that sealed it", organisation), ("Interview protocol", protocolName),
        ]
        for (label, fact) in rows { html += "<tr><th>\(e(label))</th><td>\(Self.render(fact))</td></tr>" }
        html += "</table>\n<h3>Recordings</h3>\n"
        if !recordings.isEmpty {
            html +=
                "<table><thead><tr><th style=\"width:22mm\">Recording</th><th style=\"width:38mm\">Length, start, format</th>"
            html += "<th>Fingerprints (SHA-256)</th></tr></thead>"
            for recording in recordings {
                html += "<tr><td>\(recording.number)<br><code>\(e(recording.file))</code></td>"
                html += "<td>\(e(recording.duration))<br><span class=\"small\">started \(e(recording.started))<br>"
                html += "\(e(recording.format))</span></td><td>"
                html += "<span class=\"small\">of the recording itself, recorded at sealing:</span><br>"
                html += "<span class=\"hash\">\(e(recording.plaintextSHA256 ?? "not recorded"))</span><br>"
                html += "<span class=\"small\">of the encrypted file, as stored:</span><br>"
                html += "<span class=\"hash\">\(e(recording.encryptedSHA256 ?? "not measured"))</span></td></tr>"
            }
            html += "</table>\n"
        } else {
            let audio = files.filter { $0.path.hasPrefix("data/audio/") }
            let reason =
                if case .absent(let why) = interviewDate { why } else { "the session's facts list no recording" }
            html += "<p class=\"absent\">Lengths and content fingerprints: \(e(reason)).</p>"
            if !audio.isEmpty {
                html +=
                    "<p>The bundle holds \(audio.count == 1 ? "one recording file" : "\(audio.count) recording files"): "
                html += audio.map { "<code>\(e($0.path))</code>" }.joined(separator: ", ")
                html += "; the fingerprints of the encrypted files are listed under “Files and their fingerprints”.</p>"
            }
        }
        if let head = custodyHead {
            html += "<p class=\"small\">Custody head (fingerprint of the last custody entry, as on a receipt): "
            html += "<span class=\"hash\">\(e(head))</span></p>\n"
        }
        return html
    }

    private func sealingSection() -> String {
        let e = VerificationReport.escape
        var html = "<h2>2. Who sealed it, when, and with what</h2>\n"
        guard !sealing.isEmpty else { return html + "<p class=\"absent\">\(e(unstatedRecord))</p>\n" }
        for sentence in sealing { html += "<p>\(e(sentence))</p>\n" }
        return html
    }

    private func custodySection() -> String {
        let e = VerificationReport.escape
        var html = "<h2>3. Custody: everyone who has held or handled it</h2>\n"
        guard !custody.isEmpty else { return html + "<p class=\"absent\">\(e(unstatedRecord))</p>\n" }
        html += "<p>Each entry below is signed by the person it names; the names are those this verifier trusts "
        html += "for the keys, not names taken from the bundle. Entries are numbered as the custody record numbers "
        html += "them, from 0.</p>\n<div class=\"custody\">"
        for sentence in custody { html += "<p>\(e(sentence))</p>" }
        return html + "</div>\n"
    }

    private func checksSection() -> String {
        let e = VerificationReport.escape
        var html = "<h2>4. What was checked</h2>\n"
        html += "<table><thead><tr><th style=\"width:78mm\">Check</th><th style=\"width:25mm\">Result</th>"
        html += "<th>What was found</th></tr></thead>\n"
        for check in checks {
            html +=
                "<tr><td title=\"\(e(check.title))\">\(e(check.heading)) <code class=\"small\">\(e(check.id))</code></td>"
            html += "<td class=\"\(check.result.rawValue)\">\(e(Self.resultWords(check.result)))</td>"
            html += "<td>\(e(check.detail))"
            if let hint = check.hint, check.result != .pass { html += "<br><em>Next: \(e(hint))</em>" }
            html += "</td></tr>\n"
        }
        return html + "</table>\n"
    }

    private func filesSection() -> String {
        let e = VerificationReport.escape
        var html = "<h2>5. Files and their fingerprints</h2>\n"
        html += "<p>A SHA-256 fingerprint is a 64-character code computed from every byte of a file: changing even "
        html += "one byte gives a completely different code. The first is the fingerprint of the file as it is "
        html += "stored (encrypted), measured by this verification; the second, where shown, is that of its "
        html += "decrypted content as recorded when the bundle was sealed.</p>\n"
        if files.isEmpty { return html + "<p class=\"absent\">No file could be examined.</p>\n" }
        html += "<table><thead><tr><th style=\"width:40mm\">File</th><th>Fingerprints (SHA-256)</th>"
        html += "<th style=\"width:22mm\">Result</th></tr></thead>\n"
        for file in files {
            html += "<tr><td><code>\(e(file.path))</code><br><span class=\"small\">"
            html += "\(file.size.map { Count.of($0, "byte") } ?? "size unknown")</span></td><td>"
            html += "<span class=\"small\">as stored (encrypted):</span><br>"
            html += "<span class=\"hash\">\(e(file.encryptedSHA256 ?? "not read"))</span>"
            if let content = file.plaintextSHA256 {
                html += "<br><span class=\"small\">of its content, recorded at sealing:</span><br>"
                html += "<span class=\"hash\">\(e(content))</span>"
            }
            html += "</td><td class=\"\(file.result.rawValue)\">\(e(Self.resultWords(file.result)))</td></tr>\n"
        }
        html += "</table>\n"
        if let manifest = manifestSHA256 {
            html += "<p class=\"small\">The list of these files (<code>manifest-sha256.txt</code>) has the fingerprint "
            html += "<span class=\"hash\">\(e(manifest))</span>, as the custody record commits it.</p>\n"
        }
        return html
    }

    private func derivativesSection() -> String {
        let e = VerificationReport.escape
        var html = "<h2>6. Originals and derived copies</h2>\n"
        guard signedRecordEstablished else { return html + "<p class=\"absent\">\(e(unstatedRecord))</p>\n" }
        if derivedFrom.isEmpty && derivedCopies.isEmpty {
            return html
                + "<p>This bundle is a sealed original, and its custody record shows no copy made from it.</p>\n"
        }
        for link in derivedFrom + derivedCopies {
            html += "<div class=\"keep\"><p>\(e(link.sentence))</p>"
            if let hash = link.manifestSHA256 {
                html += "<p class=\"small\">File-list fingerprint: <span class=\"hash\">\(e(hash))</span></p>"
            }
            html += "</div>\n"
        }
        return html
    }

    private func verifierSection() -> String {
        let e = VerificationReport.escape
        let who =
            verifier.map { "\(e($0.name)) (\(e($0.role)), key <code>\(e($0.keyID))</code>)" }
            ?? "<span class=\"absent\">not given (no workspace identity: add --as NAME)</span>"
        return """
            <h2>7. Who verified it</h2>
            <table class="facts"><tr><th>Verified by</th><td>\(who)</td></tr>
            <tr><th>Time of verification</th><td>\(e(verifiedAt)), by this computer's clock</td></tr>
            <tr><th>Software</th><td>\(e(software))</td></tr>
            <tr><th>Bundle examined</th><td><code>\(e(bundlePath))</code></td></tr></table>

            """
    }

    private func commandsSection() -> String {
        let e = VerificationReport.escape
        var html = "<h2>8. Repeating the checks without Vitni</h2>\n"
        html += "<p>Anyone can repeat these checks on a Debian or Ubuntu computer with standard tools "
        html += "(<code>sudo apt install minisign age jq openssl</code>, <code>pip install bagit</code>), typing "
        html += "each command in a terminal (bash) opened in the folder where the bundle was examined. "
        html += "The words in capitals stand for files the person repeating the check supplies:</p>\n<dl>"
        for placeholder in placeholders {
            html += "<dt>\(e(placeholder.name))</dt><dd>\(e(placeholder.meaning))</dd>"
        }
        html += "</dl>\n"
        for (index, command) in commands.enumerated() {
            html += "<div class=\"cmd\"><p><strong>\(index + 1). \(e(command.purpose))</strong></p>"
            html += "<pre>\(command.lines.map(e).joined(separator: "\n"))</pre>"
            html += "<p class=\"small\">Expected: \(e(command.expect))\(command.output.isEmpty ? "." : ":")</p>"
            if !command.output.isEmpty {
                html += "<pre class=\"output\">\(command.output.map(e).joined(separator: "\n"))</pre>"
            }
            html += "</div>\n"
        }
        return html
    }

    private func signatureSection() -> String {
        let e = VerificationReport.escape
        return """
            <section class="signature"><h2>9. Certification</h2>
            <p>I certify that I ran the verification this certificate describes, on the date and with the software \
            stated above, and that its results are as shown here.</p>
            <table class="facts"><tr><th>Name</th><td>\(e(verifier?.name ?? ""))</td></tr>
            <tr><th>Role</th><td>\(e(verifier?.role ?? ""))</td></tr>
            <tr><th>Date</th><td></td></tr>
            <tr><th>Signature</th><td></td></tr></table></section>

            """
    }

    /// Why the bundle's signed statements are not repeated.
    private var unstatedRecord: String {
        switch outcome {
        case .invalid:
            "Not stated: the bundle failed verification, so what it says about its sealing, custody and copies "
                + "cannot be relied on and is not repeated here."
        default:
            "Not stated: the signatures could not be checked in this verification, so what the bundle says "
                + "about its sealing, custody and copies is unverified and is not repeated here."
        }
    }

    private static func render(_ fact: Fact) -> String {
        switch fact {
        case .stated(let text): VerificationReport.escape(text)
        case .absent(let reason): "<span class=\"absent\">\(VerificationReport.escape(reason))</span>"
        }
    }

    /// A CSS string literal: anything but letters, digits, space and plain punctuation becomes a
    /// hex escape, so no bundle value can end the string, the rule or the style element.
    static func cssString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            let plain =
                (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || " .,:;_-·()".unicodeScalars.contains(scalar))
                && scalar.value >= 0x20 && scalar.value != 0x7F
            out += plain ? String(scalar) : "\\" + String(scalar.value, radix: 16) + " "
        }
        return out + "\""
    }
}
