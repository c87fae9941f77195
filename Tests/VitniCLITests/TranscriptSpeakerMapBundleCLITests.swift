import Foundation
import Testing
import VitniTestSupport

/// `transcript import --bundle` reads the file with the same speaker map as a session import.
@Suite struct TranscriptSpeakerMapBundleCLITests {
    let session: SealedSession
    let scratch: TemporaryDirectory
    var cli: CLI { session.cli }

    init() throws {
        session = try StockVerificationCLITests.shared.get()
        scratch = try TemporaryDirectory()
    }

    @Test func aBundleImportMapsVoiceNamesAndRefusesUnmappedOnes() throws {
        let bundle = try session.copyOfBundle("mapped", in: scratch)
        let vtt = scratch.file("named.vtt")
        try Data("WEBVTT\n\n00:00.000 --> 00:00.500\n<v Bob>Hello there.\n".utf8).write(to: URL(fileURLWithPath: vtt))
        let base = [
            "transcript", "import", vtt, "--bundle", bundle, "--as", "anna", "--key", session.signingKey("anna"), "-i",
            session.signingKey("anna", age: true),
        ]
        let refused = try cli.run(base)
        #expect(refused.status == 1)
        #expect(refused.stderrText.contains("1 speaker name not a Vitni role, in 1 cue"), "\(refused.stderrText)")
        #expect(!refused.stderrText.contains("Bob"), "the name is not shown")
        #expect(!refused.stderrText.contains("Hello there"))
        #expect(try cli.custodyActions(bundle) == ["sealed"], "nothing was added")
        let added = try cli.run(base + ["--speaker-map", "Bob=INT"])
        #expect(added.status == 0, "\(added.stderrText)")
        #expect(try cli.custodyActions(bundle) == ["sealed", "amended"])
        let exported = try cli.run([
            "transcript", "export", "--bundle", bundle, "-i", session.signingKey("anna", age: true), "--format", "text",
        ])
        #expect(exported.status == 0, "\(exported.stderrText)")
        #expect(exported.stdoutText.hasSuffix("] INT: Hello there.\n"), "\(exported.stdoutText)")
        #expect(!exported.stdoutText.contains("Bob"), "the name is not stored")
    }
}
