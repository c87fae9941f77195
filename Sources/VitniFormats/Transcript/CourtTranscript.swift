/// The line-numbered transcript a court reads: a header with the case facts and who was present,
/// then every utterance with its time and speaker, wrapped to a fixed width, on numbered lines
/// (numbers continue across pages) and pages of a fixed number of lines, each with "Page x of y".
///
/// Line layout (width W, default 72): a five-column line number and one space, then the content
/// (`W - 6` columns). An utterance's first line starts `HH:MM:SS ROLE: `; continuation lines are
/// indented to where the text began. Words longer than a line are broken. Columns are counted in
/// characters (grapheme clusters).
///
/// The text form separates pages with a form feed (U+000C) on a line of its own; the HTML form
/// is one self-contained page with inline CSS, `page-break-after` between pages and every string
/// HTML-escaped. Both forms have the same lines and numbers, so a reference to "page 3, line 61"
/// means the same in either.
public enum CourtTranscript {
    /// One printed page: the header lines (first page only) and the numbered lines.
    struct Page {
        let number: Int
        let header: [String]
        let lines: [(number: Int, text: String)]
    }

    static let numberWidth = 5

    /// Lays the transcript out into pages.
    static func pages(_ transcript: Transcript, header: CourtTranscriptHeader, layout: CourtTranscriptLayout) -> [Page]
    {
        let contentWidth = layout.width - numberWidth - 1
        var body: [String] = []
        for utterance in transcript.utterances {
            let prefix = TranscriptTime.formatSeconds(utterance.start) + " " + utterance.speaker.token + ": "
            body.append(
                contentsOf: wrap(TextSafety.line(utterance.text), width: contentWidth, prefix: prefix))
        }
        let numbered = body.enumerated().map { (number: $0.offset + 1, text: $0.element) }
        let chunks = stride(from: 0, to: max(numbered.count, 1), by: layout.linesPerPage).map {
            Array(numbered[$0..<min($0 + layout.linesPerPage, numbered.count)])
        }
        return chunks.enumerated().map { index, lines in
            Page(
                number: index + 1, header: index == 0 ? headerLines(transcript, header, width: layout.width) : [],
                lines: lines)
        }
    }

    /// The header block: title, case facts, who was present, the transcript's source and language.
    static func headerLines(_ transcript: Transcript, _ header: CourtTranscriptHeader, width: Int) -> [String] {
        var lines = ["TRANSCRIPT OF RECORDED INTERVIEW" + (header.redaction == nil ? "" : " (REDACTED COPY)"), ""]
        func field(_ name: String, _ value: String) {
            let prefix = name + ": "
            lines.append(contentsOf: wrap(TextSafety.line(value), width: width, prefix: prefix))
        }
        field("Case", header.caseID)
        field("Session", header.sessionID)
        field("Date", header.date)
        field("Place", header.place)
        if let title = transcript.metadata.title { field("Title", title) }
        if let language = transcript.metadata.language { field("Language", language) }
        field("Transcript", transcript.metadata.source ?? "source not stated")
        lines.append("Present:")
        for attendee in header.present {
            var entry = TextSafety.line(attendee.role)
            if let label = attendee.label { entry += " (" + label.token + ")" }
            entry += ": " + (attendee.name.map(TextSafety.line) ?? "[name withheld]")
            lines.append(contentsOf: wrap(entry, width: width, prefix: "  - "))
        }
        lines.append("")
        return lines
    }

    /// Greedy word wrap: the first line starts with `prefix`, the rest are indented by its width.
    static func wrap(_ text: String, width: Int, prefix: String) -> [String] {
        let indent = String(repeating: " ", count: prefix.count)
        let available = max(width - prefix.count, 8)
        var lines: [String] = []
        var current = ""
        func flush() {
            lines.append((lines.isEmpty ? prefix : indent) + current)
            current = ""
        }
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            if !current.isEmpty, current.count + 1 + word.count > available { flush() }
            while word.count > available {
                if !current.isEmpty { flush() }
                current = String(word.prefix(available))
                word = word.dropFirst(available)
                flush()
            }
            guard !word.isEmpty else { continue }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty || lines.isEmpty { flush() }
        return lines.map { $0.hasSuffix(" ") ? String($0.dropLast(while: { $0 == " " })) : $0 }
    }

    /// The plain-text court transcript.
    ///
    /// - Parameters:
    ///   - transcript: A validated transcript.
    ///   - header: Case facts and who was present (names may be withheld).
    ///   - layout: Width and lines per page.
    /// - Returns: Pages separated by a form feed line; each ends with a centred "Page x of y".
    public static func text(
        _ transcript: Transcript, header: CourtTranscriptHeader, layout: CourtTranscriptLayout = .init()
    ) -> String {
        let pages = pages(transcript, header: header, layout: layout)
        var out: [String] = []
        for page in pages {
            // A redacted copy says so at the head of every page, centred, above the numbered lines.
            var lines: [String] = []
            if let banner = header.redaction {
                let text = "*** " + TextSafety.line(banner) + " ***"
                lines = [String(repeating: " ", count: max(0, (layout.width - text.count) / 2)) + text, ""]
            }
            lines += page.header
            for line in page.lines {
                let number = String(line.number)
                lines.append(
                    String(repeating: " ", count: max(0, numberWidth - number.count)) + number + " " + line.text)
            }
            let footer = (header.redaction == nil ? "" : "Redacted copy · ") + "Page \(page.number) of \(pages.count)"
            lines.append("")
            lines.append(String(repeating: " ", count: max(0, (layout.width - footer.count) / 2)) + footer)
            out.append(lines.joined(separator: "\n") + "\n")
        }
        return out.joined(separator: "\u{0C}\n")
    }
}

extension StringProtocol {
    fileprivate func dropLast(while predicate: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
