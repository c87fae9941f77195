/// Encodes raw little-endian interleaved PCM into WAV or FLAC on an `AudioByteOutput`, streaming:
/// nothing but the output's head (the header libsndfile rewrites at close) stays rewritable, and
/// plaintext never goes to a temporary file.
public final class AudioEncoder {
    /// The input PCM layout and the container written (`.wav` or `.flac`).
    public let format: AudioFormat
    private let file: SndFileWriter
    private var scratch: UnsafeMutableBufferPointer<Int32>
    private let chunkFrames = 16_384
    public private(set) var framesWritten: Int64 = 0

    /// - Parameters:
    ///   - format: the PCM handed to `write` and the container to produce. WAV takes every encoding;
    ///     FLAC takes `int16` or `int24`.
    ///   - output: where the encoded bytes go; its `headSize` must cover the header libsndfile
    ///     rewrites (42 bytes for FLAC, 44 or 80 for WAV), or `finish` fails with `rewriteOutsideHead`.
    ///   - compressionLevel: FLAC level 0…8 (5 is `flac -5`, the default); ignored for WAV.
    /// - Throws: `AudioError.unsupported` for a combination libsndfile cannot write.
    public init(format: AudioFormat, output: any AudioByteOutput, compressionLevel: Int = 5) throws {
        try format.validate()
        guard (0...8).contains(compressionLevel) else {
            throw AudioError.invalidArgument("FLAC compression level \(compressionLevel) is outside 0…8")
        }
        self.format = format
        file = try SndFileWriter(
            format: format, sink: HeadLimitedSink(output: output), compressionLevel: compressionLevel)
        scratch = .allocate(capacity: chunkFrames * format.channels)
    }

    deinit { scratch.deallocate() }

    /// Appends whole frames of raw PCM in `format`'s layout.
    /// - Throws: `AudioError.invalidArgument` for a partial frame; the output's error; `.encoding`.
    public func write(_ pcm: UnsafeRawBufferPointer) throws {
        let bytesPerFrame = format.bytesPerFrame
        guard pcm.count % bytesPerFrame == 0 else {
            throw AudioError.invalidArgument("\(pcm.count) bytes is not a whole number of \(bytesPerFrame)-byte frames")
        }
        guard let base = pcm.baseAddress, !pcm.isEmpty else { return }
        let frames = pcm.count / bytesPerFrame
        if format.container == .wav {
            try file.writeRaw(pcm)  // WAV stores exactly this layout
        } else if format.encoding == .int16 {
            try file.writeShorts(base.bindMemory(to: Int16.self, capacity: frames * format.channels), frames: frames)
        } else {
            var done = 0
            while done < frames {
                let count = min(chunkFrames, frames - done)
                PCM.unpackInt24(
                    base + done * bytesPerFrame, into: scratch.baseAddress!, samples: count * format.channels)
                try file.writeInts(scratch.baseAddress!, frames: count)
                done += count
            }
        }
        framesWritten += Int64(frames)
    }

    public func write(_ pcm: [UInt8]) throws {
        try pcm.withUnsafeBytes { try write($0) }
    }

    /// Closes the stream: libsndfile rewrites the header (FLAC STREAMINFO total and MD5, WAV sizes)
    /// through `rewriteHead`, then the output's `finish()` is called.
    /// - Throws: any libsndfile or output error; the output is then incomplete and must be discarded.
    public func finish() throws {
        try file.close()
        try file.sink.output.finish()
    }
}
