internal import CSodium

/// Key material in libsodium guarded memory: locked into RAM (never swapped), bracketed by
/// guard pages, wiped and freed when the last reference goes.
///
/// Keys that live only for one file — derived keys, shared secrets, file keys, a sealed note's
/// plaintext — may use `guarded: false`: ordinary heap memory, still wiped when freed. Each
/// guarded allocation costs several system calls and serialises threads on the address space,
/// which made reading 10,000 notes take seconds; identities and passphrases stay guarded.
///
/// The bytes are reachable only inside `withUnsafeBytes`, so no `[UInt8]`, `Data` or `String`
/// copy of a secret ever exists outside this module by accident.
public final class SecretBytes: @unchecked Sendable {
    // Sendable: the buffer is written only during initialisation or by explicit
    // `withUnsafeMutableBytes` calls that callers own exclusively.
    private let pointer: UnsafeMutableRawPointer
    public let count: Int
    public let isGuarded: Bool

    /// Allocates `count` zeroed bytes, in guarded memory unless `guarded` is false.
    public init(count: Int, guarded: Bool = true) {
        Sodium.ready()
        let size = max(count, 1)
        guard let pointer = guarded ? sodium_malloc(size) : malloc(size) else {
            fatalError("cannot allocate \(size) bytes for a secret: out of (locked) memory")
        }
        sodium_memzero(pointer, size)
        self.pointer = pointer
        self.count = count
        isGuarded = guarded
    }

    /// Copies bytes into (guarded) memory. The caller wipes its own copy.
    public convenience init(copying bytes: UnsafeRawBufferPointer, guarded: Bool = true) {
        self.init(count: bytes.count, guarded: guarded)
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

    deinit {
        if isGuarded {
            sodium_free(pointer)
        } else {
            sodium_memzero(pointer, max(count, 1))
            free(pointer)
        }
    }

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
        return withUnsafeBytes { SecretBytes(copying: UnsafeRawBufferPointer(rebasing: $0[range]), guarded: isGuarded) }
    }
}

extension SecretBytes {
    /// Reads a whole (small) secret from a stream straight into guarded memory, growing the
    /// buffer as needed (each guarded allocation costs system calls, so it starts small).
    /// - Throws: `CryptoError.invalidIdentity` if the stream holds more than `limit` bytes.
    public static func readAll(from source: any ByteSource, limit: Int, guarded: Bool = true) throws -> SecretBytes {
        var buffer = SecretBytes(count: min(limit + 1, 4096), guarded: guarded)
        var count = 0
        while true {
            count += try buffer.withUnsafeMutableBytes {
                try source.readFully(into: UnsafeMutableRawBufferPointer(rebasing: $0[count...]))
            }
            guard count == buffer.count, count <= limit else { break }
            let larger = SecretBytes(count: min(limit + 1, buffer.count * 4), guarded: guarded)
            larger.withUnsafeMutableBytes { target in buffer.withUnsafeBytes { target.copyMemory(from: $0) } }
            buffer = larger
        }
        guard count <= limit else { throw CryptoError.invalidIdentity("secret file is larger than \(limit) bytes") }
        return buffer.slice(0..<count)
    }
}
