/// Captures interleaved PCM from an ALSA device ("default", "hw:1,0", "plughw:…", or any PCM name
/// the configuration defines), blocking one bounded period at a time.
public final class AlsaCapture {
    /// The PCM layout `read` produces (`container` is `.raw`).
    public let format: AudioFormat
    /// The period the device granted, in frames (reads of this size return promptly).
    public let periodFrames: Int
    /// How many times the device overran (samples were lost and capture restarted). The recorder
    /// should log each one: it marks a gap in the recording.
    public private(set) var overrunCount = 0
    private let pcm: AlsaPCM

    /// - Parameters:
    ///   - device: an ALSA PCM name.
    ///   - format: rate, channels and encoding (S16_LE, S24_3LE, S32_LE or FLOAT_LE); the device must
    ///     support them exactly — ALSA's resampler is switched off.
    ///   - periodFrames: the wanted period (e.g. 1024 frames ≈ 21 ms at 48 kHz); the device picks the
    ///     nearest it supports.
    ///   - configuration: ALSA configuration text to resolve `device` in instead of the system's (for
    ///     tests and custom set-ups).
    /// - Throws: `AudioError.alsa` naming the device and the step that failed.
    public init(
        device: String = "default", format: AudioFormat, periodFrames: Int = 1_024, configuration: String? = nil
    )
        throws
    {
        try format.validate()
        guard (16...1 << 20).contains(periodFrames) else {
            throw AudioError.invalidArgument("period of \(periodFrames) frames is outside 16…1048576")
        }
        pcm = try AlsaPCM(device: device, format: format, periodFrames: periodFrames, configurationText: configuration)
        self.format = format.with(container: .raw)
        self.periodFrames = pcm.periodFrames
    }

    /// Blocks until at least one frame is available, then reads up to one period (or
    /// `buffer.count / bytesPerFrame` frames, if fewer). Reads never exceed a period: a period is the
    /// unit the device delivers, and ALSA plugins such as `file` garble reads larger than their buffer.
    /// - Returns: frames read (always > 0).
    /// - Throws: `AudioError.deviceLost` when the device disappears, `.alsa` for other failures.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let frames = min(buffer.count / format.bytesPerFrame, periodFrames)
        guard frames > 0, let base = buffer.baseAddress else {
            throw AudioError.invalidArgument("the buffer holds less than one frame (\(format.bytesPerFrame) bytes)")
        }
        return try pcm.read(into: base, frames: frames) { overrunCount += 1 }
    }

    /// Reads exactly `frames` frames into a new array (blocking as needed).
    public func read(frames: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: frames * format.bytesPerFrame)
        var done = 0
        try bytes.withUnsafeMutableBytes { buffer in
            while done < frames {
                done += try read(
                    into: UnsafeMutableRawBufferPointer(rebasing: buffer[(done * format.bytesPerFrame)...]))
            }
        }
        return bytes
    }
}
