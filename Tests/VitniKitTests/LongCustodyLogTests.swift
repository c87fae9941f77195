import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniTestSupport

@testable import VitniKit

/// A long custody log verifies, every event checked, in one linear pass. CI uses 2,000 events;
/// `VITNI_LONG_LOG=100000 VITNI_LONG_LOG_OUT=DIR` makes the 100,000-event bundle (and its signer's
/// `.pub`) in DIR for measuring `vitni verify` on it (docs/bundle-format.md, section 15).
@Suite struct LongCustodyLogTests {
    @Test func aLongLogVerifies() throws {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["VITNI_LONG_LOG"].flatMap { Int($0) } ?? 2_000
        let fixture = try BundleFixture()
        let bundle = try fixture.seal().path
        let logPath = bundle + "/custody/custody-log.jsonl"
        var entries = try CustodyLog.parse(try BundleFixture.read(logPath))
        let start = try #require(entries.last?.event.time)
        var log = try BundleFixture.read(logPath)
        for index in 1...count {
            let entry = try CustodyLog.makeEntry(
                after: entries.last, time: Custody.Timestamp(unixSeconds: start.unixSeconds + Int64(index)),
                action: .accessed, detail: ["purpose": .string("review \(index)")], signer: fixture.signer)
            log += entry.line + [0x0A]
            entries = [entry]
        }
        try BundleFixture.write(logPath, log)
        try BundleFixture.regenerateTagManifest(bundle)
        let last = try #require(entries.last)
        try BundleFixture.reseal(
            bundle, with: fixture.key,
            comment: BundleSeal.trustedComment(
                bundleID: BundleFixture.bundleName, signer: fixture.signer.keyID, time: last.event.time,
                seq: last.event.seq))
        let report = fixture.verify(bundle)
        #expect(report.outcome == .valid, "\(report.failedChecks)")
        #expect(report.custody.count == count + 1)
        #expect(report.signers.first?.signed.count == count + 2, "every event and the seal")
        if let out = environment["VITNI_LONG_LOG_OUT"] {
            try? FileManager.default.removeItem(atPath: out)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: bundle, toPath: out + "/" + BundleFixture.bundleName)
            try FileManager.default.copyItem(atPath: fixture.publicKeyFile, toPath: out + "/signer.pub")
        }
    }
}
