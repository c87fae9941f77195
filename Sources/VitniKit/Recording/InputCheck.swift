import Foundation
public import VitniAudio
import VitniCrypto

/// `vitni record --check`: a few seconds of the input, measured before the child enters the
/// room — is the microphone live, too quiet, clipping? The audio stays in guarded memory,
/// block by block, and is never written or kept.
public struct InputCheck: Sendable {
    /// How much audio was measured.
    public var milliseconds: Int64 = 0
    /// The loudest sample over the whole check, in dBFS (`-infinity` for digital silence).
    public var peakDBFS = -Double.infinity
    /// The RMS over the whole check, in dBFS.
    public var rmsDBFS = -Double.infinity
    /// Tenth-second blocks measured, and of them: at full scale, exactly zero, below −50 dBFS RMS.
    public var blocks = 0
    public var clippedBlocks = 0
    public var silentBlocks = 0
    public var quietBlocks = 0
    /// The last block's levels, for a live meter while the check runs.
    public var latest: AudioLevels?

    /// Below this RMS a block counts as quiet: room noise, not a voice near the microphone.
    static let quietRMS = -50.0

    public init() {}

    /// Measures up to `seconds` of `source` (less if it ends sooner).
    /// - Parameter progress: called after each block with the levels so far.
    public static func run(
        _ source: any PCMSource, seconds: Double, progress: (InputCheck) -> Void = { _ in }
    ) throws -> InputCheck {
        let format = source.format
        let blockBytes = max(1, format.sampleRate / 10) * format.bytesPerFrame
        let wanted = Int64(max(0.1, seconds) * Double(format.sampleRate)) * Int64(format.bytesPerFrame)
        let buffer = SecretBytes(count: blockBytes)
        var check = InputCheck()
        var sumOfMeanSquares = 0.0
        var total: Int64 = 0
        while total < wanted {
            var filled = 0
            let room = Int(min(Int64(blockBytes), wanted - total))
            try buffer.withUnsafeMutableBytes { bytes in
                while filled < room {
                    let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[filled..<room]))
                    if n == 0 { break }
                    filled += n
                }
            }
            filled -= filled % format.bytesPerFrame
            guard filled > 0 else { break }
            let levels = buffer.withUnsafeBytes {
                LevelMeter.measure(UnsafeRawBufferPointer(rebasing: $0[..<filled]), encoding: format.encoding)
            }
            total += Int64(filled)
            check.add(levels, frames: Int64(filled / format.bytesPerFrame), format: format, sum: &sumOfMeanSquares)
            progress(check)
            if filled < room { break }
        }
        return check
    }

    private mutating func add(_ levels: AudioLevels, frames: Int64, format: AudioFormat, sum: inout Double) {
        blocks += 1
        latest = levels
        milliseconds += format.milliseconds(frames: frames)
        peakDBFS = max(peakDBFS, levels.peakDBFS)
        if levels.peakDBFS >= -0.1 { clippedBlocks += 1 }
        if levels.peakDBFS == -.infinity { silentBlocks += 1 }
        if levels.rmsDBFS < Self.quietRMS { quietBlocks += 1 }
        let amplitude = levels.rmsDBFS == -.infinity ? 0 : pow(10, levels.rmsDBFS / 20)
        sum += amplitude * amplitude
        let mean = sum / Double(blocks)
        rmsDBFS = mean > 0 ? 10 * log10(mean) : -.infinity
    }

    /// What the interviewer should do, if anything; empty when the input looks usable.
    public var problems: [String] {
        guard blocks > 0 else { return ["no audio arrived: check the cable, the device name and that it is not muted"] }
        var found: [String] = []
        if silentBlocks == blocks {
            found.append("the input is digital silence (all samples zero): the microphone is muted or not connected")
        } else if quietBlocks == blocks {
            found.append(
                "the input is very quiet (RMS below \(Int(Self.quietRMS)) dBFS throughout): "
                    + "raise the gain or bring the microphone closer, then speak during the check")
        }
        if clippedBlocks > 0 {
            found.append(
                "the input reaches full scale in \(clippedBlocks) of \(blocks) tenth-seconds (clipping): lower the gain"
            )
        }
        return found
    }
}
