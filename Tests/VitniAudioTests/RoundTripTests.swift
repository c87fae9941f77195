import Foundation
import Testing
import VitniAudio
import VitniTestSupport

struct RoundTripCase: CustomTestStringConvertible, Sendable {
    let container: AudioContainer
    let rate: Int
    let channels: Int
    let bits: Int
    var testDescription: String { "\(container.rawValue) \(rate) Hz \(channels) ch \(bits)-bit" }

    static let all: [RoundTripCase] = [AudioContainer.wav, .flac].flatMap { container in
        [16_000, 44_100, 48_000].flatMap { rate in
            [1, 2].flatMap { channels in
                [16, 24].map { RoundTripCase(container: container, rate: rate, channels: channels, bits: $0) }
            }
        }
    }
}

@Suite("Decode → encode → decode is sample-exact")
struct RoundTripTests {
    @Test(arguments: RoundTripCase.all)
    func roundTrip(_ c: RoundTripCase) throws {
        let directory = try TemporaryDirectory()
        // Mono cases use speech, stereo cases two tones: both real, non-trivial signals.
        let source =
            c.channels == 1
            ? try AudioFixtures.speech(in: directory, name: "in.wav", rate: c.rate, channels: 1, bits: c.bits)
            : try AudioFixtures.tone(in: directory, name: "in.wav", rate: c.rate, channels: 2, bits: c.bits)
        let expected = try AudioFixtures.rawSamples(source, bits: c.bits)
        #expect(expected.count > c.rate * c.channels * c.bits / 8)  // at least a second of audio

        let decoder = try AudioDecoder(path: source)
        #expect(
            decoder.format
                == AudioFormat(
                    sampleRate: c.rate, channels: c.channels,
                    encoding: AudioFixtures.encoding(bits: c.bits), container: .wav))
        let decoded = try decoder.readAll()
        expectSamePCM(decoded, expected, "decoded source")
        let frames = expected.count / decoder.format.bytesPerFrame
        #expect(decoder.frameCount == Int64(frames))

        let format = decoder.format.with(container: c.container)
        let output = try AudioFixtures.encode(decoded, format: format)
        // libsndfile only ever rewrote the header.
        #expect(output.rewrites.allSatisfy { $0.offset + $0.count <= (c.container == .flac ? 42 : 44) })
        #expect(!output.rewrites.isEmpty)

        // Decode again from a non-seekable in-memory stream that returns short reads.
        let again = try AudioDecoder(input: MemoryAudioInput(output.bytes, maximumRead: 1_000), name: "memory")
        #expect(again.format == format)
        #expect(again.frameCount == Int64(frames))
        expectSamePCM(try again.readAll(), expected, "re-decoded output")

        // The stock tools agree: the file is valid and the header was finalised.
        let written = try directory.write(c.container == .flac ? "out.flac" : "out.wav", output.bytes)
        expectSamePCM(try AudioFixtures.rawSamples(written, bits: c.bits), expected, "sox decoding of the output")
        if c.container == .flac {
            try AudioFixtures.run("flac", ["-t", "-s", written])  // checks every frame and the MD5
            let total = try AudioFixtures.run("metaflac", ["--show-total-samples", written]).stdoutText
            #expect(total.trimmingCharacters(in: .whitespacesAndNewlines) == "\(frames)")
            let md5 = try AudioFixtures.run("metaflac", ["--show-md5sum", written]).stdoutText
            #expect(md5.trimmingCharacters(in: .whitespacesAndNewlines) != String(repeating: "0", count: 32))
        } else {
            let samples = try AudioFixtures.run("soxi", ["-s", written]).stdoutText
            #expect(samples.trimmingCharacters(in: .whitespacesAndNewlines) == "\(frames)")
        }
    }

    @Test("32-bit integer and float WAV round-trip exactly")
    func wideWav() throws {
        let directory = try TemporaryDirectory()
        let source = try AudioFixtures.tone(in: directory, name: "in.wav", rate: 48_000, channels: 2, bits: 32)
        let expected = try AudioFixtures.rawSamples(source, bits: 32)
        let decoder = try AudioDecoder(path: source)
        #expect(decoder.format.encoding == .int32)
        let decoded = try decoder.readAll()
        expectSamePCM(decoded, expected, "decoded source")
        let output = try AudioFixtures.encode(decoded, format: decoder.format.with(container: .wav))
        expectSamePCM(try AudioDecoder(input: MemoryAudioInput(output.bytes), name: "memory").readAll(), expected)

        let floatSource = directory.file("float.wav")
        try AudioFixtures.run("sox", [source, "-e", "floating-point", "-b", "32", floatSource])
        let floatDecoder = try AudioDecoder(path: floatSource)
        #expect(floatDecoder.format.encoding == .float32)
        let floats = try floatDecoder.readAll()
        let floatOutput = try AudioFixtures.encode(floats, format: floatDecoder.format.with(container: .wav))
        expectSamePCM(try AudioDecoder(input: MemoryAudioInput(floatOutput.bytes), name: "memory").readAll(), floats)
    }

    @Test("Headerless PCM decodes with an explicit format")
    func rawInput() throws {
        let directory = try TemporaryDirectory()
        let source = try AudioFixtures.tone(in: directory, name: "in.wav", rate: 48_000, channels: 2, bits: 24)
        let expected = try AudioFixtures.rawSamples(source, bits: 24)
        let format = AudioFormat(sampleRate: 48_000, channels: 2, encoding: .int24, container: .raw)
        let decoder = try AudioDecoder(
            input: MemoryAudioInput(expected, maximumRead: 4_093), name: "raw", rawFormat: format)
        #expect(decoder.format == format)
        expectSamePCM(try decoder.readAll(), expected)
    }

    @Test("FLAC output is compressed like `flac -5`")
    func compressionLevel() throws {
        let directory = try TemporaryDirectory()
        let source = try AudioFixtures.speech(in: directory, name: "in.wav", rate: 48_000, channels: 2, bits: 16)
        let reference = directory.file("reference.flac")
        try AudioFixtures.run("flac", ["-5", "-s", "--no-padding", "--no-seektable", "-o", reference, source])
        let referenceSize = try FileManager.default.attributesOfItem(atPath: reference)[.size] as? Int ?? 0
        let decoder = try AudioDecoder(path: source)
        let output = try AudioFixtures.encode(try decoder.readAll(), format: decoder.format.with(container: .flac))
        // Same encoder, same level: only the metadata differs (a few dozen bytes of vendor string).
        #expect(referenceSize > 10_000)
        #expect(
            abs(output.bytes.count - referenceSize) < referenceSize / 200,
            "ours \(output.bytes.count) bytes, flac -5 \(referenceSize) bytes")
    }
}
