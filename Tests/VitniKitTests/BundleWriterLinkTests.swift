import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// A recording already encrypted goes into a directory bundle as a second name of its file (no
/// copy), and into a tar as a copy; either way the bundle commits the file's real hash.
@Suite struct BundleWriterLinkTests {
    /// Writes an age file of `size` bytes of plaintext beside the fixture; returns its path.
    func workingRecording(_ fixture: BundleFixture, size: Int = 300_000) throws -> String {
        let path = fixture.directory.file("working.flac.age")
        let sink = MemorySink()
        try fixture.encrypting((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) })(sink)
        try BundleFixture.write(path, sink.bytes)
        return path
    }

    func seal(_ fixture: BundleFixture, linking source: String, name: String, form: BagWriter.Form) throws
        -> BagWriter.Result
    {
        let writer = try BagWriter(
            destination: fixture.directory.file(name), form: form, metadata: fixture.metadata, signer: fixture.signer,
            time: BundleFixture.sealTime)
        try writer.addPayload(path: "data/audio/1.flac.age", linking: source)
        for (path, plaintext) in BundleFixture.payload where !path.hasPrefix("data/audio/") {
            try writer.addPayload(path: path, fixture.encrypting(plaintext))
        }
        return try writer.finish()
    }

    func inode(_ path: String) throws -> (inode: UInt64, links: UInt64, mode: UInt32) {
        var info = stat()
        try #require(stat(path, &info) == 0, "stat \(path)")
        return (UInt64(info.st_ino), UInt64(info.st_nlink), UInt32(info.st_mode & 0o777))
    }

    @Test func aDirectoryBundleLinksTheRecordingAndCommitsItsHash() throws {
        let fixture = try BundleFixture()
        let source = try workingRecording(fixture)
        chmod(source, 0o600)
        let result = try seal(fixture, linking: source, name: BundleFixture.bundleName, form: .directory)
        let inBundle = result.path + "/data/audio/1.flac.age"
        let (sourceInode, links, _) = try inode(source)
        let (bundleInode, _, mode) = try inode(inBundle)
        #expect(sourceInode == bundleInode, "the bundle names the same file")
        #expect(links == 2)
        #expect(mode == 0o644, "readable like every other bag file")
        let committed = try #require(result.files.first { $0.path == "data/audio/1.flac.age" })
        #expect(committed.sha256 == (try Hashing.hexDigest(.sha256, ofFile: source)))
        #expect(fixture.verify(result.path, expectHead: result.receipt.head).outcome == .valid)

        // The working name goes; the bundle keeps the bytes and still verifies.
        try FileManager.default.removeItem(atPath: source)
        #expect(fixture.verify(result.path, expectHead: result.receipt.head).outcome == .valid)
        #expect(try BundleFixture.bagitValidate(result.path).status == 0)
    }

    @Test func aTarBundleCopiesTheRecording() throws {
        let fixture = try BundleFixture()
        let source = try workingRecording(fixture)
        let result = try seal(fixture, linking: source, name: BundleFixture.bundleName + ".tar", form: .tar)
        #expect(try inode(source).links == 1, "nothing links into an archive")
        try FileManager.default.removeItem(atPath: source)
        #expect(fixture.verify(result.path, expectHead: result.receipt.head).outcome == .valid)
    }

    @Test func aMissingRecordingAbandonsTheBundle() throws {
        let fixture = try BundleFixture()
        let writer = try BagWriter(
            destination: fixture.directory.file(BundleFixture.bundleName), metadata: fixture.metadata,
            signer: fixture.signer, time: BundleFixture.sealTime)
        #expect(throws: (any Error).self) {
            try writer.addPayload(path: "data/audio/1.flac.age", linking: fixture.directory.file("absent.flac.age"))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path)
        #expect(!left.contains { $0.contains(BundleFixture.bundleName) }, "\(left)")
    }
}
