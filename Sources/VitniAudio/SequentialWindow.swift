/// Presents a strictly sequential `AudioByteInput` to libsndfile, whose virtual I/O asks for seek,
/// tell and file length.
///
/// What libsndfile 1.2 does with them, found by logging every call (see the tests):
/// - All containers: reads the first 12 bytes, then seeks back to 0 or 12 to parse the header.
/// - WAV: reads chunk headers in order, then seeks *past the data chunk* to look for trailing chunks
///   (LIST, cue) and back to the start of the data. It does this because virtual I/O always counts
///   as seekable.
/// - FLAC: libFLAC reads sequentially in 8 KiB blocks after the initial seek to 0; no other seeks.
/// - Ogg Vorbis/Opus: seeks towards the end of the file to find the last granule (the length), then
///   back into the first pages (Vorbis to ~8 KiB, Opus to ~16 KiB). Opus was checked with a
///   libsndfile-written file outside the test suite: no Opus encoder is among the test tools.
///
/// So the window keeps the first `prefixLimit` bytes, serves backward seeks inside them, emulates
/// forward seeks by reading and discarding, and reports an unknown, huge length. While the header is
/// being parsed (`isOpening`), a jump beyond the prefix reads as end of input instead of consuming
/// the stream: for WAV that ends the trailing-chunk scan (trailing metadata is ignored), for Ogg it
/// leaves the length unknown. A backward seek past the prefix fails loudly with `notSeekable`.
/// Memory is bounded by `prefixLimit` whatever the input's size.
final class SequentialWindow: VirtualAudioFile {
    /// The length reported to libsndfile: large enough never to clamp a header's data size, small
    /// enough that libsndfile's offset arithmetic cannot overflow.
    static let unknownLength: Int64 = 0x7FFF_FFFF_FFFF

    let input: any AudioByteInput
    let name: String
    let prefixLimit: Int
    private var prefix: [UInt8] = []
    private(set) var consumed: Int64 = 0
    private(set) var position: Int64 = 0
    private(set) var inputEnded = false
    /// Bytes held in memory for backward seeks (never more than `prefixLimit`).
    var retainedBytes: Int { prefix.count }
    /// True while libsndfile parses the header; see the type's comment.
    var isOpening = true
    /// The first error met inside a callback (callbacks cannot throw); the decoder rethrows it.
    private(set) var failure: (any Error)?

    init(input: any AudioByteInput, name: String, prefixLimit: Int = 1 << 20) {
        self.input = input
        self.name = name
        self.prefixLimit = prefixLimit
    }

    var length: Int64 { Self.unknownLength }
    var isEmpty: Bool { consumed == 0 && inputEnded }
    func didOpen() { isOpening = false }

    /// libsndfile's seek: moves the logical position only; data moves on the next read.
    func seek(offset: Int64, whence: Int32) -> Int64 {
        guard
            let target = VirtualSeek.target(offset: offset, whence: whence, position: position, end: Self.unknownLength)
        else { return -1 }
        position = target
        return position
    }

    /// libsndfile's read: fills `buffer` completely unless the input ends (libsndfile takes a short
    /// read for end of file). Returns 0 and records `failure` on an error.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard failure == nil else { return 0 }
        do {
            return try fill(buffer)
        } catch {
            failure = error
            return 0
        }
    }

    private func fill(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])
            if position < consumed {
                guard position < Int64(prefix.count) else {
                    throw AudioError.notSeekable(name: name, offset: position)
                }
                let start = Int(position)
                let count = min(rest.count, prefix.count - start)
                prefix.withUnsafeBytes {
                    rest.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[start..<(start + count)]))
                }
                position += Int64(count)
                filled += count
            } else if position > consumed {
                if isOpening && position > Int64(prefixLimit) { return filled }
                guard try skipToPosition() else { return filled }
            } else {
                guard !inputEnded else { return filled }
                let count = try input.read(into: rest)
                guard count > 0 else {
                    inputEnded = true
                    return filled
                }
                guard count <= rest.count else {
                    throw AudioError.io(
                        name: name, operation: "read", reason: "the input returned more bytes than asked")
                }
                retain(UnsafeRawBufferPointer(rebasing: rest[..<count]))
                consumed += Int64(count)
                position += Int64(count)
                filled += count
            }
        }
        return filled
    }

    /// Reads and discards up to `position`; false if the input ended first.
    private func skipToPosition() throws -> Bool {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { scratch.deallocate() }
        while consumed < position {
            guard !inputEnded else { return false }
            let want = Int(min(Int64(scratch.count), position - consumed))
            let count = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[..<want]))
            guard count > 0 else {
                inputEnded = true
                return false
            }
            retain(UnsafeRawBufferPointer(rebasing: scratch[..<count]))
            consumed += Int64(count)
        }
        return true
    }

    /// Keeps bytes that fall inside the prefix (the bytes at `consumed` onwards).
    private func retain(_ bytes: UnsafeRawBufferPointer) {
        guard consumed < Int64(prefixLimit) else { return }
        let keep = min(bytes.count, prefixLimit - Int(consumed))
        prefix.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<keep]))
    }
}
