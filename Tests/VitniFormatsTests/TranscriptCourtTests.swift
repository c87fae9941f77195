import Foundation
import Testing
import VitniFormats

@Suite struct TranscriptCourtTests {
    private static let header = CourtTranscriptHeader(
        caseID: "CASE-2026-0042", sessionID: "S01", date: "2026-11-02 09:30", place: "Barnahus <Reykjavík>",
        present: [
            .init(role: "Interviewer", label: .interviewer, name: "Anna Berg"),
            .init(role: "Child", label: .child, name: nil),
            .init(role: "Police officer (observing)", label: .observer(1), name: "<script>alert('x')</script>"),
        ])

    /// 40 utterances that each wrap to exactly three lines at width 72 (52 or 50 columns of text).
    private static let long = Transcript(
        metadata: .init(language: "sv", source: "human"),
        utterances: (0..<40).map { index in
            Utterance(
                start: index * 10_000, end: index * 10_000 + 5000, speaker: index % 2 == 0 ? .interviewer : .child,
                text: "Utterance \(index)" + String(repeating: " ord", count: 30))
        })

    private func numberedLines(_ page: Substring) -> [(Int, String)] {
        page.split(separator: "\n").compactMap { line in
            let head = line.prefix(5).trimmingCharacters(in: .whitespaces)
            guard line.count > 6, let number = Int(head), line.dropFirst(5).first == " " else { return nil }
            return (number, String(line.dropFirst(6)))
        }
    }

    @Test func numbersLinesContinuouslyAcrossPages() throws {
        let text = CourtTranscript.text(Self.long, header: Self.header, layout: .init(width: 72, linesPerPage: 25))
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        let lines = pages.map(numberedLines)
        let total = lines.map(\.count).reduce(0, +)
        #expect(total == 120)
        #expect(pages.count == 5)
        #expect(lines.flatMap { $0.map(\.0) } == Array(1...120))
        #expect(lines.dropLast().allSatisfy { $0.count == 25 })
        #expect(lines.last?.count == 20)
        for (index, page) in pages.enumerated() {
            #expect(page.contains("Page \(index + 1) of 5"))
        }
        for line in text.split(separator: "\n") {
            #expect(line.count <= 72, "\(line)")
        }
        #expect(lines[0][0].1.hasPrefix("00:00:00 INT: Utterance 0 ord"))
        #expect(lines[0][1].1.hasPrefix(String(repeating: " ", count: 14) + "ord ord"))
        #expect(lines[0][3].1.hasPrefix("00:00:10 CHILD: Utterance 1"))
    }

    @Test func headerNamesEveryoneByRoleAndWithholdsMissingNames() {
        let text = CourtTranscript.text(Self.long, header: Self.header)
        let firstPage = text.split(separator: "\u{0C}")[0]
        #expect(firstPage.contains("Case: CASE-2026-0042"))
        #expect(firstPage.contains("Session: S01"))
        #expect(firstPage.contains("Date: 2026-11-02 09:30"))
        #expect(firstPage.contains("Place: Barnahus <Reykjavík>"))
        #expect(firstPage.contains("Interviewer (INT): Anna Berg"))
        #expect(firstPage.contains("Child (CHILD): [name withheld]"))
        #expect(firstPage.contains("Transcript: human"))
        #expect(!text.split(separator: "\u{0C}")[1].contains("Case:"))
    }

    @Test func wrapsLongWordsAndKeepsEmptyUtterances() {
        let transcript = Transcript(utterances: [
            Utterance(start: 0, end: 1000, speaker: .child, text: String(repeating: "x", count: 150)),
            Utterance(start: 2000, end: 3000, speaker: .interviewer, text: ""),
        ])
        let text = CourtTranscript.text(transcript, header: Self.header, layout: .init(width: 60, linesPerPage: 10))
        let lines = numberedLines(Substring(text))
        #expect(lines.count == 5)
        #expect(lines.map(\.1).joined().filter { $0 == "x" }.count == 150)
        #expect(lines.last?.1 == "00:00:02 INT:")
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 60 })
    }

    @Test func htmlEscapesEverythingAndBreaksPages() {
        var hostile = Self.long
        hostile.utterances[0].text = "<script>alert(1)</script> & \"quoted\" 'single' <img src=x onerror=alert(2)>"
        hostile.metadata.title = "\"><script>alert(3)</script>"
        let html = CourtTranscript.html(hostile, header: Self.header, layout: .init(linesPerPage: 25))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;"))
        #expect(html.contains("Barnahus &lt;Reykjavík&gt;"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("page-break-after: always"))
        let text = CourtTranscript.text(hostile, header: Self.header, layout: .init(linesPerPage: 25))
        let numbered = text.split(separator: "\u{0C}").flatMap(numberedLines)
        let pageCount = text.split(separator: "\u{0C}").count
        #expect(numbered.count > 100 && pageCount == (numbered.count + 24) / 25)
        #expect(html.components(separatedBy: "<section class=\"page\">").count - 1 == pageCount)
        #expect(html.contains("<footer>Page \(pageCount) of \(pageCount)</footer>"))
        #expect(html.components(separatedBy: "<span class=\"n\">").count - 1 == numbered.count)
        #expect(html.contains("<span class=\"n\">\(numbered.count)</span>"))
        #expect(html.contains("lang=\"sv\""))
        #expect(!html.contains("http://") && !html.contains("https://"))
    }

    /// A redacted copy says so on every page of both forms, never only on the first; the
    /// original's pages carry no such banner.
    @Test func aRedactedCopySaysSoOnEveryPage() {
        var redacted = Self.header
        redacted.redaction = CourtTranscriptHeader.redactedBanner
        let layout = CourtTranscriptLayout(width: 72, linesPerPage: 5)
        let pages = CourtTranscript.text(Self.long, header: redacted, layout: layout).split(separator: "\u{0C}")
        #expect(pages.count > 2)
        for (index, page) in pages.enumerated() {
            #expect(page.contains("*** REDACTED COPY: names and identifying details withheld ***"), "page \(index + 1)")
            #expect(page.contains("Redacted copy · Page \(index + 1) of \(pages.count)"))
        }
        #expect(pages[0].contains("TRANSCRIPT OF RECORDED INTERVIEW (REDACTED COPY)"))
        let html = CourtTranscript.html(Self.long, header: redacted, layout: layout)
        #expect(html.components(separatedBy: "<div class=\"redacted\">").count - 1 == pages.count)
        #expect(html.contains("(redacted copy)</title>"))
        let original = CourtTranscript.text(Self.long, header: Self.header, layout: layout)
        #expect(!original.contains("REDACTED") && !original.contains("Redacted"))
    }

    @Test func textAndHTMLHaveTheSameLines() {
        let text = CourtTranscript.text(Self.long, header: Self.header)
        let html = CourtTranscript.html(Self.long, header: Self.header)
        for page in text.split(separator: "\u{0C}") {
            for (number, line) in numberedLines(page) {
                #expect(
                    html.contains("<span class=\"n\">\(number)</span>\(line)\n")
                        || html.contains("<span class=\"n\">\(number)</span>\(line)</div>"))
            }
        }
    }
}
