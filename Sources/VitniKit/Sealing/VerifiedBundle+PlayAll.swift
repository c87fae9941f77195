import Foundation
import VitniAudio
public import VitniCrypto

extension VerifiedBundle {
    /// Where each part of a whole-session playback begins in the stream, in words.
    public struct PlaybackTimeline: Sendable {
        /// `(offset in the stream in milliseconds, what begins there)`, in order.
        public var parts: [(offset: Int64, text: String)]
        public var recordings: Int
        public var milliseconds: Int64

        /// One line per part: `12:31.000  recording 2: …`.
        public var text: String {
            parts.map { Offset.format($0.offset) + "  " + $0.text }.joined(separator: "\n")
        }
    }

    /// The session's recordings played as one WAV stream into `sink`, in order, with a
    /// `GapMarker` between each two so the time not recorded is heard; `announce` gets the
    /// timeline before the first byte is written. Each recording is read from its verified file
    /// and must decode to the length its sealed facts record.
    /// - Throws: `VitniError.invalidInput` when the bundle holds no recording, or recordings
    ///   in different formats (which one stream cannot hold).
    public func playAll(
        identities: [any AgeIdentity], into sink: any ByteSink, announce: (PlaybackTimeline) -> Void
    ) throws {
        let recordings = try sessionFile(identities: identities).recordings.sorted { $0.number < $1.number }
        guard let first = recordings.first else { throw VitniError.invalidInput("the bundle holds no recording") }
        let format = first.format
        guard (1...768_000).contains(format.sampleRate), (1...64).contains(format.channels) else {
            throw VitniError.invalidInput("recording 1's sealed facts give no playable format (\(format))")
        }
        if let other = recordings.first(where: { $0.format != format }) {
            throw VitniError.invalidInput(
                "recordings 1 and \(other.number) differ in format (\(format), \(other.format)): "
                    + "play them one at a time with --recording N")
        }
        let marker = GapMarker.frames(format)
        let total = recordings.reduce(0) { $0 + $1.frames } + marker * Int64(recordings.count - 1)
        announce(Self.timeline(of: recordings, markerMilliseconds: format.milliseconds(frames: marker)))
        try sink.write(try AudioInput.audio("WAV") { try WAVStreamHeader.bytes(format: format, frames: total) })
        let gap = GapMarker.pcm(format)
        for (index, recording) in recordings.enumerated() {
            if index > 0 { try sink.write(gap) }
            try stream(recording, identities: identities, header: false, expected: format, into: sink)
        }
    }

    static func timeline(of recordings: [SessionFile.Recording], markerMilliseconds: Int64) -> PlaybackTimeline {
        var parts: [(Int64, String)] = []
        var offset: Int64 = 0
        for (index, recording) in recordings.enumerated() {
            if index > 0 {
                parts.append(
                    (offset, "gap marker (two beeps): " + gap(after: recordings[index - 1], before: recording)))
                offset += markerMilliseconds
            }
            parts.append((offset, "recording " + recording.listing))
            offset += recording.durationMilliseconds
        }
        return PlaybackTimeline(parts: parts, recordings: recordings.count, milliseconds: offset)
    }

    /// How much time passed between two recordings, from their sealed start and stop times.
    static func gap(after previous: SessionFile.Recording, before next: SessionFile.Recording) -> String {
        let between = "between recordings \(previous.number) and \(next.number)"
        guard let stopped = previous.stoppedAt.flatMap(Timestamp.date) else {
            return
                "recording \(previous.number) has no stop time (it was cut short); time not recorded \(between) unknown"
        }
        guard let started = Timestamp.date(next.startedAt) else { return "time not recorded \(between) unknown" }
        let milliseconds = Int64((started.timeIntervalSince(stopped) * 1000).rounded())
        guard milliseconds > 0 else { return "no time passed \(between)" }
        return Offset.format(milliseconds) + " not recorded " + between
    }
}
