import Foundation
import Testing
import VitniAudio
import VitniTestSupport
import VitniView

/// A recording served by ranges is, byte for byte, the WAV file `vitni play` would write.
@Suite struct RecordingRangesTests {
    @Test func everyRangeIsThatOfTheWholeWAV() throws {
        let format = AudioFormat(sampleRate: 16_000, channels: 1, encoding: .int16)
        let pcm = testBytes(count: 2 * 16_000 * 30, seed: 7)
        let output = MemoryAudioOutput()
        let encoder = try AudioEncoder(format: format.with(container: .flac), output: output)
        try pcm.withUnsafeBytes { try encoder.write($0) }
        try encoder.finish()
        let flac = output.bytes
        let frames = Int64(pcm.count / 2)
        let ranges = try RecordingRanges(format: format, frames: frames, name: "test.flac") {
            try AudioDecoder(seekable: MemorySeekableInput(flac), name: "test.flac")
        }
        let whole = try WAVStreamHeader.bytes(format: format, frames: frames) + pcm
        #expect(ranges.length == Int64(whole.count))
        var random = SystemRandomNumberGenerator()
        let cases =
            [ByteRange(first: 0, last: 43), ByteRange(first: 0, last: 100), ByteRange(first: 43, last: 44)]
            + (0..<30).map { _ in
                let first = Int64.random(in: 0..<Int64(whole.count - 1), using: &random)
                return ByteRange(first: first, last: min(Int64(whole.count - 1), first + .random(in: 0..<300_000)))
            } + [ByteRange(first: Int64(whole.count - 3), last: Int64(whole.count - 1))]
        for range in cases {
            var served: [UInt8] = []
            try ranges.read(range) { served += $0 }
            #expect(served.count == Int(range.count), "\(range)")
            #expect(served == Array(whole[Int(range.first)...Int(range.last)]), "\(range)")
        }
    }
}
