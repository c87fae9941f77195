import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// Inputs named on the command line are opened without following a symlink and without waiting
/// on a FIFO: each test makes a real FIFO (mkfifo) and gives the read a few seconds.
@Suite struct FIFOInputTests {
    private final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: String?
        var value: String? { lock.withLock { stored } }
        func set(_ text: String) { lock.withLock { stored = text } }
    }

    /// What `body` returned or threw, or nil if it was still running after `seconds`.
    private func finished(within seconds: Int, _ body: @escaping @Sendable () throws -> String) -> String? {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Thread {
            do { outcome.set("returned " + (try body())) } catch { outcome.set("threw \(error)") }
            done.signal()
        }.start()
        guard done.wait(timeout: .now() + .seconds(seconds)) == .success else { return nil }
        return outcome.value
    }

    private func fifo(in directory: TemporaryDirectory) throws -> String {
        let path = directory.file("input.vtt")
        guard mkfifo(path, 0o600) == 0 else { throw TestSupportError("mkfifo failed: errno \(errno)") }
        return path
    }

    @Test func aTranscriptFromAFIFOIsRefusedAtOnce() throws {
        let directory = try TemporaryDirectory()
        let path = try fifo(in: directory)
        let outcome = finished(within: 5) { "\(try TranscriptFile.read(path, format: .webVTT).utterances.count)" }
        #expect(outcome?.contains("not a regular file") == true, "\(outcome ?? "still waiting after 5 s")")
    }

    @Test func aTranscriptBehindASymlinkIsRefused() throws {
        let directory = try TemporaryDirectory()
        let target = try directory.write("real.srt", "1\n00:00:01,000 --> 00:00:02,000\nINT: Hello.\n\n")
        let link = directory.file("link.srt")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(try TranscriptFile.read(target, format: .srt).utterances.count == 1)
        #expect(throws: VitniError.self) { try TranscriptFile.read(link, format: .srt) }
    }

    /// Identity files accept any file, but opening a FIFO no longer waits for a writer that
    /// never comes: with none, it reads as empty and fails as a malformed identity.
    @Test func anIdentityFileFromAFIFOWithoutAWriterDoesNotHang() throws {
        let directory = try TemporaryDirectory()
        let path = try fifo(in: directory)
        let outcome = finished(within: 5) { "\(try PublicIdentity.load(path: path).name)" }
        #expect(outcome?.hasPrefix("threw") == true, "\(outcome ?? "still waiting after 5 s")")
    }

    /// A FIFO with a writer is still read to its end, blocking between writes as before.
    @Test func aBoundedReadOfAFIFOWithAWriterReadsToTheEnd() throws {
        let directory = try TemporaryDirectory()
        let path = try fifo(in: directory)
        let writer = open(path, O_RDWR | O_NONBLOCK)
        try #require(writer >= 0)
        let first = Array("first ".utf8)
        #expect(first.withUnsafeBytes { write(writer, $0.baseAddress!, $0.count) } == first.count)
        Thread {
            Thread.sleep(forTimeInterval: 0.5)
            let second = Array("second".utf8)
            _ = second.withUnsafeBytes { write(writer, $0.baseAddress!, $0.count) }
            close(writer)
        }.start()
        let outcome = finished(within: 10) {
            String(decoding: try BoundedFile.read(path: path, limit: 64), as: UTF8.self)
        }
        #expect(outcome == "returned first second")
    }
}
