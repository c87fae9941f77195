import Foundation
import Testing
import VitniAudio
import VitniTestSupport

/// Capture without a sound card: ALSA's own `file` plugin over a `null` slave replaces the captured
/// (silent) data with the contents of `infile`.
@Suite("ALSA capture through the file plugin")
struct AlsaCaptureTests {
    static func configuration(infile: String) -> String {
        """
        pcm.vitnitest {
            type file
            slave { pcm { type null } }
            file "/dev/null"
            infile "\(infile)"
            format "raw"
        }
        """
    }

    @Test(arguments: [SampleEncoding.int16, .int24, .int32])
    func capturesTheFileSamples(encoding: SampleEncoding) throws {
        let directory = try TemporaryDirectory()
        let wav = try AudioFixtures.speech(
            in: directory, name: "speech.wav", rate: 48_000, channels: 2, bits: encoding.bitDepth)
        let raw = try AudioFixtures.rawSamples(wav, bits: encoding.bitDepth)
        let rawPath = try directory.write("capture.raw", raw)
        let format = AudioFormat(sampleRate: 48_000, channels: 2, encoding: encoding)
        let capture = try AlsaCapture(
            device: "vitnitest", format: format, periodFrames: 1_024,
            configuration: Self.configuration(infile: rawPath))
        #expect(capture.format == format)
        #expect(capture.periodFrames > 0)
        let frames = raw.count / format.bytesPerFrame
        #expect(frames > 48_000)
        let captured = try capture.read(frames: frames)
        expectSamePCM(captured, raw, "captured audio")
        #expect(capture.overrunCount == 0)
    }

    @Test func unknownDeviceIsNamed() throws {
        let error = #expect(throws: AudioError.self) {
            try AlsaCapture(
                device: "vitni-no-such-pcm", format: AudioFormat(sampleRate: 48_000, channels: 2, encoding: .int16),
                configuration: "pcm.other { type null }\n")
        }
        guard case .alsa(let device, let operation, _)? = error else {
            Issue.record("expected an ALSA error, got \(String(describing: error))")
            return
        }
        #expect(device == "vitni-no-such-pcm" && operation == "open for capture")
    }

    @Test func malformedConfiguration() throws {
        #expect(throws: AudioError.self) {
            try AlsaCapture(
                device: "x", format: AudioFormat(sampleRate: 48_000, channels: 2, encoding: .int16),
                configuration: "pcm.x { type ")
        }
    }
}
