import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// The tar form read and changed in place: verified with the directory form's checks, read only
/// from the descriptor that verified, and rewritten as one atomic rename by custody events.
@Suite struct TarBundleTests {
    static let archiveName = BundleFixture.bundleName + ".tar"

    func sealedArchive(_ fixture: BundleFixture) throws -> BagWriter.Result {
        try fixture.seal(name: Self.archiveName, form: .tar)
    }

    /// The archive's members, as indexed.
    static func index(_ path: String) throws -> Tar.Index { try Tar.index(Tar.MemoryInput(BundleFixture.read(path))) }

    @Test func aSealedArchiveVerifiesInPlaceWithTheDirectoryChecks() throws {
        let fixture = try BundleFixture()
        let result = try sealedArchive(fixture)
        let report = fixture.verify(result.path, expectHead: result.receipt.head, expectedRecipients: 1)
        #expect(report.outcome == .valid, "\(report.renderText())")
        #expect(report.checks.allSatisfy { $0.result == .pass }, "\(report.renderText())")
        #expect(report.check(BundleVerifier.CheckID.archive)?.result == .pass)
        #expect(report.files.map(\.path).sorted() == BundleFixture.payload.map(\.0).sorted())

        // The same checks, with the same ids, as the directory form (plus the archive's own).
        let directory = try fixture.seal()
        let directoryIDs = fixture.verify(directory.path).checks.map(\.id)
        #expect(report.checks.map(\.id) == [BundleVerifier.CheckID.archive] + directoryIDs)
    }

    @Test func aTransferRewritesTheArchiveInOneStepKeepingEveryOtherMemberByteForByte() throws {
        let fixture = try BundleFixture()
        let path = try sealedArchive(fixture).path
        let before = try Self.index(path)
        let bytesBefore = try BundleFixture.read(path)
        let receipt = try CustodyLog.append(
            to: path, action: .transferred,
            detail: ["from": .string(fixture.key.keyID), "to": .string(fixture.custodian.keyID)],
            signer: fixture.signer, trust: fixture.trust, time: BundleCustodyTests.time("2026-03-02T09:00:00Z"))
        let report = fixture.verify(path, expectHead: receipt.head)
        #expect(report.outcome == .valid, "\(report.renderText())")
        #expect(report.custody.map(\.action) == ["sealed", "transferred"])

        let after = try Self.index(path)
        let bytesAfter = try BundleFixture.read(path)
        #expect(after.root == before.root)
        #expect(Set(after.members.map(\.path)) == Set(before.members.map(\.path)))
        let rewritten: Set<String> = [Custody.logPath, BagIt.tagManifestFile, BundleSeal.signatureFile]
        for member in before.members where !rewritten.contains(member.path) {
            let copy = try #require(after.member(member.path))
            #expect(
                bytesAfter[Int(copy.headerOffset)..<Int(copy.end)]
                    == bytesBefore[Int(member.headerOffset)..<Int(member.end)],
                "\(member.path) is copied as it was, header and data")
        }
        // Nothing is left beside the archive, and stock tar still reads it.
        #expect(try leftovers(fixture.directory.path, besides: [Self.archiveName, "sealer.pub"]) == [])
        let listing = try runProcess("/bin/tar", ["-tf", path])
        #expect(
            listing.status == 0 && listing.stdoutText.contains("custody/custody-log.jsonl"), "\(listing.stderrText)")
    }

    @Test func anAmendmentAddsAFileToTheArchive() throws {
        let fixture = try BundleFixture()
        let path = try sealedArchive(fixture).path
        let plaintext = Array("WEBVTT\n".utf8)
        let receipt = try CustodyLog.amend(
            bundle: path,
            files: [
                CustodyLog.AmendedFile(
                    path: "data/transcripts/transcript-2.vtt.age", produce: fixture.encrypting(plaintext))
            ],
            signer: fixture.signer, trust: fixture.trust, time: BundleCustodyTests.time("2026-03-02T09:00:00Z"))
        let report = fixture.verify(path, expectHead: receipt.head)
        #expect(report.outcome == .valid, "\(report.renderText())")
        #expect(report.files.map(\.path).contains("data/transcripts/transcript-2.vtt.age"))
        let index = try Self.index(path)
        #expect(index.member("data/transcripts")?.isDirectory == true, "a directory entry for the new directory")

        let extracted = fixture.directory.file("extracted")
        try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: false)
        let untar = try runProcess("/bin/tar", ["-xf", path, "-C", extracted])
        #expect(untar.status == 0, "\(untar.stderrText)")
        let bag = extracted + "/" + BundleFixture.bundleName
        #expect(fixture.verify(bag, expectHead: receipt.head).outcome == .valid, "extracted, it is the same bundle")
        #expect(try BundleFixture.bagitValidate(bag).status == 0)
    }

    /// A rewrite keeps the archive's permissions (a records office may keep it read-only).
    @Test func aRewriteKeepsTheArchivesMode() throws {
        let fixture = try BundleFixture()
        let path = try sealedArchive(fixture).path
        chmod(path, 0o440)
        _ = try CustodyLog.append(
            to: path, action: .accessed, detail: [:], signer: fixture.signer, trust: fixture.trust,
            time: BundleCustodyTests.time("2026-03-02T09:00:00Z"))
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o440)
    }

    /// An archive renamed over the verified one after opening is never read: the descriptor that
    /// verified still names the old one, whose bytes are served.
    @Test func anArchiveReplacedAfterOpeningIsNotServed() throws {
        let fixture = try BundleFixture()
        let path = try sealedArchive(fixture).path
        let bundle = try VerifiedBundle.open(path, trust: fixture.trust)
        var forged = try BundleFixture.read(path)
        let notes = try #require(try Self.index(path).member("data/notes.jsonl.age"))
        forged[Int(notes.dataOffset) + 200] ^= 0x01
        let replacement = fixture.directory.file("replacement.tar")
        try BundleFixture.write(replacement, forged)
        #expect(rename(replacement, path) == 0)

        let read = try bundle.decrypt("data/notes.jsonl.age", identities: [fixture.identity])
        #expect(read == BundleFixture.payload[2].1, "the verified archive's bytes, not the replacement's")
        #expect(
            fixture.verify(path).failedChecks.contains(BundleVerifier.CheckID.payloadHashes),
            "opened afresh, the replacement fails")
    }

    /// An archive rewritten in place (same file) after opening fails the read of what changed.
    @Test func anArchiveAlteredInPlaceAfterOpeningFailsTheRead() throws {
        let fixture = try BundleFixture()
        let path = try sealedArchive(fixture).path
        let bundle = try VerifiedBundle.open(path, trust: fixture.trust)
        let notes = try #require(try Self.index(path).member("data/notes.jsonl.age"))
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: notes.dataOffset + 200)
        let byte = try #require(try handle.read(upToCount: 1))
        try handle.seek(toOffset: notes.dataOffset + 200)
        try handle.write(contentsOf: Data([byte[0] ^ 0x01]))
        try handle.close()
        #expect(throws: (any Error).self) { try bundle.decrypt("data/notes.jsonl.age", identities: [fixture.identity]) }
        #expect(throws: BundleError.payloadAltered("data/notes.jsonl.age")) {
            try bundle.openPayload("data/notes.jsonl.age")
        }
    }

    /// A staging archive left by a killed writer is cleared by the next one.
    @Test func aStagingArchiveLeftByACrashIsClearedByTheNextWriter() throws {
        let fixture = try BundleFixture()
        let path = try sealedArchive(fixture).path
        let leftover = fixture.directory.file("." + Self.archiveName + ".vitni-stage-0123456789abcdef")
        try BundleFixture.write(leftover, [1, 2, 3])
        #expect(fixture.verify(path).outcome == .valid, "what is beside the archive is not in it")
        _ = try CustodyLog.append(
            to: path, action: .accessed, detail: [:], signer: fixture.signer, trust: fixture.trust,
            time: BundleCustodyTests.time("2026-03-02T09:00:00Z"))
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(fixture.verify(path).outcome == .valid)
    }

    func leftovers(_ directory: String, besides expected: Set<String>) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { !expected.contains($0) }.sorted()
    }
}
