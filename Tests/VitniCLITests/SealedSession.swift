import Foundation
import VitniKit
import VitniTestSupport

/// A session made the way an interviewer makes one — two identities (anna, the interviewer, and
/// rita, a custodian; their keys unencrypted, so no scrypt runs: KeyCLITests covers `vitni key
/// new`), a court age key from age-keygen as an extra recipient, a sox tone piped into `vitni
/// record`, two notes, close, seal — for checks with stock tools. With `tar`, sealed with
/// `--tar`: the bundle is the archive `CASE-77_S01.tar`.
struct SealedSession: Sendable {
    static let sessionID = "CASE-77_S01"

    let cli: CLI
    let courtKey: String
    let annaPub: String
    let ritaPub: String
    let annaKeyID: String
    let ritaKeyID: String
    /// The sealed bundle; tests copy it before changing anything.
    let bundle: String
    /// The custody head `vitni seal` printed.
    let sealHead: String

    init(tar: Bool = false) throws {
        cli = try CLI()
        cli.home.removeAtExit()
        cli.work.removeAtExit()
        try cli.signingPerson("anna", .interviewer)
        try cli.signingPerson("rita", .custodian)
        annaKeyID = try PublicIdentity.load(path: cli.work.file("anna.json")).keyID
        ritaKeyID = try PublicIdentity.load(path: cli.work.file("rita.json")).keyID
        annaPub = try Self.export(cli, "anna")
        ritaPub = try Self.export(cli, "rita")
        courtKey = try StockVerificationCLITests.ageKey(in: cli.work, name: "court.key")
        let recipientLine = try runProcess(try Peer.path("age-keygen"), ["-y", courtKey])
        let courtRecipient = try Self.succeed(recipientLine, "age-keygen -y").trimmingCharacters(
            in: .whitespacesAndNewlines)

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
        try Self.succeed(
            try cli.run(["session", "close"] + session + ["--as", "anna", "--force", "--reason", "test session"]),
            "session close")
        let out = cli.work.file("out")
        let sealed = try Self.succeed(
            try cli.run(
                ["seal"] + session + [
                    "--output-directory", out, "-i", cli.work.file("anna.key"), "--key", cli.work.file("anna.minisign"),
                ] + (tar ? ["--tar"] : [])),
            "seal")
        guard let head = StockVerificationCLITests.head(inReceipt: sealed) else {
            throw TestSupportError("`vitni seal` printed no custody head: \(sealed)")
        }
        sealHead = head
        bundle = out + "/" + Self.sessionID + (tar ? ".tar" : "")
    }

    /// The bundle's name in its directory: the session id, or for the tar form `<id>.tar`.
    var bundleName: String { URL(fileURLWithPath: bundle).lastPathComponent }

    /// A copy of the sealed bundle, alone in a new directory `name` of `scratch`, for a test to change.
    func copyOfBundle(_ name: String, in scratch: TemporaryDirectory) throws -> String {
        let directory = scratch.file(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let target = directory + "/" + bundleName
        try FileManager.default.copyItem(atPath: bundle, toPath: target)
        return target
    }

    /// The unencrypted minisign key (or, with `age`, age identity) file of `name`.
    func signingKey(_ name: String, age: Bool = false) -> String { cli.work.file(name + (age ? ".key" : ".minisign")) }

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
