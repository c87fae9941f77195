import Foundation
import Testing
import VitniAudio
import VitniTestSupport

/// The waveform overview: loud where the recording is loud, flat where it is silent.
@Suite struct WaveformPeaksTests {
    @Test func peaksFollowTheSignal() throws {
        let directory = try TemporaryDirectory()
        // Two seconds of a 0.7 tone, then two of silence.
        let tone = try AudioFixtures.tone(in: directory, name: "tone.wav", rate: 16_000, channels: 1, bits: 16)
        let path = directory.file("tone-silence.wav")
        try AudioFixtures.run("sox", [tone, path, "pad", "0", "2"])
        let decoder = try AudioDecoder(path: path)
        let frames = try #require(decoder.frameCount)
        let peaks = try WaveformPeaks.compute(decoder, frames: frames, slices: 100)
        #expect(peaks.count == 100)
        #expect(peaks[..<45].allSatisfy { $0.1 > 0.5 && $0.0 < -0.5 }, "the tone's half")
        #expect(peaks[55...].allSatisfy { $0.0 == 0 && $0.1 == 0 }, "the silent half")
    }
}
