public import Foundation

extension FileStream {
    /// Creates `path` (never replacing an existing file), writes `bytes` and syncs them; a file
    /// left half-written by a failure is removed, so the file exists whole or not at all.
    /// - Throws: `CryptoError.io` naming the file and the operation.
    public static func writeNewFile(_ path: String, _ bytes: UnsafeRawBufferPointer, mode: mode_t) throws {
        let file = try FileStream.create(path, mode: mode)
        do {
            try file.write(bytes)
            try file.sync()
        } catch {
            unlink(path)
            throw error
        }
    }

    /// `writeNewFile(_:_:mode:)` for bytes in an array.
    public static func writeNewFile(_ path: String, _ bytes: [UInt8], mode: mode_t) throws {
        try bytes.withUnsafeBytes { try writeNewFile(path, $0, mode: mode) }
    }
}
