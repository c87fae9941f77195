/// How one sample is stored in raw PCM: always little-endian, interleaved by frame.
public enum SampleEncoding: String, Sendable, Hashable, CaseIterable {
    case int16
    /// Packed 3-byte little-endian signed integers (ALSA's S24_3LE, WAV/FLAC 24-bit).
    case int24
    case int32
    /// IEEE 754 single precision, full scale ±1.0.
    case float32

    /// Bytes one sample occupies in raw PCM.
    public var bytesPerSample: Int {
        switch self {
        case .int16: 2
        case .int24: 3
        case .int32, .float32: 4
        }
    }

    /// Significant bits of an integer sample (24 for `int24`); 32 for `float32`.
    public var bitDepth: Int { bytesPerSample * 8 }
}

/// The container an audio file is (or will be) stored in.
public enum AudioContainer: String, Sendable, Hashable {
    case wav
    case flac
    /// Headerless PCM; its format must be given explicitly.
    case raw
    case oggVorbis
    case oggOpus
    /// Anything else libsndfile reads (AIFF, AU, CAF, MP3 …); read-only here.
    case other
}

/// The shape of an audio stream: rate, channels, sample encoding and container.
public struct AudioFormat: Sendable, Hashable, CustomStringConvertible {
    public var sampleRate: Int
    public var channels: Int
    public var encoding: SampleEncoding
    public var container: AudioContainer

    public init(sampleRate: Int, channels: Int, encoding: SampleEncoding, container: AudioContainer = .raw) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.encoding = encoding
        self.container = container
    }

    /// Bytes per interleaved frame of raw PCM (one sample for each channel).
    public var bytesPerFrame: Int { channels * encoding.bytesPerSample }

    /// Bytes per second of raw PCM.
    public var bytesPerSecond: Int { bytesPerFrame * sampleRate }

    /// The same stream described in another container.
    public func with(container: AudioContainer) -> AudioFormat {
        var copy = self
        copy.container = container
        return copy
    }

    /// Checks the values are usable: rate 1 Hz … 768 kHz, 1 … 64 channels.
    public func validate() throws {
        guard (1...768_000).contains(sampleRate) else {
            throw AudioError.invalidArgument("sample rate \(sampleRate) Hz is outside 1…768000")
        }
        guard (1...64).contains(channels) else {
            throw AudioError.invalidArgument("channel count \(channels) is outside 1…64")
        }
    }

    public var description: String {
        "\(container.rawValue) \(sampleRate) Hz, \(channels) channel\(channels == 1 ? "" : "s"), \(encoding.rawValue)"
    }
}
