import Foundation
import Testing
import VitniTestSupport

/// ``CustodyCrashCLITests`` on a bundle sealed with `--tar`: a custody event rewrites the archive
/// beside it and renames it over, so a kill at any moment leaves the archive verifying at its old
/// head or its new one (never neither), a retry completes, and nothing is left beside it; two
/// transfers at once are serialised by the archive's lock.
@Suite struct TarCustodyCrashCLITests {
    let crashes: CustodyCrashCLITests

    init() throws { crashes = try CustodyCrashCLITests(session: TarBundleCLITests.shared.get()) }

    /// 20 different kill points of one transfer, from the moment it locks the archive: every
    /// rename, then points spread evenly over the rest of the write phase.
    @Test func aTransferOfAnArchiveKilledAtTwentyPoints() throws {
        let probe = try crashes.copyOfBundle("probe-twenty")
        let calls = try crashes.crash.trace(crashes.transfer(probe), syscalls: CrashInjection.writePhase)
        let all = CrashInjection.killPoints(calls)
        let afterLock = Array(all.drop { $0.syscall != "flock" })
        try #require(afterLock.count > 20, "the write phase has more calls than kills: \(afterLock.count)")
        var chosen = afterLock.filter { $0.syscall.hasPrefix("rename") }
        #expect(!chosen.isEmpty, "the rewrite renames the archive into place")
        let others = afterLock.filter { !$0.syscall.hasPrefix("rename") }
        let wanted = 20 - chosen.count
        for step in 0..<wanted { chosen.append(others[step * others.count / wanted]) }
        print(
            "tar transfer: 20 kills among \(afterLock.count) calls after the lock: "
                + chosen.map { "\($0.syscall)#\($0.occurrence)" }.joined(separator: " "))
        #expect(Set(chosen.map { "\($0.syscall)#\($0.occurrence)" }).count == 20, "twenty different points")
        var old = 0
        for (index, point) in chosen.enumerated() {
            let bundle = try crashes.copyOfBundle("twenty-\(index)")
            let context = "tar transfer killed at \(point.syscall) #\(point.occurrence)"
            let killed = try crashes.crash.killed(
                crashes.transfer(bundle), at: point.syscall, occurrence: point.occurrence)
            #expect(killed.status != 0, "\(context): the kill happened")
            try crashes.expectValidAtOldOrNewHead(bundle, newAction: "transferred", context)
            if try crashes.session.cli.custodyActions(bundle) == ["sealed"] { old += 1 }
            let retry = try crashes.session.cli.run(crashes.transfer(bundle))
            #expect(retry.status == 0, "\(context): the next transfer succeeds: \(retry.stderrText)")
            try crashes.expectCompleted(bundle, newAction: "transferred", context)
        }
        print("tar transfer: after the kills, \(old) archives at the old head, \(20 - old) at the new one")
        #expect(old > 0 && old < 20, "kills fell on both sides of the commit")
    }

    @Test func aTransferOfAnArchiveKilledAtEveryRename() throws {
        try crashes.killEveryRename({ crashes.transfer($0) }, newAction: "transferred")
    }

    @Test func aTranscriptAddedToAnArchiveKilledAtRandomMoments() throws {
        try crashes.killAtRandomMoments(
            crashes.importTranscript, newAction: "amended", test: "tarTranscriptImportKilledAtRandomMoments", kills: 10)
    }

    /// Two transfers of one archive at once, 20 times: one wins, the other waits for the lock and
    /// is then told its signer no longer holds the bundle; the chain stays whole.
    @Test func concurrentTransfersOfAnArchiveAreSerialised() throws {
        try crashes.concurrentTransfers(trials: 20)
    }
}
