import Foundation
import Testing
import VitniTestSupport

/// Every command that reads evidence from a bundle reads only what verifies: a file replaced by
/// another age file encrypted to the same people — what a holder with the public keys can make —
/// is refused (exit 1, nothing printed or played), as `verify` refuses it; a FIFO in place of a
/// bundle file ends every command instead of hanging it; and the bag's shape is checked in full.
@Suite struct ReadOnlyWhatVerifiesCLITests {
    let cli: CLI
    let release: String
    let original: String

    init() throws {
        cli = try CLI()
        release = cli.work.file("golden")
        let copy = try runProcess("/bin/cp", ["-R", Repository.root + "/Tests/Golden/v1.0.0", release])
        try #require(copy.status == 0, "\(copy.stderrText)")
        for key in ["per.agekey", "frida.agekey"] { chmod(release + "/" + key, 0o600) }
        original = release + "/GOLDEN-1_S01"
    }

    var trust: [String] { ["--trust", release + "/anna.identity.json"] }
    var reader: [String] { ["-i", release + "/per.agekey"] + trust }

    /// The age recipients of the golden session (anna and per), from their identity files.
    func recipients() throws -> [String] {
        try ["anna", "per"].map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: release + "/\(name).identity.json"))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return try #require(json["age_recipient"] as? String)
        }
    }

    /// Replaces a payload file by `plaintext` encrypted to the session's own recipients.
    /// - Parameter sameSize: pad or cut the plaintext to the original's length, so the substitute
    ///   has the original's size and only its hash tells them apart.
    func substitute(_ file: String, with plaintext: [UInt8], sameSize: Bool = true) throws {
        var plaintext = plaintext
        if sameSize {
            let opened = try cli.run(["decrypt", "-i", release + "/per.agekey", original + "/" + file])
            try #require(opened.status == 0, "\(opened.stderrText)")
            plaintext = Array(
                (plaintext + [UInt8](repeating: 0x20, count: opened.stdout.count)).prefix(opened.stdout.count))
        }
        let source = cli.work.file("substitute-plain")
        try Data(plaintext).write(to: URL(fileURLWithPath: source))
        let target = original + "/" + file
        try FileManager.default.removeItem(atPath: target)
        var arguments = ["encrypt", "-o", target]
        for recipient in try recipients() { arguments += ["-r", recipient] }
        let encrypted = try cli.run(arguments + [source])
        try #require(encrypted.status == 0, "\(encrypted.stderrText)")
    }

    func expectRefused(_ arguments: [String], _ what: String) throws {
        let result = try cli.run(arguments)
        #expect(result.status == 1, "\(what): exit \(result.status) \(result.stderrText)")
        #expect(result.stdout.isEmpty, "\(what): nothing of the substitute is printed")
        #expect(result.stderrText.contains("altered or replaced"), "\(what): caught by its hash: \(result.stderrText)")
    }

    @Test func substitutedNotesAreNotPrinted() throws {
        try substitute("data/notes.jsonl.age", with: Array("{\"text\":\"planted\"}\n".utf8))
        try expectRefused(["open", "--part", "notes", original] + reader, "open --part notes")
        #expect(try cli.run(["verify", original] + trust).status == 1, "verify agrees")
    }

    @Test func substitutedTranscriptIsNeitherExportedNorCoded() throws {
        try substitute("data/transcript.vtt.age", with: Array("WEBVTT\n\n00:00.000 --> 00:01.000\nplanted\n".utf8))
        try expectRefused(["transcript", "export", "--bundle", original] + reader, "transcript export")
        try expectRefused(["quality", "--bundle", original] + reader, "quality")
        try expectRefused(["open", "--part", "transcript", original] + reader, "open --part transcript")
    }

    @Test func substitutedRecordingIsNotPlayed() throws {
        let tone = try runProcess(
            try Peer.path("sox"), ["-D", "-n", "-r", "16000", "-c", "1", "-b", "16", "-t", "flac", "-", "synth", "1"])
        try #require(tone.status == 0)
        try substitute("data/audio/1.flac.age", with: tone.stdout)
        try expectRefused(["play", "--bundle", original] + reader, "play --bundle")
    }

    /// A substitute whose manifest and tag manifest were rewritten to match fails the seal, so
    /// nothing is read at all.
    @Test func rewrittenManifestFailsBeforeAnythingIsRead() throws {
        try substitute("data/notes.jsonl.age", with: Array("planted\n".utf8), sameSize: false)
        let script = """
            set -e
            cd "$1"
            grep -v ' data/notes.jsonl.age$' manifest-sha256.txt > m
            sha256sum data/notes.jsonl.age >> m
            mv m manifest-sha256.txt
            sha256sum bagit.txt bag-info.txt manifest-sha256.txt custody/custody-log.jsonl > tagmanifest-sha256.txt
            """
        let rewritten = try runProcess("/bin/bash", ["-c", script, "rewrite", original])
        try #require(rewritten.status == 0, "\(rewritten.stderrText)")
        let result = try cli.run(["open", "--part", "notes", original] + reader)
        #expect(result.status == 1 && result.stdout.isEmpty)
        #expect(result.stderrText.contains("does not verify"), "\(result.stderrText)")
    }

    /// A FIFO in place of any bundle file makes no command wait for a writer that never comes.
    @Test(arguments: ["custody/custody-log.jsonl", "bag-info.txt", "data/notes.jsonl.age"])
    func fifoInABundleNeverHangs(file: String) throws {
        try FileManager.default.removeItem(atPath: original + "/" + file)
        try #require(mkfifo(original + "/" + file, 0o644) == 0)
        var commands = [
            ["verify", original] + trust, ["open", "--part", "notes", original] + reader,
            ["play", "--bundle", original] + reader,
        ]
        if file.hasPrefix("custody/") { commands.append(["custody", "log", original]) }
        for command in commands {
            let result = try runProcess(
                "/usr/bin/timeout", ["20", Repository.vitniBinary] + command,
                environment: ["VITNI_HOME": cli.home.path], currentDirectory: cli.work.path)
            #expect(result.status == 1 || result.status == 2, "\(command[0]) with a FIFO: exit \(result.status)")
        }
    }

    @Test func anEmptyDirectoryInThePayloadFails() throws {
        try FileManager.default.createDirectory(atPath: original + "/data/extra", withIntermediateDirectories: false)
        let result = try cli.run(["verify", original] + trust)
        #expect(result.status == 1)
        #expect(result.stdoutText.contains("empty directory"), "\(result.stdoutText)")
    }

    /// A file name that is not UTF-8 is a tampered bag (exit 1), not one that cannot be checked.
    @Test func aNonUTF8FileNameIsTampering() throws {
        let name = original + "/data/\u{FFFD}"
        var bytes = Array((original + "/data/").utf8) + [0xFF, 0xFE, 0x00]
        let fd = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        try #require(fd >= 0, "\(name)")
        close(fd)
        let result = try cli.run(["verify", original] + trust)
        #expect(result.status == 1, "\(result.stdoutText)\(result.stderrText)")
        #expect(result.stdoutText.contains("not UTF-8"), "\(result.stdoutText)")
    }

    /// Reading trusts only the signers the reader trusts: without anna's key nothing is read.
    @Test func anUntrustedSignerIsNotRead() throws {
        let result = try cli.run(["open", "--part", "notes", original, "-i", release + "/per.agekey"])
        #expect(result.status == 2 && result.stdout.isEmpty, "could not check, not altered")
        #expect(result.stderrText.contains("seal.signature"), "\(result.stderrText)")
        #expect(result.stderrText.contains("`vitni trust add FILE`"), "\(result.stderrText)")
    }
}
