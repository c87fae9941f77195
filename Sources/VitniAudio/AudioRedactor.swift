import Foundation

/// What replaces the audio inside a redacted span.
public enum RedactionFill: Sendable, Equatable {
    /// Digital silence.
    case mute
    /// A sine of `frequency` Hz whose peak is `levelDBFS` (its RMS is 3.01 dB lower).
    case tone(frequency: Double, levelDBFS: Double)
}

/// One redacted stretch of audio: frames `start ..< end`, counted from the start of the stream.
public struct RedactionSpan: Sendable, Equatable {
    public var start: Int64
    public var end: Int64
    public var fill: RedactionFill

    public init(start: Int64, end: Int64, fill: RedactionFill = .mute) {
        self.start = start
        self.end = end
        self.fill = fill
    }
}

/// Redacts time spans of interleaved PCM as it streams past, keeping length and format.
///
/// Inside a span no original sample survives: the span is silence or a tone (the tone fades in and
/// out within the span). The *original* audio fades out over `fadeFrames` just before the span and
/// back in just after it, so there is no click that marks the edge and nothing of the span leaks
/// into the ramps. Every sample further than `fadeFrames` from a span is passed through bit-exactly.
/// Gains are functions of the absolute frame position, so results do not depend on block sizes.
public struct AudioRedactor: Sendable {
    public let format: AudioFormat
    public let spans: [RedactionSpan]
    public let fadeFrames: Int64
    /// Frames processed so far: the stream position of the next block's first frame.
    public private(set) var position: Int64 = 0

    /// - Parameters:
    ///   - format: the PCM layout of the blocks (`container` is ignored).
    ///   - spans: non-overlapping spans with `0 <= start < end`, in any order.
    ///   - fadeDuration: seconds of fade on each side of each edge (e.g. 0.01).
    /// - Throws: `AudioError.invalidArgument` for empty, negative or overlapping spans or a bad tone.
    public init(format: AudioFormat, spans: [RedactionSpan], fadeDuration: Double = 0.01) throws {
        try format.validate()
        guard fadeDuration >= 0, fadeDuration <= 10 else {
            throw AudioError.invalidArgument("fade duration \(fadeDuration) s is outside 0…10 s")
        }
        let sorted = spans.sorted { $0.start < $1.start }
        for (index, span) in sorted.enumerated() {
            guard span.start >= 0, span.start < span.end else {
                throw AudioError.invalidArgument("redaction span \(span.start)..<\(span.end) is empty or negative")
            }
            if index > 0, sorted[index - 1].end > span.start {
                throw AudioError.invalidArgument("redaction spans overlap at frame \(span.start)")
            }
            if case .tone(let frequency, let level) = span.fill {
                guard frequency > 0, frequency < Double(format.sampleRate) / 2, level <= 0, level.isFinite else {
                    throw AudioError.invalidArgument(
                        "tone \(frequency) Hz at \(level) dBFS must lie below Nyquist and at most 0 dBFS")
                }
            }
        }
        self.format = format
        self.spans = sorted
        self.fadeFrames = Int64((fadeDuration * Double(format.sampleRate)).rounded())
    }

    /// Redacts one block in place and advances `position` by its frame count.
    /// - Throws: `AudioError.invalidArgument` if the block is not a whole number of frames.
    public mutating func process(_ pcm: UnsafeMutableRawBufferPointer) throws {
        let bytesPerFrame = format.bytesPerFrame
        guard pcm.count % bytesPerFrame == 0 else {
            throw AudioError.invalidArgument("\(pcm.count) bytes is not a whole number of \(bytesPerFrame)-byte frames")
        }
        let frames = Int64(pcm.count / bytesPerFrame)
        defer { position += frames }
        guard frames > 0, let base = pcm.baseAddress else { return }
        let blockStart = position
        let blockEnd = position + frames
        for span in spans where span.start - fadeFrames < blockEnd && span.end + fadeFrames > blockStart {
            apply(span, to: base, blockStart: blockStart, blockEnd: blockEnd)
        }
    }

    public mutating func process(_ pcm: inout [UInt8]) throws {
        try pcm.withUnsafeMutableBytes { try process($0) }
    }

    private func apply(_ span: RedactionSpan, to base: UnsafeMutableRawPointer, blockStart: Int64, blockEnd: Int64) {
        let channels = format.channels
        let encoding = format.encoding
        // Fade the original out before the span and back in after it.
        for (rampStart, rampEnd, fadingIn) in [
            (span.start - fadeFrames, span.start, false), (span.end, span.end + fadeFrames, true),
        ] {
            let from = max(rampStart, blockStart)
            let to = min(rampEnd, blockEnd)
            guard from < to else { continue }
            for frame in from..<to {
                // Distance into the ramp, measured so the gain reaches 0 at the span's edge.
                let progress =
                    fadingIn
                    ? Double(frame - rampStart + 1) / Double(fadeFrames + 1)
                    : Double(rampEnd - frame) / Double(fadeFrames + 1)
                let gain = Self.raisedCosine(progress)
                let first = Int(frame - blockStart) * channels
                for index in first..<(first + channels) {
                    PCM.store(PCM.sample(base, index, encoding) * gain, base, index, encoding)
                }
            }
        }
        // Replace the span itself.
        let from = max(span.start, blockStart)
        let to = min(span.end, blockEnd)
        guard from < to else { return }
        switch span.fill {
        case .mute:
            let byteStart = Int(from - blockStart) * format.bytesPerFrame
            let byteCount = Int(to - from) * format.bytesPerFrame
            (base + byteStart).initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        case .tone(let frequency, let level):
            let amplitude = pow(10, level / 20)
            let step = 2 * Double.pi * frequency / Double(format.sampleRate)
            let length = span.end - span.start
            let fade = min(fadeFrames, length / 2)
            for frame in from..<to {
                let offset = frame - span.start
                let edge = min(offset + 1, length - offset)
                let envelope = fade > 0 && edge <= fade ? Self.raisedCosine(Double(edge) / Double(fade + 1)) : 1
                let value = amplitude * envelope * sin(step * Double(offset))
                let first = Int(frame - blockStart) * channels
                for index in first..<(first + channels) { PCM.store(value, base, index, encoding) }
            }
        }
    }

    /// 0 at 0, 1 at 1, smooth at both ends (a Hann half-window).
    static func raisedCosine(_ x: Double) -> Double {
        0.5 - 0.5 * cos(Double.pi * min(max(x, 0), 1))
    }
}
