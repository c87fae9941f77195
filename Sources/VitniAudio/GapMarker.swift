import Foundation

/// What stands between two recordings when a session is played as one: a second of sound no
/// interview contains — two short 1 kHz beeps at −20 dBFS — so a listener hears that time was
/// not recorded there, and the timeline printed beside it says how much.
public enum GapMarker {
    /// The marker's length: one second.
    public static func frames(_ format: AudioFormat) -> Int64 { Int64(format.sampleRate) }

    /// The marker in `format`'s raw PCM encoding, every channel alike.
    public static func pcm(_ format: AudioFormat) -> [UInt8] {
        let frames = Int(frames(format))
        let rate = Double(format.sampleRate)
        let beeps = [0.2..<0.35, 0.5..<0.65]
        var bytes = [UInt8](repeating: 0, count: frames * format.bytesPerFrame)
        bytes.withUnsafeMutableBytes { buffer in
            for frame in 0..<frames {
                let time = Double(frame) / rate
                guard beeps.contains(where: { $0.contains(time) }) else { continue }
                let value = 0.1 * sin(2 * Double.pi * 1000 * time)
                for channel in 0..<format.channels {
                    PCM.store(value, buffer.baseAddress!, frame * format.channels + channel, format.encoding)
                }
            }
        }
        return bytes
    }
}
