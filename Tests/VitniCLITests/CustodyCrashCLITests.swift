import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

/// Custody transfers and transcript amendments killed at every rename and at random moments of
/// their write phase, and run twice at once: the bundle always verifies at its old head or its
/// new one, a retry completes (or reports the event already recorded), nothing is left beside
/// or inside the bag, and every receipt printed names an event in the final log.
@Suite struct CustodyCrashCLITests {
    let session: SealedSession
    let scratch: TemporaryDirectory
    var crash: CrashInjection { CrashInjection(cli: session.cli) }

    init() throws { try self.init(session: StockVerificationCLITests.shared.get()) }

    /// The same crashes on another session's bundle (``TarCustodyCrashCLITests``: the tar form).
    init(session: SealedSession) throws {
        self.session = session
        scratch = try TemporaryDirectory()
    }

    /// A copy of the sealed bundle alone in a directory of its own.
    func copyOfBundle(_ name: String) throws -> String { try session.copyOfBundle(name, in: scratch) }

    func transfer(_ bundle: String, note: String = "to the records office") -> [String] {
        ["custody", "transfer", bundle, "--to", "rita", "--key", session.signingKey("anna"), "--note", note]
    }

    func importTranscript(_ bundle: String) throws -> [String] {
        let vtt = scratch.file("transcript.vtt")
        if !FileManager.default.fileExists(atPath: vtt) {
            try Data("WEBVTT\n\n00:00.000 --> 00:01.500\n<v INT>Tell me what happened.\n".utf8)
                .write(to: URL(fileURLWithPath: vtt))
        }
        return [
            "transcript", "import", vtt, "--bundle", bundle, "--as", "anna", "--key", session.signingKey("anna"),
            "-i", session.signingKey("anna", age: true),
        ]
    }

    /// After a kill: the bundle verifies at the sealed head or at a head with the one new event.
    func expectValidAtOldOrNewHead(_ bundle: String, newAction: String, _ context: String) throws {
        let verified = try session.cli.verifiedHead(bundle)
        #expect(verified.status == 0, "\(context): the bundle must verify after the kill")
        let actions = try session.cli.custodyActions(bundle)
        #expect(
            actions == ["sealed"] || actions == ["sealed", newAction], "\(context): log is \(actions)")
        if actions == ["sealed"] { #expect(verified.head == session.sealHead, "\(context): at the old head") }
    }

    /// After the retry: exactly the one new event, a valid bundle, nothing left behind.
    func expectCompleted(_ bundle: String, newAction: String, _ context: String) throws {
        #expect(try session.cli.verifiedHead(bundle).status == 0, "\(context): valid after the retry")
        #expect(try session.cli.custodyActions(bundle) == ["sealed", newAction], "\(context): one event, once")
        let parent = URL(fileURLWithPath: bundle).deletingLastPathComponent().path
        #expect(try leftovers(in: parent, besides: [session.bundleName]) == [], "\(context): left beside")
    }

    func killEveryRename(_ command: (String) throws -> [String], newAction: String) throws {
        let probe = try copyOfBundle("probe-\(newAction)")
        let renames = try crash.trace(try command(probe), syscalls: ["rename", "renameat", "renameat2"])
        #expect(!renames.isEmpty, "the operation renames at least once")
        print("\(newAction): killed at each of \(renames.count) renames")
        for (index, point) in CrashInjection.killPoints(renames).enumerated() {
            let bundle = try copyOfBundle("rename-\(newAction)-\(index)")
            let context = "\(newAction) killed at \(point.syscall) #\(point.occurrence)"
            let killed = try crash.killed(try command(bundle), at: point.syscall, occurrence: point.occurrence)
            #expect(killed.status != 0, "\(context): the kill happened")
            try expectValidAtOldOrNewHead(bundle, newAction: newAction, context)
            let retry = try session.cli.run(try command(bundle))
            #expect(retry.status == 0, "\(context): the retry succeeds: \(retry.stderrText)")
            try expectCompleted(bundle, newAction: newAction, context)
        }
    }

    func killAtRandomMoments(
        _ command: (String) throws -> [String], newAction: String, test: String, kills: Int = 20
    ) throws {
        var random = SeededGenerator.forCrashTest(test)
        let probe = try copyOfBundle("probe-random-\(newAction)")
        // Kill points from the moment the bundle is locked: before that, nothing is changed.
        let all = CrashInjection.killPoints(try crash.trace(try command(probe), syscalls: CrashInjection.writePhase))
        let points = Array(all.drop { $0.syscall != "flock" })
        try #require(points.count > 20, "the write phase has more calls than kills")
        print("\(newAction): \(kills) kills among \(points.count) calls after the lock")
        for index in 0..<kills {
            let point = points.randomElement(using: &random)!
            let bundle = try copyOfBundle("random-\(newAction)-\(index)")
            let context = "\(newAction) killed at \(point.syscall) #\(point.occurrence) of \(points.count)"
            _ = try crash.killed(try command(bundle), at: point.syscall, occurrence: point.occurrence)
            try expectValidAtOldOrNewHead(bundle, newAction: newAction, context)
            let retry = try session.cli.run(try command(bundle))
            #expect(retry.status == 0, "\(context): the retry succeeds: \(retry.stderrText)")
            try expectCompleted(bundle, newAction: newAction, context)
        }
    }

    @Test func transferKilledAtEveryRename() throws {
        try killEveryRename({ transfer($0) }, newAction: "transferred")
    }

    @Test func transferKilledAtRandomMoments() throws {
        try killAtRandomMoments({ transfer($0) }, newAction: "transferred", test: "transferKilledAtRandomMoments")
    }

    @Test func transcriptImportKilledAtEveryRename() throws {
        try killEveryRename(importTranscript, newAction: "amended")
    }

    @Test func transcriptImportKilledAtRandomMoments() throws {
        try killAtRandomMoments(importTranscript, newAction: "amended", test: "transcriptImportKilledAtRandomMoments")
    }

    /// A retry after the event was committed reports that event and adds nothing.
    @Test func retryAfterACommittedTransferReportsIt() throws {
        let bundle = try copyOfBundle("retry")
        let first = try session.cli.run(transfer(bundle))
        try #require(first.status == 0, "\(first.stderrText)")
        let again = try session.cli.run(transfer(bundle))
        #expect(again.status == 0, "\(again.stderrText)")
        #expect(again.stderrText.contains("already recorded"))
        #expect(
            StockVerificationCLITests.head(inReceipt: again.stdoutText)
                == StockVerificationCLITests.head(inReceipt: first.stdoutText))
        #expect(try session.cli.custodyActions(bundle) == ["sealed", "transferred"])
    }

    /// Two transfers at once, 50 times: one wins; the other waits for the lock and is then told
    /// its signer no longer holds the bundle. Every receipt printed is an event of the final log.
    @Test func concurrentTransfersNeverLoseAnEvent() throws { try concurrentTransfers(trials: 50) }

    func concurrentTransfers(trials: Int) throws {
        for trial in 0..<trials {
            let bundle = try copyOfBundle("concurrent-\(trial)")
            let commands = [transfer(bundle, note: "first"), transfer(bundle, note: "second")]
            let finished = try Self.runAtOnce(commands, session.cli)
            try #require(finished.count == 2, "trial \(trial): both ran")
            #expect(finished.values.filter { $0.status == 0 }.count >= 1, "trial \(trial): one transfer succeeds")
            let log = try session.cli.run(["custody", "log", "--json", bundle]).stdout
            let lineHashes = log.split(separator: 0x0A).map { Hex.encode(Hashing.sha256(Array($0))) }
            for result in finished.values where result.status == 0 {
                let head = try #require(StockVerificationCLITests.head(inReceipt: result.stdoutText))
                #expect(lineHashes.contains(head), "trial \(trial): the receipt's event is in the log")
            }
            for result in finished.values where result.status != 0 {
                #expect(result.stdoutText.isEmpty, "trial \(trial): no receipt from the loser")
                #expect(
                    result.stderrText.contains("does not hold") || result.stderrText.contains("another writer"),
                    "trial \(trial): \(result.stderrText)")
            }
            #expect(try session.cli.verifiedHead(bundle).status == 0, "trial \(trial): the bundle verifies")
        }
    }

    /// Runs the commands at the same moment, each on its own thread.
    static func runAtOnce(_ commands: [[String]], _ cli: CLI) throws -> [Int: ProcessResult] {
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var byIndex: [Int: ProcessResult] = [:]
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: commands.count) { index in
            let result = try? cli.run(commands[index])
            results.lock.withLock { results.byIndex[index] = result }
        }
        return results.lock.withLock { results.byIndex }
    }
}
