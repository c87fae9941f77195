import Foundation

/// When the review room last heard from the browser, for its idle timeout.
final class ReviewActivity: @unchecked Sendable {
    // Sendable: `last` is read and written under `lock`.
    private let lock = NSLock()
    private var last = Date()

    func touch() {
        lock.lock()
        last = Date()
        lock.unlock()
    }

    var idle: TimeInterval {
        lock.lock()
        defer { lock.unlock() }
        return Date().timeIntervalSince(last)
    }
}
