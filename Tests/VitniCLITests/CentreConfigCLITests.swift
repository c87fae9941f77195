import Foundation
import Testing
import VitniKit
import VitniTestSupport

/// `$VITNI_HOME/config.toml`: a centre's defaults, each overridden by its option.
@Suite struct CentreConfigCLITests {
    let cli: CLI

    init() throws {
        cli = try CLI()
        for name in ["anna", "per", "olle", "eve"] { try cli.person(name, name == "anna" ? .interviewer : .prosecutor) }
        try #require(try cli.run(["init", cli.work.file("ws")]).status == 0)
    }

    func configure(_ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: cli.home.path + "/config.toml"))
    }

    @Test func sessionStartTakesTheProtocolAndRecipientsFromTheConfig() throws {
        try configure("protocol = \"abe\"\nrecipients = [\"per\"]\n")
        let started = try cli.inWorkspace(["session", "start", "--case", "C-1", "--interviewer", "anna"])
        #expect(started.status == 0, "\(started.stderrText)")
        #expect(started.stdoutText.contains("encrypted to 2 recipients"), "anna and per: \(started.stdoutText)")
        let show = try cli.inWorkspace(["show", "C-1_S01"])
        #expect(show.stdoutText.contains("protocol:   abe "), "\(show.stdoutText)")
    }

    @Test func optionsOverrideTheConfig() throws {
        try configure("protocol = \"abe\"\nrecipients = [\"per\"]\n")
        let started = try cli.inWorkspace([
            "session", "start", "--case", "C-2", "--interviewer", "anna", "--protocol", "nichd-revised", "--recipient",
            "olle", "--recipient", "eve",
        ])
        #expect(started.status == 0, "\(started.stderrText)")
        #expect(started.stdoutText.contains("encrypted to 3 recipients"), "anna, olle, eve: \(started.stdoutText)")
        #expect(try cli.inWorkspace(["show", "C-2_S01"]).stdoutText.contains("protocol:   nichd-revised "))
    }

    @Test func withoutAProtocolAnywhereStartIsAUsageError() throws {
        let started = try cli.inWorkspace(["session", "start", "--case", "C-3", "--interviewer", "anna"])
        #expect(started.status == 64)
        #expect(started.stderrText.contains("--protocol (or set protocol in config.toml)"), "\(started.stderrText)")
    }

    @Test func aBadConfigIsRefusedNamingTheFileAndTheKey() throws {
        let file = cli.home.path + "/config.toml"
        let cases = [
            ("organisation = \"Barnahus\"\n", "\(file): unknown key 'organisation'"),
            ("recipients = \"per\"\n", "\(file): 'recipients' must be an array of strings"),
            (String(repeating: "#\n", count: 40_000), "\(file): larger than 64 KiB"),
        ]
        for (text, message) in cases {
            try configure(text)
            let started = try cli.inWorkspace(["session", "start", "--case", "C-4", "--interviewer", "anna"])
            #expect(started.status == 2, "\(message): \(started.stderrText)")
            #expect(started.stderrText.contains("vitni: error: \(message)"), "\(started.stderrText)")
        }
        #expect(try cli.inWorkspace(["list"]).stdoutText.contains("no sessions"), "nothing was started")
    }
}
