public import VitniAudio

/// Audio arriving as raw PCM frames (`format.container` is `.raw`): a pipe, a decoded file, a
/// capture device.
public protocol PCMSource: AnyObject {
    var format: AudioFormat { get }
    /// Reads whole frames into `buffer`; returns the bytes read, 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension AudioFormat {
    /// Rates and channel counts a recorder accepts: anything a forensic interview room uses.
    public static let recordableRates = 8_000...192_000
    public static let recordableChannels = 1...8

    /// Raw PCM of `encoding`, checked against what a recorder accepts.
    /// - Throws: `VitniError.invalidInput` outside the accepted ranges.
    public static func recordable(sampleRate: Int, channels: Int, encoding: SampleEncoding) throws -> AudioFormat {
        guard recordableRates.contains(sampleRate) else {
            throw VitniError.invalidInput("sample rate \(sampleRate) Hz is outside 8,000–192,000 Hz")
        }
        guard recordableChannels.contains(channels) else {
            throw VitniError.invalidInput("\(channels) channels: a recording has 1 to 8")
        }
        return AudioFormat(sampleRate: sampleRate, channels: channels, encoding: encoding)
    }

    /// Milliseconds of audio in `frames`.
    public func milliseconds(frames: Int64) -> Int64 { frames * 1000 / Int64(sampleRate) }

    /// Frames in `milliseconds` of audio.
    public func frames(milliseconds: Int64) -> Int64 { milliseconds * Int64(sampleRate) / 1000 }
}
