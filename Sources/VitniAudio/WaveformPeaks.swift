/// A recording's waveform overview: the lowest and highest sample in each of a fixed number of
/// equal slices, all channels together, computed in one streaming pass (memory: the slices).
public enum WaveformPeaks {
    /// - Parameters:
    ///   - frames: the recording's length, which fixes the slices before decoding starts.
    ///   - slices: how many (min, max) pairs to return.
    /// - Returns: pairs in [-1, 1], one per slice (fewer for a recording shorter than `slices` frames).
    public static func compute(_ decoder: AudioDecoder, frames: Int64, slices: Int = 2_000) throws -> [(Float, Float)] {
        let format = decoder.format
        let count = Int(max(1, min(Int64(slices), frames)))
        var low = [Float](repeating: 0, count: count)
        var high = [Float](repeating: 0, count: count)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16_384 * format.bytesPerFrame, alignment: 16)
        defer { buffer.deallocate() }
        var position: Int64 = 0
        while true {
            let decoded = try decoder.readFrames(into: buffer)
            if decoded == 0 { break }
            for frame in 0..<decoded {
                let slice = Int(min(Int64(count - 1), (position + Int64(frame)) * Int64(count) / max(1, frames)))
                for channel in 0..<format.channels {
                    let value = Float(
                        PCM.sample(buffer.baseAddress!, frame * format.channels + channel, format.encoding))
                    if value < low[slice] { low[slice] = value }
                    if value > high[slice] { high[slice] = value }
                }
            }
            position += Int64(decoded)
        }
        return (0..<count).map { (max(-1, low[$0]), min(1, high[$0])) }
    }
}
