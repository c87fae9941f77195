import Foundation
import Testing
import VitniTestSupport

@testable import VitniAudio

@Suite("Decoding non-seekable streams")
struct StreamingDecodeTests {
    /// Files larger than the 1 MiB prefix, so the decoder really has to stream.
    @Test(arguments: ["wav", "flac"])
    func pipeFromSox(type: String) throws {
        let directory = try TemporaryDirectory()
        let source = try AudioFixtures.tone(
            in: directory, name: "in.wav", rate: 48_000, channels: 2, bits: 24, seconds: 8)
        let expected = try AudioFixtures.rawSamples(source, bits: 24)
        #expect(expected.count > 2 << 20)

        let child = try PipedProcess("sox", [source, "-t", type, "-"])
        let decoder = try AudioDecoder(input: child.input, name: "<pipe>")
        #expect(decoder.format.container == (type == "wav" ? .wav : .flac))
        #expect(decoder.format.encoding == .int24)
        expectSamePCM(try decoder.readAll(), expected)
        #expect(child.wait() == 0)
    }

    @Test("A WAV streamed with a placeholder size decodes to its real end, length unknown")
    func wavOfUnknownLength() throws {
        let directory = try TemporaryDirectory()
        let source = try AudioFixtures.tone(in: directory, name: "in.wav", rate: 48_000, channels: 2, bits: 16)
        let raw = try directory.write("in.raw", try AudioFixtures.rawSamples(source, bits: 16))
        // Reading raw PCM from a pipe, sox cannot know the length and writes 0x7FFFF000 as the size.
        let child = try PipedProcess(
            "sh", ["-c", "cat \"$0\" | sox -t raw -r 48000 -c 2 -b 16 -e signed-integer - -t wav -", raw])
        let decoder = try AudioDecoder(input: child.input, name: "<pipe>")
        #expect(decoder.frameCount == nil)
        expectSamePCM(try decoder.readAll(), try AudioFixtures.rawSamples(source, bits: 16))
        #expect(child.wait() == 0)
    }

    @Test("Ogg Vorbis from a pipe decodes with its length unknown")
    func oggFromPipe() throws {
        let directory = try TemporaryDirectory()
        let source = try AudioFixtures.tone(
            in: directory, name: "in.wav", rate: 48_000, channels: 2, bits: 16, seconds: 3)
        let child = try PipedProcess("sox", [source, "-t", "ogg", "-"])
        let decoder = try AudioDecoder(input: child.input, name: "<pipe>")
        #expect(decoder.format.container == .oggVorbis)
        #expect(decoder.format.encoding == .float32)
        #expect(decoder.frameCount == nil)
        let decoded = try decoder.readAll()
        #expect(decoded.count / decoder.format.bytesPerFrame == 144_000)
        let levels = LevelMeter.measure(decoded, encoding: .float32)
        #expect(abs(levels.rmsDBFS - (20 * log10(0.7) - 3.01)) < 0.5)  // lossy, but the tone survives
        #expect(child.wait() == 0)
    }

    @Test("Memory stays bounded by the prefix however long the stream")
    func boundedMemory() throws {
        let bytes = testBytes(count: 4 << 20)
        let window = SequentialWindow(input: MemoryAudioInput(bytes), name: "stream", prefixLimit: 1 << 20)
        window.isOpening = false
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var total = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { window.read(into: $0) }
            if count == 0 { break }
            total += count
        }
        #expect(total == bytes.count)
        #expect(window.retainedBytes == 1 << 20)
        #expect(window.failure == nil)
    }

    @Test("A seek back beyond the buffered prefix fails loudly")
    func backwardSeekBeyondPrefix() throws {
        let window = SequentialWindow(input: MemoryAudioInput(testBytes(count: 256)), name: "stream", prefixLimit: 16)
        window.isOpening = false
        var buffer = [UInt8](repeating: 0, count: 64)
        #expect(buffer.withUnsafeMutableBytes { window.read(into: $0) } == 64)
        #expect(window.seek(offset: 8, whence: 0) == 8)
        #expect(
            buffer.withUnsafeMutableBytes { window.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<8])) } == 8)
        #expect(Array(buffer[..<8]) == Array(testBytes(count: 256)[8..<16]))
        _ = window.seek(offset: 20, whence: 0)
        #expect(buffer.withUnsafeMutableBytes { window.read(into: $0) } == 0)
        #expect(window.failure as? AudioError == .notSeekable(name: "stream", offset: 20))
    }

    @Test("Forward seeks are emulated by reading; while opening, a jump past the prefix reads as the end")
    func forwardSeeks() throws {
        let bytes = testBytes(count: 4_096)
        let window = SequentialWindow(
            input: MemoryAudioInput(bytes, maximumRead: 7), name: "stream", prefixLimit: 1_024)
        var buffer = [UInt8](repeating: 0, count: 16)
        _ = window.seek(offset: 2_000, whence: 0)
        #expect(buffer.withUnsafeMutableBytes { window.read(into: $0) } == 0)
        #expect(window.consumed == 0)  // nothing was consumed by the deferred jump
        window.isOpening = false
        #expect(buffer.withUnsafeMutableBytes { window.read(into: $0) } == 16)
        #expect(buffer == Array(bytes[2_000..<2_016]))
        _ = window.seek(offset: 100, whence: 0)  // still inside the prefix
        #expect(buffer.withUnsafeMutableBytes { window.read(into: $0) } == 16)
        #expect(buffer == Array(bytes[100..<116]))
    }
}
