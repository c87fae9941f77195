public import Foundation

/// Somewhere bytes come from: a file, a pipe, or a decrypting stream.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; returns 0 only at end of input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Somewhere bytes go: a file, a pipe, or an encrypting stream.
public protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension ByteSource {
    /// Reads until `buffer` is full or input ends; returns the count read.
    public func readFully(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// Copies everything to `sink` through one fixed buffer (bounded memory).
    public func copy(to sink: any ByteSink, bufferSize: Int = 1 << 20) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = try read(into: buffer)
            if n == 0 { return }
            try sink.write(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
        }
    }
}

extension ByteSink {
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

/// A POSIX file descriptor as source or sink; closes it on deinit when it owns it.
public final class FileStream: ByteSource, ByteSink {
    public let descriptor: Int32
    public let path: String
    private let ownsDescriptor: Bool

    public init(descriptor: Int32, path: String, owns: Bool = false) {
        self.descriptor = descriptor
        self.path = path
        self.ownsDescriptor = owns
    }

    public static var standardInput: FileStream { FileStream(descriptor: 0, path: "<stdin>") }
    public static var standardOutput: FileStream { FileStream(descriptor: 1, path: "<stdout>") }

    /// Opens an existing file for reading.
    public static func open(readingFrom path: String) throws -> FileStream {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CryptoError.io(path: path, operation: "open", code: errno) }
        return FileStream(descriptor: fd, path: path, owns: true)
    }

    /// Creates a new file (never overwriting one) with `mode`.
    public static func create(_ path: String, mode: mode_t = 0o600) throws -> FileStream {
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw CryptoError.io(path: path, operation: "create", code: errno) }
        return FileStream(descriptor: fd, path: path, owns: true)
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = retryingOnEINTR { Foundation.read(descriptor, buffer.baseAddress, buffer.count) }
        guard n >= 0 else { throw CryptoError.io(path: path, operation: "read", code: errno) }
        return n
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = retryingOnEINTR { Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset) }
            guard n >= 0 else { throw CryptoError.io(path: path, operation: "write", code: errno) }
            offset += n
        }
    }

    /// Flushes written data to stable storage.
    public func sync() throws {
        guard fsync(descriptor) == 0 || errno == EINVAL else {
            throw CryptoError.io(path: path, operation: "fsync", code: errno)
        }
    }
}

/// An in-memory source, for small inputs and tests.
public final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
        offset += n
        return n
    }
}

/// An in-memory sink, for small outputs and tests.
public final class MemorySink: ByteSink {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public func write(_ buffer: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: buffer) }
}
