extension CourtTranscript {
    /// The court transcript as one self-contained, printable HTML page: inline CSS, no scripts,
    /// no external resources, every string from the transcript or header HTML-escaped. Each page
    /// is a `<section>` that ends with `page-break-after: always` (except the last).
    ///
    /// - Parameters:
    ///   - transcript: A validated transcript.
    ///   - header: Case facts and who was present (names may be withheld).
    ///   - layout: Width and lines per page (the same lines and numbers as `text`).
    /// - Returns: The HTML document.
    public static func html(
        _ transcript: Transcript, header: CourtTranscriptHeader, layout: CourtTranscriptLayout = .init()
    ) -> String {
        let pages = pages(transcript, header: header, layout: layout)
        let language = transcript.metadata.language.map { " lang=\"\(escape($0))\"" } ?? ""
        var out = """
            <!DOCTYPE html>
            <html\(language)>
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <title>Transcript \(escape(header.caseID)) \(escape(header.sessionID))\(header.redaction == nil ? "" : " (redacted copy)")</title>
            <style>
            body { font-family: "DejaVu Sans Mono", "Courier New", monospace; font-size: 11pt; margin: 0; }
            section.page { width: \(layout.width)ch; margin: 1em auto; page-break-after: always; break-after: page; }
            section.page:last-of-type { page-break-after: auto; break-after: auto; }
            .header, .lines { white-space: pre; margin: 0; }
            .n { display: inline-block; width: \(numberWidth)ch; text-align: right; margin-right: 1ch; color: #555; }
            footer { text-align: center; margin-top: 1em; }
            .redacted { text-align: center; font-weight: bold; border: 2px solid #000; padding: 0.3em; margin-bottom: 1em; }
            </style>
            </head>
            <body>

            """
        for page in pages {
            out += "<section class=\"page\">\n"
            if let banner = header.redaction { out += "<div class=\"redacted\">\(escape(banner))</div>\n" }
            if !page.header.isEmpty {
                out += "<div class=\"header\">" + page.header.map(escape).joined(separator: "\n") + "</div>\n"
            }
            out += "<div class=\"lines\">"
            out += page.lines.map { "<span class=\"n\">\($0.number)</span>" + escape($0.text) }.joined(separator: "\n")
            out += "</div>\n"
            let copy = header.redaction == nil ? "" : "Redacted copy · "
            out += "<footer>\(copy)Page \(page.number) of \(pages.count)</footer>\n"
            out += "</section>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    static func escape(_ text: String) -> String { HTML.escape(text) }
}
