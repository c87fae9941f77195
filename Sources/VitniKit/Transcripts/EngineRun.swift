import Foundation
import VitniCrypto
import VitniFormats

/// One run of an engine: the child process, a feeder on the calling thread and two readers, so a
/// slow engine that fills its output pipe before reading all its input never deadlocks.
enum EngineRun {
    /// Bytes of standard error kept, to report its last line.
    static let stderrTail = 4096

    /// The engine as errors name it: the base name of its program.
    static func name(of engine: [String]) -> String {
        let words =
            engine.count == 1 ? engine[0].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) : engine
        let program = words.first == "exec" && words.count > 1 ? words[1] : words.first ?? ""
        let base = URL(fileURLWithPath: program).lastPathComponent
        return
            "'\(String(base.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }.prefix(64)))'"
    }

    /// Starts the engine, lets `feed` write into its standard input, and returns what it wrote on
    /// standard output once it has exited successfully.
    static func run(
        _ engine: [String], name: String, timeout: TimeInterval?, feed: (any ByteSink) throws -> Void
    ) throws -> [UInt8] {
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        if engine.count == 1 {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", engine[0]]
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["--"] + engine
        }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw VitniError.invalidInput("cannot start engine \(name): \(error.localizedDescription)")
        }
        // Foundation starts the child in its own process group: killing the group ends a shell
        // pipeline's every member.
        let group = process.processIdentifier
        let state = EngineState(group: group)
        let stdout = BoundedReader(limit: SessionTranscripts.maximumEngineOutput, keepTail: false) {
            state.kill(.overflow)
        }
        let stderr = BoundedReader(limit: stderrTail, keepTail: true) {}
        let readers = DispatchGroup()
        let outputFD = output.fileHandleForReading.fileDescriptor
        let errorFD = errors.fileHandleForReading.fileDescriptor
        DispatchQueue.global().async(group: readers) { stdout.drain(outputFD) }
        DispatchQueue.global().async(group: readers) { stderr.drain(errorFD) }
        let deadline = timeout.map { seconds in
            let item = DispatchWorkItem { state.kill(.timeout) }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
            return item
        }
        let sink = PipeSink(input.fileHandleForWriting.fileDescriptor)
        var feedError: (any Error)?
        do {
            try feed(sink)
        } catch is EngineStoppedReading {
            feedError = nil
        } catch {
            feedError = error
            state.kill(.feedFailed)
        }
        try? input.fileHandleForWriting.close()
        readers.wait()
        process.waitUntilExit()
        state.finish()
        deadline?.cancel()
        if let feedError { throw feedError }
        let lastLine = stderr.lastLine()
        switch state.reason {
        case .timeout:
            throw VitniError.invalidInput("engine \(name) did not finish within \(Int(timeout ?? 0)) s and was stopped")
        case .overflow:
            throw VitniError.invalidInput(
                "engine \(name) wrote more than \(SessionTranscripts.maximumEngineOutput / (1024 * 1024)) MiB and was stopped"
            )
        case .feedFailed, .none: break
        }
        if process.terminationReason == .uncaughtSignal {
            throw VitniError.invalidInput("engine \(name) was killed by signal \(process.terminationStatus)\(lastLine)")
        }
        guard process.terminationStatus == 0 else {
            throw VitniError.invalidInput(
                "engine \(name) failed with exit status \(process.terminationStatus)\(lastLine)")
        }
        guard !sink.stopped else {
            throw VitniError.invalidInput(
                "engine \(name) exited before reading the whole recording (\(sink.written) bytes read)")
        }
        let bytes = stdout.bytes()
        guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw VitniError.invalidInput("engine \(name) wrote nothing on standard output")
        }
        return bytes
    }
}

/// Why the engine was killed, if it was; shared between the caller, the readers and the timer.
final class EngineState: @unchecked Sendable {
    enum Reason { case timeout, overflow, feedFailed }

    private let lock = NSLock()
    private let group: pid_t
    private var exited = false
    private var killedFor: Reason?

    init(group: pid_t) { self.group = group }

    var reason: Reason? { lock.withLock { killedFor } }

    /// Kills the engine's process group once, remembering the first reason.
    func kill(_ reason: Reason) {
        lock.withLock {
            guard !exited else { return }
            if killedFor == nil { killedFor = reason }
            _ = Foundation.kill(-group, SIGKILL)
        }
    }

    /// The child was reaped: its id may be reused, so it is never signalled again.
    func finish() { lock.withLock { exited = true } }
}

/// Reads a pipe to its end, keeping at most `limit` bytes: the first ones (output, calling
/// `overflow` and stopping when more arrive) or the last ones (standard error).
final class BoundedReader: @unchecked Sendable {
    private let limit: Int
    private let keepTail: Bool
    private let overflow: @Sendable () -> Void
    private let lock = NSLock()
    private var buffer: [UInt8] = []

    init(limit: Int, keepTail: Bool, overflow: @escaping @Sendable () -> Void) {
        self.limit = limit
        self.keepTail = keepTail
        self.overflow = overflow
    }

    func drain(_ fd: Int32) {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var collected: [UInt8] = []
        while true {
            let count = retryingOnEINTR {
                chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) }
            }
            if count <= 0 { break }
            collected += chunk[0..<count]
            if collected.count > limit {
                if keepTail {
                    collected.removeFirst(collected.count - limit)
                } else {
                    overflow()
                    break
                }
            }
        }
        lock.withLock { buffer = collected }
    }

    func bytes() -> [UInt8] { lock.withLock { buffer } }

    /// "; its last message: …" from the last non-empty line, or nothing.
    func lastLine() -> String {
        let lines = bytes().split(separator: 0x0A).map { $0.filter { $0 >= 0x20 && $0 < 0x7F } }
        guard let last = lines.last(where: { !$0.isEmpty }) else { return "" }
        return "; its last message: " + String(decoding: last.prefix(200), as: UTF8.self)
    }
}

/// Writes into the engine's standard input; an engine that closes it early stops the feed.
final class PipeSink: ByteSink {
    private let fd: Int32
    private(set) var written: Int64 = 0
    private(set) var stopped = false

    init(_ fd: Int32) { self.fd = fd }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let count = retryingOnEINTR { Foundation.write(fd, base + offset, bytes.count - offset) }
            if count < 0 {
                if errno == EPIPE {
                    stopped = true
                    throw EngineStoppedReading()
                }
                throw VitniError.io(path: "the engine's standard input", operation: "write", code: errno)
            }
            offset += count
            written += Int64(count)
        }
    }
}

/// The engine closed its standard input (exited or stopped reading) before the recording ended.
struct EngineStoppedReading: Error {}
