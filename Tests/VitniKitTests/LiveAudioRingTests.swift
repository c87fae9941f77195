import Testing
import VitniTestSupport

@testable import VitniKit

@Suite struct LiveAudioRingTests {
    /// Two bytes a frame, four frames a second, two seconds kept: 16 bytes.
    func ring() -> LiveAudioRing { LiveAudioRing(bytesPerFrame: 2, sampleRate: 4, seconds: 2) }

    func append(_ ring: LiveAudioRing, _ bytes: [UInt8]) { bytes.withUnsafeBytes { ring.append($0) } }

    @Test func aListenerReadsWhatWasAppendedFromItsFrameOn() {
        let ring = ring()
        append(ring, Array(0..<10))
        #expect(ring.endFrame == 5)
        let read = ring.read(from: 2, maximumBytes: 100)
        #expect(read?.firstFrame == 2 && read?.bytes == Array(4..<10))
        #expect(ring.read(from: 5, maximumBytes: 100) == nil, "nothing newer yet")
        #expect(ring.read(from: 0, maximumBytes: 5)?.bytes == [0, 1, 2, 3], "whole frames only")
    }

    @Test func theOldestAudioMakesWayAndALaggingListenerSkipsAhead() {
        let ring = ring()
        append(ring, Array(0..<12))
        append(ring, Array(12..<24))
        #expect(ring.endFrame == 12)
        let read = ring.read(from: 0, maximumBytes: 100)
        #expect(read?.firstFrame == 4 && read?.bytes == Array(8..<24), "the last 16 bytes, from frame 4")
        // More than the ring holds at once: only its newest part is kept.
        append(ring, Array(100..<140))
        #expect(ring.endFrame == 32 && ring.read(from: 0, maximumBytes: 100)?.firstFrame == 24)
        #expect(ring.read(from: 0, maximumBytes: 100)?.bytes == Array(124..<140))
    }

    @Test func aPartialFrameIsNotKept() {
        let ring = ring()
        append(ring, [1, 2, 3])
        #expect(ring.endFrame == 1 && ring.read(from: 0, maximumBytes: 100)?.bytes == [1, 2])
    }
}
