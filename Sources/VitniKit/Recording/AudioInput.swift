import Foundation
import VitniCrypto

/// Opens what `vitni record --input` names: standard input (`-`), a file, or a capture device.
public enum AudioInput {
    /// - Parameters:
    ///   - spec: `-`, a path, or `alsa:DEVICE`.
    ///   - rate, channels, sampleFormat: the layout of raw PCM input (raw carries none).
    /// - Throws: `VitniError.audio` for input that cannot be used, naming it.
    public static func open(
        _ spec: String, rate: Int?, channels: Int?, sampleFormat: PCMFormat.Encoding?
    ) throws -> any PCMSource {
        let name = spec == "-" ? "<stdin>" : spec
        let stream = try openInput(spec)
        let format = try PCMFormat(sampleRate: rate ?? 48_000, channels: channels ?? 1, encoding: sampleFormat ?? .s16le)
        return RawPCMSource(stream, format: format, name: name)
    }

    /// How the audio arrived, as the catalogue records it (never a path: file names can identify).
    public static func sourceName(_ spec: String) -> String {
        if spec == "-" { return "stdin" }
        if spec.hasPrefix("alsa:") { return spec }
        return "file"
    }
}
