import Foundation
import Testing
import VitniTestSupport

/// Kills a `vitni` command at an exact system call with `strace -e inject`, so a crash test
/// reaches every step of an operation, not only the moments a timer happens to hit.
struct CrashInjection {
    let cli: CLI

    /// The system calls an update to a bundle is made of: a kill at any one of them is a moment
    /// between two steps on disk.
    static let writePhase = [
        "openat", "write", "fsync", "link", "linkat", "mkdir", "mkdirat", "rename", "renameat", "renameat2",
        "unlink", "unlinkat", "flock", "close",
    ]

    /// Every call of `syscalls` the command makes when it runs to the end, in order, by name.
    func trace(_ arguments: [String], syscalls: [String]) throws -> [String] {
        let log = cli.work.file("strace-\(UUID().uuidString).txt")
        defer { unlink(log) }
        let result = try strace(["-o", log, "-e", "trace=" + syscalls.joined(separator: ",")], arguments)
        try #require(result.status == 0, "the untouched run failed: \(result.stderrText)")
        let text = try String(contentsOfFile: log, encoding: .utf8)
        try #require(!text.isEmpty, "strace wrote no trace: \(result.stderrText)")
        return text.split(separator: "\n").compactMap { line in
            // "PID name(args) = result"; resumed and signal lines carry no new call.
            let fields = line.split(separator: " ", maxSplits: 1)
            guard fields.count == 2 else { return nil }
            let call = fields[1].drop { $0 == " " }
            guard let open = call.firstIndex(of: "("), !call.hasPrefix("<...") else { return nil }
            let name = String(call[..<open])
            return syscalls.contains(name) ? name : nil
        }
    }

    /// Runs the command, killed with SIGKILL at the `occurrence`th call of `syscall` (1-based).
    func killed(_ arguments: [String], at syscall: String, occurrence: Int) throws -> ProcessResult {
        try strace(
            ["-o", "/dev/null", "-e", "trace=" + syscall, "-e", "inject=\(syscall):signal=KILL:when=\(occurrence)"],
            arguments)
    }

    /// The kill points of a traced run: the `n`th call of each name.
    static func killPoints(_ calls: [String]) -> [(syscall: String, occurrence: Int)] {
        var seen: [String: Int] = [:]
        return calls.map { name in
            seen[name, default: 0] += 1
            return (name, seen[name]!)
        }
    }

    private func strace(_ options: [String], _ arguments: [String]) throws -> ProcessResult {
        try runProcess(
            try Peer.path("strace"), ["-f", "-qq"] + options + ["--", Repository.vitniBinary] + arguments,
            environment: ["VITNI_HOME": cli.home.path], currentDirectory: cli.work.path)
    }
}

extension CLI {
    /// `vitni verify BUNDLE --json` (with `more` arguments): the exit status and the custody head.
    func verifiedHead(_ bundle: String, _ more: [String] = []) throws -> (status: Int32, head: String?) {
        let result = try run(["verify", bundle, "--json"] + more)
        let json = try? JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any]
        return (result.status, (json?["report"] as? [String: Any])?["head"] as? String)
    }

    /// The actions of the bundle's custody log, in order.
    func custodyActions(_ bundle: String) throws -> [String] {
        let log = try run(["custody", "log", "--json", bundle])
        return log.stdoutText.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["action"] as? String
        }
    }
}

/// Names in a directory besides `expected`: what an operation left behind.
func leftovers(in directory: String, besides expected: Set<String>) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).filter { !expected.contains($0) }.sorted()
}
