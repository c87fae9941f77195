import Foundation
import Testing
import VitniKit
import VitniTestSupport

/// The documented exit codes (0 success, 1 a check failed, 2 could not be carried out, 64 usage),
/// reached through the binary from each module's errors, each reported once as
/// `vitni: error: …` with a `hint: …` line where one helps.
@Suite struct ExitCodeCLITests {
    struct Case: Sendable, CustomStringConvertible {
        let description: String
        let arguments: @Sendable (CLI) throws -> [String]
        let status: Int32
        let hint: Bool
    }

    static let cases: [Case] = [
        Case(description: "success", arguments: { _ in ["--version"] }, status: 0, hint: false),
        Case(description: "usage: unknown command", arguments: { _ in ["no-such-command"] }, status: 64, hint: false),
        Case(description: "usage: missing argument", arguments: { _ in ["verify"] }, status: 64, hint: false),
        Case(
            description: "VitniFormats: a malformed protocol file fails its check",
            arguments: { cli in ["protocol", "check", try cli.work.write("bad.yaml", "id: x\nversion: 1\n")] },
            status: 1, hint: true),
        Case(
            description: "VitniCrypto: an altered age file fails authentication",
            arguments: { cli in ["decrypt", "-i", cli.work.file("anna.key"), try ExitCodeCLITests.alteredFile(cli)] },
            status: 1, hint: true),
        Case(
            description: "VitniCrypto: a file that is no identity cannot be used",
            arguments: { cli in
                let notAKey = try cli.work.write("not-a-key", "hello\n")
                chmod(notAKey, 0o600)
                return ["decrypt", "-i", notAKey, try cli.work.write("x.age", "x")]
            }, status: 2, hint: false),
        Case(
            description: "VitniAudio: input that is not audio fails its check",
            arguments: { cli in
                try ExitCodeCLITests.startSession(cli)
                return [
                    "import-audio", try cli.work.write("noise.wav", "RIFF but not really"), "--workspace",
                    cli.work.file("ws"),
                ]
            }, status: 1, hint: true),
        Case(
            description: "VitniKit: closing a session with required items open is refused",
            arguments: { cli in
                try ExitCodeCLITests.startSession(cli)
                return ["session", "close", "--as", "anna", "--workspace", cli.work.file("ws")]
            }, status: 2, hint: true),
        Case(
            description: "VitniStore: a directory that is no workspace",
            arguments: { cli in ["list", "--workspace", cli.work.path] }, status: 2, hint: true),
        Case(
            description: "VitniKit: an unknown identity",
            arguments: { _ in ["key", "show", "nobody"] }, status: 2, hint: true),
        Case(
            description: "VitniKit: a bundle that is not there cannot be checked",
            arguments: { cli in ["verify", cli.work.file("absent")] }, status: 2, hint: false),
        Case(
            description: "VitniKit: the custody log of a missing bundle cannot be checked, and names verify",
            arguments: { cli in ["custody", "log", cli.work.file("absent")] }, status: 2, hint: true),
        Case(
            description: "VitniKit: reading a bundle that is not there names verify",
            arguments: { cli in ["open", "--part", "notes", cli.work.file("absent"), "-i", cli.work.file("anna.key")] },
            status: 2, hint: true),
    ]

    @Test(arguments: cases) func eachDocumentedExitCode(_ test: Case) throws {
        let cli = try CLI()
        try cli.signingPerson("anna", .interviewer)
        let arguments = try test.arguments(cli)
        let result = try cli.run(arguments)
        #expect(result.status == test.status, "\(result.stderrText)")
        let errors = result.stderrText.split(separator: "\n").filter { $0.hasPrefix("vitni: error: ") }
        // verify answers "could not check" in its report, not as an error.
        let reported = test.status == 1 || (test.status == 2 && arguments.first != "verify")
        #expect(errors.count == (reported ? 1 : 0), "\(result.stderrText)")
        #expect(result.stderrText.contains("\nhint: ") == test.hint, "\(result.stderrText)")
    }

    /// An age file encrypted to anna with one payload byte flipped.
    static func alteredFile(_ cli: CLI) throws -> String {
        let plain = try cli.work.write("plain.txt", "a statement\n")
        let sealed = cli.work.file("plain.txt.age")
        let encrypted = try cli.run(["encrypt", "-r", "anna", "-o", sealed, plain])
        try #require(encrypted.status == 0, "\(encrypted.stderrText)")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: sealed)))
        bytes[bytes.count - 5] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: sealed))
        return sealed
    }

    static func startSession(_ cli: CLI) throws {
        try #require(try cli.run(["init", cli.work.file("ws")]).status == 0)
        let started = try cli.inWorkspace([
            "session", "start", "--case", "EXIT-1", "--protocol", "nichd-revised", "--interviewer", "anna",
        ])
        try #require(started.status == 0, "\(started.stderrText)")
    }
}
