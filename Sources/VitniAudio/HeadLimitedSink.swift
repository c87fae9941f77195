/// Turns libsndfile's seek-and-write view of its output into appends plus rewrites inside the
/// output's head.
///
/// What libsndfile 1.2 rewrites, found by logging every call (see the tests): FLAC writes
/// `fLaC` + STREAMINFO first and, at close, seeks back to rewrite min/max frame size (bytes 12–17),
/// the total sample count (21–25) and the MD5 (26–41); WAV writes its header (44 bytes, 80 for
/// WAVE_FORMAT_EXTENSIBLE) once at the first write and again at close. Anything else — a rewrite
/// beyond `headSize`, a write that would leave a hole, an attempt to read back — is recorded as a
/// failure so the encoder fails loudly instead of producing a silently corrupt file.
final class HeadLimitedSink {
    let output: any AudioByteOutput
    private(set) var length: Int64 = 0
    private(set) var position: Int64 = 0
    /// The first error met inside a callback (callbacks cannot throw); the encoder rethrows it.
    private(set) var failure: (any Error)?

    init(output: any AudioByteOutput) { self.output = output }

    func seek(offset: Int64, whence: Int32) -> Int64 {
        guard let target = VirtualSeek.target(offset: offset, whence: whence, position: position, end: length)
        else { return -1 }
        position = target
        return position
    }

    /// Writes at the current position; returns `bytes.count`, or 0 after recording a failure.
    func write(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard failure == nil else { return 0 }
        do {
            var rest = bytes
            if position < length {
                let overlap = Int(min(Int64(rest.count), length - position))
                guard position + Int64(overlap) <= Int64(output.headSize) else {
                    throw AudioError.rewriteOutsideHead(offset: position, count: overlap, headSize: output.headSize)
                }
                try output.rewriteHead(UnsafeRawBufferPointer(rebasing: rest[..<overlap]), at: Int(position))
                position += Int64(overlap)
                rest = UnsafeRawBufferPointer(rebasing: rest[overlap...])
            }
            if !rest.isEmpty {
                guard position == length else {
                    throw AudioError.encoding(
                        reason: "libsndfile tried to write at \(position), past the end (\(length))")
                }
                try output.write(rest)
                position += Int64(rest.count)
                length = position
            }
            return bytes.count
        } catch {
            failure = error
            return 0
        }
    }

    /// libsndfile never reads back in write mode; if it ever tries, that is a failure, not zeros.
    func read() -> Int {
        if failure == nil {
            failure = AudioError.encoding(reason: "libsndfile tried to read back its output at \(position)")
        }
        return 0
    }
}
