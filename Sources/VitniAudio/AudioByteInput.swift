/// Where encoded (or raw) audio bytes come from, strictly in order: a pipe, a file, or a decrypting
/// stream. It need not be seekable; the decoder buffers a bounded prefix so libsndfile can re-read
/// headers (see `SequentialWindow`).
public protocol AudioByteInput: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns 0 only at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}
