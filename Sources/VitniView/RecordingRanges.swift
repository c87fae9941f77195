public import VitniAudio

/// A recording served as a WAV file that exists nowhere: the 44-byte header, then PCM decoded
/// on demand. A range is answered by seeking a fresh decoder to the range's first frame, so
/// seeking anywhere in a two-hour recording decodes (and decrypts) only what is asked for.
public struct RecordingRanges: RangedResource {
    public let format: AudioFormat
    public let frames: Int64
    /// How errors name it (`recording 2 of CASE-…`), never its content.
    public let name: String
    private let header: [UInt8]
    /// A new decoder over the verified, encrypted file, seekable (one per request: decoders
    /// keep state).
    private let decoder: @Sendable () throws -> AudioDecoder

    public init(
        format: AudioFormat, frames: Int64, name: String, decoder: @escaping @Sendable () throws -> AudioDecoder
    ) throws {
        self.format = format
        self.frames = frames
        self.name = name
        self.header = try WAVStreamHeader.bytes(format: format, frames: frames)
        self.decoder = decoder
    }

    public var length: Int64 { Int64(header.count) + frames * Int64(format.bytesPerFrame) }
    public var contentType: String { "audio/wav" }

    public func read(_ range: ByteRange, into body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var position = range.first
        if position < Int64(header.count) {
            let end = Int(min(range.last + 1, Int64(header.count)))
            try header[Int(position)..<end].withUnsafeBytes(body)
            position = Int64(end)
        }
        guard position <= range.last else { return }
        let bytesPerFrame = Int64(format.bytesPerFrame)
        let offset = position - Int64(header.count)
        let source = try decoder()
        try source.seek(toFrame: offset / bytesPerFrame)
        var skip = Int(offset % bytesPerFrame)
        var remaining = range.last - position + 1
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16_384 * Int(bytesPerFrame), alignment: 16)
        defer { buffer.deallocate() }
        while remaining > 0 {
            let decoded = try source.readFrames(into: buffer) * Int(bytesPerFrame)
            guard decoded > skip else {
                throw AudioError.truncated(name: name, expectedFrames: frames, actualFrames: offset / bytesPerFrame)
            }
            let count = Int(min(Int64(decoded - skip), remaining))
            try body(UnsafeRawBufferPointer(rebasing: buffer[skip..<(skip + count)]))
            remaining -= Int64(count)
            skip = 0
        }
    }
}
