import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniStore
import VitniTestSupport

@Suite struct SessionTranscriptQualityTests {
    @Test func turnsTakeRolesFromLabelsAndPhasesFromPhaseNotes() throws {
        let f = try SessionFixture()
        let anna = f.interviewer.publicIdentity
        try f.manager.transcripts.importTranscript(
            interview([
                (0, 1_000, .interviewer, "Hej, jag heter Anna."),
                (1_500, 2_500, .child, "Hej."),
                (3_000, 4_000, .interviewer, "Berätta allt om den dagen (2.0) från början."),
                (4_500, 6_000, .child, "Vi åkte till sjön och badade hela dagen."),
                (6_500, 7_000, .observer(1), "Kan du fråga om bilen?"),
                (7_500, 8_000, .interviewer, "Slog han dig?"),
                (8_500, 9_000, .child, "Ja."),
            ]), into: f.session, format: .webVTT, source: "human", importer: anna)
        try f.manager.notes.add(
            to: f.session, author: anna, kind: .phase, text: "intro", offset: 0, protocolItem: "intro")
        try f.manager.notes.add(
            to: f.session, author: anna, kind: .phase, text: "recall", offset: 3_000, protocolItem: "recall.invite")
        let wrong = try f.manager.notes.add(
            to: f.session, author: anna, kind: .phase, text: "closing", offset: 7_200, protocolItem: "close")
        try f.manager.notes.add(
            to: f.session, author: anna, kind: .phase, text: "closing, corrected", offset: 9_500, protocolItem: "close",
            supersedes: wrong.noteID)
        try f.manager.notes.add(to: f.session, author: anna, kind: .observation, text: "not a phase", offset: 100)

        let turns = try f.manager.transcripts.qualityTurns(of: f.session, identities: [f.observer.identity])
        #expect(turns.map(\.speaker) == [.interviewer, .child, .interviewer, .child, .other, .interviewer, .child])
        #expect(turns.map(\.phase) == ["intro", "intro", "recall", "recall", "recall", "recall", "recall"])
        #expect(turns[2].text == "Berätta allt om den dagen från början.", "markers are left out")

        let report = try f.manager.transcripts.qualityReport(of: f.session, identities: [f.observer.identity])
        #expect(report.language == .swedish)
        #expect(report.codedPrompts.map(\.turn) == [0, 2, 5])
        #expect(report.childAnswers == 3)
        #expect(report.phases.map(\.phase) == ["intro", "recall"])
        #expect(report.overall.prompts == 3)
    }
}
