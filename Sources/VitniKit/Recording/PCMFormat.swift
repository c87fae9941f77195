/// How raw audio is laid out in memory and in a live recording: interleaved little-endian
/// frames. Only technical facts; recorded in the clear beside the encrypted audio.
public struct PCMFormat: Sendable, Equatable, Codable {
    public enum Encoding: String, Sendable, Codable, CaseIterable {
        case s16le, s24le, s32le, f32le

        public var bytesPerSample: Int {
            switch self {
            case .s16le: 2
            case .s24le: 3
            case .s32le, .f32le: 4
            }
        }
    }

    public var sampleRate: Int
    public var channels: Int
    public var encoding: Encoding

    /// Rates and channel counts a recorder accepts: anything a forensic interview room uses.
    public static let sampleRates = 8_000...192_000
    public static let channelCounts = 1...8

    /// - Throws: `VitniError.invalidInput` outside the accepted ranges.
    public init(sampleRate: Int, channels: Int, encoding: Encoding) throws {
        guard Self.sampleRates.contains(sampleRate) else {
            throw VitniError.invalidInput("sample rate \(sampleRate) Hz is outside 8,000–192,000 Hz")
        }
        guard Self.channelCounts.contains(channels) else {
            throw VitniError.invalidInput("\(channels) channels: a recording has 1 to 8")
        }
        self.sampleRate = sampleRate
        self.channels = channels
        self.encoding = encoding
    }

    public var bytesPerFrame: Int { channels * encoding.bytesPerSample }

    /// Milliseconds of audio in `frames`.
    public func milliseconds(frames: Int64) -> Int64 { frames * 1000 / Int64(sampleRate) }

    /// Frames in `milliseconds` of audio.
    public func frames(milliseconds: Int64) -> Int64 { milliseconds * Int64(sampleRate) / 1000 }
}

/// Audio arriving as raw PCM frames: a pipe, a decoded file, a capture device.
public protocol PCMSource: AnyObject {
    var format: PCMFormat { get }
    /// Reads whole frames into `buffer`; returns the bytes read, 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}
