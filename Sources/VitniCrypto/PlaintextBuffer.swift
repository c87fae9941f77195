internal import CSodium

/// A growable byte queue for plaintext passing through memory (captured audio on its way to
/// being sealed): whatever it gives up — consumed bytes, outgrown storage — is wiped first, so
/// no stale copy of the evidence lingers in freed heap.
public final class PlaintextBuffer {
    private var storage: UnsafeMutableRawBufferPointer
    public private(set) var count = 0

    public init(capacity: Int = 1 << 16) {
        storage = .allocate(byteCount: max(capacity, 16), alignment: 16)
    }

    deinit {
        sodium_memzero(storage.baseAddress!, storage.count)
        storage.deallocate()
    }

    public var isEmpty: Bool { count == 0 }

    public func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        if count + bytes.count > storage.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(
                byteCount: max(storage.count * 2, count + bytes.count), alignment: 16)
            larger.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: count)
            sodium_memzero(storage.baseAddress!, storage.count)
            storage.deallocate()
            storage = larger
        }
        (storage.baseAddress! + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        count += bytes.count
    }

    /// Calls `body` with the first `length` bytes (all when nil); the pointer is valid only inside.
    public func withBytes<R>(_ range: Range<Int>? = nil, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let range = range ?? 0..<count
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        return try body(UnsafeRawBufferPointer(rebasing: storage[range]))
    }

    /// Drops the first `length` bytes, moving the rest to the front and wiping what is freed.
    public func removeFirst(_ length: Int) {
        precondition(length <= count)
        let remaining = count - length
        if remaining > 0 { storage.baseAddress!.copyMemory(from: storage.baseAddress! + length, byteCount: remaining) }
        sodium_memzero(storage.baseAddress! + remaining, length)
        count = remaining
    }

    public func removeAll() { removeFirst(count) }

    /// Replaces bytes already held, from `offset` on.
    public func overwrite(at offset: Int, with bytes: UnsafeRawBufferPointer) {
        precondition(offset >= 0 && offset + bytes.count <= count)
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        (storage.baseAddress! + offset).copyMemory(from: base, byteCount: bytes.count)
    }
}
