import Foundation
import VitniAudio
import VitniCrypto
import VitniFormats

/// An encoder's output that is encrypted before it reaches the disk: an age file whose first
/// chunk — the 64 KiB that hold FLAC's STREAMINFO or WAV's sizes, which the encoder rewrites
/// when it ends — stays in memory and is sealed and written into its reserved place last, so the
/// audio inside is complete (total samples and MD5 included).
///
/// It is written beside `path` under a temporary name and appears under `path` only on
/// `commit()`, durably; a failure before that leaves nothing.
final class EncryptedAudioFile: AudioByteOutput {
    let headSize = Age.chunkSize
    let path: String
    private let temporaryPath: String
    private let descriptor: Int32
    private let sealer: Age.ChunkSealer
    private let head = PlaintextBuffer(capacity: Age.chunkSize)
    private let body = PlaintextBuffer(capacity: 2 * Age.chunkSize)
    private var nextChunk: UInt64 = 1
    private var committed = false
    private var finished = false

    init(path: String, recipients: [any AgeRecipient]) throws {
        self.path = path
        sealer = try Age.ChunkSealer(recipients: recipients)
        let url = URL(fileURLWithPath: path)
        var template = Array(
            (url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".vitni-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw VitniError.io(path: path, operation: "create", code: errno) }
        fchmod(fd, 0o600)
        descriptor = fd
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        // The header, then room for the first chunk, which is written last.
        try append(sealer.prefix + [UInt8](repeating: 0, count: Age.ChunkSealer.sealedChunkLength))
    }

    deinit {
        close(descriptor)
        if !committed { unlink(temporaryPath) }
    }

    /// Opens what was written, without any recipient's key (for the read-back check).
    var identity: any AgeIdentity { sealer.identity }
    /// The file as written so far (complete after `finish()`), before `commit()` names it.
    var writtenPath: String { temporaryPath }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var rest = bytes
        if head.count < Age.chunkSize {
            let take = min(Age.chunkSize - head.count, rest.count)
            head.append(UnsafeRawBufferPointer(rebasing: rest[..<take]))
            rest = UnsafeRawBufferPointer(rebasing: rest[take...])
        }
        guard !rest.isEmpty else { return }
        body.append(rest)
        // A chunk is sealed only once more bytes follow it: the last one must be marked final.
        var taken = 0
        var sealed: [UInt8] = []
        while body.count - taken > Age.chunkSize {
            let counter = nextChunk
            sealed += body.withBytes(taken..<(taken + Age.chunkSize)) {
                sealer.seal($0, counter: counter, isFinal: false)
            }
            nextChunk += 1
            taken += Age.chunkSize
        }
        if taken > 0 {
            body.removeFirst(taken)
            try append(sealed)
        }
    }

    func rewriteHead(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        precondition(offset + bytes.count <= head.count, "the encoder rewrites only bytes it wrote")
        head.overwrite(at: offset, with: bytes)
    }

    /// Seals the last chunk and then the first, and makes the file durable.
    func finish() throws {
        precondition(!finished)
        finished = true
        if body.isEmpty {
            // One chunk in all: it is the final one and takes the reserved space exactly.
            let only = head.withBytes { sealer.seal($0, counter: 0, isFinal: true) }
            guard ftruncate(descriptor, off_t(sealer.prefix.count)) == 0 else {
                throw VitniError.io(path: path, operation: "truncate", code: errno)
            }
            try place(only, at: sealer.prefix.count)
        } else {
            let counter = nextChunk
            try append(body.withBytes { sealer.seal($0, counter: counter, isFinal: true) })
            try place(head.withBytes { sealer.seal($0, counter: 0, isFinal: false) }, at: sealer.prefix.count)
        }
        head.removeAll()
        body.removeAll()
        guard fsync(descriptor) == 0 else { throw VitniError.io(path: path, operation: "fsync", code: errno) }
    }

    /// Names the finished file `path` (refusing to replace one) and makes the name durable.
    func commit() throws {
        precondition(finished)
        guard link(temporaryPath, path) == 0 else { throw VitniError.io(path: path, operation: "create", code: errno) }
        committed = true
        unlink(temporaryPath)
        try syncDirectory(of: path)
    }

    private func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = retryingOnEINTR { Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset) }
                guard n >= 0 else { throw VitniError.io(path: path, operation: "write", code: errno) }
                offset += n
            }
        }
    }

    private func place(_ bytes: [UInt8], at offset: Int) throws {
        let n = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard n == bytes.count else { throw VitniError.io(path: path, operation: "write", code: n < 0 ? errno : EIO) }
    }
}
