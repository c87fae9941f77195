import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// People for CLI session tests, made without scrypt: the public identity goes where
/// `vitni key new` would put it (acting needs only that), and the age identity into a 0600
/// file for `-i`.
extension CLI {
    func person(_ name: String, _ role: Role) throws {
        let identity = Age.X25519Identity.generate()
        let publicIdentity = PublicIdentity(
            name: name, role: role, recipient: identity.recipient, signedBy: MinisignSecretKey.generate(),
            created: Date())
        let directory = home.path + "/identities/" + name
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let file = directory + "/identity.json"
        try Data(publicIdentity.encoded().utf8).write(to: URL(fileURLWithPath: file))
        chmod(file, 0o600)
        let key = identity.keygenFileContents(created: "test").withUnsafeBytes { Data($0) }
        let keyFile = work.file(name + ".key")
        try key.write(to: URL(fileURLWithPath: keyFile))
        chmod(keyFile, 0o600)
    }

    /// `vitni ARGS --workspace ws` (the workspace inside the work directory).
    @discardableResult
    func inWorkspace(_ arguments: [String]) throws -> ProcessResult {
        try run(arguments + ["--workspace", work.file("ws")])
    }
}

@Suite struct SessionCLITests {
    let cli: CLI

    init() throws {
        cli = try CLI()
        try cli.person("anna", .interviewer)
        try cli.person("olle", .observer)
        try cli.person("eve", .defence)
        let initialised = try cli.run(["init", cli.work.file("ws")])
        try #require(initialised.status == 0, "\(initialised.stderrText)")
    }

    func start(childReference: String = "child 1") throws -> String {
        let started = try cli.inWorkspace([
            "session", "start", "--case", "CASE-7", "--protocol", "nichd-revised", "--interviewer", "anna",
            "--observer", "olle",
            "--child-ref", childReference, "--language", "sv",
        ])
        try #require(started.status == 0, "\(started.stderrText)")
        return "CASE-7_S01"
    }

    @Test func lifecycleThroughTheCLI() throws {
        let session = try start()
        #expect(
            try cli.inWorkspace([
                "note", "--as", "anna", "--kind", "phase", "--item", "rapport", "--at", "0:19.5", "rapport started",
            ]).status == 0)
        #expect(
            try cli.inWorkspace(["note", "--as", "olle", "--kind", "question-to-relay", "ask about the trip"]).status
                == 0)
        #expect(try cli.inWorkspace(["checklist", "tick", "--as", "anna", "introduction.name-and-role"]).status == 0)
        #expect(
            try cli.inWorkspace(["session", "pause", "--as", "anna", "--reason", "break"]).stdoutText.contains("paused")
        )
        #expect(try cli.inWorkspace(["session", "resume", "--as", "anna"]).stdoutText.contains("open"))
        let notes = try cli.inWorkspace(["notes", "-i", cli.work.file("olle.key")])
        #expect(notes.status == 0, "\(notes.stderrText)")
        #expect(notes.stdoutText.contains("rapport started"))
        #expect(notes.stdoutText.contains("anna"))
        let json = try cli.inWorkspace(["notes", "--json", "-i", cli.work.file("anna.key")])
        let lines = json.stdoutText.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines.last?.contains("\"offset_ms\":19500") == true,
            "the note at 0:19.5 comes after the one at the session clock")
        #expect(
            try cli.inWorkspace(["session", "close", "--as", "anna", "--force", "--reason", "test session"]).status
                == 0)
        let list = try cli.inWorkspace(["list", "--json"])
        #expect(list.stdoutText.contains("\"state\" : \"closed\""))
        let show = try cli.inWorkspace(["show", session])
        #expect(show.stdoutText.contains("notes:      3"), "two, and the forced close's reason")
        #expect(!show.stdoutText.contains("child 1"), "show prints nothing identifying")
        let report = try cli.inWorkspace(["checklist", "report", "--session", session])
        #expect(report.status == 0)
        #expect(report.stdoutText.contains("required items: 1 done"))
    }

    /// Each refusal: a clear message, a non-zero exit, and nothing changed.
    @Test func badInputChangesNothing() throws {
        let session = try start()
        let long = String(repeating: "x", count: 64 * 1024 + 1)
        let cases: [([String], Int32, String)] = [
            (["note", "--as", "anna", "--session", "NOPE_S01", "text"], 2, "no session 'NOPE_S01'"),
            (["note", "--as", "eve", "text"], 1, "'eve' is not a participant"),
            (["note", "--as", "anna", ""], 2, "the note is empty"),
            (["note", "--as", "anna", long], 2, "limited to 64 KiB"),
            (
                ["note", "--as", "anna", "--item", "no-such-phase", "text"], 2,
                "is not an item of protocol nichd-revised"
            ),
            (["checklist", "tick", "--as", "anna", "rapport.nothing"], 2, "is not an item of protocol"),
            (["note", "--as", "anna", "--kind", "gossip", "text"], 64, "unknown kind"),
        ]
        for (arguments, status, message) in cases {
            let result = try cli.inWorkspace(arguments)
            #expect(result.status == status, "\(arguments.prefix(3)): \(result.status) \(result.stderrText)")
            #expect(result.stderrText.contains(message), "\(arguments.prefix(3)): \(result.stderrText)")
        }
        #expect(try cli.inWorkspace(["checklist", "tick", "--as", "anna", "introduction.name-and-role"]).status == 0)
        let twice = try cli.inWorkspace(["checklist", "tick", "--as", "anna", "introduction.name-and-role"])
        #expect(twice.status == 2)
        #expect(twice.stderrText.contains("already ticked"))
        #expect(
            try cli.inWorkspace(["session", "close", "--as", "anna", "--force", "--reason", "test session"]).status
                == 0)
        let closed = try cli.inWorkspace(["note", "--as", "anna", "--session", session, "too late"])
        #expect(closed.status == 2)
        #expect(closed.stderrText.contains("is closed"))
        let notes = try cli.inWorkspace(["notes", "--session", session, "--json", "-i", cli.work.file("anna.key")])
        let stored = notes.stdoutText.split(separator: "\n")
        #expect(
            stored.count == 1 && stored[0].contains("\"forced-close\""),
            "no note was stored but the forced close's reason: \(notes.stdoutText)")
        let wrongKey = try cli.inWorkspace(["notes", "--session", session, "-i", cli.work.file("eve.key")])
        #expect(wrongKey.status == 1 || wrongKey.stdoutText.isEmpty)
    }

    /// Four processes add 40 notes each at once: none is lost and the order is stable.
    /// (ConcurrentNotesTests makes a thousand concurrent writes through separate connections;
    /// this test is about separate processes.)
    @Test func concurrentWritersLoseNothing() throws {
        _ = try start()
        let writers = try (0..<4).map { writer in
            let author = writer % 2 == 0 ? "anna" : "olle"
            let loop =
                "for i in $(seq 1 40); do \(Repository.vitniBinary) note --workspace \(cli.work.file("ws")) --as \(author) --at $((i * 1000 + \(writer))) \"writer \(writer) note $i\" >/dev/null || exit 1; done"
            return try Process.launch("/bin/sh", ["-c", loop], environment: ["VITNI_HOME": cli.home.path])
        }
        for writer in writers { writer.waitUntilExit() }
        #expect(writers.allSatisfy { $0.terminationStatus == 0 })
        let first = try cli.inWorkspace(["notes", "--json", "-i", cli.work.file("anna.key")])
        let second = try cli.inWorkspace(["notes", "--json", "-i", cli.work.file("anna.key")])
        let lines = first.stdoutText.split(separator: "\n")
        #expect(lines.count == 160)
        #expect(first.stdout == second.stdout, "the listing order is stable")
        let texts = Set(
            lines.compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            }.compactMap { $0["text"] as? String })
        #expect(texts.count == 160)
        let offsets = lines.compactMap { line in
            ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["offset_ms"] as? Int
        }
        #expect(offsets == offsets.sorted(), "notes come in time order")
    }

    /// Invariant 2 under a crash: writers killed mid-write leave no plaintext anywhere.
    @Test func noPlaintextAtRestEvenAfterAKill() throws {
        let canary = "CANARY-\(UUID().uuidString)"
        _ = try start(childReference: "child \(canary)")
        #expect(
            try cli.inWorkspace([
                "checklist", "skip", "--as", "anna", "rapport.open-prompts", "--reason", "reason \(canary)",
            ]).status != 64)
        let loop =
            "while true; do \(Repository.vitniBinary) note --workspace \(cli.work.file("ws")) --as olle --tag \(canary) \"note \(canary)\" >/dev/null; done"
        let writer = try Process.launch("/bin/sh", ["-c", loop], environment: ["VITNI_HOME": cli.home.path])
        Thread.sleep(forTimeInterval: 1.5)
        // Kill the loop, then whichever vitni it was running, mid-write.
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        _ = try runProcess(try Peer.path("pkill"), ["-9", "-f", "--workspace " + cli.work.file("ws")])
        Thread.sleep(forTimeInterval: 0.2)
        let written = try cli.inWorkspace(["notes", "--json", "-i", cli.work.file("olle.key")])
        #expect(written.stdoutText.contains(canary), "the writers did write notes before the kill")
        let hits = try CanarySearch.files(under: cli.work.file("ws"), containing: canary)
        #expect(hits.isEmpty, "plaintext found in \(hits)")
        let homeHits = try CanarySearch.files(under: cli.home.path, containing: canary)
        #expect(homeHits.isEmpty)
    }
}

extension Process {
    /// Starts a program in the background; its standard error goes to `errorLog` when given.
    static func launch(
        _ executable: String, _ arguments: [String], environment: [String: String], errorLog: String? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        if let errorLog, FileManager.default.createFile(atPath: errorLog, contents: nil),
            let handle = FileHandle(forWritingAtPath: errorLog)
        {
            process.standardError = handle
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }
}
