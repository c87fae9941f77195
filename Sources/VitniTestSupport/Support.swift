import Foundation

/// A private temporary directory (mode 0700), removed with everything in it on deinit.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init() throws {
        var template = Array((NSTemporaryDirectory() + "vitni-test-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw TestSupportError("cannot create a temporary directory: errno \(errno)")
        }
        path = String(cString: created)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Also removes the directory when the test process exits: a suite-wide fixture held in a
    /// `static let` is never deinitialised.
    public func removeAtExit() {
        ExitCleanup.add(path)
    }

    /// The path of `name` inside this directory.
    public func file(_ name: String) -> String { path + "/" + name }

    public func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    public func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }
}

public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The result of running a program.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: [UInt8]
    public let stderr: [UInt8]

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Paths inside the Vitni checkout the tests run from.
public enum Repository {
    /// The checkout's root directory.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The `vitni` binary SwiftPM built next to the test bundle.
    /// The `vitni` under test: `VITNI_TEST_BINARY` when set (to run the CLI tests against another
    /// build, e.g. an older release, to see a test fail there), else the one built beside the tests.
    public static var vitniBinary: String {
        if let given = ProcessInfo.processInfo.environment["VITNI_TEST_BINARY"], !given.isEmpty { return given }
        let directory = Bundle.main.bundleURL.path
        for candidate in [directory + "/vitni", directory + "/../vitni", root + "/.build/debug/vitni"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return root + "/.build/debug/vitni"
    }
}

/// Interop peers (age, age-keygen, minisign, bagit.py). A missing peer is a test failure that says
/// how to install it, never a silent skip.
public enum Peer {
    public static func path(_ name: String) throws -> String {
        let searchPath = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(
            String.init)
        for directory in [Repository.root + "/.venv/bin"] + searchPath {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw TestSupportError(
            "interop peer '\(name)' is not installed: run scripts/install-deps (or `make test`, which runs it)")
    }
}

/// Runs a program to completion with optional standard input, capturing both output streams.
public func runProcess(
    _ executable: String, _ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String]? = nil,
    currentDirectory: String? = nil
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let outPipe = Pipe()
    let errPipe = Pipe()
    let inPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = stdin == nil ? FileHandle.nullDevice : inPipe
    try process.run()
    // Drain both pipes concurrently so a chatty child cannot block on a full pipe.
    nonisolated(unsafe) var out = Data()
    nonisolated(unsafe) var err = Data()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { out = outPipe.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { err = errPipe.fileHandleForReading.readDataToEndOfFile() }
    if let stdin {
        try? inPipe.fileHandleForWriting.write(contentsOf: Data(stdin))
        try? inPipe.fileHandleForWriting.close()
    }
    group.wait()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: Array(out), stderr: Array(err))
}

/// Deterministic pseudo-random bytes for test inputs of any size (not for keys).
public func testBytes(count: Int, seed: UInt64 = 0x5EED) -> [UInt8] {
    var state = seed &+ 0x9E37_79B9_7F4A_7C15
    var out = [UInt8](repeating: 0, count: count)
    var index = 0
    while index < count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        withUnsafeBytes(of: state) { word in
            for byte in word where index < count {
                out[index] = byte
                index += 1
            }
        }
    }
    return out
}

/// Searches every file under a directory (database, WAL, journal, anything) for a string in
/// UTF-8, UTF-16LE and UTF-16BE.
public enum CanarySearch {
    public static func files(under directory: String, containing text: String) throws -> [String] {
        let needles = [Array(text.utf8), utf16(text, bigEndian: false), utf16(text, bigEndian: true)]
        var hits: [String] = []
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        while let relative = enumerator.nextObject() as? String {
            let path = directory + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            if needles.contains(where: { contains(bytes, $0) }) { hits.append(relative) }
        }
        return hits
    }

    static func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        text.utf16.flatMap { unit in
            bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
    }

    public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return true
            }
            index += 1
        }
        return false
    }
}

/// Directories to remove when the process exits (see `TemporaryDirectory.removeAtExit`).
enum ExitCleanup {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: [String] = []
    nonisolated(unsafe) private static var registered = false

    static func add(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        paths.append(path)
        if !registered {
            registered = true
            atexit { ExitCleanup.removeAll() }
        }
    }

    private static func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }
}
