import Foundation
import VitniCrypto

/// The last few seconds of a recording's audio, in memory only (wiped when freed), for
/// listeners in the observation room. The recorder writes into it and never waits: a listener
/// that falls behind the oldest audio kept skips ahead to it, so no number of slow listeners can
/// hold the recording back or make the ring grow. Listeners sleep until audio arrives (or
/// `wakeAll`), rather than polling.
public final class LiveAudioRing: @unchecked Sendable {
    // Sendable: every field is guarded by `lock`.
    private let lock = NSLock()
    private let bytes: PlaintextBuffer
    private let capacity: Int
    private let bytesPerFrame: Int
    /// Bytes ever appended: the ring holds the last `min(written, capacity)` of them.
    private var written: Int64 = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// - Parameter seconds: how much audio is kept for listeners that lag.
    public init(bytesPerFrame: Int, sampleRate: Int, seconds: Int = 8) {
        self.bytesPerFrame = bytesPerFrame
        capacity = max(1, sampleRate * seconds) * bytesPerFrame
        bytes = PlaintextBuffer(capacity: capacity)
        let zeros = [UInt8](repeating: 0, count: capacity)
        zeros.withUnsafeBytes { bytes.append($0) }
    }

    /// Appends captured audio (whole frames), overwriting the oldest, and wakes the listeners.
    public func append(_ audio: UnsafeRawBufferPointer) {
        let woken: [CheckedContinuation<Void, Never>] = lock.withLock {
            let whole = audio.count - audio.count % bytesPerFrame
            let kept = min(whole, capacity)
            var source = UnsafeRawBufferPointer(rebasing: audio[(whole - kept)..<whole])
            written += Int64(whole - kept)
            while !source.isEmpty {
                let at = Int(written % Int64(capacity))
                let piece = min(source.count, capacity - at)
                bytes.overwrite(at: at, with: UnsafeRawBufferPointer(rebasing: source[0..<piece]))
                source = UnsafeRawBufferPointer(rebasing: source[piece...])
                written += Int64(piece)
            }
            defer { waiters = [] }
            return waiters
        }
        for waiter in woken { waiter.resume() }
    }

    /// The frame after the newest one held: where a listener who joins now starts.
    public var endFrame: Int64 { lock.withLock { written / Int64(bytesPerFrame) } }

    /// Up to `maximumBytes` of audio from frame `from` on (or from the oldest frame held, when
    /// `from` has fallen out of the ring), copied out; nil when nothing newer is held yet.
    public func read(from frame: Int64, maximumBytes: Int) -> (firstFrame: Int64, bytes: [UInt8])? {
        var copied = [UInt8]()
        guard let first = withAudio(from: frame, maximumBytes: maximumBytes, { copied.append(contentsOf: $0) })
        else { return nil }
        return (first, copied)
    }

    /// Hands `body` the same audio as ``read(from:maximumBytes:)`` in place (in one or two
    /// pieces, where the ring wraps), so a listener copies it once, straight into what it sends.
    /// `body` runs under the ring's lock: it must only copy.
    /// - Returns: the first frame handed over; nil when nothing newer is held yet.
    public func withAudio(from frame: Int64, maximumBytes: Int, _ body: (UnsafeRawBufferPointer) -> Void) -> Int64? {
        lock.withLock {
            let oldest = max(0, written - Int64(capacity))
            let start = max(frame * Int64(bytesPerFrame), oldest)
            guard start < written else { return nil }
            let most = Int64(max(bytesPerFrame, maximumBytes - maximumBytes % bytesPerFrame))
            let end = start + min(written - start, most)
            var position = start
            while position < end {
                let at = Int(position % Int64(capacity))
                let piece = Int(min(end - position, Int64(capacity - at)))
                bytes.withBytes(at..<(at + piece), body)
                position += Int64(piece)
            }
            return start / Int64(bytesPerFrame)
        }
    }

    /// Returns once audio beyond `frame` is held, or at the next `wakeAll`.
    public func wait(beyond frame: Int64) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = lock.withLock {
                guard written / Int64(bytesPerFrame) <= frame else { return true }
                waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Wakes every waiting listener (the recording paused, resumed or ended).
    public func wakeAll() {
        let woken = lock.withLock {
            defer { waiters = [] }
            return waiters
        }
        for waiter in woken { waiter.resume() }
    }
}
