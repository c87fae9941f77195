import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore
import VitniTestSupport

@Suite struct SessionTranscriptRedactionTests {
    /// A child's name (and its genitive), a valid Swedish personnummer and a phone number.
    let sample = interview([
        (0, 3_000, .interviewer, "Hello Zebulon, I'm the interviewer."),
        (3_500, 6_000, .child, "My number is 811218-9876 ((laughs))."),
        (6_500, 9_000, .interviewer, "Whose phone is 070-123 45 67?"),
        (9_000, 12_000, .child, "Zebulon's mum's [inaudible]."),
        (12_500, 14_000, .interviewer, "Thank you."),
    ])

    func prepared() throws -> SessionFixture {
        let f = try SessionFixture()
        try f.manager.transcripts.importTranscript(
            sample, into: f.session, format: .webVTT, source: "human", importer: f.interviewer.publicIdentity)
        try f.manager.redaction.addProtectedNames(["Zebulon"], to: f.session, actor: f.interviewer.publicIdentity)
        return f
    }

    @Test func acceptingEverythingReplacesEachFactWithOneLabelPerEntity() throws {
        let f = try prepared()
        let draft = try f.manager.redaction.redactionDraft(of: f.session, identities: [f.interviewer.identity])
        #expect(draft.proposals.map(\.utterance) == [0, 1, 2, 3])
        let saved = try f.manager.redaction.saveRedaction(
            draft, accepted: draft.proposals, reviewer: f.observer.publicIdentity, audioSpan: .utterance)
        #expect(
            saved.record.derivedFrom
                == (try f.manager.transcripts.transcriptVersions(of: f.session, kind: .original)).last?.id)

        let redacted = try f.manager.transcripts.transcript(
            of: f.session, kind: .redacted, identities: [f.observer.identity])
        let texts = redacted.utterances.map(\.text)
        #expect(texts[0] == "Hello [NAME-1], I'm the interviewer.")
        #expect(texts[1] == "My number is [ID-1] ((laughs)).")
        #expect(texts[2] == "Whose phone is [PHONE-1]?")
        #expect(texts[3].hasPrefix("[NAME-1]"), "the genitive shares the name's label: \(texts[3])")
        #expect(texts[3].hasSuffix("[inaudible]."))
        #expect(texts[4] == "Thank you.")
        for secret in ["Zebulon", "811218", "9876", "070", "45 67"] {
            #expect(!WebVTT.render(redacted).contains(secret))
        }
        #expect(redacted.utterances.map(\.start) == sample.utterances.map(\.start), "times are kept")

        let log = try f.manager.redaction.redactionLog(of: f.session, identities: [f.interviewer.identity])
        #expect(log.count == 4)
        #expect(log.allSatisfy { $0.decision == .accepted && $0.reviewer == f.observer.publicIdentity.keyID })
        #expect(log.map(\.label) == ["[NAME-1]", "[ID-1]", "[PHONE-1]", "[NAME-1]"])
        #expect(log.map(\.utterance) == [1, 2, 3, 4])
        let json = String(decoding: try JSONEncoder().encode(log), as: UTF8.self)
        #expect(!json.contains("Zebulon") && !json.contains("9876") && !json.contains("123 45"))

        let spans = try f.manager.redaction.redactionSpans(of: f.session, identities: [f.interviewer.identity])
        #expect(spans == [0..<3_000, 3_500..<6_000, 6_500..<12_000], "touching utterances merge")
        for secret in ["Zebulon", "811218-9876", "070-123 45 67"] {
            #expect(try CanarySearch.files(under: f.directory.path, containing: secret).isEmpty)
        }
    }

    @Test func rejectionsAreLoggedAndReplaceNothing() throws {
        let f = try prepared()
        let draft = try f.manager.redaction.redactionDraft(of: f.session, identities: [f.interviewer.identity])
        var review = RedactionReview(draft: draft)
        review.answer(.accept)  // the name
        review.answer(.reject)  // the ID number
        #expect(review.answer(.add("whose")) == 1, "an added span is found ignoring case")
        #expect(review.answer(.add("not there")) == 0)
        review.answer(.skipAll)
        #expect(review.isFinished)
        #expect(review.rejectedCount == 3)
        #expect(review.addedCount == 1)
        let saved = try f.manager.redaction.saveRedaction(
            draft, accepted: review.accepted, reviewer: f.interviewer.publicIdentity, audioSpan: .utterance)
        let redacted = try f.manager.transcripts.transcript(
            of: f.session, kind: .redacted, identities: [f.interviewer.identity])
        #expect(redacted.utterances[1].text == sample.utterances[1].text)
        #expect(redacted.utterances[2].text == "[NAME-2] phone is 070-123 45 67?")
        #expect(saved.log.map(\.decision) == [.accepted, .rejected, .rejected, .added, .rejected])
        #expect(saved.log.filter { $0.decision == .rejected }.allSatisfy { $0.label == nil })
        let spans = try f.manager.redaction.redactionSpans(of: f.session, identities: [f.interviewer.identity])
        #expect(spans == [0..<3_000, 6_500..<9_000])
    }

    @Test func answersAreReadAsTyped() {
        #expect(RedactionReview.Answer(typed: "a") == .accept)
        #expect(RedactionReview.Answer(typed: " reject\r") == .reject)
        #expect(RedactionReview.Answer(typed: "A") == .acceptAll)
        #expect(RedactionReview.Answer(typed: "S") == .skipAll)
        #expect(RedactionReview.Answer(typed: "+ Ystad") == .add("Ystad"))
        #expect(RedactionReview.Answer(typed: "add Lund") == .add("Lund"))
        #expect(RedactionReview.Answer(typed: "q") == .quit)
        #expect(RedactionReview.Answer(typed: "maybe") == nil)
    }

    @Test func aRedactionGoesStaleWhenTheOriginalIsReimported() throws {
        let f = try prepared()
        let draft = try f.manager.redaction.redactionDraft(of: f.session, identities: [f.interviewer.identity])
        try f.manager.redaction.saveRedaction(draft, accepted: draft.proposals, reviewer: f.interviewer.publicIdentity)
        try f.manager.transcripts.importTranscript(
            sample, into: f.session, format: .srt, source: "human", importer: f.interviewer.publicIdentity)
        #expect(throws: VitniError.self) {
            try f.manager.transcripts.transcript(of: f.session, kind: .redacted, identities: [f.interviewer.identity])
        }
        #expect(throws: VitniError.self) {
            try f.manager.redaction.redactionSpans(of: f.session, identities: [f.interviewer.identity])
        }
    }

    @Test func pausesAreNotProposedEventDescriptionsAreAndWordTimingsOfChangedUtterancesGo() throws {
        let f = try SessionFixture()
        var transcript = interview([(0, 4_000, .child, "Zebulon was there (12.5) ((Zebulon laughs))")])
        transcript.utterances[0].words = [WordTiming(word: "Zebulon", start: 0, end: 500)]
        try f.manager.transcripts.importTranscript(
            transcript, into: f.session, format: .webVTT, source: "human", importer: f.interviewer.publicIdentity)
        let draft = try f.manager.redaction.redactionDraft(
            of: f.session, identities: [f.interviewer.identity], extraNames: ["Zebulon"])
        #expect(draft.proposals.count == 2, "the name in the event description is proposed")
        try f.manager.redaction.saveRedaction(draft, accepted: draft.proposals, reviewer: f.interviewer.publicIdentity)
        let redacted = try f.manager.transcripts.transcript(
            of: f.session, kind: .redacted, identities: [f.interviewer.identity])
        #expect(redacted.utterances[0].words.isEmpty)
        #expect(redacted.utterances[0].text == "[NAME-1] was there (12.5) (([NAME-1] laughs))")
        #expect(redacted.utterances[0].segments.last == .nonVerbal("[NAME-1] laughs"))
    }
}
