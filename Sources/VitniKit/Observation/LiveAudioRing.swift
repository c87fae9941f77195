import Foundation
public import VitniCrypto

/// The last few seconds of a recording's audio, in memory only, for listeners in the
/// observation room. The recorder writes into it and never waits: a listener that falls behind
/// the oldest audio kept skips ahead to it, so no number of slow listeners can hold the
/// recording back or make the ring grow.
public final class LiveAudioRing: @unchecked Sendable {
    // Sendable: every field is guarded by `lock`.
    private let lock = NSLock()
    private let bytes: PlaintextBuffer
    private let capacity: Int
    private let bytesPerFrame: Int
    /// Frame number of the first byte held.
    private var firstFrame: Int64 = 0

    /// - Parameter seconds: how much audio is kept for listeners that lag.
    public init(bytesPerFrame: Int, sampleRate: Int, seconds: Int = 8) {
        self.bytesPerFrame = bytesPerFrame
        capacity = max(1, sampleRate * seconds) * bytesPerFrame
        bytes = PlaintextBuffer(capacity: capacity)
    }

    /// Appends captured audio (whole frames), dropping the oldest beyond the ring's length.
    public func append(_ audio: UnsafeRawBufferPointer) {
        lock.withLock {
            let incoming = audio.count - audio.count % bytesPerFrame
            let kept = min(incoming, capacity)
            let overflow = max(0, bytes.count + kept - capacity)
            if overflow > 0 {
                bytes.removeFirst(overflow)
                firstFrame += Int64(overflow / bytesPerFrame)
            }
            if kept < incoming { firstFrame += Int64((incoming - kept) / bytesPerFrame) }
            bytes.append(UnsafeRawBufferPointer(rebasing: audio[(incoming - kept)..<incoming]))
        }
    }

    /// The frame after the newest one held: where a listener who joins now starts.
    public var endFrame: Int64 { lock.withLock { firstFrame + Int64(bytes.count / bytesPerFrame) } }

    /// Up to `maximumBytes` of audio from frame `from` on (or from the oldest frame held, when
    /// `from` has fallen out of the ring), copied out; nil when nothing newer is held yet.
    public func read(from frame: Int64, maximumBytes: Int) -> (firstFrame: Int64, bytes: [UInt8])? {
        lock.withLock {
            let start = max(frame, firstFrame)
            let offset = Int(start - firstFrame) * bytesPerFrame
            guard offset < bytes.count else { return nil }
            let length = min(bytes.count - offset, max(bytesPerFrame, maximumBytes - maximumBytes % bytesPerFrame))
            let copied = bytes.withBytes(offset..<(offset + length)) { Array($0) }
            return (start, copied)
        }
    }
}
