import Foundation
import Testing
import VitniKit
import VitniTestSupport

/// `seal` never takes another workspace's bundle for its own, and no process leaves plaintext
/// behind when it dies: no core file, no readable temporary.
@Suite struct NoAdoptionNoDumpCLITests {
    let cli: CLI

    init() throws {
        cli = try CLI()
        try cli.signingPerson("anna", .interviewer)
    }

    /// Starts, records a tone into, and closes a session of case CASE-9 in workspace `name`.
    func closedSession(in name: String) throws {
        let workspace = cli.work.file(name)
        try SealedSession.succeed(try cli.run(["init", workspace]), "init")
        try SealedSession.succeed(
            try cli.run([
                "session", "start", "--workspace", workspace, "--case", "CASE-9", "--protocol", "nichd-revised",
                "--interviewer", "anna",
            ]), "session start")
        let tone = try runProcess(
            try Peer.path("sox"), ["-D", "-n", "-r", "16000", "-c", "1", "-b", "16", "-t", "wav", "-", "synth", "1"])
        try SealedSession.succeed(
            try cli.run(
                ["record", "--workspace", workspace, "--as", "anna", "--input", "-", "--quiet"], stdin: tone.stdout),
            "record")
        try SealedSession.succeed(
            try cli.run([
                "session", "close", "--workspace", workspace, "--as", "anna", "--session", "CASE-9_S01", "--force",
                "--reason", "test session",
            ]),
            "close")
    }

    func seal(_ workspace: String, into out: String) throws -> ProcessResult {
        try cli.run([
            "seal", "--workspace", cli.work.file(workspace), "--session", "CASE-9_S01", "--output-directory", out, "-i",
            cli.work.file("anna.key"), "--key", cli.work.file("anna.minisign"),
        ])
    }

    /// Two workspaces each hold a session CASE-9_S01 (same case, same people). Sealing the second
    /// into the folder where the first was sealed must refuse and keep the second's audio.
    @Test func sealRefusesAnotherWorkspacesBundleAndKeepsTheAudio() throws {
        try closedSession(in: "first")
        try closedSession(in: "second")
        let out = cli.work.file("bundles")
        let first = try seal("first", into: out)
        try #require(first.status == 0, "\(first.stderrText)")
        let audio = cli.work.file("second/audio/CASE-9_S01")
        try #require(FileManager.default.fileExists(atPath: audio))

        let second = try seal("second", into: out)
        #expect(second.status != 0, "\(second.stdoutText)")
        #expect(second.stderrText.contains("is not this session's bundle"), "\(second.stderrText)")
        #expect(FileManager.default.fileExists(atPath: audio), "the second session's audio is kept")
        let shown = try cli.run(["show", "CASE-9_S01", "--workspace", cli.work.file("second")])
        #expect(
            shown.stdoutText.contains("state:      closed"),
            "the second session is not marked sealed: \(shown.stdoutText)")
    }

    /// With core dumps enabled in the shell, a vitni process killed by SIGSEGV (which, unlike
    /// SIGABRT, the processes a test runner starts do not block) leaves no core, while a plain
    /// process killed the same way does (so the machine does write cores).
    @Test func aKilledProcessLeavesNoCore() throws {
        let directory = cli.work.file("cores")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let pattern = try String(contentsOfFile: "/proc/sys/kernel/core_pattern", encoding: .utf8)
        let script = """
            ulimit -c unlimited
            mkfifo input
            "$1" hash input & pid=$!
            sleep 1
            tr '\\0' '\\n' < /proc/$pid/environ | grep '^SWIFT_BACKTRACE='
            grep 'Max core file size' /proc/$pid/limits
            kill -SEGV $pid; wait $pid
            sleep 30 & control=$!
            sleep 0.2
            kill -SEGV $control; wait $control
            rm input
            """
        let result = try runProcess(
            "/bin/bash", ["-c", script, "cores", Repository.vitniBinary], currentDirectory: directory)
        #expect(result.stdoutText.contains("SWIFT_BACKTRACE=enable=no"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("Max core file size        0 "), "\(result.stdoutText)")
        let cores = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("core") }
        if pattern.hasPrefix("core") {
            #expect(cores.count == 1, "only the control process dumped: \(cores) \(result.stdoutText)")
        } else {
            // Cores go to a handler (e.g. systemd-coredump); the limit above is what keeps them empty.
            #expect(cores.isEmpty)
        }
    }

    /// `decrypt -o` killed at any write leaves neither the output nor a temporary.
    @Test func aKilledDecryptionLeavesNothing() throws {
        let directory = cli.work.file("decrypt")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let plaintext = [UInt8]((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try Data(plaintext).write(to: URL(fileURLWithPath: directory + "/plain"))
        let recipient = try cli.run(["key", "show", "anna"]).stdoutText
        let range = try #require(recipient.range(of: #"age1[0-9a-z]+"#, options: .regularExpression))
        let age = String(recipient[range])
        try SealedSession.succeed(
            try cli.run(["encrypt", "-r", age, "-o", directory + "/sealed.age", directory + "/plain"]), "encrypt")
        let crash = CrashInjection(cli: cli)
        for write in [1, 3, 10, 30] {
            let output = directory + "/out"
            _ = try crash.killed(
                ["decrypt", "-i", cli.work.file("anna.key"), "-o", output, directory + "/sealed.age"], at: "write",
                occurrence: write)
            let left = try leftovers(in: directory, besides: ["plain", "sealed.age"])
            if left == ["out"] {
                // The kill came after the decryption had finished: the output is whole.
                #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data(plaintext))
                try FileManager.default.removeItem(atPath: output)
            } else {
                #expect(left == [], "killed at write #\(write): \(left)")
            }
        }
    }
}
