import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

@Suite struct LiveCaptureTests {
    let reader = Age.X25519Identity.generate()

    func decrypt(_ path: String, with identity: any AgeIdentity) throws -> [UInt8] {
        let source = try FileStream.open(readingFrom: path)
        let sink = MemorySink()
        try Age.Decryptor(source: source, identities: [identity]).writeAll(to: sink)
        return sink.bytes
    }

    /// Appends `sizes` pieces of `data`, syncing after each, and returns the live file.
    func capture(_ data: [UInt8], pieces sizes: [Int], in directory: TemporaryDirectory) throws -> LiveCaptureFile {
        let live = try LiveCaptureFile(creating: directory.file("1.pcm.age"), recipients: [reader.recipient])
        var offset = 0
        for size in sizes where size > 0 {
            data.withUnsafeBytes { live.append(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + size)])) }
            offset += size
            try live.sync()
        }
        return live
    }

    @Test(arguments: [
        [0], [1], [65_535], [65_536], [65_537], [65_536, 65_536], [100, 200_000, 1, 65_536 * 4 - 200_101, 7],
    ])
    func finishedFileIsAgeForRecipientAndWriter(sizes: [Int]) throws {
        let directory = try TemporaryDirectory()
        let data = testBytes(count: sizes.reduce(0, +), seed: UInt64(sizes.count))
        let live = try capture(data, pieces: sizes, in: directory)
        try live.finish()
        #expect(try decrypt(live.path, with: reader) == data)
        #expect(try decrypt(live.path, with: live.identity) == data)
        #expect(!FileManager.default.fileExists(atPath: live.tailPath), "the tail goes once the file is complete")
        let recovery = try LiveCaptureFile.recover(path: live.path)
        #expect(!recovery.repaired && recovery.recoveredBytes == Int64(data.count))
    }

    @Test(arguments: [[1], [70_000], [65_536], [65_536, 65_536], [10, 131_072, 5]])
    func crashKeepsEverySyncedByte(sizes: [Int]) throws {
        let directory = try TemporaryDirectory()
        let data = testBytes(count: sizes.reduce(0, +) + 50_000)
        let path: String
        do {
            let live = try capture(Array(data.prefix(sizes.reduce(0, +))), pieces: sizes, in: directory)
            data.withUnsafeBytes { live.append(UnsafeRawBufferPointer(rebasing: $0[sizes.reduce(0, +)...])) }
            path = live.path  // dropped unsynced: the process "dies" here
        }
        let recovery = try LiveCaptureFile.recover(path: path)
        #expect(recovery.repaired)
        #expect(recovery.recoveredBytes == Int64(sizes.reduce(0, +)))
        #expect(try decrypt(path, with: reader) == Array(data.prefix(sizes.reduce(0, +))))
        let again = try LiveCaptureFile.recover(path: path)
        #expect(again.recoveredBytes == recovery.recoveredBytes, "recovering twice changes nothing")
    }

    @Test func tornTailSlotFallsBackToThePreviousSync() throws {
        let directory = try TemporaryDirectory()
        let data = testBytes(count: 3_000)
        let live = try capture(data, pieces: [1_000, 1_000, 1_000], in: directory)
        let path = live.path
        let tail = live.tailPath
        // The newest slot (sequence 4: init wrote 1, then one per sync) sits in slot 0.
        let handle = try #require(FileHandle(forUpdatingAtPath: tail))
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data([0xFF, 0x00, 0xFF]))
        try handle.close()
        _ = consume live
        let recovery = try LiveCaptureFile.recover(path: path)
        #expect(recovery.recoveredBytes == 2_000)
        #expect(try decrypt(path, with: reader) == Array(data.prefix(2_000)))
    }

    @Test func recorderStillRunningIsRefused() throws {
        let directory = try TemporaryDirectory()
        let live = try capture([1, 2, 3], pieces: [3], in: directory)
        #expect {
            try LiveCaptureFile.recover(path: live.path)
        } throws: { error in
            if case VitniError.recordingBusy = error { true } else { false }
        }
    }

    @Test func noPlaintextOnDisk() throws {
        let directory = try TemporaryDirectory()
        let canary = Array("CANARY-AUDIO-PATTERN-7f3a".utf8)
        var data: [UInt8] = []
        for _ in 0..<10_000 { data += canary }
        let live = try capture(data, pieces: [100_000, data.count - 100_000], in: directory)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: directory.file(name))))
            #expect(!CanarySearch.contains(bytes, canary), "\(name) holds plaintext")
        }
        try live.finish()
    }
}
