import Foundation
public import VitniCrypto
import VitniFormats

/// The live form of a recording: an age file that grows chunk by chunk, plus a small tail file
/// holding the newest partial chunk, sealed as the final one. Every sync makes the pair durable,
/// so after a crash `LiveCaptureFile.recover` joins the main file's whole chunks to the tail
/// and gets a complete age file — without any secret key — losing only what arrived since the
/// last sync (at most a second).
///
/// Plaintext never reaches the disk: chunks are sealed in memory before they are written.
///
/// The tail file has two slots written alternately, so a write torn by a power cut leaves the
/// previous slot intact. A slot: magic (16) ‖ sequence (8) ‖ chunk counter (8) ‖ sealed length
/// (4) ‖ zero (4) ‖ SHA-256 of the main file's header (32) ‖ sealed chunk (≤ 64 KiB + 16) ‖
/// SHA-256 of everything before it in the slot (32).
public final class LiveCaptureFile {
    static let slotMagic = Array("vitni-tail-v1\0\0\0".utf8)
    static let slotHeaderLength = 16 + 8 + 8 + 4 + 4 + 32
    static let slotLength = slotHeaderLength + Age.ChunkSealer.sealedChunkLength + 32

    public let path: String
    public let tailPath: String
    private let main: FileStream
    private let tail: FileStream
    private let sealer: Age.ChunkSealer
    private let prefixDigest: [UInt8]
    /// Plaintext not yet in a whole chunk on disk; after the first sync it is never empty.
    private let pending = PlaintextBuffer(capacity: 4 * Age.chunkSize)
    private var chunksWritten: UInt64 = 0
    private var sequence: UInt64 = 0
    private var finished = false
    /// Plaintext bytes that a recovery would restore.
    public private(set) var durableBytes: Int64 = 0
    public private(set) var capturedBytes: Int64 = 0

    /// The tail file that goes with a live file.
    public static func tailPath(for path: String) -> String { path + ".tail" }

    /// Creates the live file (never overwriting one), its header and an empty tail, durably,
    /// and holds an exclusive lock on it for as long as this object lives.
    /// - Parameter recipients: who can decrypt the recording.
    public init(creating path: String, recipients: [any AgeRecipient]) throws {
        self.path = path
        tailPath = Self.tailPath(for: path)
        sealer = try Age.ChunkSealer(recipients: recipients)
        prefixDigest = Hashing.sha256(sealer.prefix)
        main = try Self.create(path)
        guard flock(main.descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw VitniError.io(path: path, operation: "lock", code: errno)
        }
        tail = try Self.create(tailPath)
        try Self.io(path, "write") { try main.write(sealer.prefix) }
        try Self.io(path, "fsync") { try main.sync() }
        try writeTail()
        try syncDirectory(of: path)
    }

    /// Opens this file again (and only this one) without any recipient's key: for reading back
    /// and finalising right after the recording ends.
    public var identity: any AgeIdentity { sealer.identity }

    /// Takes captured plaintext into memory; it reaches the disk, sealed, at the next `sync()`.
    public func append(_ bytes: UnsafeRawBufferPointer) {
        precondition(!finished, "append after finish")
        pending.append(bytes)
        capturedBytes += Int64(bytes.count)
    }

    /// Makes everything appended so far durable: whole chunks go to the main file (one byte or
    /// more always stays behind, since the final chunk may not be empty), the rest to the tail.
    /// - Throws: `VitniError.io` — ENOSPC for a full disk; the previous sync still stands.
    public func sync() throws {
        precondition(!finished, "sync after finish")
        guard capturedBytes > durableBytes else { return }
        var sealedChunks: [UInt8] = []
        var taken = 0
        while pending.count - taken > Age.chunkSize {
            let counter = chunksWritten + UInt64(taken / Age.chunkSize)
            sealedChunks += pending.withBytes(taken..<(taken + Age.chunkSize)) {
                sealer.seal($0, counter: counter, isFinal: false)
            }
            taken += Age.chunkSize
        }
        if taken > 0 {
            try Self.io(path, "write") { try main.write(sealedChunks) }
            try Self.io(path, "fsync") { try main.sync() }
            pending.removeFirst(taken)
            chunksWritten += UInt64(taken / Age.chunkSize)
        }
        try writeTail()
        durableBytes = capturedBytes
    }

    /// Ends the file: the rest becomes the final chunk of the main file, which is then a
    /// complete age file; the tail is removed.
    public func finish() throws {
        precondition(!finished, "finish called twice")
        try sync()
        let final = pending.withBytes { sealer.seal($0, counter: chunksWritten, isFinal: true) }
        try Self.io(path, "write") { try main.write(final) }
        try Self.io(path, "fsync") { try main.sync() }
        finished = true
        pending.removeAll()
        unlink(tailPath)
        try syncDirectory(of: path)
        flock(main.descriptor, LOCK_UN)
    }

    /// Writes the pending bytes, sealed as the final chunk, into the older tail slot.
    private func writeTail() throws {
        sequence += 1
        let sealed = pending.withBytes { sealer.seal($0, counter: chunksWritten, isFinal: true) }
        var slot = Self.slotMagic
        slot += Self.bigEndian(sequence, bytes: 8) + Self.bigEndian(chunksWritten, bytes: 8)
        slot += Self.bigEndian(UInt64(sealed.count), bytes: 4) + [0, 0, 0, 0] + prefixDigest + sealed
        slot += Hashing.sha256(slot)
        let offset = off_t(sequence % 2) * off_t(Self.slotLength)
        let written = slot.withUnsafeBytes { pwrite(tail.descriptor, $0.baseAddress, $0.count, offset) }
        guard written == slot.count else {
            throw VitniError.io(path: tailPath, operation: "write", code: written < 0 ? errno : ENOSPC)
        }
        try Self.io(tailPath, "fsync") { try tail.sync() }
    }

    static func bigEndian(_ value: UInt64, bytes: Int) -> [UInt8] {
        (0..<bytes).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * (bytes - 1 - $0))) }
    }

    static func create(_ path: String) throws -> FileStream {
        do { return try FileStream.create(path) } catch let CryptoError.io(path, operation, code) {
            throw VitniError.io(path: path, operation: operation, code: code)
        }
    }

    /// Runs a stream operation, naming the file in the error.
    static func io(_ path: String, _ operation: String, _ body: () throws -> Void) throws {
        do { try body() } catch let CryptoError.io(_, _, code) {
            throw VitniError.io(path: path, operation: operation, code: code)
        }
    }
}

/// fsyncs the directory holding `path`, so a new or renamed entry survives a power cut.
func syncDirectory(of path: String) throws {
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw VitniError.io(path: directory, operation: "open", code: errno) }
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw VitniError.io(path: directory, operation: "fsync", code: errno) }
}
