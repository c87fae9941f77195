import Foundation
import VitniCrypto

/// Reads a source on a thread of its own into a few fixed buffers, so that producing plaintext
/// (decrypting, decoding) runs on one core while the caller consumes it (encoding) on another.
/// Memory stays at `depth` buffers; each is wiped before it is freed.
final class BlockPipeline: @unchecked Sendable {
    // Sendable: `filled`, `free`, `ended` and `failure` are guarded by `condition`; each buffer
    // belongs to one side at a time.
    private let condition = NSCondition()
    private var free: [UnsafeMutableRawBufferPointer]
    private var filled: [(UnsafeMutableRawBufferPointer, Int)] = []
    private var ended = false
    private var cancelled = false
    private var failure: (any Error)?
    private let all: [UnsafeMutableRawBufferPointer]

    /// Starts reading: `read` fills a buffer and returns the bytes it put there, 0 at the end.
    init(blockSize: Int, depth: Int = 3, read: @escaping @Sendable (UnsafeMutableRawBufferPointer) throws -> Int) {
        all = (0..<depth).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64) }
        free = all
        let thread = Thread { [self] in produce(read) }
        thread.name = "vitni-pipeline"
        thread.start()
    }

    deinit {
        for buffer in all {
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            buffer.deallocate()
        }
    }

    /// Hands each block to `body` in order, until the source ends.
    /// - Throws: the source's error, or `body`'s.
    func consume(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        defer { cancel() }
        while true {
            condition.lock()
            while filled.isEmpty && !ended && failure == nil { condition.wait() }
            if let failure {
                condition.unlock()
                throw failure
            }
            if filled.isEmpty {
                condition.unlock()
                return
            }
            let (buffer, count) = filled.removeFirst()
            condition.unlock()
            try body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            condition.lock()
            free.append(buffer)
            condition.signal()
            condition.unlock()
        }
    }

    /// Stops the reader and waits until it has let go of every buffer.
    private func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !ended && failure == nil { condition.wait() }
        condition.unlock()
    }

    private func produce(_ read: (UnsafeMutableRawBufferPointer) throws -> Int) {
        while true {
            condition.lock()
            while free.isEmpty && !cancelled { condition.wait() }
            if cancelled {
                ended = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let buffer = free.removeFirst()
            condition.unlock()
            do {
                var count = 0
                while count < buffer.count {
                    let n = try read(UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
                    if n == 0 { break }
                    count += n
                }
                condition.lock()
                if count > 0 { filled.append((buffer, count)) } else { free.append(buffer) }
                if count < buffer.count { ended = true }
                condition.broadcast()
                condition.unlock()
                if count < buffer.count { return }
            } catch {
                condition.lock()
                failure = error
                condition.broadcast()
                condition.unlock()
                return
            }
        }
    }
}
