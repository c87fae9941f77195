import Foundation
import Testing
import VitniKit
import VitniTestSupport

@Suite struct TranscriptQualityCLITests {
    @Test func summaryAndJSONCountTheHandMadeInterview() throws {
        let f = try TranscriptCLIFixture(language: "en")
        let transcript = """
            WEBVTT

            00:00:01.000 --> 00:00:03.000
            <v INT>Hello, my name is Anna and I talk with children.

            00:00:03.500 --> 00:00:04.000
            <v CHILD>Okay.

            00:00:10.000 --> 00:00:12.000
            <v INT>Tell me everything about what happened.

            00:00:12.500 --> 00:00:16.000
            <v CHILD>We went to the lake and he pushed me in the water.

            00:00:16.500 --> 00:00:17.000
            <v OBS-1>Ask about the car.

            00:00:17.500 --> 00:00:19.000
            <v INT>Did he hurt you?

            00:00:19.500 --> 00:00:20.000
            <v CHILD>Yes.

            """
        #expect(try f.importFile("q.vtt", transcript).status == 0)
        for (offset, item) in [("0:00", "rapport"), ("0:09.5", "investigating-incidents.tell-everything")] {
            let note = try f.cli.inWorkspace(
                [
                    "note", "--as", "anna", "--session", f.session, "--kind", "phase", "--item", item, "--at", offset,
                    "phase",
                ])
            #expect(note.status == 0, "\(note.stderrText)")
        }
        let key = f.cli.work.file("olle.key")
        let summary = try f.cli.inWorkspace(["quality", "--session", f.session, "-i", key])
        #expect(summary.status == 0, "\(summary.stderrText)")
        #expect(summary.stdoutText.contains("Interviewer utterances: 3"), "\(summary.stdoutText)")
        #expect(!summary.stdoutText.contains("lake"), "the summary holds no transcript text")

        let json = try f.cli.inWorkspace(["quality", "--session", f.session, "-i", key, "--json"])
        #expect(json.status == 0, "\(json.stderrText)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdoutText.utf8)) as? [String: Any])
        #expect(report["language"] as? String == "en")
        #expect(report["child_answers"] as? Int == 3)
        let coded = try #require(report["coded_prompts"] as? [[String: Any]])
        #expect(coded.map { $0["turn"] as? Int } == [0, 2, 5], "INT turns only; OBS-1 is left out")
        #expect(
            coded.map { $0["phase"] as? String } == ["rapport", "investigating-incidents", "investigating-incidents"])
        #expect(coded.map { $0["category"] as? String }.suffix(2) == ["invitation", "option-posing"])
        let phases = try #require(report["phases"] as? [[String: Any]])
        #expect(phases.map { $0["phase"] as? String } == ["rapport", "investigating-incidents"])
        #expect((report["overall"] as? [String: Any])?["prompts"] as? Int == 3)

        let outsider = try f.cli.inWorkspace(["quality", "--session", f.session, "-i", f.cli.work.file("eve.key")])
        #expect(outsider.status == 1)
    }
}
