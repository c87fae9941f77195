import Foundation
import Testing
import VitniKit

@Suite struct QualityReportTests {
    /// A short interview whose coding and metrics were worked out by hand.
    static let interview: [QualityTurn] = [
        QualityTurn(speaker: .interviewer, text: "Hi, my name is Sara.", phase: "introduction"),  // other
        // invitation
        QualityTurn(speaker: .interviewer, text: "Tell me about things you like to do.", phase: "rapport"),
        // 9
        QualityTurn(speaker: .child, text: "I like football and drawing pictures with my sister", phase: "rapport"),
        QualityTurn(speaker: .interviewer, text: "Mm-hm.", phase: "rapport"),  // facilitator
        QualityTurn(speaker: .child, text: "and swimming", phase: "rapport"),  // 2
        QualityTurn(speaker: .interviewer, text: "Tell me everything that happened.", phase: "investigating-incidents"),
        QualityTurn(speaker: .child, text: "He came to our house and he hit me in the kitchen"),  // 12
        // cued
        QualityTurn(speaker: .interviewer, text: "Tell me more about the kitchen.", phase: "investigating-incidents"),
        QualityTurn(speaker: .child, text: "it was dark"),  // 3
        // directive
        QualityTurn(speaker: .interviewer, text: "What colour was his car?", phase: "investigating-incidents"),
        QualityTurn(speaker: .child, text: "red"),  // 1
        // option-posing
        QualityTurn(speaker: .interviewer, text: "Was anyone else there?", phase: "investigating-incidents"),
        QualityTurn(speaker: .child, text: "no"),  // 1
        // paired
        QualityTurn(speaker: .interviewer, text: "Tell me everything about that.", phase: "investigating-incidents"),
        QualityTurn(speaker: .child, text: "nobody else was home that day so I was alone"),  // 10
        // option-posing
        QualityTurn(speaker: .interviewer, text: "Did he say anything?", phase: "investigating-incidents"),
        QualityTurn(speaker: .child, text: "yes"),  // 1
        QualityTurn(speaker: .interviewer, text: "What did he say?", phase: "investigating-incidents"),  // directive
        QualityTurn(speaker: .child, text: "he said be quiet"),  // 4
        QualityTurn(speaker: .interviewer, text: "He touched you too, didn't he?", phase: "investigating-incidents"),
        QualityTurn(speaker: .child, text: "no"),  // 1
        QualityTurn(speaker: .other, text: "Interpreter: could you repeat that please"),
        QualityTurn(speaker: .interviewer, text: "Thank you for telling me.", phase: "closing"),  // other
    ]

    @Test func handBuiltInterviewHasTheWorkedOutMetrics() throws {
        let report = QualityReport(turns: Self.interview, languageCode: "en")
        #expect(
            report.codedPrompts.map(\.category) == [
                .other, .invitation, .facilitator, .invitation, .cuedInvitation, .directive, .optionPosing, .invitation,
                .optionPosing, .directive, .suggestive, .other,
            ])
        #expect(report.codedPrompts.map(\.turn) == [0, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 22])
        let all = report.overall
        #expect(all.prompts == 12)
        #expect(all.counts.invitation == 3)
        #expect(all.counts.cuedInvitation == 1)
        #expect(all.counts.timeSegmenting == 0)
        #expect(all.counts.facilitator == 1)
        #expect(all.counts.directive == 2)
        #expect(all.counts.optionPosing == 2)
        #expect(all.counts.suggestive == 1)
        #expect(all.counts.other == 2)
        #expect(all.substantive == 9)
        #expect(all.invitations == 4)
        #expect(abs(try #require(all.invitationShare) - 4.0 / 9.0) < 1e-9)
        #expect(all.promptsBeforeFirstOptionPosing == 4)
        #expect(all.suggestive == 1)
        #expect(all.optionPosing == 2)
        #expect(all.optionPosingPaired == 1)
        #expect(report.childAnswers == 10)

        let words = all.childWordsByPrompt
        #expect(words["invitation"] == QualityReport.ChildWords(answers: 3, words: 31))
        #expect(abs(try #require(words["invitation"]?.mean) - 31.0 / 3.0) < 1e-9)
        #expect(words["facilitator"] == QualityReport.ChildWords(answers: 1, words: 2))
        #expect(words["cued-invitation"] == QualityReport.ChildWords(answers: 1, words: 3))
        #expect(words["directive"] == QualityReport.ChildWords(answers: 2, words: 5))
        #expect(words["option-posing"] == QualityReport.ChildWords(answers: 2, words: 2))
        #expect(words["suggestive"] == QualityReport.ChildWords(answers: 1, words: 1))
        #expect(words["other"] == nil)

        #expect(report.phases.map(\.phase) == ["introduction", "rapport", "investigating-incidents", "closing"])
        let rapport = report.phases[1]
        #expect(rapport.substantive == 1)
        #expect(rapport.invitationShare == 1.0)
        #expect(rapport.promptsBeforeFirstOptionPosing == nil)
        let incidents = report.phases[2]
        #expect(incidents.substantive == 8)
        #expect(incidents.invitations == 3)
        #expect(incidents.promptsBeforeFirstOptionPosing == 3)
        #expect(incidents.optionPosingPaired == 1)
        #expect(report.phases[3].invitationShare == nil)
    }

    @Test func consecutiveChildTurnsAreOneAnswer() {
        let report = QualityReport(
            turns: [
                QualityTurn(speaker: .interviewer, text: "What happened?"),
                QualityTurn(speaker: .child, text: "we went"),
                QualityTurn(speaker: .child, text: "to the park"),
            ], languageCode: "en")
        #expect(report.childAnswers == 1)
        #expect(report.overall.childWordsByPrompt["invitation"] == QualityReport.ChildWords(answers: 1, words: 5))
        #expect(report.phases.isEmpty)
    }

    @Test func pairingNeedsAnAnswerAndSkipsFacilitators() {
        let stacked = QualityReport(
            turns: [
                QualityTurn(speaker: .interviewer, text: "Var det dag eller natt?"),
                QualityTurn(speaker: .interviewer, text: "Berätta allt som hände."),
                QualityTurn(speaker: .child, text: "det var kväll"),
            ], languageCode: "sv")
        #expect(stacked.overall.optionPosing == 1)
        #expect(stacked.overall.optionPosingPaired == 0)
        #expect(stacked.overall.promptsBeforeFirstOptionPosing == 0)

        let paired = QualityReport(
            turns: [
                QualityTurn(speaker: .interviewer, text: "Var det dag eller natt?"),
                QualityTurn(speaker: .child, text: "natt"),
                QualityTurn(speaker: .interviewer, text: "Okej."),
                QualityTurn(speaker: .interviewer, text: "Berätta mer om det."),
            ], languageCode: "sv-SE")
        #expect(paired.language == .swedish)
        #expect(paired.overall.optionPosingPaired == 1)
        #expect(paired.overall.counts.facilitator == 1)
    }

    @Test func reportAndSummaryNeverContainTheInterviewText() throws {
        let report = QualityReport(turns: Self.interview, languageCode: "en")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try #require(String(data: try encoder.encode(report), encoding: .utf8))
        let summary = report.summary
        for word in ["kitchen", "football", "Sara", "touched", "quiet", "alone", "Interpreter"] {
            #expect(!json.contains(word), "JSON holds \(word)")
            #expect(!summary.contains(word), "summary holds \(word)")
        }
        let decoded = try JSONDecoder().decode(QualityReport.self, from: Data(json.utf8))
        #expect(decoded == report)
        #expect(json.contains("\"invitation_share\""))
        #expect(json.contains("\"prompts_before_first_option_posing\":4"))
    }

    @Test func summaryStatesTheNumbersOnOneScreen() {
        let summary = QualityReport(turns: Self.interview, languageCode: "en").summary
        let lines = summary.split(separator: "\n")
        #expect(lines.count <= 12)
        #expect(summary.contains("Open invitations: 44% of substantive prompts (4 of 9)"))
        #expect(summary.contains("Suggestive prompts: 1 (target 0"))
        #expect(summary.contains("option-posing (yes/no or either/or) question: 4."))
        #expect(summary.contains("paired invitation: 1 of 2"))
        #expect(!summary.contains("used because"))
    }

    @Test func unknownLanguageIsFlagged() {
        let report = QualityReport(
            turns: [QualityTurn(speaker: .interviewer, text: "Was it day or night?")], languageCode: "de")
        #expect(report.languageFallback)
        #expect(report.language == .english)
        #expect(report.overall.counts.optionPosing == 1)
        #expect(report.summary.contains("used because the transcript language has no rules of its own"))
    }
}
