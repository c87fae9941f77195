/// Decodes WAV, FLAC, Ogg Vorbis/Opus (anything libsndfile reads) or headerless PCM into raw
/// little-endian interleaved PCM, in one forward pass with bounded memory.
///
/// Output samples use `format.encoding`, chosen to hold the source exactly: 8/16-bit and µ/A-law
/// sources decode as `int16`, 24-bit as `int24` (packed 3 bytes), 32-bit as `int32`, and
/// everything else (float, double, lossy codecs) as `float32`. A 24-bit FLAC therefore decodes
/// sample-exact.
public final class AudioDecoder {
    /// The source's rate, channels and container, and the PCM encoding `readFrames` produces.
    public let format: AudioFormat
    /// Frames the header declares, when it declares a trustworthy count (nil for Ogg streams, FLAC
    /// without a total, and WAV streams whose size field holds a streaming placeholder).
    public let frameCount: Int64?
    private let file: SndFileReader
    private var framesRead: Int64 = 0
    private var scratch: UnsafeMutableBufferPointer<Int32>
    private let chunkFrames = 8_192

    /// Opens a file the user named (e.g. importing an existing recording).
    ///
    /// The file is read front to back through the same window as a stream, not by libsndfile's own
    /// seeking I/O, because libsndfile silently clamps a truncated WAV's data size to the file's
    /// length; read in order, a truncated file is reported as `truncated`.
    /// - Throws: `AudioError` naming the path: empty, unrecognised, corrupt, truncated or unsupported.
    public convenience init(path: String) throws {
        try self.init(input: FileDescriptorAudioInput.open(path: path), name: path)
    }

    /// Opens a sequential, possibly non-seekable input (a pipe, a decrypting stream).
    /// - Parameters:
    ///   - input: the bytes, read strictly in order.
    ///   - name: a label for errors (a path or "<stdin>"), never content.
    ///   - rawFormat: the layout of headerless PCM; nil to detect WAV, FLAC or Ogg from the header.
    /// - Throws: `AudioError` (empty, unrecognised, corrupt, unsupported) or the input's own error.
    public convenience init(input: any AudioByteInput, name: String, rawFormat: AudioFormat? = nil) throws {
        if let rawFormat { try rawFormat.validate() }
        let window = SequentialWindow(input: input, name: name)
        try self.init(file: SndFileReader(file: window, raw: rawFormat))
    }

    /// Opens an input readable at any offset, so that `seek(toFrame:)` can jump anywhere.
    /// - Parameters: as for `init(input:name:rawFormat:)`.
    public convenience init(seekable input: any SeekableAudioInput, name: String, rawFormat: AudioFormat? = nil) throws
    {
        if let rawFormat { try rawFormat.validate() }
        try self.init(file: SndFileReader(file: SeekableWindow(input: input, name: name), raw: rawFormat))
    }

    private init(file: SndFileReader) throws {
        self.file = file
        let format = file.format
        do {
            try format.validate()
        } catch {
            throw AudioError.corrupt(name: file.name, reason: "implausible header: \(error)")
        }
        self.format = format
        let declared = file.declaredFrames
        let declaredBytes = declared.multipliedReportingOverflow(by: Int64(format.bytesPerFrame))
        if declared <= 0 && format.container != .wav && format.container != .raw {
            frameCount = nil  // FLAC's "total samples unknown", Ogg without a length
        } else if declared < 0 || declared == Int64.max || declaredBytes.overflow {
            frameCount = nil
        } else if (format.container == .wav || format.container == .raw)
            && declaredBytes.partialValue >= 0x7FFF_0000
        {
            frameCount = nil  // a streaming writer's placeholder size, or a raw stream of unknown length
        } else {
            frameCount = declared
        }
        scratch = .allocate(capacity: chunkFrames * format.channels)
    }

    deinit { scratch.deallocate() }

    /// Decodes up to `buffer.count / format.bytesPerFrame` frames into `buffer` as raw PCM.
    /// - Returns: the frames decoded; 0 only at the end of the audio.
    /// - Throws: `AudioError.truncated` when the input ends before the declared frame count,
    ///   `.corrupt` on a decoding error, or the input's own error.
    public func readFrames(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let bytesPerFrame = format.bytesPerFrame
        let wanted = buffer.count / bytesPerFrame
        guard wanted > 0, let base = buffer.baseAddress else {
            throw AudioError.invalidArgument("the buffer holds less than one frame (\(bytesPerFrame) bytes)")
        }
        let count: Int
        switch format.encoding {
        case .int16:
            count = try file.readShorts(
                base.bindMemory(to: Int16.self, capacity: wanted * format.channels), frames: wanted)
        case .int32:
            count = try file.readInts(
                base.bindMemory(to: Int32.self, capacity: wanted * format.channels), frames: wanted)
        case .float32:
            count = try file.readFloats(
                base.bindMemory(to: Float.self, capacity: wanted * format.channels), frames: wanted)
        case .int24:
            let frames = min(wanted, chunkFrames)
            count = try file.readInts(scratch.baseAddress!, frames: frames)
            PCM.packInt24(scratch.baseAddress!, into: base, samples: count * format.channels)
        }
        framesRead += Int64(count)
        if count == 0, let frameCount, framesRead < frameCount {
            throw AudioError.truncated(name: file.name, expectedFrames: frameCount, actualFrames: framesRead)
        }
        return count
    }

    /// Moves decoding to `frame` (of an input opened with `init(seekable:…)`; a sequential one
    /// can only move forwards).
    /// - Throws: `AudioError.corrupt` when the frame is beyond the audio or cannot be reached.
    public func seek(toFrame frame: Int64) throws {
        guard frame >= 0, frameCount.map({ frame <= $0 }) ?? true else {
            throw AudioError.invalidArgument("frame \(frame) is outside the audio")
        }
        framesRead = try file.seek(frame: frame)
    }

    /// Decodes up to `maxFrames` frames into a new array (empty at the end of the audio).
    public func readFrames(maxFrames: Int) throws -> [UInt8] {
        guard maxFrames > 0 else { throw AudioError.invalidArgument("maxFrames must be positive") }
        var bytes = [UInt8](repeating: 0, count: maxFrames * format.bytesPerFrame)
        let count = try bytes.withUnsafeMutableBytes { try readFrames(into: $0) }
        bytes.removeSubrange((count * format.bytesPerFrame)...)
        return bytes
    }

    /// Decodes everything that is left (for tests and short clips; memory grows with the audio).
    public func readAll() throws -> [UInt8] {
        var all: [UInt8] = []
        while true {
            let chunk = try readFrames(maxFrames: 16_384)
            if chunk.isEmpty { return all }
            all.append(contentsOf: chunk)
        }
    }
}
