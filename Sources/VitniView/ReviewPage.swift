import VitniFormats
import VitniKit

/// The review page, rendered on the server from a `ReviewModel`. Every value from the bundle is
/// escaped; there is no inline script or style (the CSP forbids both): behaviour comes from
/// /review.js, which reads the `data-` attributes written here.
enum ReviewPage {
    static func render(_ model: ReviewModel) -> String {
        let e: (String) -> String = { HTML.escape($0) }
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(model.redaction == nil ? "" : "REDACTED COPY · "))\(e(model.title)) · Vitni review</title>
            <link rel="stylesheet" href="/review.css"><script src="/review.js" defer></script>
            </head><body>

            """
        if let redaction = model.redaction {
            html += "<div class=\"redacted-banner\" role=\"note\">\(e(redaction))</div>\n"
        }
        html += """
            <header><h1>\(e(model.title))</h1>
            <p class="verdict \(model.valid ? "valid" : "invalid")" role="status">\(e(model.verdict))</p>
            <button type="button" id="print" class="no-print">Print</button></header>
            \(integritySection(model.integrity))
            <main>
            <section class="player" aria-label="Recordings">

            """
        if model.recordings.count > 1 {
            html += "<div class=\"recordings\" role=\"group\" aria-label=\"Choose a recording\">"
            for recording in model.recordings {
                html +=
                    "<button type=\"button\" class=\"recording\" data-recording=\"\(recording.number)\">"
                    + "Recording \(e(recording.listing))</button>"
            }
            html += "</div>\n"
        }
        if let first = model.recordings.first {
            html += """
                <div class="timeline" id="timeline" data-duration="\(first.durationMilliseconds)">
                <canvas id="waveform" width="1200" height="96" aria-label="Waveform of the recording; click to seek"></canvas>
                <div class="phases" aria-hidden="true">\(phaseBand(model.phases, duration: first.durationMilliseconds))</div>
                <div class="markers">\(markers(model.notes, recording: first.number, duration: first.durationMilliseconds))</div>
                </div>
                <audio id="audio" controls preload="metadata" src="/audio/\(first.number)" data-recording="\(first.number)"
                 aria-label="Recording \(first.number)"></audio>
                <p class="keys no-print">Keys: Space play/pause · ← → 5 s back/forward · N / P next/previous utterance · / search</p>

                """
        } else {
            html += "<p>This bundle holds no recording.</p>\n"
        }
        html += "</section>\n<section class=\"transcript\" aria-label=\"Transcript\"><h2>Transcript</h2>\n"
        html +=
            "<input type=\"search\" id=\"search\" class=\"no-print\" placeholder=\"Search the transcript\" aria-label=\"Search the transcript\">\n"
        if model.cues.isEmpty {
            html += "<p>This bundle holds no transcript.</p>\n"
        } else {
            html += "<ol id=\"cues\">\n"
            for (index, cue) in model.cues.enumerated() {
                html +=
                    "<li class=\"cue role-\(e(cue.role.lowercased()))\" id=\"cue-\(index)\" data-start=\"\(cue.start)\" data-end=\"\(cue.end)\" tabindex=\"0\">"
                    + "<span class=\"at\">\(time(Int64(cue.start)))</span> <span class=\"speaker\">\(e(cue.speaker))</span> "
                    + "<span class=\"text\">\(e(cue.text))</span></li>\n"
            }
            html += "</ol>\n"
        }
        html += "</section>\n<aside>\n"
        html += notesSection(model.notes)
        html += listSection("Checklist", model.checklist, empty: "No checklist in this bundle.")
        html += listSection("Custody", model.custody, empty: "No custody events.", ordered: true)
        html += qualitySection(model)
        html += listSection("Session", model.facts, empty: "")
        html += "</aside>\n</main>\n"
        if let redaction = model.redaction {
            html += "<footer class=\"redacted-banner\">\(e(redaction))</footer>\n"
        }
        return html + "</body></html>\n"
    }

    /// The certificate's gist under the verdict: the sealing, each check, the manifest's
    /// fingerprint, and the printable certificate a court files.
    private static func integritySection(_ integrity: ReviewModel.Integrity?) -> String {
        guard let integrity else { return "" }
        let e: (String) -> String = { HTML.escape($0) }
        var html =
            "<section class=\"integrity\" aria-label=\"Integrity certificate\"><h2>Integrity certificate: "
            + "\(e(integrity.word))</h2>\n<p>\(e(integrity.sentence))</p>\n"
        html += integrity.sealing.prefix(1).map { "<p>\(e($0))</p>\n" }.joined()
        // Each check folds behind one line that counts them, so the player stays in view.
        let tally = Dictionary(grouping: integrity.checks, by: \.result).map {
            "\($0.value.count) \($0.key.lowercased())"
        }
        html += "<details><summary>\(e(tally.sorted().joined(separator: ", "))): each check</summary>\n"
        html += integrity.sealing.dropFirst().map { "<p>\(e($0))</p>\n" }.joined()
        if let manifest = integrity.manifestSHA256 {
            html += "<p>Fingerprint of the manifest (SHA-256): <code class=\"hash\">\(e(manifest))</code></p>\n"
        }
        html += "<ul class=\"checks\">"
        for check in integrity.checks {
            let passed = check.result.hasPrefix("Passed")
            html +=
                "<li class=\"\(passed ? "pass" : "attention")\">\(e(check.heading)): <strong>\(e(check.result))</strong></li>"
        }
        html += "</ul></details>\n"
        html +=
            "<p class=\"no-print\"><a href=\"/certificate\" target=\"_blank\" rel=\"noopener\">"
            + "Open the printable integrity certificate</a>: every check in full, the files' fingerprints, "
            + "and the stock-tool commands that repeat each check.</p>\n"
        return html + "</section>\n"
    }

    /// `02:03.400`, as offsets are typed and shown everywhere else.
    static func time(_ milliseconds: Int64) -> String { Offset.format(max(0, milliseconds)) }

    /// A percentage of the recording's length, for `data-left` (the script places the element).
    private static func share(_ offset: Int64, of duration: Int64) -> String {
        guard duration > 0 else { return "0" }
        return String(Double(min(max(0, offset), duration)) / Double(duration) * 100)
    }

    private static func phaseBand(_ phases: [ReviewModel.Phase], duration: Int64) -> String {
        phases.map { phase in
            "<span class=\"phase\" data-left=\"\(share(phase.start, of: duration))\" data-width=\"\(share(phase.end - phase.start, of: duration))\">\(HTML.escape(phase.name))</span>"
        }.joined()
    }

    private static func markers(_ notes: [ReviewModel.Note], recording: Int, duration: Int64) -> String {
        notes.filter { !$0.superseded && $0.offsetMilliseconds != nil && ($0.recording ?? recording) == recording }
            .map { note in
                let offset = note.offsetMilliseconds ?? 0
                return
                    "<button type=\"button\" class=\"marker kind-\(HTML.escape(note.kind))\" data-left=\"\(share(offset, of: duration))\" data-seek=\"\(offset)\" "
                    + "title=\"\(HTML.escape(note.kind)) at \(time(offset))\" aria-label=\"\(HTML.escape(note.kind)) note at \(time(offset))\"></button>"
            }.joined()
    }

    private static func notesSection(_ notes: [ReviewModel.Note]) -> String {
        var html = "<section class=\"notes\" aria-label=\"Notes\"><h2>Notes</h2>\n"
        guard !notes.isEmpty else { return html + "<p>No notes.</p></section>\n" }
        html += "<ol id=\"notes\">\n"
        // In the recording's order; notes taken outside it (a forced close's summary) last.
        let ordered = notes.enumerated().sorted { a, b in
            (a.element.offsetMilliseconds ?? .max, a.offset) < (b.element.offsetMilliseconds ?? .max, b.offset)
        }.map(\.element)
        for note in ordered {
            let at = note.offsetMilliseconds.map(time) ?? "no time"
            let seek =
                note.offsetMilliseconds.map { " data-seek=\"\($0)\" data-recording=\"\(note.recording ?? 1)\"" } ?? ""
            html +=
                "<li class=\"note kind-\(HTML.escape(note.kind))\(note.superseded ? " superseded" : "")\"><button type=\"button\" class=\"seek\"\(seek)>\(at)</button> "
                + "<span class=\"kind\">\(HTML.escape(note.kind))</span> <span class=\"author\">\(HTML.escape(note.author))</span> "
                + noteText(note.text) + "\(note.superseded ? " <em>(corrected later)</em>" : "")</li>\n"
        }
        return html + "</ol></section>\n"
    }

    /// A long note folds behind its first words, so the list stays readable.
    private static func noteText(_ text: String) -> String {
        guard text.count > 200 else { return "<span class=\"text\">\(HTML.escape(text))</span>" }
        return
            "<details class=\"text\"><summary>\(HTML.escape(text.prefix(120)))…</summary>\(HTML.escape(text))</details>"
    }

    private static func listSection(_ title: String, _ lines: [String], empty: String, ordered: Bool = false) -> String
    {
        guard !(lines.isEmpty && empty.isEmpty) else { return "" }
        var html = "<section aria-label=\"\(title)\"><h2>\(title)</h2>\n"
        guard !lines.isEmpty else { return html + "<p>\(empty)</p></section>\n" }
        let tag = ordered ? "ol" : "ul"
        html += "<\(tag) class=\"lines\">" + lines.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</\(tag)>"
        return html + "</section>\n"
    }

    /// Prompt types per phase as horizontal bars in SVG (attributes, not styles, so the CSP holds).
    private static func qualitySection(_ model: ReviewModel) -> String {
        guard !model.quality.isEmpty || !model.qualitySummary.isEmpty else { return "" }
        var html = "<section class=\"quality\" aria-label=\"Interview quality\"><h2>Interview quality</h2>\n"
        html += model.qualitySummary.map { "<p>\(HTML.escape($0))</p>" }.joined()
        let most = max(1, model.quality.flatMap { $0.counts.map(\.count) }.max() ?? 1)
        for phase in model.quality {
            let rows = phase.counts.filter { $0.count > 0 }
            guard !rows.isEmpty else { continue }
            html += "<figure><figcaption>\(HTML.escape(phase.phase))</figcaption>"
            html +=
                "<svg class=\"bars\" width=\"360\" height=\"\(rows.count * 18)\" role=\"img\" aria-label=\"Prompt types in \(HTML.escape(phase.phase))\">"
            for (index, row) in rows.enumerated() {
                let width = 200 * row.count / most
                html +=
                    "<text x=\"0\" y=\"\(index * 18 + 13)\">\(HTML.escape(row.category))</text>"
                    + "<rect class=\"bar-\(HTML.escape(row.category))\" x=\"120\" y=\"\(index * 18 + 3)\" width=\"\(max(1, width))\" height=\"12\"></rect>"
                    + "<text x=\"\(126 + width)\" y=\"\(index * 18 + 13)\">\(row.count)</text>"
            }
            html += "</svg></figure>\n"
        }
        return html + "</section>\n"
    }
}
