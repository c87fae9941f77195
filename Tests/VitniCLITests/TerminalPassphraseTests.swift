import Foundation
import Testing
import VitniTestSupport

/// The interactive path: the passphrase is typed at the terminal, with echo off, and never read
/// from standard input. util-linux `script` gives the command a pseudo-terminal to type into.
@Suite struct TerminalPassphraseTests {
    /// Runs `vitni ARGS` on a pseudo-terminal and types each line after a pause, as a person
    /// would once the prompt is up (typed-ahead input would be echoed before echo is turned off).
    static func typing(_ lines: [String], into arguments: String, home: String) throws -> ProcessResult {
        let typist = lines.map { "sleep 1.5; printf '%s\\n' '\($0)'" }.joined(separator: "; ")
        let script = try Peer.path("script")
        let command =
            "(\(typist)) | \(script) --quiet --return --command '\(Repository.vitniBinary) \(arguments)' /dev/null"
        return try runProcess("/bin/sh", ["-c", command], environment: ["VITNI_HOME": home])
    }

    @Test func newKeyAsksTwiceWithoutEcho() throws {
        let cli = try CLI()
        let passphrase = "typed at the terminal 7"
        let result = try Self.typing(
            [passphrase, passphrase], into: "key new --name tty-user --role observer", home: cli.home.path)
        #expect(result.status == 0, "\(result.stdoutText) \(result.stderrText)")
        #expect(result.stdoutText.contains("New passphrase for identity 'tty-user'"))
        #expect(result.stdoutText.contains("Repeat the passphrase"))
        #expect(!result.stdoutText.contains(passphrase), "the passphrase was echoed to the terminal")
        #expect(FileManager.default.fileExists(atPath: cli.home.path + "/identities/tty-user/minisign.key"))
    }

    @Test func mismatchedRepeatCreatesNothing() throws {
        let cli = try CLI()
        let result = try Self.typing(
            ["first one", "second one"], into: "key new --name tty-user --role observer", home: cli.home.path)
        #expect(result.status == 1)
        #expect(result.stdoutText.contains("the two passphrases differ"))
        #expect(!FileManager.default.fileExists(atPath: cli.home.path + "/identities/tty-user"))
    }

    @Test func withoutATerminalItSaysHowToAutomate() throws {
        let cli = try CLI()
        let result = try runProcess(
            "/usr/bin/setsid", ["--wait", Repository.vitniBinary, "key", "new", "--name", "x", "--role", "court"],
            stdin: Array("piped\npiped\n".utf8), environment: ["VITNI_HOME": cli.home.path])
        #expect(result.status == 1)
        #expect(result.stderrText.contains("--passphrase-file"))
    }
}
