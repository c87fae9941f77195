internal import CSodium

/// Key material in libsodium guarded memory: locked into RAM (never swapped), bracketed by
/// guard pages, wiped and freed when the last reference goes.
///
/// The bytes are reachable only inside `withUnsafeBytes`, so no `[UInt8]`, `Data` or `String`
/// copy of a secret ever exists outside this module by accident.
public final class SecretBytes: @unchecked Sendable {
    // Sendable: the buffer is written only during initialisation or by explicit
    // `withUnsafeMutableBytes` calls that callers own exclusively.
    private let pointer: UnsafeMutableRawPointer
    public let count: Int

    /// Allocates `count` zeroed guarded bytes.
    public init(count: Int) {
        Sodium.ready()
        guard let pointer = sodium_malloc(max(count, 1)) else {
            fatalError("sodium_malloc failed: out of locked memory")
        }
        sodium_memzero(pointer, max(count, 1))
        self.pointer = pointer
        self.count = count
    }

    /// Copies bytes into guarded memory. The caller wipes its own copy.
    public convenience init(copying bytes: UnsafeRawBufferPointer) {
        self.init(count: bytes.count)
        if let base = bytes.baseAddress, bytes.count > 0 { pointer.copyMemory(from: base, byteCount: bytes.count) }
    }

    /// Copies and wipes a temporary array, for secrets that had to pass through one (e.g. decoding).
    convenience init(consuming bytes: inout [UInt8]) {
        self.init(count: bytes.count)
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress, buffer.count > 0 {
                pointer.copyMemory(from: base, byteCount: buffer.count)
                sodium_memzero(base, buffer.count)
            }
        }
        bytes.removeAll()
    }

    deinit { sodium_free(pointer) }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    public func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    /// Constant-time comparison.
    public func isEqual(to other: SecretBytes) -> Bool {
        count == other.count && sodium_memcmp(pointer, other.pointer, count) == 0
    }

    /// A new secret holding bytes `range` of this one.
    public func slice(_ range: Range<Int>) -> SecretBytes {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        return withUnsafeBytes { SecretBytes(copying: UnsafeRawBufferPointer(rebasing: $0[range])) }
    }
}

extension SecretBytes {
    /// Reads a whole (small) secret from a stream straight into guarded memory, growing the
    /// buffer as needed (each guarded allocation costs system calls, so it starts small).
    /// - Throws: `CryptoError.invalidIdentity` if the stream holds more than `limit` bytes.
    public static func readAll(from source: any ByteSource, limit: Int) throws -> SecretBytes {
        var buffer = SecretBytes(count: min(limit + 1, 4096))
        var count = 0
        while true {
            count += try buffer.withUnsafeMutableBytes { try source.readFully(into: UnsafeMutableRawBufferPointer(rebasing: $0[count...])) }
            guard count == buffer.count, count <= limit else { break }
            let larger = SecretBytes(count: min(limit + 1, buffer.count * 4))
            larger.withUnsafeMutableBytes { target in buffer.withUnsafeBytes { target.copyMemory(from: $0) } }
            buffer = larger
        }
        guard count <= limit else { throw CryptoError.invalidIdentity("secret file is larger than \(limit) bytes") }
        return buffer.slice(0..<count)
    }
}
