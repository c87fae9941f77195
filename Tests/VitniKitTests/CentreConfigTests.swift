import Foundation
import Testing
import VitniKit
import VitniTestSupport

/// `$VITNI_HOME/config.toml` is hostile input: known keys only, each of its type, bounded.
@Suite struct CentreConfigTests {
    func load(_ text: String) throws -> CentreConfig {
        let home = try TemporaryDirectory()
        _ = try home.write(CentreConfig.fileName, text)
        return try CentreConfig.load(home: home.path)
    }

    func refusal(_ text: String) -> String {
        do {
            _ = try load(text)
            return "accepted"
        } catch { return String(describing: error) }
    }

    @Test func everyKeyIsRead() throws {
        let config = try load(
            """
            organization = "Barnahus Reykjavík"
            place = "Barnahus, Reykjavík"
            recipients = ["age1qqq", "per"]
            protocol = "abe"
            """)
        #expect(
            config
                == CentreConfig(
                    organization: "Barnahus Reykjavík", place: "Barnahus, Reykjavík", recipients: ["age1qqq", "per"],
                    protocolID: "abe"))
    }

    @Test func anAbsentFileSetsNothing() throws {
        let home = try TemporaryDirectory()
        #expect(try CentreConfig.load(home: home.path) == CentreConfig())
    }

    @Test func unknownKeysAndWrongTypesAreNamedWithTheFile() {
        let unknown = refusal("organisation = \"typo\"\n")
        #expect(unknown.contains("config.toml: unknown key 'organisation'"), "\(unknown)")
        #expect(refusal("[recipients]\nper = 1\n").contains("'recipients' must be an array of strings"))
        #expect(refusal("recipients = [\"per\", 3]\n").contains("'recipients' must be a string"))
        #expect(refusal("protocol = 7\n").contains("'protocol' must be a string"))
        #expect(refusal("place = \"two\\nlines\"\n").contains("'place' must be one line"))
        let broken = refusal("organization = \"unterminated\n")
        #expect(broken.contains("config.toml: line 1: not valid TOML"), "\(broken)")
    }

    @Test func oversizedAndSymlinkedFilesAreRefused() throws {
        let padding = String(repeating: "# padding\n", count: CentreConfig.maximumBytes / 10 + 1)
        #expect(refusal(padding + "protocol = \"abe\"\n").contains("config.toml: larger than 64 KiB"))
        let home = try TemporaryDirectory()
        let target = try home.write("elsewhere.toml", "protocol = \"abe\"\n")
        try FileManager.default.createSymbolicLink(
            atPath: home.file(CentreConfig.fileName), withDestinationPath: target)
        #expect(throws: VitniError.self) { try CentreConfig.load(home: home.path) }
    }
}
