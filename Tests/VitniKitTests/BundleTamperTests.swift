import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// Every way of altering a sealed bundle that these tests know of must make verification fail
/// and name the check that caught it. Each case also runs `bagit.py --validate` and prints one
/// row of a table saying whether plain BagIt validation notices: the rows marked MISSED are
/// caught only by the seal and the custody chain.
@Suite struct BundleTamperTests {
    typealias ID = BundleVerifier.CheckID

    enum Position: String, Sendable { case first, middle, last }

    enum Tamper: Sendable, CustomTestStringConvertible {
        case flipPayload(Position)
        case flipTag(String, Position)
        case flipCustodyLine(Int, Position)
        case deletePayload, addPayload, renamePayload
        case dotFileInPayload, dotFileAtTop, symlinkPayload, fetchFile, extraTagFile
        case reorderCustody, deleteMiddleCustody, deleteLastCustody, duplicateCustody, truncateCustody
        case truncateAndResealUntrusted, truncateAndResealByEarlierActor
        case resignUntrusted, spliceFromSecondBundle, manifestDotDot, manifestAbsolute

        var testDescription: String {
            switch self {
            case .flipPayload(let p): "flip \(p.rawValue) byte of a payload file"
            case .flipTag(let file, let p): "flip \(p.rawValue) byte of \(file)"
            case .flipCustodyLine(let line, let p): "flip \(p.rawValue) byte of custody line \(line)"
            default: "\(self)"
            }
        }

        /// Checks that must fail; `anyCustody` asks for at least one failing `custody.*` check too.
        var expected: (checks: [String], anyCustody: Bool) {
            switch self {
            case .flipPayload: ([ID.payloadHashes, ID.custodyCommitments], false)
            case .flipTag("tagmanifest-sha256.txt", _): ([ID.seal], false)
            case .flipTag("tagmanifest-sha256.txt.minisig", _): ([ID.seal], false)
            case .flipTag: ([ID.tagManifest], false)
            case .flipCustodyLine: ([ID.tagManifest], true)
            case .deletePayload, .addPayload, .renamePayload: ([ID.manifest], false)
            case .dotFileInPayload, .dotFileAtTop, .symlinkPayload, .fetchFile, .extraTagFile: ([ID.structure], false)
            case .reorderCustody, .deleteMiddleCustody, .duplicateCustody: ([ID.custodyChain, ID.tagManifest], false)
            case .deleteLastCustody: ([ID.tagManifest, ID.sealActor], false)
            case .truncateCustody: ([ID.custodyLog], false)
            // The seal by an unknown key could not be checked; it still names another actor.
            case .truncateAndResealUntrusted: ([ID.sealActor], false)
            case .truncateAndResealByEarlierActor: ([ID.custodyHead], false)
            case .resignUntrusted: ([ID.sealActor], false)
            case .spliceFromSecondBundle: ([ID.seal, ID.custodyCommitments], false)
            case .manifestDotDot, .manifestAbsolute: ([ID.manifest], false)
            }
        }
    }

    static let cases: [Tamper] =
        [Position.first, .middle, .last].flatMap { position in
            [Tamper.flipPayload(position)]
                + ["manifest-sha256.txt", "tagmanifest-sha256.txt", "bag-info.txt", "tagmanifest-sha256.txt.minisig"]
                .map {
                    Tamper.flipTag($0, position)
                }
                + (1...3).map { Tamper.flipCustodyLine($0, position) }
        } + [
            .deletePayload, .addPayload, .renamePayload, .dotFileInPayload, .dotFileAtTop, .symlinkPayload, .fetchFile,
            .extraTagFile, .reorderCustody, .deleteMiddleCustody, .deleteLastCustody, .duplicateCustody,
            .truncateCustody, .truncateAndResealUntrusted, .truncateAndResealByEarlierActor, .resignUntrusted,
            .spliceFromSecondBundle, .manifestDotDot, .manifestAbsolute,
        ]

    @Test(arguments: cases)
    func tamperingIsCaught(tamper: Tamper) throws {
        let fixture = try BundleFixture()
        let (bundle, receipts) = try BundleCustodyTests.bundleWithHistory(fixture)
        #expect(fixture.verify(bundle).outcome == .valid, "the untouched bundle must verify")
        try apply(tamper, to: bundle, fixture: fixture)

        let report = fixture.verify(bundle, expectHead: receipts.last!.head)
        #expect(report.outcome == .invalid, "\(tamper.testDescription): \(report.renderText())")
        let (checks, anyCustody) = tamper.expected
        for check in checks {
            #expect(
                report.failedChecks.contains(check),
                "\(tamper.testDescription): \(check) did not fail; failed: \(report.failedChecks)")
        }
        if anyCustody {
            #expect(report.failedChecks.contains { $0.hasPrefix("custody.") }, "\(tamper.testDescription)")
        }
        let bagit = try BundleFixture.bagitValidate(bundle)
        print(
            "TAMPER-TABLE | \(tamper.testDescription) | vitni: \(report.failedChecks.joined(separator: ",")) | "
                + "bagit.py: \(bagit.status == 0 ? "MISSED" : "caught")")
    }

    // MARK: Mutations

    private func path(_ bundle: String, _ relative: String) -> String { bundle + "/" + relative }

    private func flip(_ file: String, in range: Range<Int>? = nil, _ position: Position) throws {
        var bytes = try BundleFixture.read(file)
        let range = range ?? 0..<bytes.count
        let index =
            switch position {
            case .first: range.lowerBound
            case .middle: (range.lowerBound + range.upperBound) / 2
            case .last: range.upperBound - 1
            }
        bytes[index] ^= 0x01
        try BundleFixture.write(file, bytes)
    }

    private func custodyLines(_ bundle: String) throws -> [[UInt8]] {
        try BundleFixture.read(path(bundle, Custody.logPath)).split(separator: 0x0A).map(Array.init)
    }

    private func writeCustody(_ bundle: String, _ lines: [[UInt8]]) throws {
        try BundleFixture.write(path(bundle, Custody.logPath), lines.flatMap { $0 + [0x0A] })
    }

    private func apply(_ tamper: Tamper, to bundle: String, fixture: BundleFixture) throws {
        let audio = path(bundle, "data/audio/1.flac.age")
        switch tamper {
        case .flipPayload(let position): try flip(audio, position)
        case .flipTag(let file, let position): try flip(path(bundle, file), position)
        case .flipCustodyLine(let line, let position):
            let lines = try custodyLines(bundle)
            let start = lines[..<(line - 1)].reduce(0) { $0 + $1.count + 1 }
            try flip(path(bundle, Custody.logPath), in: start..<(start + lines[line - 1].count), position)
        case .deletePayload: #expect(unlink(path(bundle, "data/notes.jsonl.age")) == 0)
        case .addPayload: try BundleFixture.write(path(bundle, "data/extra.age"), [1, 2, 3])
        case .renamePayload:
            #expect(rename(path(bundle, "data/notes.jsonl.age"), path(bundle, "data/notes2.jsonl.age")) == 0)
        case .dotFileInPayload: try BundleFixture.write(path(bundle, "data/.hidden"), [1])
        case .dotFileAtTop: try BundleFixture.write(path(bundle, ".DS_Store"), [1])
        case .symlinkPayload:
            // Same bytes outside the bag: only the link itself gives it away.
            let outside = fixture.directory.file("outside.age")
            try BundleFixture.write(outside, try BundleFixture.read(path(bundle, "data/notes.jsonl.age")))
            #expect(unlink(path(bundle, "data/notes.jsonl.age")) == 0)
            #expect(symlink(outside, path(bundle, "data/notes.jsonl.age")) == 0)
        case .fetchFile: try BundleFixture.write(path(bundle, "fetch.txt"), [])
        case .extraTagFile: try BundleFixture.write(path(bundle, "notes.txt"), Array("x\n".utf8))
        case .reorderCustody:
            var lines = try custodyLines(bundle)
            lines.swapAt(1, 2)
            try writeCustody(bundle, lines)
        case .deleteMiddleCustody:
            var lines = try custodyLines(bundle)
            lines.remove(at: 1)
            try writeCustody(bundle, lines)
        case .deleteLastCustody:
            try writeCustody(bundle, Array(try custodyLines(bundle).dropLast()))
        case .duplicateCustody:
            var lines = try custodyLines(bundle)
            lines.append(lines[2])
            try writeCustody(bundle, lines)
        case .truncateCustody:
            let bytes = try BundleFixture.read(path(bundle, Custody.logPath))
            try BundleFixture.write(path(bundle, Custody.logPath), Array(bytes.dropLast(40)))
        case .truncateAndResealUntrusted:
            try writeCustody(bundle, Array(try custodyLines(bundle).dropLast()))
            try BundleFixture.regenerateTagManifest(bundle)
            try BundleFixture.reseal(bundle, with: .generate(), comment: "seq:1")
        case .truncateAndResealByEarlierActor:
            // An insider (the custodian, who signed event 1) removes event 2 and re-seals as it was
            // after event 1: only the receipt of event 2 shows it.
            try writeCustody(bundle, Array(try custodyLines(bundle).dropLast()))
            try BundleFixture.regenerateTagManifest(bundle)
            try BundleFixture.reseal(
                bundle, with: fixture.custodian.key,
                comment: "timestamp:0\tfile:tagmanifest-sha256.txt\thashed\tbundle:\(BundleFixture.bundleName)"
                    + "\tsigner:\(fixture.custodian.keyID)\ttime:2026-03-02T09:00:00Z\tseq:1")
        case .resignUntrusted:
            try BundleFixture.reseal(bundle, with: .generate(), comment: "seq:2")
        case .spliceFromSecondBundle:
            // Same case, same plaintext, another sealing: its audio is a valid age file of the same
            // size; the forger updates manifest and tag manifest so BagIt alone sees nothing.
            let second = try fixture.seal(name: "second").path
            let spliced = try BundleFixture.read(second + "/data/audio/1.flac.age")
            try BundleFixture.write(audio, spliced)
            let oldDigest = Hex.encode(Hashing.sha256(try BundleFixture.read(second + "/data/audio/1.flac.age")))
            let manifest = String(decoding: try BundleFixture.read(path(bundle, "manifest-sha256.txt")), as: UTF8.self)
            let lines = manifest.split(separator: "\n").map { line in
                line.hasSuffix("  data/audio/1.flac.age") ? "\(oldDigest)  data/audio/1.flac.age" : String(line)
            }
            try BundleFixture.write(
                path(bundle, "manifest-sha256.txt"), Array((lines.joined(separator: "\n") + "\n").utf8))
            try BundleFixture.regenerateTagManifest(bundle)
        case .manifestDotDot, .manifestAbsolute:
            let target = tamper == .manifestDotDot ? "data/../bagit.txt" : "/etc/hostname"
            let digest = Hex.encode(Hashing.sha256(try BundleFixture.read(path(bundle, "bagit.txt"))))
            var manifest = try BundleFixture.read(path(bundle, "manifest-sha256.txt"))
            manifest += Array("\(digest)  \(target)\n".utf8)
            try BundleFixture.write(path(bundle, "manifest-sha256.txt"), manifest)
            try BundleFixture.regenerateTagManifest(bundle)
        }
    }
}

extension BundleTamperTests.Tamper: Equatable {}
