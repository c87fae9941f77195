import Foundation
import Testing
import VitniTestSupport

@testable import VitniAudio

@Suite("The encoder never rewrites outside the output's head")
struct HeadLimitTests {
    static let pcm = testBytes(count: 48_000 * 4)
    static let flac = AudioFormat(sampleRate: 48_000, channels: 2, encoding: .int16, container: .flac)
    static let wav = AudioFormat(sampleRate: 48_000, channels: 2, encoding: .int16, container: .wav)

    @Test("FLAC needs its first 42 bytes rewritable, and no more")
    func flacHead() throws {
        let output = try AudioFixtures.encode(Self.pcm, format: Self.flac, headSize: 42)
        #expect(output.isFinished)
        #expect(Set(output.rewrites.map(\.offset)) == [12, 21, 26])  // frame sizes, total samples, MD5
        let error = #expect(throws: AudioError.self) {
            try AudioFixtures.encode(Self.pcm, format: Self.flac, headSize: 41)
        }
        guard case .rewriteOutsideHead(let offset, let count, let headSize)? = error else {
            Issue.record("expected rewriteOutsideHead, got \(String(describing: error))")
            return
        }
        #expect(offset == 26 && count == 16 && headSize == 41)
    }

    @Test("WAV rewrites its 44-byte header")
    func wavHead() throws {
        let output = try AudioFixtures.encode(Self.pcm, format: Self.wav, headSize: 44)
        #expect(output.rewrites.allSatisfy { $0.offset == 0 && $0.count == 44 })
        #expect(throws: AudioError.self) { try AudioFixtures.encode(Self.pcm, format: Self.wav, headSize: 43) }
    }

    @Test("The sink refuses holes and rewrites beyond the head")
    func sinkRules() throws {
        let output = MemoryAudioOutput(headSize: 8)
        let sink = HeadLimitedSink(output: output)
        let bytes = testBytes(count: 32)
        #expect(bytes.withUnsafeBytes { sink.write($0) } == 32)
        _ = sink.seek(offset: 4, whence: 0)
        #expect(bytes.withUnsafeBytes { sink.write(UnsafeRawBufferPointer(rebasing: $0[..<4])) } == 4)
        #expect(Array(output.bytes[4..<8]) == Array(bytes[0..<4]))
        _ = sink.seek(offset: 6, whence: 0)
        #expect(bytes.withUnsafeBytes { sink.write(UnsafeRawBufferPointer(rebasing: $0[..<4])) } == 0)
        #expect(sink.failure as? AudioError == .rewriteOutsideHead(offset: 6, count: 4, headSize: 8))

        let holeSink = HeadLimitedSink(output: MemoryAudioOutput())
        _ = holeSink.seek(offset: 10, whence: 0)
        #expect(bytes.withUnsafeBytes { holeSink.write($0) } == 0)
        #expect(holeSink.failure != nil)
    }
}
