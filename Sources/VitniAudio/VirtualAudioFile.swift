/// What libsndfile's virtual I/O reads through: a strictly sequential `SequentialWindow`, or a
/// `SeekableWindow` over an input readable at any offset. Callbacks cannot throw, so a read
/// that fails returns 0 and keeps the error in `failure` for the decoder to rethrow.
protocol VirtualAudioFile: AnyObject {
    var name: String { get }
    /// The length libsndfile is told.
    var length: Int64 { get }
    var position: Int64 { get }
    var failure: (any Error)? { get }
    /// Whether a failed open means the input held no bytes at all.
    var isEmpty: Bool { get }
    func seek(offset: Int64, whence: Int32) -> Int64
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int
    /// libsndfile has parsed the header.
    func didOpen()
}

/// Encoded audio readable at any offset: a decrypting view of an age file held open.
public protocol SeekableAudioInput: AnyObject {
    /// The input's length in bytes, fixed while it is read.
    var size: Int64 { get }
    /// Reads up to `buffer.count` bytes at `offset`; fewer only at the end.
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A `SeekableAudioInput` as libsndfile sees it: real seeks, the real length.
final class SeekableWindow: VirtualAudioFile {
    let input: any SeekableAudioInput
    let name: String
    private(set) var position: Int64 = 0
    private(set) var failure: (any Error)?

    init(input: any SeekableAudioInput, name: String) {
        self.input = input
        self.name = name
    }

    var length: Int64 { input.size }
    var isEmpty: Bool { input.size == 0 }
    func didOpen() {}

    func seek(offset: Int64, whence: Int32) -> Int64 {
        guard let target = VirtualSeek.target(offset: offset, whence: whence, position: position, end: length)
        else { return -1 }
        position = target
        return position
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard failure == nil else { return 0 }
        do {
            var filled = 0
            while filled < buffer.count && position < length {
                let n = try input.read(at: position, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                guard n > 0 else { break }
                position += Int64(n)
                filled += n
            }
            return filled
        } catch {
            failure = error
            return 0
        }
    }
}

/// libsndfile's virtual-I/O seek arithmetic, shared by every file it reads or writes through.
enum VirtualSeek {
    /// The position `whence` (SEEK_SET, SEEK_CUR, SEEK_END) and `offset` name, or nil when it
    /// would be before the start or `whence` is unknown.
    static func target(offset: Int64, whence: Int32, position: Int64, end: Int64) -> Int64? {
        let target: Int64
        switch whence {
        case 0: target = offset
        case 1: target = position + offset
        case 2: target = end + offset
        default: return nil
        }
        return target >= 0 ? target : nil
    }
}
