import Hummingbird
import VitniAudio
import VitniKit
import VitniStore

/// One listener's live audio: the PCM the recorder captured, from the moment they start
/// listening, as a chunked HTTP body of frames: 8 bytes of the first frame's number and 4 of the
/// length (both little-endian), then that many bytes of PCM in the recording's own format
/// (named in `X-Vitni-Audio`). It reads the ring the recorder writes into and never makes the
/// recorder wait; a listener too slow for the ring skips ahead. Nothing is sent during a break,
/// and the stream ends with the recording or when the listener's invitation is withdrawn.
struct LiveAudioStream: Sendable {
    let feed: ObservationFeed
    let access: ObservationAccess
    let person: ObservationAccess.Person

    /// At most this much audio in one frame of the stream.
    static let frameBytes = 64 * 1024

    func response() -> Response {
        let format = feed.format
        let description =
            "rate=\(format.sampleRate);channels=\(format.channels);encoding=\(format.encoding.rawValue)"
        return Response(
            status: .ok,
            headers: [.contentType: "application/octet-stream", .init("X-Vitni-Audio")!: description],
            body: ResponseBody { writer in
                var next = feed.audio.endFrame
                var wasLive = true
                var checked = ContinuousClock.now
                while feed.listening != .ended, !Task.isCancelled {
                    if ContinuousClock.now - checked > .seconds(1) {
                        guard access.stillAdmitted(person) else { break }
                        checked = .now
                    }
                    let live = feed.listening == .live
                    // Back from a break: what was said during it is not sent.
                    if live && !wasLive { next = feed.audio.endFrame }
                    wasLive = live
                    // The header is filled in once the audio is in: one copy, from the ring.
                    var buffer = ByteBuffer()
                    buffer.reserveCapacity(12 + Self.frameBytes)
                    buffer.writeRepeatingByte(0, count: 12)
                    guard live,
                        let first = feed.audio.withAudio(
                            from: next, maximumBytes: Self.frameBytes, { buffer.writeBytes($0) })
                    else {
                        // Until the recorder appends (four times a second) or the state changes.
                        await feed.audio.wait(beyond: live ? next : feed.audio.endFrame)
                        continue
                    }
                    let length = buffer.readableBytes - 12
                    buffer.setInteger(UInt64(first), at: 0, endianness: .little)
                    buffer.setInteger(UInt32(length), at: 8, endianness: .little)
                    try await writer.write(buffer)
                    next = first + Int64(length / format.bytesPerFrame)
                }
                try await writer.finish(nil)
            })
    }
}
