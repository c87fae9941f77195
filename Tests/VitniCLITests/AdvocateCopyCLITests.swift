import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// The sample interview end to end: recorded, transcribed, redacted, sealed, and the child
/// advocate's redacted copy exported, verified and searched for what it must not hold.
@Suite struct AdvocateCopyCLITests {
    let cli: CLI
    let session = "CASE-6_S01"
    let protected = ["Elin Solberg", "Elin", "Kari Solberg", "Kari", "Mikkel Holm", "Aino Laine", "Sigrún Jónsdóttir"]
    let identifiers = [
        "170101-9984", "01018549847", "010190-1009", "010101A902T", "010180-2369", "+46 70 174 06 50",
        "kari.solberg@example.org",
    ]

    init() throws {
        cli = try CLI()
        try cli.signingPerson("anna", .interviewer)
        try cli.signingPerson("frida", .advocate)
        try #require(try cli.run(["init", cli.work.file("ws")]).status == 0)
        let started = try cli.inWorkspace([
            "session", "start", "--case", "CASE-6", "--protocol", "nichd-revised", "--interviewer", "anna",
            "--language", "en",
            "--child-ref", "Elin Solberg",
        ])
        try #require(started.status == 0, "\(started.stderrText)")
    }

    @Test func redactedCopyDerivesFromTheOriginalAndHoldsNoIdentifiers() throws {
        let samples = Repository.root + "/samples"
        let recorded = try cli.run(
            ["record", "--workspace", cli.work.file("ws"), "--as", "anna", "--quiet"],
            stdin: Array(try Data(contentsOf: URL(fileURLWithPath: samples + "/interview.flac"))))
        try #require(recorded.status == 0, "\(recorded.stderrText)")
        let imported = try cli.inWorkspace(["transcript", "import", samples + "/interview.vtt", "--as", "anna"])
        try #require(imported.status == 0, "\(imported.stderrText)")
        var redact = [
            "redact", "--as", "anna", "--accept-all", "-i", cli.work.file("anna.key"), "--audio-span", "utterance",
        ]
        for name in protected { redact += ["--name", name] }
        let redacted = try cli.inWorkspace(redact)
        try #require(redacted.status == 0, "\(redacted.stderrText)")
        #expect(
            try cli.inWorkspace([
                "session", "close", "--as", "anna", "--session", session, "--force", "--reason", "test session",
            ]).status == 0)
        let sealed = try cli.inWorkspace([
            "seal", "--session", session, "--output-directory", cli.work.file("out"), "-i", cli.work.file("anna.key"),
            "--key",
            cli.work.file("anna.minisign"),
        ])
        try #require(sealed.status == 0, "\(sealed.stderrText)")
        let original = cli.work.file("out/\(session)")
        #expect(
            FileManager.default.fileExists(atPath: original + "/data/transcript.vtt.age"),
            "the transcript is sealed with the session")

        let exported = try cli.inWorkspace([
            "export", "--redacted", "--for", "frida", original, "-i", cli.work.file("anna.key"), "--key",
            cli.work.file("anna.minisign"),
        ])
        try #require(exported.status == 0, "\(exported.stderrText)")
        let copy = cli.work.file("out/\(session)_REDACTED")

        let verified = try cli.run(["verify", copy, "--original", original, "--identity", cli.work.file("frida.key")])
        #expect(verified.status == 0, "\(verified.stdoutText)")
        #expect(verified.stdoutText.contains("derived.link"))
        #expect(
            try cli.run(["verify", original]).status == 0, "the original, with its `exported` event, still verifies")
        #expect(try cli.run(["custody", "log", original]).stdoutText.contains("exported"))
        let bagit = try runProcess(Repository.root + "/.venv/bin/bagit.py", ["--validate", copy])
        #expect(bagit.status == 0, "bagit.py: \(bagit.stderrText)")
        let publicKey = try cli.work.write(
            "anna.pub", try PublicIdentity.load(path: cli.work.file("anna.json")).signingKey().fileText)
        let minisign = try runProcess(
            try Peer.path("minisign"), ["-V", "-H", "-p", publicKey, "-m", copy + "/tagmanifest-sha256.txt"])
        #expect(minisign.status == 0, "minisign: \(minisign.stderrText)")
        #expect(
            try cli.run(["decrypt", "-i", cli.work.file("anna.key"), copy + "/data/session.json.age"]).status != 0,
            "the copy is encrypted to its readers only")

        // Decrypt everything the advocate receives and search it.
        var plaintext: [UInt8] = []
        for file in [
            "data/transcript.redacted.vtt.age", "data/redactions/redaction-log.jsonl.age", "data/session.json.age",
        ] {
            let opened = try cli.run(["decrypt", "-i", cli.work.file("frida.key"), copy + "/" + file])
            try #require(opened.status == 0, "\(file): \(opened.stderrText)")
            plaintext += opened.stdout
        }
        let text = String(decoding: plaintext, as: UTF8.self)
        #expect(text.contains("[NAME-1]"), "names are replaced by labels")
        for secret in protected + identifiers + ["Elin", "Solberg"] {
            #expect(!text.contains(secret), "'\(secret)' leaked into the advocate's copy")
        }
        // Cue 2 (4.9–10.4 s: the child's name and personal number) is muted in the redacted audio.
        let audio = try cli.run([
            "decrypt", "-i", cli.work.file("frida.key"), "-o", cli.work.file("redacted.flac"),
            copy + "/data/audio/1.flac.age",
        ])
        try #require(audio.status == 0)
        let span = try runProcess(
            try Peer.path("sox"), [cli.work.file("redacted.flac"), "-n", "trim", "5", "5", "stat"])
        #expect(span.stderrText.contains("Maximum amplitude:     0.000000"), "\(span.stderrText)")
        let untouched = try runProcess(
            try Peer.path("sox"), [samples + "/interview.flac", "-n", "trim", "5", "5", "stat"])
        #expect(!untouched.stderrText.contains("Maximum amplitude:     0.000000"), "the original has speech there")
    }
}
