import Foundation
import Testing
import VitniTestSupport

/// Bundles made by an earlier release (Tests/Golden/v*, committed once by `make-golden` and never
/// remade) must verify and open with this build unchanged: a bundle sealed today is read for as
/// long as its case lasts.
@Suite struct GoldenBundleCLITests {
    static let releases = ["v1.0.0"]
    let cli: CLI
    let golden: String

    init() throws {
        cli = try CLI()
        golden = cli.work.file("golden")
        // A private copy, so nothing a command might do can touch the committed files; age
        // identity files must be private to be read.
        let copy = try runProcess("/bin/cp", ["-R", Repository.root + "/Tests/Golden", golden])
        try #require(copy.status == 0, "\(copy.stderrText)")
        for release in Self.releases {
            for key in ["per.agekey", "frida.agekey"] { chmod(golden + "/" + release + "/" + key, 0o600) }
        }
    }

    @Test(arguments: releases) func theOriginalVerifiesAndOpens(release: String) throws {
        let dir = golden + "/" + release
        let original = dir + "/GOLDEN-1_S01"
        let verified = try cli.run([
            "verify", original, "--trust", dir + "/anna.identity.json", "--identity", dir + "/per.agekey",
        ])
        #expect(verified.status == 0, "\(verified.stdoutText)\(verified.stderrText)")
        #expect(verified.stdoutText.contains("VALID"))
        let trust = ["--trust", dir + "/anna.identity.json"]
        let notes = try cli.run(["open", "--part", "notes", original, "-i", dir + "/per.agekey"] + trust)
        #expect(notes.status == 0, "\(notes.stderrText)")
        #expect(notes.stdoutText.contains("Introduction started") && notes.stdoutText.contains("Child smiled"))
        let checklist = try cli.run(
            ["open", "--part", "checklist", "--json", original, "-i", dir + "/per.agekey"] + trust)
        #expect(checklist.status == 0 && checklist.stdoutText.contains("introduction.name-and-role"))
        let transcript = try cli.run(
            ["transcript", "export", "--bundle", original, "-i", dir + "/per.agekey"] + trust)
        #expect(transcript.status == 0 && transcript.stdoutText.contains("I'm Elin Solberg."))
        let audio = try cli.run(["play", "--bundle", original, "-i", dir + "/per.agekey"] + trust)
        #expect(audio.status == 0 && audio.stdout.count == 44 + 2 * 16_000 * 2, "two seconds of 16 kHz mono WAV")
    }

    /// The tar form of every release verifies and opens in place, as its directory does.
    @Test(arguments: releases) func theTarFormVerifiesAndOpensInPlace(release: String) throws {
        let dir = golden + "/" + release
        let trust = ["--trust", dir + "/anna.identity.json"]
        let verified = try cli.run(["verify", dir + "/GOLDEN-1_S01.tar", "-i", dir + "/per.agekey"] + trust)
        #expect(verified.status == 0, "\(verified.stdoutText)\(verified.stderrText)")
        #expect(verified.stdoutText.contains("[ok  ] bag.archive"))
        let notes = try cli.run(
            ["open", "--part", "notes", dir + "/GOLDEN-1_S01.tar", "-i", dir + "/per.agekey"] + trust)
        #expect(notes.status == 0 && notes.stdoutText.contains("Child smiled"), "\(notes.stderrText)")
    }

    @Test(arguments: releases) func theTarFormVerifiesOnceExtracted(release: String) throws {
        let dir = golden + "/" + release
        let extracted = cli.work.file("extracted-" + release)
        try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: false)
        let untar = try runProcess("/bin/tar", ["-xf", dir + "/GOLDEN-1_S01.tar", "-C", extracted])
        try #require(untar.status == 0, "\(untar.stderrText)")
        let verified = try cli.run(["verify", extracted + "/GOLDEN-1_S01", "--trust", dir + "/anna.identity.json"])
        #expect(verified.status == 0, "\(verified.stdoutText)")
    }

    @Test(arguments: releases) func theAdvocatesCopyVerifiesAgainstItsOriginalAndOpens(release: String) throws {
        let dir = golden + "/" + release
        let copy = dir + "/GOLDEN-1_S01_REDACTED"
        let verified = try cli.run([
            "verify", copy, "--original", dir + "/GOLDEN-1_S01", "--trust", dir + "/anna.identity.json",
            "--identity", dir + "/frida.agekey",
        ])
        #expect(verified.status == 0, "\(verified.stdoutText)")
        #expect(verified.stdoutText.contains("derived.link"))
        let trust = ["--trust", dir + "/anna.identity.json"]
        let transcript = try cli.run(["transcript", "export", "--bundle", copy, "-i", dir + "/frida.agekey"] + trust)
        #expect(transcript.status == 0, "\(transcript.stderrText)")
        #expect(transcript.stdoutText.contains("[NAME-1]") && !transcript.stdoutText.contains("Elin"))
        let opened = try cli.run(["open", "--part", "transcript", copy, "-i", dir + "/frida.agekey"] + trust)
        #expect(opened.status == 0, "\(opened.stderrText)")
        #expect(opened.stdoutText.contains("[NAME-1]") && !opened.stdoutText.contains("Elin"))
    }

    /// Every page of a redacted copy's court transcript says it is one, in both forms, and the
    /// header lists who was present by role though the copy names nobody.
    @Test(arguments: releases) func theAdvocatesCourtTranscriptIsVisiblyRedacted(release: String) throws {
        let dir = golden + "/" + release
        let reader = ["--bundle", dir + "/GOLDEN-1_S01_REDACTED", "-i", dir + "/frida.agekey"]
        let trust = ["--trust", dir + "/anna.identity.json"]
        let text = try cli.run(["transcript", "export", "--format", "court"] + reader + trust)
        #expect(text.status == 0, "\(text.stderrText)")
        let pages = text.stdoutText.components(separatedBy: "\u{0C}")
        #expect(!pages.isEmpty)
        for (index, page) in pages.enumerated() {
            #expect(page.contains("*** REDACTED COPY: names and identifying details withheld ***"), "page \(index + 1)")
            #expect(page.contains("Redacted copy · Page \(index + 1) of \(pages.count)"))
        }
        #expect(text.stdoutText.contains("Interviewer (INT): [name withheld]"), "\(text.stdoutText)")
        #expect(text.stdoutText.contains("Child (CHILD): [name withheld]"))
        let html = try cli.run(["transcript", "export", "--format", "court-html"] + reader + trust)
        #expect(html.status == 0, "\(html.stderrText)")
        let banners = html.stdoutText.components(separatedBy: "<div class=\"redacted\">").count - 1
        #expect(banners == pages.count, "one banner per page")
        #expect(!html.stdoutText.contains("Elin"))
    }

    /// A bundle of an unknown major format version is "could not check" — a newer Vitni made it —
    /// never "invalid" and never "valid".
    @Test(arguments: releases) func aNewerMajorVersionIsCouldNotCheck(release: String) throws {
        let dir = golden + "/" + release
        let original = dir + "/GOLDEN-1_S01"
        let bagInfo = original + "/bag-info.txt"
        let text = try String(contentsOfFile: bagInfo, encoding: .utf8)
        try #require(text.contains("Vitni-Bundle-Version: 1\n"))
        try Data(text.replacingOccurrences(of: "Vitni-Bundle-Version: 1\n", with: "Vitni-Bundle-Version: 2\n").utf8)
            .write(to: URL(fileURLWithPath: bagInfo))
        let verified = try cli.run(["verify", original, "--trust", dir + "/anna.identity.json"])
        #expect(verified.status == 2, "\(verified.stdoutText)")
        #expect(verified.stdoutText.contains("made by a newer Vitni"))
        let json = try cli.run(["verify", original, "--json"])
        #expect(json.status == 2 && json.stdoutText.contains("could-not-check"))
    }
}
