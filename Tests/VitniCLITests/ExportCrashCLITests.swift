import Foundation
import Testing
import VitniKit
import VitniTestSupport

/// A session sealed with its transcript and reviewed redactions, from which the child advocate's
/// copy is exported: anna interviews (and holds the bundle), frida is the advocate.
struct RedactedSession: Sendable {
    static let sessionID = "CASE-88_S01"

    let cli: CLI
    let original: String

    static let shared: Result<RedactedSession, StockVerificationCLITests.SetupFailure> = {
        do { return .success(try RedactedSession()) } catch {
            return .failure(StockVerificationCLITests.SetupFailure(description: "\(error)"))
        }
    }()

    /// - Parameter names: the names redacted (besides what the detectors find on their own).
    init(names: [String] = ["Elin Solberg"]) throws {
        cli = try CLI()
        cli.home.removeAtExit()
        cli.work.removeAtExit()
        try cli.signingPerson("anna", .interviewer)
        try cli.signingPerson("frida", .advocate)
        let samples = Repository.root + "/samples"
        try SealedSession.succeed(try cli.run(["init", cli.work.file("ws")]), "init")
        try SealedSession.succeed(
            try cli.inWorkspace([
                "session", "start", "--case", "CASE-88", "--protocol", "nichd-revised", "--interviewer", "anna",
                "--language", "en", "--child-ref", "Elin Solberg",
            ]), "session start")
        try SealedSession.succeed(
            try cli.run(
                ["record", "--workspace", cli.work.file("ws"), "--as", "anna", "--quiet"],
                stdin: Array(try Data(contentsOf: URL(fileURLWithPath: samples + "/interview.flac")))), "record")
        try SealedSession.succeed(
            try cli.inWorkspace(["transcript", "import", samples + "/interview.vtt", "--as", "anna"]), "import")
        try SealedSession.succeed(
            try cli.inWorkspace(
                [
                    "redact", "--as", "anna", "--accept-all", "-i", cli.work.file("anna.key"), "--name",
                ] + names), "redact")
        try SealedSession.succeed(
            try cli.inWorkspace([
                "session", "close", "--as", "anna", "--session", Self.sessionID, "--force", "--reason", "test session",
            ]), "close")
        try SealedSession.succeed(
            try cli.inWorkspace([
                "seal", "--session", Self.sessionID, "--output-directory", cli.work.file("out"), "-i",
                cli.work.file("anna.key"),
                "--key", cli.work.file("anna.minisign"),
            ]), "seal")
        original = cli.work.file("out/" + Self.sessionID)
    }

    /// `vitni export` of `bundle` for frida: the advocate's redacted copy, or a full copy.
    func export(_ bundle: String, redacted: Bool = true) -> [String] {
        ["export", "--workspace", cli.work.file("ws")] + (redacted ? ["--redacted"] : []) + [
            "--for", "frida", bundle, "-i", cli.work.file("anna.key"), "--key", cli.work.file("anna.minisign"),
        ]
    }
}

/// `vitni export [--redacted] --for` killed at every rename and at random moments: the copy and
/// the original's `exported` event form one step — afterwards there is no copy and no event, or
/// both, or a copy that the retry names; the retry always finishes; nothing is left behind.
@Suite struct ExportCrashCLITests {
    let session: RedactedSession
    let scratch: TemporaryDirectory
    var cli: CLI { session.cli }

    static func suffix(redacted: Bool) -> String { redacted ? "_REDACTED" : "_FOR-frida" }

    init() throws {
        session = try RedactedSession.shared.get()
        scratch = try TemporaryDirectory()
    }

    func copyOfOriginal(_ name: String) throws -> String {
        let directory = scratch.file(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let target = directory + "/" + RedactedSession.sessionID
        try FileManager.default.copyItem(atPath: session.original, toPath: target)
        return target
    }

    func expectConsistentAfterKill(_ original: String, redacted: Bool, _ context: String) throws {
        #expect(try cli.verifiedHead(original).status == 0, "\(context): the original verifies")
        let actions = try cli.custodyActions(original)
        #expect(actions == ["sealed"] || actions == ["sealed", "exported"], "\(context): \(actions)")
        let copy = original + Self.suffix(redacted: redacted)
        if FileManager.default.fileExists(atPath: copy) {
            #expect(actions.contains("exported"), "\(context): a named copy is one the original records")
            #expect(try cli.verifiedHead(copy, ["--original", original]).status == 0, "\(context): the copy")
        }
    }

    func expectCompleted(_ original: String, redacted: Bool, _ context: String) throws {
        #expect(try cli.custodyActions(original) == ["sealed", "exported"], "\(context): one export, once")
        let copy = original + Self.suffix(redacted: redacted)
        let verified = try cli.verifiedHead(copy, ["--original", original, "--identity", cli.work.file("frida.key")])
        #expect(verified.status == 0, "\(context): the copy verifies against its original")
        let parent = URL(fileURLWithPath: original).deletingLastPathComponent().path
        let left = try leftovers(
            in: parent,
            besides: [RedactedSession.sessionID, RedactedSession.sessionID + Self.suffix(redacted: redacted)])
        #expect(left == [], "\(context): left beside: \(left)")
    }

    func run(killedAt points: [(syscall: String, occurrence: Int)], redacted: Bool, label: String) throws {
        let crash = CrashInjection(cli: cli)
        for (index, point) in points.enumerated() {
            let original = try copyOfOriginal("\(label)-\(index)")
            let context = "export killed at \(point.syscall) #\(point.occurrence)"
            let export = session.export(original, redacted: redacted)
            _ = try crash.killed(export, at: point.syscall, occurrence: point.occurrence)
            try expectConsistentAfterKill(original, redacted: redacted, context)
            let retry = try cli.run(export)
            #expect(retry.status == 0, "\(context): the retry finishes: \(retry.stderrText)")
            try expectCompleted(original, redacted: redacted, context)
        }
    }

    @Test(arguments: [true, false]) func exportKilledAtEveryRename(redacted: Bool) throws {
        let probe = try copyOfOriginal("probe-rename")
        let renames = try CrashInjection(cli: cli).trace(
            session.export(probe, redacted: redacted), syscalls: ["rename", "renameat", "renameat2"])
        #expect(renames.count >= 3, "the copy, its `derived` event and the original's event each rename")
        print("export\(redacted ? " --redacted" : ""): killed at each of \(renames.count) renames")
        try run(killedAt: CrashInjection.killPoints(renames), redacted: redacted, label: "rename")
    }

    @Test(arguments: [true, false]) func exportKilledAtRandomMoments(redacted: Bool) throws {
        var random = SeededGenerator.forCrashTest("exportKilledAtRandomMoments" + (redacted ? "" : "-full"))
        let probe = try copyOfOriginal("probe-random")
        let all = CrashInjection.killPoints(
            try CrashInjection(cli: cli).trace(
                session.export(probe, redacted: redacted), syscalls: CrashInjection.writePhase))
        let points = Array(all.drop { $0.syscall != "flock" })
        try #require(points.count > 20)
        print("export: 20 kills among \(points.count) calls after the lock")
        try run(
            killedAt: (0..<20).map { _ in points.randomElement(using: &random)! }, redacted: redacted,
            label: redacted ? "random" : "random-full")
    }

    /// The copy's link cites the original's manifest as it was at the export, so a transcript
    /// added to the original afterwards does not break it.
    @Test func linkHoldsAfterTheOriginalIsAmended() throws {
        let original = try copyOfOriginal("amended-later")
        try SealedSession.succeed(try cli.run(session.export(original)), "export")
        let vtt = scratch.file("later.vtt")
        try Data("WEBVTT\n\n00:00.000 --> 00:01.000\n<v INT>Hello.\n".utf8).write(to: URL(fileURLWithPath: vtt))
        try SealedSession.succeed(
            try cli.run([
                "transcript", "import", vtt, "--bundle", original, "--as", "anna", "--key",
                cli.work.file("anna.minisign"), "-i", cli.work.file("anna.key"),
            ]), "import into the original")
        let verified = try cli.run(["verify", original + "_REDACTED", "--original", original])
        #expect(verified.status == 0, "\(verified.stdoutText)")
        #expect(verified.stdoutText.contains("derived.link"))
    }
}
