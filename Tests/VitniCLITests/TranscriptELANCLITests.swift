import Foundation
import Testing
import VitniFormats
import VitniTestSupport

/// A real ELAN file (Tests/Fixtures/eaf) through `vitni transcript import` and `export`: its
/// tiers name no Vitni role, so it needs a speaker map, and its 8,778 annotations — utterances
/// and four kinds of dependent tier — must come back out to pympi unchanged.
@Suite struct TranscriptELANCLITests {
    let f: TranscriptCLIFixture
    init() throws { f = try TranscriptCLIFixture() }

    let fixture = Repository.root + "/Tests/Fixtures/eaf/pympi-sample_3.0.eaf"
    let map = ["--speaker-map", "text=INT", "--speaker-map", "gestures=OBS-1"]
    /// Original tier → the tier Vitni writes: roles for top-level tiers, `ROLE/TYPE` for layers.
    let tiers = [
        "text": "INT", "gestures": "OBS-1", "words-timesub": "INT/words_timesub", "words-symsub": "INT/words_symsub",
        "gest_included": "INT/gest_included", "words-pos": "INT/pos",
    ]

    private func importFixture(_ extra: [String]) throws -> ProcessResult {
        try f.cli.inWorkspace(["transcript", "import", "--as", "anna", "--session", f.session, fixture] + extra)
    }

    @Test func refusesTheFileWithoutAMapCountingItsSpeakers() throws {
        let refused = try importFixture([])
        #expect(refused.status == 1)
        #expect(
            refused.stderrText.contains("2 speaker names not a Vitni role, in 1596 annotations"),
            "\(refused.stderrText)")
        #expect(!refused.stderrText.contains("'text'") && !refused.stderrText.contains("gestures"), "no names shown")
        #expect(refused.stderrText.contains("--speaker-map NAME=ROLE"))
        #expect(!refused.stderrText.contains("quick brown fox"), "errors never quote the transcript")
        let typo = try importFixture(map + ["--speaker-map", "txet=CHILD"])
        #expect(typo.status == 1)
        #expect(typo.stderrText.contains("the speaker map names 'txet', but no speaker in the file has that name"))
    }

    @Test func importsWithAMapAndExportsEveryTierBackToPympi() throws {
        let imported = try importFixture(map)
        #expect(imported.status == 0, "\(imported.stderrText)")
        #expect(imported.stdoutText.contains("imported 1596 utterances (EAF, human)"), "\(imported.stdoutText)")
        let path = f.cli.work.file("back.eaf")
        let exported = try f.export(["--format", "eaf", "-o", path])
        #expect(exported.status == 0, "\(exported.stderrText)")
        let python = try Peer.path("python3")
        let compared = try runProcess(
            python,
            [Repository.root + "/Tests/Fixtures/eaf/compare-with-pympi.py", fixture, path]
                + tiers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        #expect(compared.status == 0, "pympi: \(compared.stdoutText)\(compared.stderrText)")
        for (source, target) in tiers {
            #expect(compared.stdoutText.contains("ok \(source) -> \(target): "), "\(compared.stdoutText)")
        }
        #expect(compared.stdoutText.contains("ok words-pos -> INT/pos: 1995 annotations, 1995 exported"))
    }

    @Test func readsTheMapFromAFileAndWarnsWhereAnExportLeavesLayersOut() throws {
        let mapFile = try f.cli.work.write("speakers.map", "# tiers of the pympi sample\ntext = INT\ngestures=OBS-1\n")
        let imported = try importFixture(["--speaker-map-file", mapFile])
        #expect(imported.status == 0, "\(imported.stderrText)")
        let srt = try f.export(["--format", "srt"])
        #expect(srt.status == 0, "\(srt.stderrText)")
        #expect(
            srt.stderrText.contains("srt has no place for annotation layers: 4 layers (7182 annotations"),
            "\(srt.stderrText)")
        let vtt = try f.export(["--format", "webvtt"])
        #expect(vtt.stderrText.isEmpty, "WebVTT keeps the layers: \(vtt.stderrText)")
        #expect(try WebVTT.parse(vtt.stdoutText).layers.map(\.annotations.count) == [1995, 1995, 1197, 1995])
    }
}
