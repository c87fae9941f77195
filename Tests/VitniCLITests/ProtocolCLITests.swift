import Foundation
import Testing
import VitniTestSupport

/// `vitni protocol …` run as a user would: from an unrelated directory, so the shipped protocols are
/// found by walking up from the binary.
@Suite struct ProtocolCLITests {
    static let shippedIDs = ["abe", "barnahus-promise", "ncac", "nichd-revised"]

    func run(_ arguments: [String], in directory: TemporaryDirectory, environment: [String: String] = [:]) throws
        -> ProcessResult
    {
        try runProcess(
            Repository.vitniBinary, arguments, environment: environment, currentDirectory: directory.path)
    }

    @Test func listShowsTheShippedProtocols() throws {
        let work = try TemporaryDirectory()
        let result = try run(["protocol", "list"], in: work)
        #expect(result.status == 0, "\(result.stderrText)")
        let ids = result.stdoutText.split(separator: "\n").compactMap {
            $0.split(separator: " ").first.map(String.init)
        }
        #expect(ids == Self.shippedIDs)
        #expect(result.stdoutText.contains("nichd-revised     2014  NICHD Revised Protocol"))
    }

    @Test func checkAcceptsTheShippedFiles() throws {
        let work = try TemporaryDirectory()
        let files = Self.shippedIDs.map { Repository.root + "/protocols/\($0).yaml" }
        let result = try run(["protocol", "check"] + files, in: work)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.contains(Repository.root + "/protocols/nichd-revised.yaml: ok (11 phases, "))
        #expect(result.stdoutText.split(separator: "\n").count == 4)
        #expect(result.stderrText.isEmpty)
    }

    @Test func checkRejectsABrokenFileWithFileLineAndField() throws {
        let work = try TemporaryDirectory()
        _ = try work.write(
            "broken.yaml",
            """
            id: broken
            version: "1"
            title: Broken
            source: A test
            description: One bad kind.
            phases:
              - id: only
                title: Only
                required: true
                items:
                  - id: first
                    kind: promt
                    text: Hello.
            """)
        let good = Repository.root + "/protocols/abe.yaml"
        let result = try run(["protocol", "check", "broken.yaml", good], in: work)
        #expect(result.status == 1)
        #expect(
            result.stderrText.contains(
                "broken.yaml:12: phases[0].items[0].kind: expected one of instruction, prompt, check, found \"promt\""),
            "\(result.stderrText)")
        #expect(result.stderrText.contains("hint: "))
        #expect(result.stdoutText.contains("abe.yaml: ok ("), "the other files are still checked")
    }

    @Test func checkReportsUnreadableFilesAndUsage() throws {
        let work = try TemporaryDirectory()
        let missing = try run(["protocol", "check", "missing.yaml"], in: work)
        #expect(missing.status == 2)
        #expect(missing.stderrText.contains("missing.yaml"))
        let directory = try run(["protocol", "check", work.path], in: work)
        #expect(directory.status == 2)
        #expect(directory.stderrText.contains("not a regular file"))
        let usage = try run(["protocol", "check"], in: work)
        #expect(usage.status == 64)
    }

    @Test func showPrintsPhasesAndItems() throws {
        let work = try TemporaryDirectory()
        let result = try run(["protocol", "show", "nichd-revised"], in: work)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.hasPrefix("NICHD Revised Protocol (nichd-revised, version 2014)\n"))
        #expect(result.stdoutText.contains("3. Ground rules  [ground-rules]"))
        #expect(result.stdoutText.contains("   dont-know "))

        let json = try run(["protocol", "show", "--json", "barnahus-promise"], in: work)
        #expect(json.status == 0, "\(json.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any])
        #expect(object["id"] as? String == "barnahus-promise")
        let phases = try #require(object["phases"] as? [[String: Any]])
        #expect(phases.compactMap { $0["id"] as? String } == ["before", "during", "after"])
        let firstItem = try #require((phases[0]["items"] as? [[String: Any]])?.first)
        #expect(firstItem["kind"] as? String == "check")
        #expect(firstItem["evidence"] is String)
    }

    @Test func showUnknownIDListsKnownOnes() throws {
        let work = try TemporaryDirectory()
        let result = try run(["protocol", "show", "nichd"], in: work)
        #expect(result.status == 2)
        #expect(
            result.stderrText.contains(
                "no protocol with id 'nichd'; known: abe, barnahus-promise, ncac, nichd-revised"),
            "\(result.stderrText)")
        #expect(result.stderrText.contains("vitni protocol list"))
    }

    @Test func vitniProtocolsDirectoryComesFirst() throws {
        let work = try TemporaryDirectory()
        let local = try TemporaryDirectory()
        _ = try local.write(
            "abe.yaml",
            """
            id: abe
            version: "local-1"
            title: Local edition of ABE
            source: This centre
            description: A local edition.
            phases:
              - id: planning
                title: Planning
                required: true
                items:
                  - {id: objectives, kind: check, text: Objectives agreed., evidence: Planning note.}
            """)
        let listed = try run(["protocol", "list"], in: work, environment: ["VITNI_PROTOCOLS": local.path])
        #expect(listed.status == 0, "\(listed.stderrText)")
        #expect(listed.stdoutText.contains("abe               local-1  Local edition of ABE"), "\(listed.stdoutText)")
        #expect(listed.stdoutText.contains("nichd-revised"), "the shipped ones are still found")

        _ = try local.write("bad.yaml", "id: bad\nversion: \"1\"\n")
        let broken = try run(["protocol", "list"], in: work, environment: ["VITNI_PROTOCOLS": local.path])
        #expect(broken.status == 1)
        #expect(broken.stderrText.contains(local.path + "/bad.yaml:1: title: missing required field"))
    }
}
