/// An in-memory input, for tests and small buffers already in memory.
public final class MemoryAudioInput: AudioByteInput {
    private let bytes: [UInt8]
    private var offset = 0
    /// Largest count one `read` returns, to exercise short reads.
    private let maximumRead: Int

    public init(_ bytes: [UInt8], maximumRead: Int = .max) {
        self.bytes = bytes
        self.maximumRead = max(1, maximumRead)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset, maximumRead)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
        }
        offset += count
        return count
    }
}

/// An in-memory output with a bounded rewritable head, for tests; it also records the rewrites
/// libsndfile made so tests can check they stayed in the header.
public final class MemoryAudioOutput: AudioByteOutput {
    public let headSize: Int
    public private(set) var bytes: [UInt8] = []
    public private(set) var isFinished = false
    /// Every rewrite as (offset, count), in order.
    public private(set) var rewrites: [(offset: Int, count: Int)] = []

    public init(headSize: Int = 65_536) { self.headSize = headSize }

    public func write(_ buffer: UnsafeRawBufferPointer) throws {
        guard !isFinished else { throw AudioError.invalidArgument("write after finish") }
        bytes.append(contentsOf: buffer)
    }

    public func rewriteHead(_ buffer: UnsafeRawBufferPointer, at offset: Int) throws {
        guard !isFinished else { throw AudioError.invalidArgument("rewrite after finish") }
        guard offset >= 0, offset + buffer.count <= min(headSize, bytes.count) else {
            throw AudioError.rewriteOutsideHead(offset: Int64(offset), count: buffer.count, headSize: headSize)
        }
        bytes.withUnsafeMutableBytes { target in
            UnsafeMutableRawBufferPointer(rebasing: target[offset..<(offset + buffer.count)]).copyMemory(from: buffer)
        }
        rewrites.append((offset, buffer.count))
    }

    public func finish() throws { isFinished = true }
}

/// Bytes in memory read at offsets, counting what was read (to see a seek skip the rest).
public final class MemorySeekableInput: SeekableAudioInput {
    public let bytes: [UInt8]
    public private(set) var bytesRead = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var size: Int64 { Int64(bytes.count) }

    public func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset >= 0, offset < size else { return 0 }
        let count = min(buffer.count, bytes.count - Int(offset))
        bytes.withUnsafeBytes {
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[Int(offset)..<(Int(offset) + count)]))
        }
        bytesRead += count
        return count
    }
}
