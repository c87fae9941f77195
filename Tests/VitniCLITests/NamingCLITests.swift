import Foundation
import Testing
import VitniCrypto
import VitniFormats
import VitniKit
import VitniTestSupport

/// Every option that names a person takes the same forms in the same order: an own identity, a
/// trusted one, a public identity file, and (where a key is enough) a bare key.
@Suite struct NamingCLITests {
    let cli: CLI
    let carl: PublicIdentity
    let carlKey: String

    /// anna is one of this user's identities; carl, a prosecutor, is only trusted: his keys are
    /// elsewhere, and only his public identity file was added with `vitni trust add`.
    init() throws {
        cli = try CLI()
        try cli.signingPerson("anna", .interviewer)
        let age = Age.X25519Identity.generate()
        carl = PublicIdentity(
            name: "carl", role: .prosecutor, recipient: age.recipient, signedBy: MinisignSecretKey.generate(),
            created: Date())
        let file = try cli.work.write("carl.identity.json", carl.encoded())
        carlKey = try cli.work.write("carl.key", age.keygenFileContents(created: "test").withUnsafeBytes { Array($0) })
        chmod(carlKey, 0o600)
        let trusted = try cli.run(["trust", "add", file])
        try #require(trusted.status == 0, "\(trusted.stderrText)")
        try FileManager.default.removeItem(atPath: file)
        try #require(try cli.run(["init", cli.work.file("ws")]).status == 0)
    }

    @Test func aTrustedColleagueIsNamedAsObserverAndAsTheNewHolder() throws {
        let started = try cli.inWorkspace([
            "session", "start", "--case", "CASE-5", "--protocol", "nichd-revised", "--interviewer", "anna",
            "--observer", "carl",
        ])
        try #require(started.status == 0, "\(started.stderrText)")
        let noted = try cli.inWorkspace(["note", "--as", "carl", "--kind", "question-to-relay", "ask about the bus"])
        #expect(noted.status == 0, "\(noted.stderrText)")
        let notes = try cli.inWorkspace(["notes", "-i", carlKey])
        #expect(notes.status == 0, "\(notes.stderrText)")
        #expect(notes.stdoutText.contains("ask about the bus"), "carl is a participant: the session key opens to him")

        let tone = try runProcess(
            try Peer.path("sox"),
            ["-D", "-n", "-r", "16000", "-c", "1", "-b", "16", "-t", "wav", "-", "synth", "1", "sine", "440"])
        #expect(
            try cli.run(
                ["record", "--workspace", cli.work.file("ws"), "--as", "anna", "--input", "-", "--quiet"],
                stdin: tone.stdout
            ).status == 0)
        #expect(
            try cli.inWorkspace(["session", "close", "--as", "anna", "--force", "--reason", "test session"]).status == 0
        )
        let sealed = try cli.inWorkspace([
            "seal", "--output-directory", cli.work.file("out"), "-i", cli.work.file("anna.key"), "--key",
            cli.work.file("anna.minisign"),
        ])
        try #require(sealed.status == 0, "\(sealed.stderrText)")
        let bundle = cli.work.file("out/CASE-5_S01")
        let facts = try cli.run(["open", "--part", "session", "--json", bundle, "-i", carlKey])
        #expect(facts.status == 0, "\(facts.stderrText)")
        #expect(facts.stdoutText.contains("\"carl\""), "the session lists carl: \(facts.stdoutText)")

        let transfer = try cli.run([
            "custody", "transfer", bundle, "--to", "carl", "--key", cli.work.file("anna.minisign"),
        ])
        #expect(transfer.status == 0, "\(transfer.stderrText)")
        #expect(transfer.stdoutText.contains("transferred to carl (\(carl.keyID))"))
        let log = try cli.run(["custody", "log", "--json", bundle])
        let last = try #require(log.stdoutText.split(separator: "\n").last)
        #expect(last.contains("\"to\":\"\(carl.keyID)\"") && last.contains("\"to_name\":\"carl\""), "\(last)")
        #expect(try cli.run(["verify", bundle]).status == 0)
    }

    @Test func aBareKeyIsRefusedWhereAPersonIsNeeded() throws {
        let started = try cli.inWorkspace([
            "session", "start", "--case", "CASE-6", "--protocol", "nichd-revised", "--interviewer", "anna",
            "--observer", carl.ageRecipient,
        ])
        #expect(started.status == 2)
        #expect(
            started.stderrText.contains("is an age recipient, but a person is needed here"), "\(started.stderrText)")
        #expect(started.stderrText.contains("hint: give an identity name from `vitni key list` or `vitni trust list`"))
        // Where a key is enough, the same key is taken.
        let recipient = try cli.inWorkspace([
            "session", "start", "--case", "CASE-6", "--protocol", "nichd-revised", "--interviewer", "anna",
            "--recipient", carl.ageRecipient, "--recipient", "carl",
        ])
        #expect(recipient.status == 0, "\(recipient.stderrText)")
    }

    @Test func anUnknownNameSuggestsTheCloseOnes() throws {
        let started = try cli.inWorkspace([
            "session", "start", "--case", "CASE-7", "--protocol", "nichd-revised", "--interviewer", "anna",
            "--observer", "karl",
        ])
        #expect(started.status == 2)
        #expect(started.stderrText.contains("no identity of yours or trusted one is named 'karl'"))
        #expect(started.stderrText.contains("did you mean 'carl'?"), "\(started.stderrText)")
        let encrypt = try cli.run(["encrypt", "-r", "ana", "-o", "x.age", try cli.work.write("x", "x")])
        #expect(encrypt.stderrText.contains("did you mean 'anna'?"), "\(encrypt.stderrText)")
    }

    @Test func anOwnAndATrustedIdentityOfOneNameAreAmbiguous() throws {
        // Trust refuses a name already taken, so the clash comes from an own identity made later.
        try cli.signingPerson("carl", .observer)
        let started = try cli.inWorkspace([
            "session", "start", "--case", "CASE-8", "--protocol", "nichd-revised", "--interviewer", "anna",
            "--observer", "carl",
        ])
        #expect(started.status == 2)
        #expect(started.stderrText.contains("'carl' names two people: your own identity (key id"))
        #expect(started.stderrText.contains("and a trusted identity (key id \(carl.keyID), prosecutor)"))
        let check = try cli.run(["check-signature", "-P", "carl", try cli.work.write("y", "y")])
        #expect(check.stderrText.contains("'carl' names two people"), "\(check.stderrText)")
    }
}
