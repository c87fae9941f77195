import Foundation
import Testing
import VitniAudio
import VitniTestSupport

@Suite("Decoder errors are clear")
struct DecodeErrorTests {
    @Test func emptyStreamAndFile() throws {
        #expect(throws: AudioError.empty(name: "stream")) {
            try AudioDecoder(input: MemoryAudioInput([]), name: "stream")
        }
        let directory = try TemporaryDirectory()
        let path = try directory.write("empty.wav", [])
        #expect(throws: AudioError.empty(name: path)) { try AudioDecoder(path: path) }
        #expect(AudioError.empty(name: path).description.contains("empty"))
    }

    @Test func missingFile() throws {
        let error = #expect(throws: AudioError.self) { try AudioDecoder(path: "/nonexistent/x.wav") }
        guard case .io(let name, let operation, _) = error else {
            Issue.record("expected an I/O error, got \(String(describing: error))")
            return
        }
        #expect(name == "/nonexistent/x.wav" && operation == "open")
    }

    @Test func garbageIsUnrecognised() throws {
        let error = #expect(throws: AudioError.self) {
            try AudioDecoder(input: MemoryAudioInput(testBytes(count: 4_096)), name: "garbage")
        }
        guard case .unrecognised(let name, let reason) = error else {
            Issue.record("expected unrecognised, got \(String(describing: error))")
            return
        }
        #expect(name == "garbage" && !reason.isEmpty)
    }

    @Test(arguments: ["wav", "flac"])
    func truncatedFile(type: String) throws {
        let directory = try TemporaryDirectory()
        let source = try AudioFixtures.tone(in: directory, name: "in.\(type)", rate: 48_000, channels: 2, bits: 16)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: source)))
        let cut = try directory.write("cut.\(type)", Array(bytes[..<(bytes.count / 2)]))
        let error = #expect(throws: AudioError.self) { _ = try AudioDecoder(path: cut).readAll() }
        guard case .truncated(let name, let expected, let actual) = error else {
            Issue.record("expected truncated, got \(String(describing: error))")
            return
        }
        #expect(name == cut && expected == 96_000 && actual < expected)
    }

    @Test("A damaged FLAC frame is reported, not silently skipped")
    func corruptFlac() throws {
        let directory = try TemporaryDirectory()
        let source = try AudioFixtures.tone(in: directory, name: "in.flac", rate: 48_000, channels: 2, bits: 16)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: source)))
        for index in stride(from: bytes.count / 2, to: bytes.count / 2 + 64, by: 1) { bytes[index] ^= 0x5A }
        let error = #expect(throws: AudioError.self) {
            _ = try AudioDecoder(input: MemoryAudioInput(bytes), name: "damaged").readAll()
        }
        switch error {
        case .corrupt(let name, _)?, .truncated(let name, _, _)?: #expect(name == "damaged")
        default: Issue.record("expected corrupt or truncated, got \(String(describing: error))")
        }
    }

    @Test func unsupportedEncoderFormats() throws {
        let output = MemoryAudioOutput()
        #expect(throws: AudioError.self) {
            try AudioEncoder(
                format: AudioFormat(sampleRate: 48_000, channels: 2, encoding: .float32, container: .flac),
                output: output)
        }
        let error = #expect(throws: AudioError.self) {
            try AudioEncoder(
                format: AudioFormat(sampleRate: 48_000, channels: 2, encoding: .int16, container: .oggOpus),
                output: output)
        }
        guard case .unsupported(let reason)? = error else {
            Issue.record("expected unsupported, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("oggOpus"))
        #expect(throws: AudioError.self) {
            try AudioEncoder(
                format: AudioFormat(sampleRate: 0, channels: 2, encoding: .int16, container: .wav), output: output)
        }
    }
}
