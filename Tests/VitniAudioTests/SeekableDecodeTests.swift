import Foundation
import Testing
import VitniAudio
import VitniTestSupport

/// Decoding from any frame of an input readable at any offset — what serving a long recording
/// by ranges needs: every seek lands on exactly the samples sox decodes there.
@Suite struct SeekableDecodeTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// sox's FLAC (with a seek table) and WAV, and the FLAC Vitni's own encoder writes.
    @Test(arguments: ["flac", "wav", "vitni-flac"])
    func everySeekLandsOnTheSamplesThere(container: String) throws {
        let path = try AudioFixtures.tone(
            in: directory, name: "long.\(container == "wav" ? "wav" : "flac")", rate: 16_000, channels: 1, bits: 16,
            seconds: 120)
        let expected = try AudioFixtures.rawSamples(path, bits: 16)
        let file =
            container == "vitni-flac"
            ? try AudioFixtures.encode(
                expected, format: AudioFormat(sampleRate: 16_000, channels: 1, encoding: .int16, container: .flac)
            ).bytes
            : Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let input = MemorySeekableInput(file)
        let decoder = try AudioDecoder(seekable: input, name: "long.\(container)")
        #expect(decoder.frameCount == Int64(120 * 16_000))
        var random = SystemRandomNumberGenerator()
        let frames = Int64(expected.count / 2)
        for _ in 0..<40 {
            let frame = Int64.random(in: 0..<(frames - 4_000), using: &random)
            try decoder.seek(toFrame: frame)
            let decoded = try decoder.readFrames(maxFrames: 4_000)
            expectSamePCM(decoded, Array(expected[Int(frame * 2)..<Int((frame + 4_000) * 2)]), "at frame \(frame)")
        }
        try decoder.seek(toFrame: frames - 10)
        #expect(try decoder.readFrames(maxFrames: 100).count == 20, "the last ten frames, then the end")
        #expect(throws: AudioError.self) { try decoder.seek(toFrame: frames + 1) }
    }

    @Test func aSeekNearTheEndReadsLittleOfTheFile() throws {
        let path = try AudioFixtures.tone(
            in: directory, name: "long.flac", rate: 16_000, channels: 1, bits: 16, seconds: 120)
        let input = MemorySeekableInput(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        let decoder = try AudioDecoder(seekable: input, name: "long.flac")
        let opened = input.bytesRead
        try decoder.seek(toFrame: 119 * 16_000)
        _ = try decoder.readFrames(maxFrames: 1_600)
        #expect(
            input.bytesRead - opened < input.bytes.count / 4, "read \(input.bytesRead - opened) of \(input.bytes.count)"
        )
    }
}
