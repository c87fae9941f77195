import Foundation
public import VitniCrypto

/// Passphrases never come from the command line (it is visible to every user in `ps`): they come
/// from the terminal, or for automation from a file given with `--passphrase-file`.
public enum Passphrase {
    static let maximumLength = 1024

    /// Reads the first line of a file into guarded memory. Like a key file, the file must be
    /// readable by its owner only: the passphrase opens the keys.
    /// - Throws: `VitniError.passphraseFilePermissions` if others may read it,
    ///   `VitniError.passphrase` if it is unreadable, empty or too long.
    public static func read(fromFile path: String) throws -> SecretBytes {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw VitniError.passphrase("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw VitniError.io(path: path, operation: "stat", code: errno) }
        // A pipe or a terminal (`--passphrase-file /dev/stdin`) has no other readers to refuse.
        if info.st_mode & S_IFMT == S_IFREG, info.st_mode & 0o077 != 0 {
            throw VitniError.passphraseFilePermissions(path: path, mode: UInt16(info.st_mode & 0o777))
        }
        let buffer = SecretBytes(count: maximumLength + 1)
        let count = buffer.withUnsafeMutableBytes { raw -> Int in
            var total = 0
            while total < raw.count {
                let n = Foundation.read(fd, raw.baseAddress! + total, raw.count - total)
                if n <= 0 { break }
                total += n
            }
            return total
        }
        let lineLength = buffer.withUnsafeBytes { raw in
            (0..<count).first { raw[$0] == 0x0A || raw[$0] == 0x0D } ?? count
        }
        guard lineLength <= maximumLength else {
            throw VitniError.passphrase("\(path): the first line is longer than \(maximumLength) bytes")
        }
        guard lineLength > 0 else { throw VitniError.passphrase("\(path) is empty") }
        return buffer.slice(0..<lineLength)
    }
}
