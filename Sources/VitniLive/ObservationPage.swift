import VitniAudio
import VitniFormats
import VitniKit
import VitniStore

/// The observation room's page, rendered on the server; /observe.js brings it to life (the
/// clock, the notes, the questions, the audio) from /state and /audio. No inline script or style.
enum ObservationPage {
    static func render(_ feed: ObservationFeed, for person: ObservationAccess.Person) -> String {
        let e: (String) -> String = { HTML.escape($0) }
        let kinds = person.isInterviewer ? NoteKind.allCases : ObservationFeed.observerKinds
        let buttons = kinds.filter { $0 != .questionToRelay }.map { kind in
            "<button type=\"button\" class=\"quick\" data-kind=\"\(kind.rawValue)\">\(e(kind.rawValue))</button>"
        }.joined(separator: " ")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Observation room · \(e(feed.session.id)) · Vitni</title>
            <link rel="stylesheet" href="/observe.css"><script src="/observe.js" defer></script>
            </head><body data-rate="\(feed.format.sampleRate)" data-interviewer="\(person.isInterviewer)">
            <header><h1>Observation room · \(e(feed.session.id))</h1>
            <p>You are <strong>\(e(person.identity.name))</strong> (\(e(person.identity.role.rawValue)))\
            \(person.isInterviewer ? ", the interviewer" : ""). Every note you post here is sealed with the session \
            under your name.</p></header>
            <main>
            <section class="live" aria-label="Live">
            <p class="clock"><span id="elapsed" role="timer" aria-live="off">00:00</span>
             <span id="listening" role="status"></span> <span id="phase"></span></p>
            <button type="button" id="listen" aria-pressed="false">Listen</button>
            <meter id="level" min="0" max="1" value="0" aria-label="Audio level"></meter>
            </section>
            <section class="post" aria-label="Post a note">
            <h2>Post a note</h2>
            <label for="text">Note</label>
            <textarea id="text" rows="2" maxlength="65536"></textarea>
            <p>\(buttons)</p>
            <h2>Question for the interviewer to relay at the break</h2>
            <label for="question">Question</label>
            <textarea id="question" rows="2" maxlength="65536"></textarea>
            <p><button type="button" id="ask">Send the question</button> <span id="posted" role="status"></span></p>
            </section>
            <section class="questions" aria-label="Questions to relay"><h2>Questions to relay</h2>
            <ol id="questions"></ol></section>
            <section class="notes" aria-label="Notes"><h2>Notes</h2><ol id="notes"></ol></section>
            </main></body></html>

            """
    }
}
