import Foundation
public import VitniAudio
import VitniCrypto

/// Opens what `vitni record --input` names: standard input (`-`), a file, or a capture device
/// (`alsa:DEVICE`). WAV, FLAC and Ogg are recognised by their first bytes and decoded as they
/// stream; anything else is taken as raw PCM only when its layout is given.
public enum AudioInput {
    /// - Parameters:
    ///   - spec: `-`, a path, or `alsa:DEVICE`.
    ///   - rate, channels, encoding: the layout of raw PCM input or of the capture device.
    ///   - alsaConfiguration: ALSA configuration text to resolve the device in (tests, custom set-ups).
    /// - Throws: `VitniError.audio` for input that cannot be used, naming it.
    public static func open(
        _ spec: String, rate: Int?, channels: Int?, encoding: SampleEncoding?, alsaConfiguration: String? = nil
    ) throws -> any PCMSource {
        if spec.hasPrefix("alsa:") {
            let device = String(spec.dropFirst(5))
            let format = try AudioFormat.recordable(
                sampleRate: rate ?? 48_000, channels: channels ?? 1, encoding: encoding ?? .int16)
            return try audio(spec) {
                try AlsaSource(AlsaCapture(device: device, format: format, configuration: alsaConfiguration))
            }
        }
        let name = spec == "-" ? "<stdin>" : spec
        let input = try audio(name) {
            spec == "-"
                ? FileDescriptorAudioInput(descriptor: 0, name: name) : try FileDescriptorAudioInput.open(path: spec)
        }
        return try open(input, name: name, rate: rate, channels: channels, encoding: encoding)
    }

    /// Audio arriving on `input` (a pipe, a file): WAV, FLAC or Ogg recognised by their first
    /// bytes, else raw PCM when `rate` gives its layout.
    public static func open(
        _ input: any AudioByteInput, name: String, rate: Int?, channels: Int?, encoding: SampleEncoding?
    ) throws -> any PCMSource {
        let peeked = try PeekedInput(input, name: name)
        if peeked.looksLikeAudioFile {
            let decoder = try audio(name) { try AudioDecoder(input: peeked, name: name) }
            guard AudioFormat.recordableRates.contains(decoder.format.sampleRate),
                AudioFormat.recordableChannels.contains(decoder.format.channels)
            else {
                throw VitniError.audio(
                    path: name, reason: "\(decoder.format) cannot be recorded: 8–192 kHz and 1–8 channels are accepted")
            }
            return DecodedSource(decoder, name: name)
        }
        guard let rate else {
            throw VitniError.audio(
                path: name,
                reason: peeked.isEmpty
                    ? "the input is empty" : "not WAV, FLAC or Ogg audio; for raw PCM give --rate and --channels")
        }
        let format = try AudioFormat.recordable(sampleRate: rate, channels: channels ?? 1, encoding: encoding ?? .int16)
        return RawPCMSource(peeked, format: format, name: name)
    }

    /// How the audio arrived, as the catalogue records it (never a path: file names can identify).
    public static func sourceName(_ spec: String) -> String {
        if spec == "-" { return "stdin" }
        if spec.hasPrefix("alsa:") { return spec }
        return "file"
    }

    /// Peak and RMS for the status line.
    public static let meter: @Sendable (UnsafeRawBufferPointer, AudioFormat) -> AudioLevels = { bytes, format in
        LevelMeter.measure(bytes, encoding: format.encoding)
    }

    /// Runs `body`, turning VitniAudio's errors into Vitni's, naming the input.
    static func audio<T>(_ name: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as AudioError {
            throw VitniError.audio(path: name, reason: Self.reason(error))
        }
    }

    /// The message without the name VitniAudio already put in front.
    static func reason(_ error: AudioError) -> String {
        let text = error.description
        if let range = text.range(of: ": ") { return String(text[range.upperBound...]) }
        return text
    }
}

/// An input whose first bytes were read to recognise the format and are handed out again.
final class PeekedInput: AudioByteInput, ByteSource {
    private let input: any AudioByteInput
    private var prefix: [UInt8]
    private var offset = 0

    init(_ input: any AudioByteInput, name: String) throws {
        self.input = input
        var bytes = [UInt8](repeating: 0, count: 12)
        var filled = 0
        try AudioInput.audio(name) {
            while filled < bytes.count {
                let n = try bytes.withUnsafeMutableBytes {
                    try input.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...]))
                }
                if n == 0 { break }
                filled += n
            }
        }
        prefix = Array(bytes[..<filled])
    }

    var isEmpty: Bool { prefix.isEmpty }

    /// RIFF/RIFX/RF64 (WAV), fLaC, OggS.
    var looksLikeAudioFile: Bool {
        let magic = String(decoding: prefix.prefix(4), as: UTF8.self)
        return ["RIFF", "RIFX", "RF64", "fLaC", "OggS"].contains(magic)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset < prefix.count {
            let n = min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
            offset += n
            return n
        }
        return try input.read(into: buffer)
    }
}

/// Frames from a decoder: WAV, FLAC or Ogg arriving on a pipe or from a file.
final class DecodedSource: PCMSource {
    private let decoder: AudioDecoder
    private let name: String
    var format: AudioFormat { decoder.format.with(container: .raw) }

    init(_ decoder: AudioDecoder, name: String) {
        self.decoder = decoder
        self.name = name
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try AudioInput.audio(name) { try decoder.readFrames(into: buffer) } * decoder.format.bytesPerFrame
    }
}

/// Frames from an ALSA capture device. Device errors stay `AudioError.deviceLost`, so the
/// recorder can say the device went away.
final class AlsaSource: PCMSource {
    private let capture: AlsaCapture
    var format: AudioFormat { capture.format }

    init(_ capture: AlsaCapture) { self.capture = capture }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try capture.read(into: buffer) * capture.format.bytesPerFrame
    }
}
