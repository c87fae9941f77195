import Foundation
public import VitniAudio
public import VitniCrypto

/// Raw PCM from a byte stream (standard input, a file): the caller names the format, since raw
/// audio carries none. Hands out whole frames only.
public final class RawPCMSource: PCMSource {
    public let format: AudioFormat
    private let input: any ByteSource
    private let name: String
    private var carry: [UInt8] = []

    public init(_ input: any ByteSource, format: AudioFormat, name: String) {
        self.input = input
        self.format = format
        self.name = name
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let frame = format.bytesPerFrame
        precondition(buffer.count >= frame)
        while true {
            carry.withUnsafeBytes { buffer.copyMemory(from: $0) }
            let room = (buffer.count / frame) * frame
            let n = try VitniError.wrap(file: name) {
                try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[carry.count..<room]))
            }
            let total = carry.count + n
            if n == 0 {
                guard total == 0 else {
                    throw VitniError.audio(
                        path: name,
                        reason: "the input ended inside a frame (\(total) stray bytes): is the sample format right?")
                }
                return 0
            }
            let whole = total / frame * frame
            carry = Array(UnsafeRawBufferPointer(rebasing: buffer[whole..<total]))
            if whole > 0 { return whole }
        }
    }
}

/// Releases frames no faster than they would arrive from a microphone (`--realtime`), so a file
/// replays as a live interview would.
public final class RealtimePacedSource: PCMSource {
    private let source: any PCMSource
    private var start: Date?
    private var frames: Int64 = 0

    public init(_ source: any PCMSource) { self.source = source }

    public var format: AudioFormat { source.format }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let start = self.start ?? Date()
        self.start = start
        let due = start.addingTimeInterval(Double(frames) / Double(format.sampleRate))
        let wait = due.timeIntervalSinceNow
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        // At most a tenth of a second per read, as a capture device delivers it.
        let tenth = max(1, format.sampleRate / 10) * format.bytesPerFrame
        let n = try source.read(
            into: UnsafeMutableRawBufferPointer(rebasing: buffer.prefix(max(tenth, format.bytesPerFrame))))
        frames += Int64(n / format.bytesPerFrame)
        return n
    }
}
