import Foundation
import VitniCrypto
import VitniFormats

@testable import VitniKit

/// What a forger with a key and code of their own can do, with none of Vitni's checks (holder,
/// trust, an intact log): append an event after the log's last line and re-seal with that key.
enum Forger {
    static func appendEvent(
        to bundle: String, action: Custody.Action, detail: [String: CanonicalJSON.Value] = [:],
        signer: MinisignBundleSigner, time: Custody.Timestamp = .now
    ) throws {
        func read(_ file: String) throws -> [UInt8] {
            Array(try Data(contentsOf: URL(fileURLWithPath: bundle + "/" + file)))
        }
        func write(_ file: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: bundle + "/" + file))
        }
        let log = try read(Custody.logPath)
        let entry = try CustodyLog.makeEntry(
            after: try CustodyLog.parse(log).last, time: time, action: action, detail: detail, signer: signer)
        let newLog = log + entry.line + [0x0A]
        let bagInfo = try read(BagIt.bagInfoFile)
        let tagManifest = try BundleSeal.tagManifest([
            try read(BagIt.declarationFile), bagInfo, try read(BagIt.payloadManifestFile), newLog,
        ])
        let bundleID = try BagIt.BagInfo.parse(bagInfo).value(for: BagIt.BagInfo.externalIdentifier) ?? ""
        try write(Custody.logPath, newLog)
        try write(BagIt.tagManifestFile, tagManifest)
        try write(
            BundleSeal.signatureFile,
            try BundleSeal.sign(
                tagManifest: tagManifest, signer: signer, bundleID: bundleID, time: time, seq: entry.event.seq))
    }
}
