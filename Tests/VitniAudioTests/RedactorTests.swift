import Foundation
import Testing
import VitniAudio
import VitniTestSupport

@Suite("Audio redaction over streaming blocks")
struct RedactorTests {
    static let rate = 48_000
    static let format = AudioFormat(sampleRate: rate, channels: 2, encoding: .int16)
    static let mute = RedactionSpan(start: 48_000, end: 72_000)  // 1.0 s … 1.5 s
    /// 2.0 s … 2.4 s.
    static let tone = RedactionSpan(start: 96_000, end: 115_200, fill: .tone(frequency: 1_000, levelDBFS: -20))
    static let fade: Int64 = 480  // 10 ms

    /// Real speech, 3 s, stereo 16-bit, plus its redaction processed in `block`-frame pieces.
    static func redacted(_ pcm: [UInt8], block: Int) throws -> [UInt8] {
        var redactor = try AudioRedactor(format: format, spans: [tone, mute], fadeDuration: 0.01)
        var out = pcm
        let step = block * format.bytesPerFrame
        try out.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let end = min(offset + step, buffer.count)
                try redactor.process(UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<end]))
                offset = end
            }
        }
        #expect(redactor.position == Int64(pcm.count / format.bytesPerFrame))
        return out
    }

    static func speech() throws -> (TemporaryDirectory, [UInt8]) {
        let directory = try TemporaryDirectory()
        let path = try AudioFixtures.speech(in: directory, name: "speech.wav", rate: rate, channels: 2, bits: 16)
        let padded = directory.file("padded.wav")
        // Loop the speech to a full 3 s so every span covers real signal.
        try AudioFixtures.run("sox", [path, path, padded, "trim", "0", "3"])
        return (directory, try AudioFixtures.rawSamples(padded, bits: 16))
    }

    static func frames(_ pcm: [UInt8], _ range: Range<Int64>) -> [UInt8] {
        Array(pcm[(Int(range.lowerBound) * 4)..<(Int(range.upperBound) * 4)])
    }

    @Test func spansAreReplacedAndEverythingElseIsUntouched() throws {
        let (_, pcm) = try Self.speech()
        let out = try Self.redacted(pcm, block: 1_000)
        #expect(out.count == pcm.count)
        let total = Int64(pcm.count / 4)
        #expect(total == 144_000)
        #expect(LevelMeter.measure(Self.frames(pcm, Self.mute.start..<Self.mute.end), encoding: .int16).rmsDBFS > -40)

        // Bit-exact outside the spans and their fade ramps.
        let untouched: [Range<Int64>] = [
            0..<(Self.mute.start - Self.fade), (Self.mute.end + Self.fade)..<(Self.tone.start - Self.fade),
            (Self.tone.end + Self.fade)..<total,
        ]
        for range in untouched { expectSamePCM(Self.frames(out, range), Self.frames(pcm, range), "frames \(range)") }

        // The muted span is digital silence.
        #expect(Self.frames(out, Self.mute.start..<Self.mute.end).allSatisfy { $0 == 0 })

        // The tone span (away from its own fades) has the tone's RMS: -20 dBFS peak = -23.01 dBFS RMS.
        let steady = LevelMeter.measure(
            Self.frames(out, (Self.tone.start + Self.fade)..<(Self.tone.end - Self.fade)), encoding: .int16)
        #expect(abs(steady.rmsDBFS - (-23.0103)) < 0.05)
        #expect(abs(steady.peakDBFS - (-20)) < 0.05)

        // The ramps only attenuate: no sample grows, and the last one before the span is near zero.
        for range in [(Self.mute.start - Self.fade)..<Self.mute.start, Self.mute.end..<(Self.mute.end + Self.fade)] {
            let original = Self.samples(Self.frames(pcm, range))
            let faded = Self.samples(Self.frames(out, range))
            #expect(zip(original, faded).allSatisfy { abs(Int($1)) <= abs(Int($0)) })
        }
        let edge = Self.samples(Self.frames(out, (Self.mute.start - 1)..<Self.mute.start))
        #expect(edge.allSatisfy { abs(Int($0)) <= 2 })
    }

    @Test("Block size does not change the result")
    func blockIndependence() throws {
        let (_, pcm) = try Self.speech()
        expectSamePCM(try Self.redacted(pcm, block: 1_000), try Self.redacted(pcm, block: 777))
        expectSamePCM(try Self.redacted(pcm, block: 1), try Self.redacted(pcm, block: 144_000))
    }

    @Test("sox confirms the muted span is silent in the encoded FLAC")
    func soxStat() throws {
        let (directory, pcm) = try Self.speech()
        let out = try Self.redacted(pcm, block: 4_096)
        let output = try AudioFixtures.encode(out, format: Self.format.with(container: .flac))
        let path = try directory.write("redacted.flac", output.bytes)
        let stat = try AudioFixtures.run("sox", [path, "-n", "trim", "1.0", "0.5", "stat"]).stderrText
        let maximum = stat.split(separator: "\n").first { $0.hasPrefix("Maximum amplitude") }
        #expect(maximum.map { $0.hasSuffix(" 0.000000") } == true, "sox stat: \(stat)")
        let length = try AudioFixtures.run("soxi", ["-s", path]).stdoutText
        #expect(length.trimmingCharacters(in: .whitespacesAndNewlines) == "144000")
    }

    @Test func invalidSpans() throws {
        #expect(throws: AudioError.self) {
            try AudioRedactor(format: Self.format, spans: [RedactionSpan(start: 10, end: 10)])
        }
        #expect(throws: AudioError.self) {
            try AudioRedactor(
                format: Self.format, spans: [RedactionSpan(start: 0, end: 100), RedactionSpan(start: 50, end: 150)])
        }
        #expect(throws: AudioError.self) {
            try AudioRedactor(
                format: Self.format,
                spans: [RedactionSpan(start: 0, end: 100, fill: .tone(frequency: 30_000, levelDBFS: -20))])
        }
        var redactor = try AudioRedactor(format: Self.format, spans: [Self.mute])
        var partial = [UInt8](repeating: 1, count: 6)
        #expect(throws: AudioError.self) { try redactor.process(&partial) }
    }

    static func samples(_ bytes: [UInt8]) -> [Int16] {
        stride(from: 0, to: bytes.count, by: 2).map {
            Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8)
        }
    }
}
