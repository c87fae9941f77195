import Foundation
import VitniCrypto
import VitniKit

/// Asks for a passphrase on the controlling terminal with echo off, reading it straight into
/// guarded memory. Standard input is never used, so piped data and passphrases cannot mix.
enum Terminal {
    static func askPassphrase(_ prompt: String) throws -> SecretBytes {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { throw VitniError.passphrase("no terminal to ask on: use --passphrase-file FILE") }
        defer { close(tty) }
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else {
            throw VitniError.passphrase("cannot configure the terminal: use --passphrase-file FILE")
        }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(tty, TCSANOW, &silent)
        defer {
            tcsetattr(tty, TCSANOW, &saved)
            _ = write(tty, "\n", 1)
        }
        _ = prompt.withCString { write(tty, $0, strlen($0)) }
        let buffer = SecretBytes(count: 1024)
        let length = buffer.withUnsafeMutableBytes { raw -> Int in
            var count = 0
            var byte: UInt8 = 0
            while count < raw.count, read(tty, &byte, 1) == 1, byte != 0x0A, byte != 0x0D {
                raw[count] = byte
                count += 1
            }
            byte = 0
            return count
        }
        guard length > 0 else { throw VitniError.passphrase("empty passphrase") }
        return buffer.slice(0..<length)
    }
}

/// A one-line progress report on standard error for long work (finalising, importing), shown
/// only on a terminal so logs and scripts stay clean.
struct ProgressLine {
    let label: String
    let sampleRate: Int
    private let interactive = isatty(STDERR_FILENO) == 1

    init(_ label: String, sampleRate: Int) {
        self.label = label
        self.sampleRate = sampleRate
    }

    func update(_ frames: Int64) {
        guard interactive, sampleRate > 0 else { return }
        let text = "\u{1B}[2K\r\(label): \(Offset.format(frames * 1000 / Int64(sampleRate))) of audio done"
        FileHandle.standardError.write(Data(text.utf8))
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) }
    }
}
