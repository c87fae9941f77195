import Foundation
import VitniCrypto
import VitniFormats

extension LiveCaptureFile {
    /// What a recovery restored.
    public struct Recovery: Sendable, Equatable {
        /// Plaintext bytes in the recovered file.
        public var recoveredBytes: Int64
        /// Ciphertext bytes on disk that could not be used (written after the last sync).
        public var discardedBytes: Int64
        /// Whether the file needed repair (false: it had been finished before the interruption).
        public var repaired: Bool
    }

    /// Turns an interrupted live file into a complete age file — without any key: the main
    /// file's whole chunks up to the newest intact tail slot, then that slot's sealed final
    /// chunk. Safe to run again after being interrupted itself.
    /// - Throws: `VitniError.recordingBusy` while a recorder holds the file;
    ///   `VitniError.unrecoverable` when neither tail slot is intact.
    public static func recover(path: String) throws -> Recovery {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw VitniError.io(path: path, operation: "open", code: errno) }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { throw VitniError.recordingBusy(path: path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw VitniError.io(path: path, operation: "stat", code: errno) }
        let size = Int64(info.st_size)
        let payloadStart = try Self.payloadStart(fd: fd, path: path, size: size)
        let sealedLength = Int64(Age.ChunkSealer.sealedChunkLength)
        let tailPath = Self.tailPath(for: path)
        guard let tailBytes = FileManager.default.contents(atPath: tailPath) else {
            // No tail: the recorder finished the file before it stopped.
            let chunks = max(1, (size - payloadStart.offset + sealedLength - 1) / sealedLength)
            return Recovery(
                recoveredBytes: size - payloadStart.offset - chunks * 16, discardedBytes: 0, repaired: false)
        }
        let wholeChunks = UInt64(max(0, size - payloadStart.offset) / sealedLength)
        guard
            let slot = newestSlot(in: Array(tailBytes), prefixDigest: payloadStart.digest, maximumCounter: wholeChunks)
        else { throw VitniError.unrecoverable(path: path, reason: "neither copy of the last chunk is intact") }
        let base = payloadStart.offset + Int64(slot.counter) * sealedLength
        guard ftruncate(fd, off_t(base)) == 0 else {
            throw VitniError.io(path: path, operation: "truncate", code: errno)
        }
        let written = slot.sealed.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(base)) }
        guard written == slot.sealed.count else {
            throw VitniError.io(path: path, operation: "write", code: written < 0 ? errno : ENOSPC)
        }
        guard fsync(fd) == 0 else { throw VitniError.io(path: path, operation: "fsync", code: errno) }
        unlink(tailPath)
        try syncDirectory(of: path)
        let recovered = Int64(slot.counter) * Int64(Age.chunkSize) + Int64(slot.sealed.count - 16)
        return Recovery(
            recoveredBytes: recovered, discardedBytes: max(0, size - base - Int64(slot.sealed.count)), repaired: true)
    }

    /// Where the payload's chunks begin, and the digest of everything before (header and nonce).
    private static func payloadStart(fd: Int32, path: String, size: Int64) throws -> (offset: Int64, digest: [UInt8]) {
        let limit = Int(min(size, Int64(Age.maximumHeaderSize + 16)))
        var bytes = [UInt8](repeating: 0, count: limit)
        let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, limit, 0) }
        guard count == limit else { throw VitniError.io(path: path, operation: "read", code: count < 0 ? errno : EIO) }
        let parsed: (Age.Header, Int)?
        do { parsed = try Age.Header.parse(bytes, isComplete: true) } catch {
            throw VitniError.unrecoverable(path: path, reason: "its age header is damaged (\(error.reason))")
        }
        guard let (_, headerLength) = parsed, headerLength + 16 <= count else {
            throw VitniError.unrecoverable(path: path, reason: "its age header is incomplete")
        }
        return (Int64(headerLength + 16), Hashing.sha256(bytes[..<(headerLength + 16)]))
    }

    private struct Slot {
        var sequence: UInt64
        var counter: UInt64
        var sealed: [UInt8]
    }

    /// The intact slot with the highest sequence whose chunk can follow the main file's chunks.
    private static func newestSlot(in tail: [UInt8], prefixDigest: [UInt8], maximumCounter: UInt64) -> Slot? {
        var best: Slot?
        for index in 0..<2 {
            let start = index * slotLength
            guard tail.count >= start + slotHeaderLength + 16 + 32 else { continue }
            let slot = Array(tail[start..<min(tail.count, start + slotLength)])
            guard Array(slot[0..<16]) == slotMagic, Array(slot[40..<72]) == prefixDigest else { continue }
            let sequence = number(slot[16..<24])
            let counter = number(slot[24..<32])
            let length = Int(number(slot[32..<36]))
            guard (16...Age.ChunkSealer.sealedChunkLength).contains(length),
                slot.count >= slotHeaderLength + length + 32, counter <= maximumCounter
            else { continue }
            let end = slotHeaderLength + length
            guard Hashing.sha256(slot[..<end]) == Array(slot[end..<(end + 32)]) else { continue }
            if best == nil || sequence > best!.sequence {
                best = Slot(sequence: sequence, counter: counter, sealed: Array(slot[slotHeaderLength..<end]))
            }
        }
        return best
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
