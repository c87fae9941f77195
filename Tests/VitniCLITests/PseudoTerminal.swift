import Foundation
import VitniTestSupport

/// The built `vitni` run on a pseudo-terminal of its own, as an interviewer's terminal runs it:
/// standard input, output and error are the terminal, and it is the controlling terminal
/// (`setsid --ctty`), so `/dev/tty` works. The test types into it key by key and reads what
/// it draws, with the time each part arrived.
final class PseudoTerminal: @unchecked Sendable {
    // Sendable: `output` is shared with the reading thread under `lock`.
    private let master: Int32
    private let process = Process()
    private let lock = NSLock()
    private var output: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)
    /// TIOCSPTLCK and TIOCGPTN from <asm-generic/ioctls.h>.
    private static let setLock = UInt(0x4004_5431)
    private static let getNumber = UInt(0x8004_5430)

    init(_ arguments: [String], environment: [String: String], directory: String, columns: UInt16 = 160) throws {
        // posix_openpt and friends are hidden behind _XOPEN_SOURCE in Glibc's module; on Linux they
        // are /dev/ptmx and two ioctls (grantpt is a no-op with devpts).
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, Self.setLock, &unlock) == 0, ioctl(master, Self.getNumber, &number) == 0
        else { throw POSIXError(.EIO) }
        let name = "/dev/pts/\(number)"
        var size = winsize(ws_row: 40, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else { throw POSIXError(.EIO) }
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.executableURL = URL(fileURLWithPath: try Peer.path("setsid"))
        process.arguments = ["--ctty", "--wait", Repository.vitniBinary] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        try terminal.close()
        let thread = Thread { [self] in readUntilClosed() }
        thread.start()
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    /// Everything the program has drawn so far.
    var text: String { lock.withLock { String(decoding: output, as: UTF8.self) } }

    func type(_ keys: String) {
        _ = keys.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    /// Waits until `condition` holds for what was drawn, polling every 20 ms.
    /// - Returns: the text that satisfied it, or nil at the timeout.
    func waitUntil(timeout: Duration, _ condition: (String) -> Bool) -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let seen = text
            if condition(seen) { return seen }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }

    /// Waits for the program to exit; its status, or nil if it had to be killed at the timeout.
    func exitStatus(timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
        guard !process.isRunning else {
            process.terminate()
            return nil
        }
        _ = done.wait(timeout: .now() + 5)
        return process.terminationStatus
    }

    private func readUntilClosed() {
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = read(master, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            lock.withLock { output.append(contentsOf: buffer[..<count]) }
        }
        done.signal()
    }
}
