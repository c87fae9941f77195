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
                    guard live, let (first, pcm) = feed.audio.read(from: next, maximumBytes: Self.frameBytes) else {
                        // Until the recorder appends (four times a second) or the state changes.
                        await feed.audio.wait(beyond: live ? next : feed.audio.endFrame)
                        continue
                    }
                    var buffer = ByteBuffer()
                    buffer.reserveCapacity(12 + pcm.count)
                    buffer.writeInteger(UInt64(first), endianness: .little)
                    buffer.writeInteger(UInt32(pcm.count), endianness: .little)
                    buffer.writeBytes(pcm)
                    try await writer.write(buffer)
                    next = first + Int64(pcm.count / format.bytesPerFrame)
                }
                try await writer.finish(nil)
            })
    }
}
