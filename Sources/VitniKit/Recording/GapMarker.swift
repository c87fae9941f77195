import Foundation
public import VitniAudio

/// What stands between two recordings when a session is played as one: a second of sound no
/// interview contains — two short 1 kHz beeps at −20 dBFS — so a listener hears that time was
/// not recorded there, and the timeline printed beside it says how much.
public enum GapMarker {
    /// The marker's length: one second.
    public static func frames(_ format: AudioFormat) -> Int64 { Int64(format.sampleRate) }

    /// The marker in `format`'s raw PCM encoding, every channel alike.
    public static func pcm(_ format: AudioFormat) -> [UInt8] {
        let rate = Double(format.sampleRate)
        let beeps = [0.2..<0.35, 0.5..<0.65]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(frames(format)) * format.bytesPerFrame)
        for frame in 0..<Int(frames(format)) {
            let time = Double(frame) / rate
            let value = beeps.contains { $0.contains(time) } ? 0.1 * sin(2 * Double.pi * 1000 * time) : 0
            let sample = encode(value, format.encoding)
            for _ in 0..<format.channels { bytes += sample }
        }
        return bytes
    }

    /// One sample in [-1, 1] as little-endian bytes of `encoding`.
    static func encode(_ value: Double, _ encoding: SampleEncoding) -> [UInt8] {
        func littleEndian(_ integer: Int64, bytes: Int) -> [UInt8] {
            (0..<bytes).map { UInt8(truncatingIfNeeded: integer >> (8 * $0)) }
        }
        switch encoding {
        case .int16: return littleEndian(Int64(value * 32767), bytes: 2)
        case .int24: return littleEndian(Int64(value * 8_388_607), bytes: 3)
        case .int32: return littleEndian(Int64(value * 2_147_483_647), bytes: 4)
        case .float32: return littleEndian(Int64(Float(value).bitPattern), bytes: 4)
        }
    }
}
