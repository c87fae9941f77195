import Foundation
import VitniAudio
import VitniCrypto
import VitniFormats

/// Streams audio from a decoder into an encrypted encoder: decoding (and the decryption under it)
/// on one thread, encoding and sealing on the caller's, with a few 1 MiB blocks between them.
enum Transcoder {
    struct Result {
        var frames: Int64
        /// SHA-256 of the PCM that went into the encoder, when asked for.
        var pcmDigest: [UInt8]?
    }

    /// - Parameters:
    ///   - name: the file being produced, for errors.
    ///   - redactor: applied to every block before it is encoded.
    ///   - hashPCM: also hash the PCM (to compare with a decode of the result).
    static func run(
        _ decoder: AudioDecoder, into output: EncryptedAudioFile, container: AudioContainer, name: String,
        redactor: AudioRedactor? = nil, hashPCM: Bool = false, progress: (Int64) -> Void = { _ in }
    ) throws -> Result {
        let format = decoder.format.with(container: .raw)
        let encoder = try AudioInput.audio(name) {
            try AudioEncoder(format: format.with(container: container), output: output)
        }
        nonisolated(unsafe) let source = decoder
        let bytesPerFrame = format.bytesPerFrame
        let pipeline = BlockPipeline(blockSize: max(1, (1 << 20) / bytesPerFrame) * bytesPerFrame) { buffer in
            try AudioInput.audio(name) { try source.readFrames(into: buffer) } * bytesPerFrame
        }
        var redactor = redactor
        var hasher = hashPCM ? SHA256Hasher() : nil
        var lastReport = Date()
        try pipeline.consume { block in
            var bytes = block
            if redactor != nil {
                let mutable = UnsafeMutableRawBufferPointer(mutating: block)
                try AudioInput.audio(name) { try redactor!.process(mutable) }
                bytes = UnsafeRawBufferPointer(mutable)
            }
            hasher?.update(bytes)
            try AudioInput.audio(name) { try encoder.write(bytes) }
            if Date().timeIntervalSince(lastReport) > 0.25 {
                lastReport = Date()
                progress(encoder.framesWritten)
            }
        }
        try AudioInput.audio(name) { try encoder.finish() }
        progress(encoder.framesWritten)
        return Result(frames: encoder.framesWritten, pcmDigest: hasher?.finalize())
    }

    /// Decodes everything, block by block, on the caller's thread.
    static func forEachBlock(of decoder: AudioDecoder, name: String, _ body: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        let bytesPerFrame = decoder.format.bytesPerFrame
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8_192 * bytesPerFrame, alignment: 16)
        defer {
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            buffer.deallocate()
        }
        while true {
            let frames = try AudioInput.audio(name) { try decoder.readFrames(into: buffer) }
            if frames == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[..<(frames * bytesPerFrame)]))
        }
    }

    /// The SHA-256 of the plaintext of an age file, reading it back with `identity`: proves
    /// every chunk authenticates and gives the content identity `session.json` records.
    static func plaintextDigest(of path: String, identity: any AgeIdentity) throws -> String {
        try VitniError.wrap(file: path) {
            let check = try Age.Decryptor(source: try FileStream.open(readingFrom: path), identities: [identity])
            return Hex.encode(try Hashing.digest(.sha256, of: check))
        }
    }

    /// A decoder over an encrypted file (age), decrypting as it reads.
    static func decoder(
        forEncrypted path: String, identities: [any AgeIdentity], rawFormat: AudioFormat? = nil
    ) throws -> AudioDecoder {
        let source = try VitniError.wrap(file: path) { try FileStream.open(readingFrom: path) }
        return try decoder(forEncrypted: source, name: path, identities: identities, rawFormat: rawFormat)
    }

    /// A decoder over encrypted bytes from `source` (a bundle's verified payload, a file).
    static func decoder(
        forEncrypted source: any ByteSource, name path: String, identities: [any AgeIdentity],
        rawFormat: AudioFormat? = nil
    ) throws -> AudioDecoder {
        let decryptor = try VitniError.wrap(file: path, identities: identities) {
            try Age.Decryptor(source: source, identities: identities)
        }
        return try AudioInput.audio(path) {
            try AudioDecoder(input: ByteSourceAudioInput(decryptor, name: path), name: path, rawFormat: rawFormat)
        }
    }
}

/// A VitniCrypto byte source (a decrypting stream, a file) as VitniAudio input.
final class ByteSourceAudioInput: AudioByteInput {
    private let source: any ByteSource
    private let name: String

    init(_ source: any ByteSource, name: String) {
        self.source = source
        self.name = name
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try VitniError.wrap(file: name) { try source.read(into: buffer) }
    }
}
