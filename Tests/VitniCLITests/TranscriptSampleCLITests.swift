import Foundation
import Testing
import VitniFormats
import VitniKit
import VitniTestSupport

/// The synthetic demo interview in `samples/`: 33 cues naming a child, family, teacher, school,
/// observers and an interpreter, with Nordic ID numbers, a phone number and an e-mail address.
@Suite struct TranscriptSampleCLITests {
    let names = [
        "Elin Solberg", "Elin", "Kari Solberg", "Kari", "Jonas", "Virtanen", "Kastanje School", "Mikkel Holm",
        "Aino Laine", "Sigrún Jónsdóttir",
    ]
    /// Every identifier in the sample, the Finnish temporary number 010101A902T included.
    let numbers = [
        "170101-9984", "01018549847", "010190-1009", "010101A902T", "010180-2369", "+46 70 174 06 50",
        "kari.solberg@example.org",
    ]

    @Test func theSampleInterviewIsImportedRedactedAndCoded() throws {
        let f = try TranscriptCLIFixture(language: "en")
        let path = Repository.root + "/samples/interview.vtt"
        let sample = try Transcript.parse(String(contentsOfFile: path, encoding: .utf8), format: .webVTT)
        let imported = try f.cli.inWorkspace(["transcript", "import", "--as", "anna", "--session", f.session, path])
        #expect(imported.status == 0, "\(imported.stderrText)")
        #expect(imported.stdoutText.contains("imported 33 utterances"))

        let namesFile = try f.cli.work.write("names.txt", names.joined(separator: "\n") + "\n")
        let redacted = try f.cli.inWorkspace([
            "redact", "--as", "anna", "-i", f.cli.work.file("anna.key"), "--session", f.session, "--names-file",
            namesFile, "--accept-all",
        ])
        #expect(redacted.status == 0, "\(redacted.stderrText)")
        let export = try f.export(["--redacted", "--format", "text"])
        #expect(export.status == 0, "\(export.stderrText)")
        for secret in names + numbers {
            #expect(!export.stdoutText.contains(secret), "\(secret) survived redaction")
            #expect(
                try CanarySearch.files(under: f.cli.work.file("ws"), containing: secret).isEmpty, "\(secret) on disk")
        }
        for label in ["[NAME-1]", "[ID-4]", "[PHONE-1]", "[EMAIL-1]"] {
            #expect(export.stdoutText.contains(label), "\(label) missing")
        }
        let back = try Transcript.parse(export.stdoutText, format: .plainText)
        #expect(back.utterances.map(\.start) == sample.utterances.map(\.start))
        #expect(back.utterances.map(\.speaker) == sample.utterances.map(\.speaker))

        let json = try f.cli.inWorkspace([
            "quality", "--session", f.session, "-i", f.cli.work.file("olle.key"), "--json",
        ])
        #expect(json.status == 0, "\(json.stderrText)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdoutText.utf8)) as? [String: Any])
        let coded = try #require(report["coded_prompts"] as? [[String: Any]])
        #expect(coded.count == sample.utterances.filter { $0.speaker == .interviewer }.count)
    }
}
