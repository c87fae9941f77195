internal import CSodium
import Dispatch
import Foundation

/// Writes sealed batches on a background thread while the next batch is sealed: two buffers
/// take turns, so writing (kernel time for page cache and disk) overlaps with encryption and
/// memory stays at two batches. The first write error is kept and reported by the next
/// `buffer()` or by `drain()`.
final class AsyncBatchWriter: @unchecked Sendable {
    // Sendable: `sink` is touched only on `queue`; each buffer is owned by the caller between
    // `buffer()` and `submit`, and by the queue after; `error` is guarded by `lock`.
    private let sink: any ByteSink
    private let queue = DispatchQueue(label: "vitni.age.writer")
    private let buffers: [UnsafeMutableRawBufferPointer]
    private let free: [DispatchSemaphore]
    private var current = 0
    private let lock = NSLock()
    private var error: (any Error)?

    init(sink: any ByteSink, bufferSize: Int) {
        self.sink = sink
        buffers = (0..<2).map { _ in .allocate(byteCount: bufferSize, alignment: 64) }
        free = (0..<2).map { _ in DispatchSemaphore(value: 1) }
    }

    deinit {
        drainQuietly()
        // The buffers may have held plaintext (decrypting): wipe before freeing.
        for buffer in buffers {
            sodium_memzero(buffer.baseAddress!, buffer.count)
            buffer.deallocate()
        }
    }

    /// The next buffer to fill, once its previous write has finished.
    func buffer() throws -> UnsafeMutableRawBufferPointer {
        free[current].wait()
        free[current].signal()
        try rethrow()
        return buffers[current]
    }

    /// Queues the first `length` bytes of the buffer from `buffer()` for writing.
    func submit(length: Int) {
        let index = current
        free[index].wait()
        current ^= 1
        queue.async { [self] in
            if lock.withLock({ error == nil }) {
                do { try sink.write(UnsafeRawBufferPointer(rebasing: buffers[index][..<length])) } catch {
                    lock.withLock { self.error = error }
                }
            }
            free[index].signal()
        }
    }

    /// Waits for every queued write; throws the first error any of them hit.
    func drain() throws {
        drainQuietly()
        try rethrow()
    }

    private func drainQuietly() {
        queue.sync {}
    }

    private func rethrow() throws {
        if let error = lock.withLock({ error }) { throw error }
    }
}
