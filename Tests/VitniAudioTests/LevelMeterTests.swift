import Foundation
import Testing
import VitniAudio
import VitniTestSupport

@Suite("Level meter known answers")
struct LevelMeterTests {
    @Test(arguments: [16, 24])
    func fullScaleSine(bits: Int) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("sine.wav")
        // An integer number of periods (1 kHz over 1 s) so the RMS is exact up to dither.
        try AudioFixtures.run(
            "sox", ["-n", "-r", "48000", "-c", "2", "-b", "\(bits)", path, "synth", "1", "sine", "1000"])
        let pcm = try AudioFixtures.rawSamples(path, bits: bits)
        let levels = LevelMeter.measure(pcm, encoding: AudioFixtures.encoding(bits: bits))
        #expect(abs(levels.rmsDBFS - (-3.0103)) < 0.01)
        #expect(levels.peakDBFS > -0.01 && levels.peakDBFS <= 0)
    }

    @Test func quietSineAndSilence() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("quiet.wav")
        try AudioFixtures.run(
            "sox", ["-n", "-r", "48000", "-c", "1", "-b", "24", path, "synth", "1", "sine", "1000", "vol", "-20dB"])
        let levels = LevelMeter.measure(try AudioFixtures.rawSamples(path, bits: 24), encoding: .int24)
        #expect(abs(levels.rmsDBFS - (-23.0103)) < 0.01)
        #expect(abs(levels.peakDBFS - (-20)) < 0.01)

        let silence = LevelMeter.measure([UInt8](repeating: 0, count: 9_600), encoding: .int16)
        #expect(silence.peakDBFS == -.infinity && silence.rmsDBFS == -.infinity)
        #expect(LevelMeter.measure([], encoding: .int16).rmsDBFS == -.infinity)
    }

    @Test("A float block and an int16 block of the same signal agree")
    func encodingsAgree() throws {
        var ints: [UInt8] = []
        var floats: [UInt8] = []
        for index in 0..<4_800 {
            let value = 0.25 * sin(2 * Double.pi * 300 * Double(index) / 48_000)
            withUnsafeBytes(of: Int16(value * 32_768).littleEndian) { ints.append(contentsOf: $0) }
            withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { floats.append(contentsOf: $0) }
        }
        let a = LevelMeter.measure(ints, encoding: .int16)
        let b = LevelMeter.measure(floats, encoding: .float32)
        #expect(abs(a.rmsDBFS - b.rmsDBFS) < 0.01)
        #expect(abs(b.peakDBFS - 20 * log10(0.25)) < 0.01)
    }

    @Test("Metering 100 ms of 48 kHz stereo costs far below 1 % of that time")
    func cheap() throws {
        let block = testBytes(count: 4_800 * 2 * 2)
        let blocks = 1_000  // 100 s of audio
        let clock = ContinuousClock()
        var sink = 0.0
        let elapsed = clock.measure {
            for _ in 0..<blocks { sink += LevelMeter.measure(block, encoding: .int16).rmsDBFS }
        }
        #expect(sink.isFinite)
        // 1 % of 100 s is 1 s; even an unoptimised debug build must stay well inside it.
        #expect(elapsed < .milliseconds(500), "metering 100 s of audio took \(elapsed)")
    }

    /// Every block reads as a number the meter can draw: never NaN, never `+infinity`.
    @Test(
        "Silence, full scale, over full scale, NaN and infinity all give drawable levels",
        arguments: [Float(0), 1, -1, 1e30, -.greatestFiniteMagnitude, .nan, .infinity, -.infinity])
    func totalOverEveryFloat(sample: Float) {
        var block: [UInt8] = []
        for _ in 0..<480 { withUnsafeBytes(of: sample.bitPattern.littleEndian) { block.append(contentsOf: $0) } }
        let levels = LevelMeter.measure(block, encoding: .float32)
        for value in [levels.peakDBFS, levels.rmsDBFS] {
            #expect(!value.isNaN && value != .infinity, "\(sample) read as \(value)")
        }
        if sample == 0 {
            #expect(levels.peakDBFS == -.infinity)
        } else if !sample.isFinite {
            #expect(levels.peakDBFS == 0, "a broken sample shows as full scale")
        } else {
            #expect(levels.peakDBFS >= 0)
        }
    }

    @Test func fullScaleSquareWaveReadsZeroDBFS() {
        var block: [UInt8] = []
        for index in 0..<4_800 {
            let value: Int16 = (index / 50) % 2 == 0 ? .max : .min
            withUnsafeBytes(of: value.littleEndian) { block.append(contentsOf: $0) }
        }
        let levels = LevelMeter.measure(block, encoding: .int16)
        #expect(levels.peakDBFS == 0)
        #expect(abs(levels.rmsDBFS) < 0.01)
    }
}
