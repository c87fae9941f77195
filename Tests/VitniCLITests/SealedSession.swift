import Foundation
import VitniTestSupport

/// A session made the way an interviewer makes one — two `vitni key new` identities (anna, the
/// interviewer, and rita, a custodian), a court age key from age-keygen as an extra recipient, a
/// sox tone piped into `vitni record`, two notes, close, seal — for checks with stock tools.
struct SealedSession: Sendable {
    static let sessionID = "CASE-77_S01"

    let cli: CLI
    let passphrase: String
    let courtKey: String
    let annaPub: String
    let ritaPub: String
    let annaKeyID: String
    let ritaKeyID: String
    /// The sealed bundle; tests copy it before changing anything.
    let bundle: String
    /// The custody head `vitni seal` printed.
    let sealHead: String

    init() throws {
        cli = try CLI()
        cli.home.removeAtExit()
        cli.work.removeAtExit()
        passphrase = try cli.passphraseFile("a long test passphrase")
        annaKeyID = try Self.newIdentity(cli, "anna", role: "interviewer", passphrase: passphrase)
        ritaKeyID = try Self.newIdentity(cli, "rita", role: "custodian", passphrase: passphrase)
        annaPub = try Self.export(cli, "anna")
        ritaPub = try Self.export(cli, "rita")
        courtKey = try StockVerificationCLITests.ageKey(in: cli.work, name: "court.key")
        let recipientLine = try runProcess(try Peer.path("age-keygen"), ["-y", courtKey])
        let courtRecipient = try Self.succeed(recipientLine, "age-keygen -y").trimmingCharacters(in: .whitespacesAndNewlines)

        let workspace = cli.work.file("ws")
        let session = ["--workspace", workspace, "--session", Self.sessionID]
        try Self.succeed(try cli.run(["init", workspace]), "init")
        try Self.succeed(
            try cli.run([
                "session", "start", "--workspace", workspace, "--case", "CASE-77", "--protocol", "nichd-revised",
                "--interviewer", "anna", "--recipient", courtRecipient,
            ]), "session start")
        let tone = try runProcess(
            try Peer.path("sox"),
            ["-D", "-n", "-r", "16000", "-c", "1", "-b", "16", "-t", "wav", "-", "synth", "2", "sine", "440"])
        guard tone.status == 0, tone.stdout.count > 64_000 else { throw TestSupportError("sox: \(tone.stderrText)") }
        try Self.succeed(
            try cli.run(["record"] + session + ["--as", "anna", "--input", "-", "--quiet"], stdin: tone.stdout),
            "record")
        try Self.succeed(try cli.run(["note"] + session + ["--as", "anna", "rapport phase started"]), "note")
        try Self.succeed(try cli.run(["note"] + session + ["--as", "anna", "short break"]), "note")
        try Self.succeed(try cli.run(["session", "close"] + session + ["--as", "anna"]), "session close")
        let out = cli.work.file("out")
        let sealed = try Self.succeed(
            try cli.run(
                ["seal"] + session + ["--out", out, "-i", "anna", "--as", "anna", "--passphrase-file", passphrase]),
            "seal")
        guard let head = StockVerificationCLITests.head(inReceipt: sealed) else {
            throw TestSupportError("`vitni seal` printed no custody head: \(sealed)")
        }
        sealHead = head
        bundle = out + "/" + Self.sessionID
    }

    /// Runs `vitni key new` and returns the key id it printed.
    static func newIdentity(_ cli: CLI, _ name: String, role: String, passphrase: String) throws -> String {
        let output = try succeed(
            try cli.run(["key", "new", "--name", name, "--role", role, "--passphrase-file", passphrase]), "key new")
        guard let range = output.range(of: #"key id: +[0-9A-F]{16}"#, options: .regularExpression) else {
            throw TestSupportError("`vitni key new` printed no key id")
        }
        return String(output[range].suffix(16))
    }

    /// `vitni key export NAME --format minisign`, as the person would hand it over.
    static func export(_ cli: CLI, _ name: String) throws -> String {
        let path = cli.work.file(name + ".pub")
        try succeed(try cli.run(["key", "export", name, "--format", "minisign", "-o", path]), "key export")
        return path
    }

    @discardableResult
    static func succeed(_ result: ProcessResult, _ what: String) throws -> String {
        guard result.status == 0 else {
            throw TestSupportError("\(what) failed (\(result.status)): \(result.stderrText)")
        }
        return result.stdoutText
    }
}
