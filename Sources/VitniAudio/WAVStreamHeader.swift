/// The 44-byte header of a canonical WAV stream whose length is known in advance — for writing
/// to a pipe (`vitni play | aplay`), where libsndfile cannot go back to fill in the sizes.
public enum WAVStreamHeader {
    /// - Parameters:
    ///   - format: rate, channels and encoding of the PCM that follows.
    ///   - frames: how many frames will follow.
    /// - Throws: `AudioError.invalidArgument` when the data would not fit a WAV file (4 GiB).
    public static func bytes(format: AudioFormat, frames: Int64) throws -> [UInt8] {
        let dataSize = frames * Int64(format.bytesPerFrame)
        guard dataSize >= 0, dataSize + 36 <= Int64(UInt32.max) else {
            throw AudioError.invalidArgument("\(frames) frames do not fit in one WAV file")
        }
        var header: [UInt8] = []
        func put(_ value: UInt32, _ width: Int) {
            for index in 0..<width { header.append(UInt8(truncatingIfNeeded: value >> UInt32(8 * index))) }
        }
        header += Array("RIFF".utf8)
        put(UInt32(dataSize + 36), 4)
        header += Array("WAVEfmt ".utf8)
        put(16, 4)
        put(format.encoding == .float32 ? 3 : 1, 2)  // IEEE float or integer PCM
        put(UInt32(format.channels), 2)
        put(UInt32(format.sampleRate), 4)
        put(UInt32(format.sampleRate * format.bytesPerFrame), 4)
        put(UInt32(format.bytesPerFrame), 2)
        put(UInt32(format.encoding.bitDepth), 2)
        header += Array("data".utf8)
        put(UInt32(dataSize), 4)
        return header
    }
}
