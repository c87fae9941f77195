import Foundation
import Testing
import VitniAudio
import VitniTestSupport

/// Generates real audio with sox and espeak-ng and reads sox's own decoding as ground truth, so
/// the checks do not rest on libsndfile agreeing with itself.
enum AudioFixtures {
    /// Runs a peer tool and fails with its stderr when it does not succeed.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> ProcessResult {
        let result = try runProcess(try Peer.path(tool), arguments)
        guard result.status == 0 else {
            throw TestSupportError("\(tool) \(arguments.joined(separator: " ")) failed: \(result.stderrText)")
        }
        return result
    }

    /// A two-tone file (440/660 Hz; one tone per channel when stereo) in any rate/width/container sox writes.
    static func tone(
        in directory: TemporaryDirectory, name: String, rate: Int, channels: Int, bits: Int, seconds: Double = 2
    ) throws -> String {
        let path = directory.file(name)
        try run(
            "sox",
            [
                "-n", "-r", "\(rate)", "-c", "\(channels)", "-b", "\(bits)", path,
                "synth", "\(seconds)", "sine", "440", "sine", "660", "vol", "0.7",
            ])
        return path
    }

    /// Synthesised speech, converted to the wanted rate, channels and width.
    static func speech(in directory: TemporaryDirectory, name: String, rate: Int, channels: Int, bits: Int) throws
        -> String
    {
        let voice = directory.file("voice-\(name).wav")
        try run("espeak-ng", ["-w", voice, "The interview starts at ten past nine. Tell me what happened."])
        let path = directory.file(name)
        try run("sox", [voice, "-r", "\(rate)", "-c", "\(channels)", "-b", "\(bits)", path])
        return path
    }

    /// sox's decoding of `path` as raw little-endian signed PCM of `bits` bits.
    static func rawSamples(_ path: String, bits: Int) throws -> [UInt8] {
        try run("sox", [path, "-t", "raw", "-e", "signed-integer", "-b", "\(bits)", "-L", "-"]).stdout
    }

    static func encoding(bits: Int) -> SampleEncoding {
        switch bits {
        case 16: .int16
        case 24: .int24
        default: .int32
        }
    }

    /// Encodes `pcm` through `AudioEncoder` in 4096-frame blocks into a fresh in-memory output.
    static func encode(_ pcm: [UInt8], format: AudioFormat, headSize: Int = 65_536) throws -> MemoryAudioOutput {
        let output = MemoryAudioOutput(headSize: headSize)
        let encoder = try AudioEncoder(format: format, output: output)
        let block = 4_096 * format.bytesPerFrame
        var offset = 0
        while offset < pcm.count {
            let end = min(offset + block, pcm.count)
            try pcm[offset..<end].withUnsafeBytes { try encoder.write($0) }
            offset = end
        }
        try encoder.finish()
        return output
    }
}

/// A child process whose standard output is read as a non-seekable `AudioByteInput`.
final class PipedProcess {
    let process = Process()
    let pipe = Pipe()

    init(_ tool: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: try Peer.path(tool))
        process.arguments = arguments
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    var input: FileDescriptorAudioInput {
        FileDescriptorAudioInput(fileHandle: pipe.fileHandleForReading, name: "<pipe>")
    }

    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Compares two PCM buffers without handing large arrays to `#expect` (whose failure diff is
/// quadratic); a mismatch names the first differing byte and the lengths.
func expectSamePCM(
    _ actual: [UInt8], _ expected: [UInt8], _ what: String = "PCM",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual != expected else { return }
    let first =
        zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(actual.count, expected.count)
    Issue.record(
        "\(what) differs: \(actual.count) vs \(expected.count) bytes, first difference at byte \(first)",
        sourceLocation: sourceLocation)
}
