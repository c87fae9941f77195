/// Where encoded audio bytes go: appended in order, except that the first `headSize` bytes stay
/// rewritable until the encoder finishes (FLAC's STREAMINFO and WAV's size fields are rewritten at
/// close). A sink that encrypts as it goes keeps that head in memory and emits it last.
public protocol AudioByteOutput: AnyObject {
    /// How many leading bytes `rewriteHead` may touch; the encoder fails if libsndfile needs more.
    var headSize: Int { get }

    /// Appends `bytes` at the end of what was written so far.
    func write(_ bytes: UnsafeRawBufferPointer) throws

    /// Overwrites already-written bytes at `offset`; `offset + bytes.count <= headSize` always holds.
    func rewriteHead(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws

    /// Called once after the encoder's last write or rewrite; the head is final from here on.
    func finish() throws
}
