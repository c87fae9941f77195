import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

extension CLI {
    /// A person who can sign: public identity in VITNI_HOME, an unencrypted age key `NAME.key`
    /// and an unencrypted minisign key `NAME.minisign` in the work directory (no scrypt in tests).
    func signingPerson(_ name: String, _ role: Role) throws {
        let identity = Age.X25519Identity.generate()
        let signing = MinisignSecretKey.generate()
        let publicIdentity = PublicIdentity(
            name: name, role: role, recipient: identity.recipient, signedBy: signing, created: Date())
        let directory = home.path + "/identities/" + name
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try Data(publicIdentity.encoded().utf8).write(to: URL(fileURLWithPath: directory + "/identity.json"))
        chmod(directory + "/identity.json", 0o600)
        let key = identity.keygenFileContents(created: "test").withUnsafeBytes { Data($0) }
        try key.write(to: URL(fileURLWithPath: work.file(name + ".key")))
        chmod(work.file(name + ".key"), 0o600)
        try signing.write(toFile: work.file(name + ".minisign"), .unencrypted)
        try Data(publicIdentity.encoded().utf8).write(to: URL(fileURLWithPath: work.file(name + ".json")))
    }
}

@Suite struct SealCLITests {
    let cli: CLI
    let session = "CASE-3_S01"

    init() throws {
        cli = try CLI()
        try cli.signingPerson("anna", .interviewer)
        try cli.signingPerson("petra", .prosecutor)
        try #require(try cli.run(["init", cli.work.file("ws")]).status == 0)
        let started = try cli.inWorkspace([
            "session", "start", "--case", "CASE-3", "--protocol", "nichd-revised", "--interviewer", "anna",
            "--recipient", "petra",
            "--child-ref", "child 3", "--language", "sv",
        ])
        try #require(started.status == 0, "\(started.stderrText)")
        let wav = cli.work.file("tone.wav")
        #expect(
            try runProcess(
                try Peer.path("sox"),
                ["-D", "-n", "-r", "16000", "-c", "1", "-b", "16", wav, "synth", "2", "sine", "300"]
            ).status == 0)
        let recorded = try cli.run(
            ["record", "--workspace", cli.work.file("ws"), "--as", "anna", "--quiet"],
            stdin: Array(try Data(contentsOf: URL(fileURLWithPath: wav))))
        try #require(recorded.status == 0, "\(recorded.stderrText)")
        #expect(
            try cli.inWorkspace(["note", "--as", "anna", "--at", "0:01", "the child described the lake"]).status == 0)
        #expect(try cli.inWorkspace(["checklist", "tick", "--as", "anna", "introduction.name-and-role"]).status == 0)
        #expect(
            try cli.inWorkspace([
                "session", "close", "--as", "anna", "--session", session, "--force", "--reason", "test session",
            ]).status == 0)
    }

    func seal(workspace: String? = nil, out: String) throws -> ProcessResult {
        try cli.run([
            "seal", "--workspace", workspace ?? cli.work.file("ws"), "--session", session, "--output-directory", out,
            "-i",
            cli.work.file("anna.key"),
            "--key", cli.work.file("anna.minisign"),
        ])
    }

    func verify(_ bundle: String, _ extra: [String] = []) throws -> ProcessResult {
        try cli.run(["verify", bundle] + extra)
    }

    @Test func theConfigNamesTheOrganizationAndTheForcedCloseIsSealed() throws {
        try Data("organization = \"Barnahus Reykjavík\"\n".utf8).write(
            to: URL(fileURLWithPath: cli.home.path + "/config.toml"))
        let sealed = try seal(out: cli.work.file("out"))
        #expect(sealed.status == 0, "\(sealed.stderrText)")
        let bundle = cli.work.file("out/" + session)
        let info = try String(contentsOfFile: bundle + "/bag-info.txt", encoding: .utf8)
        #expect(info.contains("Source-Organization: Barnahus Reykjavík"), "\(info)")
        let trust = ["--trust", cli.work.file("anna.json"), "-i", cli.work.file("anna.key")]
        let checklist = try cli.run(["open", "--part", "checklist", "--json", bundle] + trust)
        #expect(checklist.stdoutText.contains("\"forced_close\""), "\(checklist.stdoutText)")
        #expect(checklist.stdoutText.contains("\"outside_recording\" : true"), "the tick came after the recording")
        let notes = try cli.run(["open", "--part", "notes", "--json", bundle] + trust)
        #expect(notes.stdoutText.contains("(session close --force): test session"), "\(notes.stdoutText)")
        #expect(notes.stdoutText.contains("\"recording\":1"), "the note at 0:01 points into recording 1")
    }

    @Test func sealVerifyTransferVerifyAndRead() throws {
        let sealed = try seal(out: cli.work.file("out"))
        try #require(sealed.status == 0, "\(sealed.stderrText)")
        let bundle = cli.work.file("out/\(session)")
        let head = try #require(sealed.stdoutText.split(separator: " ").first { $0.count == 64 }.map(String.init))
        let verified = try verify(
            bundle,
            ["--identity", cli.work.file("petra.key"), "--expect-head", head, "--output", cli.work.file("report.html")])
        #expect(verified.status == 0, "\(verified.stdoutText)")
        #expect(verified.stdoutText.contains("VALID"))
        #expect(verified.stdoutText.contains("every plaintext matches"))
        let html = try String(contentsOfFile: cli.work.file("report.html"), encoding: .utf8)
        #expect(html.contains("<html") && html.contains("anna"))
        #expect(
            !FileManager.default.fileExists(atPath: cli.work.file("ws/audio/\(session)")),
            "the working audio is removed")
        #expect(try cli.inWorkspace(["show", session]).stdoutText.contains("sealed"))

        let notes = try cli.run(["open", "--part", "notes", "-i", cli.work.file("petra.key"), bundle])
        #expect(notes.status == 0 && notes.stdoutText.contains("the child described the lake"))
        let recordAsPetra = [
            "open", "--part", "checklist", "-i", cli.work.file("petra.key"), "--record-as",
            cli.work.file("petra.minisign"),
            bundle,
        ]
        let notHolder = try cli.run(recordAsPetra)
        #expect(notHolder.status == 1, "only the holder adds events; petra does not hold the bundle yet")
        #expect(notHolder.stderrText.contains("does not hold this bundle"), "\(notHolder.stderrText)")
        let handed = try cli.run([
            "custody", "transfer", bundle, "--to", "petra", "--key", cli.work.file("anna.minisign"), "--note",
            "to the prosecutor",
        ])
        try #require(handed.status == 0, "\(handed.stderrText)")
        let recorded = try cli.run(recordAsPetra)
        #expect(recorded.status == 0, "\(recorded.stderrText)")
        #expect(try cli.run(["custody", "log", bundle]).stdoutText.contains("decrypted"))
        #expect(try verify(bundle).status == 0, "a `decrypted` event re-seals the bundle by its reader")
        let facts = try cli.run(["open", "--part", "session", "--json", "-i", cli.work.file("petra.key"), bundle])
        #expect(facts.stdoutText.contains("child 3"))
        let played = try cli.run(["decrypt", "-i", cli.work.file("petra.key"), bundle + "/data/audio/1.flac.age"])
        #expect(played.status == 0 && played.stdout.starts(with: Array("fLaC".utf8)))
        let wav = try cli.run([
            "play", "--bundle", bundle, "-i", cli.work.file("petra.key"), "--from", "0.5", "--to", "1.5",
        ])
        #expect(wav.status == 0, "\(wav.stderrText)")
        #expect(wav.stdout.count == 44 + 16_000 * 2, "one second of 16 kHz mono WAV from the sealed recording")

        let formerHolder = try cli.run([
            "custody", "transfer", bundle, "--to", "petra", "--key", cli.work.file("anna.minisign"), "--note",
            "again",
        ])
        #expect(formerHolder.status == 1, "anna no longer holds the bundle: her event would fork the chain")
        #expect(try verify(bundle).status == 0)
        let stale = try verify(bundle, ["--expect-head", head])
        // (the receipt from sealing is already stale after the `decrypted` event; it stays so.)
        #expect(stale.status == 1 && stale.stdoutText.contains("custody.head"), "an old receipt no longer matches")
        let log = try cli.run(["custody", "log", bundle])
        #expect(log.stdoutText.contains("sealed") && log.stdoutText.contains("transferred"))

        let flipped = bundle + "/data/notes.jsonl.age"
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: flipped)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: flipped))
        let tampered = try verify(bundle)
        #expect(tampered.status == 1)
        #expect(tampered.stdoutText.contains("bag.payload-hashes"))
    }

    /// A transcript made after sealing joins the bundle through an `amended` event: the sealed
    /// files stay as they were, and every checker still accepts the bundle.
    @Test func transcriptAddedToASealedBundle() throws {
        try #require(try seal(out: cli.work.file("out")).status == 0)
        let bundle = cli.work.file("out/\(session)")
        let vtt = try cli.work.write(
            "late.vtt",
            "WEBVTT\n\n00:00.100 --> 00:00.900\n<v INT>Berätta allt som hände.\n\n00:01.000 --> 00:01.900\n<v CHILD>Sara och jag åkte till sjön.\n"
        )
        let tooLong = try cli.work.write("long.vtt", "WEBVTT\n\n00:00.100 --> 00:05.000\n<v INT>Berätta.\n")
        let arguments = ["-i", cli.work.file("anna.key"), "--key", cli.work.file("anna.minisign"), "--bundle", bundle]
        let refused = try cli.run(["transcript", "import", tooLong] + arguments)
        #expect(refused.status == 1, "a transcript past the recording's end is refused: \(refused.stderrText)")
        let added = try cli.run(["transcript", "import", vtt] + arguments)
        #expect(added.status == 0, "\(added.stderrText)")
        let verified = try verify(bundle, ["--identity", cli.work.file("petra.key")])
        #expect(verified.status == 0, "\(verified.stdoutText)")
        #expect(try cli.run(["custody", "log", bundle]).stdoutText.contains("amended"))
        let bagit = try runProcess(Repository.root + "/.venv/bin/bagit.py", ["--validate", bundle])
        #expect(bagit.status == 0, "\(bagit.stderrText)")
        let exported = try cli.run([
            "transcript", "export", "--bundle", bundle, "--format", "text", "-i", cli.work.file("petra.key"),
        ])
        #expect(
            exported.status == 0 && exported.stdoutText.contains("Sara och jag åkte till sjön."),
            "\(exported.stderrText)")
        let quality = try cli.run(["quality", "--bundle", bundle, "--json", "-i", cli.work.file("petra.key")])
        #expect(quality.status == 0, "\(quality.stderrText)")
        #expect(quality.stdoutText.contains("invitation"))

        // Redacting the bundle's newest transcript, then the advocate's copy from it.
        let redacted = try cli.inWorkspace([
            "redact", "--bundle", bundle, "--as", "anna", "-i", cli.work.file("anna.key"), "--name", "Sara",
            "--accept-all",
        ])
        #expect(redacted.status == 0, "\(redacted.stderrText)")
        let copy = try cli.inWorkspace([
            "export", "--redacted", "--for", "petra", bundle, "-i", cli.work.file("anna.key"), "--key",
            cli.work.file("anna.minisign"),
        ])
        #expect(copy.status == 0, "\(copy.stderrText)")
        let derived = bundle + "_REDACTED"
        #expect(try verify(derived, ["--original", bundle, "--identity", cli.work.file("petra.key")]).status == 0)
        let text = try cli.run([
            "transcript", "export", "--bundle", derived, "--redacted", "-i", cli.work.file("petra.key"),
        ])
        #expect(
            text.status == 0 && text.stdoutText.contains("[NAME-1] och jag"), "\(text.stdoutText)\(text.stderrText)")
        #expect(!text.stdoutText.contains("Sara"))
    }

    @Test func openSessionIsNotSealedAndUnknownSignerFails() throws {
        let untrusted = try cli.run(["verify", cli.work.file("nothing-here")])
        #expect(untrusted.status == 2)
        let sealed = try seal(out: cli.work.file("out"))
        try #require(sealed.status == 0)
        // A verifier with an empty trust store and no identities of its own: the key is unknown.
        let stranger = try runProcess(
            Repository.vitniBinary, ["verify", cli.work.file("out/\(session)")],
            environment: ["VITNI_HOME": cli.work.file("empty-home")])
        #expect(stranger.status == 2, "an unknown signer could not be checked; it is not tampering")
        #expect(stranger.stdoutText.contains("seal.signature"))
        let trusted = try runProcess(
            Repository.vitniBinary, ["verify", cli.work.file("out/\(session)"), "--trust", cli.work.file("anna.json")],
            environment: ["VITNI_HOME": cli.work.file("empty-home")])
        #expect(trusted.status == 0, "\(trusted.stdoutText)")
    }

    /// Kills `vitni seal` at random moments: every time there is either no bundle under the final
    /// name or a complete one that verifies, and sealing again succeeds.
    @Test func sealIsAtomicUnderKill() throws {
        var generator = SeededGenerator.forCrashTest("sealIsAtomicUnderKill")
        let pristine = cli.work.file("ws")
        for round in 1...10 {
            let workspace = cli.work.file("ws-\(round)")
            #expect(try runProcess("/bin/cp", ["-a", pristine, workspace]).status == 0)
            let out = cli.work.file("out-\(round)")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let process = try Process.launch(
                Repository.vitniBinary,
                [
                    "seal", "--workspace", workspace, "--session", session, "--output-directory", out, "-i",
                    cli.work.file("anna.key"),
                    "--key", cli.work.file("anna.minisign"),
                ],
                environment: ["VITNI_HOME": cli.home.path])
            Thread.sleep(forTimeInterval: Double.random(in: 0.0...0.25, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let bundle = out + "/" + session
            if FileManager.default.fileExists(atPath: bundle) {
                let verified = try verify(bundle)
                #expect(verified.status == 0, "round \(round): a bundle under the final name must be complete")
            }
            let again = try seal(workspace: workspace, out: out)
            let finishedBeforeTheKill = again.status == 2 && again.stderrText.contains("is sealed")
            #expect(again.status == 0 || finishedBeforeTheKill, "round \(round): \(again.stderrText)")
            #expect(try verify(bundle).status == 0, "round \(round)")
            let hidden = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".") }
            #expect(hidden.isEmpty, "round \(round): partial bundles are cleared: \(hidden)")
            try? FileManager.default.removeItem(atPath: workspace)
            try? FileManager.default.removeItem(atPath: out)
        }
    }
}
