import Foundation
import Testing
import VitniFormats
import VitniTestSupport

/// A small valid protocol; the malformed cases below are edits of it, by line number (1-based).
private let sampleLines = [
    "id: sample",  // 1
    "version: \"1\"",  // 2
    "title: Sample",  // 3
    "source: Test source",  // 4
    "description: A sample protocol.",  // 5
    "phases:",  // 6
    "  - id: intro",  // 7
    "    title: Intro",  // 8
    "    required: true",  // 9
    "    items:",  // 10
    "      - id: hello",  // 11
    "        kind: instruction",  // 12
    "        text: Say hello.",  // 13
    "  - id: topic",  // 14
    "    title: Topic",  // 15
    "    required: false",  // 16
    "    after: [intro]",  // 17
    "    items:",  // 18
    "      - id: ask",  // 19
    "        kind: prompt",  // 20
    "        text: \"Tell me everything: from the start.\"",  // 21
    "        required: false",  // 22
    "        evidence: A note at the offset.",  // 23
]
private let sampleFile = "protocols/sample.yaml"

private func sample(replacing line: Int, with replacement: [String]) -> String {
    sample(replacing: line...line, with: replacement)
}

private func sample(replacing lines: ClosedRange<Int>, with replacement: [String]) -> String {
    var edited = sampleLines
    edited.replaceSubrange((lines.lowerBound - 1)...(lines.upperBound - 1), with: replacement)
    return edited.joined(separator: "\n") + "\n"
}

private func sample(inserting inserted: [String], after line: Int) -> String {
    var lines = sampleLines
    lines.insert(contentsOf: inserted, at: line)
    return lines.joined(separator: "\n") + "\n"
}

private func rejection(_ yaml: String, file: String = sampleFile) -> ProtocolError? {
    do {
        _ = try InterviewProtocol.parse(yaml: yaml, file: file)
        return nil
    } catch {
        return error
    }
}

@Suite struct ProtocolSchemaTests {
    @Test func parsesValidProtocol() throws {
        let parsed = try InterviewProtocol.parse(yaml: sampleLines.joined(separator: "\n"), file: sampleFile)
        #expect(parsed.id == "sample")
        #expect(parsed.version == "1")
        #expect(parsed.title == "Sample")
        #expect(parsed.source == "Test source")
        #expect(parsed.description == "A sample protocol.")
        #expect(parsed.phases.map(\.id) == ["intro", "topic"])
        #expect(parsed.phases[0].required && !parsed.phases[1].required)
        #expect(parsed.phases[0].after == [] && parsed.phases[1].after == ["intro"])

        let hello = parsed.phases[0].items[0]
        #expect(hello == InterviewProtocol.Item(id: "hello", kind: .instruction, text: "Say hello."))
        #expect(hello.required, "required defaults to true")
        #expect(hello.evidence == nil)

        let ask = try #require(parsed.item("topic.ask"))
        #expect(ask.phase.id == "topic")
        #expect(ask.item.kind == .prompt)
        #expect(ask.item.text == "Tell me everything: from the start.")
        #expect(!ask.item.required)
        #expect(ask.item.evidence == "A note at the offset.")

        #expect(
            parsed.allItems.map { InterviewProtocol.reference(phase: $0.phase, item: $0.item) } == [
                "intro.hello", "topic.ask",
            ])
        #expect(parsed.phase("topic")?.title == "Topic")
        #expect(parsed.phase("missing") == nil)
        for reference in ["topic", "topic.", ".ask", "topic.ask.extra", "intro.ask", "nope.hello", ""] {
            #expect(parsed.item(reference) == nil, "\(reference)")
        }
    }

    @Test func fileNameCheckOnlyForYAMLNames() throws {
        let yaml = sampleLines.joined(separator: "\n")
        #expect(try InterviewProtocol.parse(yaml: yaml, file: "<stdin>").id == "sample")
        #expect(try InterviewProtocol.parse(yaml: yaml, file: "/some/where/sample.yaml").id == "sample")
        #expect(rejection(yaml, file: "other.yaml")?.field == "id")
    }

    @Test func acceptsFlowStyleAndExplicitStringTags() throws {
        let yaml = """
            {id: flow, version: !!str 3, title: Flow, source: S, description: D,
             phases: [{id: a, title: A, required: true, items: [{id: x, kind: check, text: T, evidence: E}]}]}
            """
        let parsed = try InterviewProtocol.parse(yaml: yaml, file: "flow.yaml")
        #expect(parsed.version == "3")
        #expect(parsed.item("a.x")?.item.evidence == "E")
    }

    @Test func errorDescriptionNamesFileLineAndField() throws {
        let error = try #require(rejection(sample(replacing: 12, with: ["        kind: promt"])))
        #expect(
            error.description
                == "protocols/sample.yaml:12: phases[0].items[0].kind: expected one of instruction, prompt, check, "
                + "found \"promt\"")
        #expect(error.localizedDescription == error.description)
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        let line: Int
        let field: String
        let message: String
        var file = sampleFile

        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(
            name: "missing top-level field", yaml: sample(replacing: 4, with: []), line: 1, field: "source",
            message: "missing required field"),
        Malformed(
            name: "missing phase title", yaml: sample(replacing: 15, with: []), line: 14, field: "phases[1].title",
            message: "missing required field"),
        Malformed(
            name: "missing item text", yaml: sample(replacing: 13, with: []), line: 11,
            field: "phases[0].items[0].text", message: "missing required field"),
        Malformed(
            name: "missing phase required", yaml: sample(replacing: 9, with: []), line: 7,
            field: "phases[0].required", message: "missing required field"),
        Malformed(
            name: "version not a string", yaml: sample(replacing: 2, with: ["version: 2014"]), line: 2,
            field: "version", message: "found the number 2014; quote it"),
        Malformed(
            name: "required not a boolean", yaml: sample(replacing: 9, with: ["    required: \"true\""]), line: 9,
            field: "phases[0].required", message: "expected true or false, found the text \"true\""),
        Malformed(
            name: "required as yes", yaml: sample(replacing: 22, with: ["        required: yes"]), line: 22,
            field: "phases[1].items[0].required", message: "expected true or false"),
        Malformed(
            name: "title is a list", yaml: sample(replacing: 3, with: ["title: [a, b]"]), line: 3, field: "title",
            message: "found a list"),
        Malformed(
            name: "items is a mapping", yaml: sample(replacing: 18...23, with: ["    items: {id: ask}"]), line: 18,
            field: "phases[1].items", message: "expected a list of items, found a mapping"),
        Malformed(
            name: "phase is a string", yaml: Array(sampleLines[0..<5] + ["phases: [intro]"]).joined(separator: "\n"),
            line: 6, field: "phases[0]", message: "expected a mapping"),
        Malformed(
            name: "evidence null", yaml: sample(replacing: 23, with: ["        evidence:"]), line: 23,
            field: "phases[1].items[0].evidence", message: "found nothing (null)"),
        Malformed(
            name: "duplicate phase id", yaml: sample(replacing: 14, with: ["  - id: intro"]), line: 14,
            field: "phases[1].id", message: "duplicate phase id \"intro\" (first used on line 7)"),
        Malformed(
            name: "duplicate item id",
            yaml: sample(inserting: ["      - id: hello", "        kind: prompt", "        text: Again."], after: 13),
            line: 14, field: "phases[0].items[1].id",
            message: "duplicate item id \"hello\" in phase \"intro\" (first used on line 11)"),
        Malformed(
            name: "unknown top-level key", yaml: sample(inserting: ["author: Someone"], after: 5), line: 6,
            field: "author", message: "unknown field; expected one of id, version, title, source, description, phases"
        ),
        Malformed(
            name: "unknown item key", yaml: sample(inserting: ["        colour: red"], after: 13), line: 14,
            field: "phases[0].items[0].colour", message: "unknown field"),
        Malformed(
            name: "bad kind", yaml: sample(replacing: 20, with: ["        kind: question"]), line: 20,
            field: "phases[1].items[0].kind", message: "expected one of instruction, prompt, check, found \"question\""),
        Malformed(
            name: "unknown phase reference", yaml: sample(replacing: 17, with: ["    after: [intro, outro]"]),
            line: 17, field: "phases[1].after[1]",
            message: "unknown phase reference \"outro\"; the phases are intro, topic"
        ),
        Malformed(
            name: "reference to a later phase", yaml: sample(inserting: ["    after: [topic]"], after: 9), line: 10,
            field: "phases[0].after[0]", message: "must come before \"intro\""),
        Malformed(
            name: "reference to itself", yaml: sample(replacing: 17, with: ["    after: [topic]"]), line: 17,
            field: "phases[1].after[0]", message: "cannot come after itself"),
        Malformed(
            name: "empty items", yaml: sample(replacing: 18...23, with: ["    items: []"]), line: 18,
            field: "phases[1].items", message: "expected at least one item, found an empty list"),
        Malformed(
            name: "empty phases", yaml: Array(sampleLines[0..<5] + ["phases: []"]).joined(separator: "\n"), line: 6,
            field: "phases", message: "expected at least one phase, found an empty list"),
        Malformed(
            name: "id does not match file", yaml: sample(replacing: 1, with: ["id: other"]), line: 1, field: "id",
            message: "\"other\" does not match the file name \"sample.yaml\""),
        Malformed(
            name: "bad phase id", yaml: sample(replacing: 7, with: ["  - id: Ground Rules"]), line: 7,
            field: "phases[0].id", message: "found \"Ground Rules\""),
        Malformed(
            name: "id with a dot", yaml: sample(replacing: 11, with: ["      - id: a.b"]), line: 11,
            field: "phases[0].items[0].id", message: "expected an id"),
        Malformed(
            name: "empty text", yaml: sample(replacing: 13, with: ["        text: \"  \""]), line: 13,
            field: "phases[0].items[0].text", message: "found an empty one"),
        Malformed(
            name: "control character", yaml: sample(replacing: 3, with: ["title: \"Sample\\e[31m\""]), line: 3,
            field: "title", message: "the control character U+001B is not allowed"),
        Malformed(
            name: "bidirectional override", yaml: sample(replacing: 13, with: ["        text: \"a\\u202Eb\""]),
            line: 13, field: "phases[0].items[0].text", message: "U+202E is not allowed"),
        Malformed(
            name: "line break in a title", yaml: sample(replacing: 8, with: ["    title: \"In\\ntro\""]), line: 8,
            field: "phases[0].title", message: "a line break is not allowed"),
        Malformed(
            name: "anchor", yaml: sample(replacing: 5, with: ["description: &d A sample."]), line: 5,
            field: "(yaml)", message: "anchors and aliases"),
        Malformed(
            name: "alias without anchor", yaml: sample(replacing: 8, with: ["    title: *d"]), line: 8,
            field: "(yaml)", message: "undefined alias"),
        Malformed(
            name: "foreign tag", yaml: sample(replacing: 3, with: ["title: !python/object Sample"]), line: 3,
            field: "title", message: "a value tagged !python/object"),
        Malformed(
            name: "YAML syntax", yaml: sample(replacing: 17, with: ["    after: [intro"]), line: 18, field: "(yaml)",
            message: "invalid YAML"),
        Malformed(
            name: "raw control character", yaml: sample(replacing: 8, with: ["    title: In\u{07}tro"]), line: 8,
            field: "(yaml)", message: "control characters are not allowed"),
        Malformed(
            name: "duplicate key", yaml: sample(inserting: ["title: Again"], after: 3), line: 3, field: "(yaml)",
            message: "repeats the key \"title\""),
        Malformed(
            name: "two documents", yaml: sampleLines.joined(separator: "\n") + "\n---\nid: again\n", line: 24,
            field: "(yaml)", message: "invalid YAML"),
        Malformed(
            name: "root is a list", yaml: "- id: sample\n", line: 1, field: "(root)", message: "expected a mapping"),
        Malformed(name: "empty file", yaml: "", line: 1, field: "(file)", message: "no YAML document"),
        Malformed(
            name: "comment-only file", yaml: "# nothing\n", line: 1, field: "(file)", message: "no YAML document"),
    ]

    @Test(arguments: malformed)
    func rejectsMalformed(_ sample: Malformed) throws {
        let error = try #require(rejection(sample.yaml, file: sample.file), "accepted: \(sample.name)")
        #expect(error.file == sample.file)
        #expect(error.line == sample.line, "\(error)")
        #expect(error.field == sample.field, "\(error)")
        #expect(error.message.contains(sample.message), "\(error)")
    }

    @Test func rejectsOversizeNamingTheLineWhereTheLimitIsPassed() throws {
        let padding = String(repeating: "# " + String(repeating: "x", count: 98) + "\n", count: 3000)
        let yaml = sampleLines.joined(separator: "\n") + "\n" + padding
        #expect(yaml.utf8.count > InterviewProtocol.maximumFileSize)
        let expectedLine = yaml.utf8.prefix(InterviewProtocol.maximumFileSize).filter { $0 == 0x0A }.count + 1
        for error in [rejection(yaml), bytesRejection(Array(yaml.utf8))] {
            let error = try #require(error)
            #expect(error.line == expectedLine)
            #expect(error.field == "(file)")
            #expect(error.message.contains("256 KiB"))
        }
        // Exactly at the cap is still read (and then judged on its content).
        let atCap = sampleLines.joined(separator: "\n") + "\n#"
        let filled = atCap + String(repeating: "x", count: InterviewProtocol.maximumFileSize - atCap.utf8.count)
        #expect(filled.utf8.count == InterviewProtocol.maximumFileSize)
        #expect(try InterviewProtocol.parse(yaml: filled, file: sampleFile).id == "sample")
    }

    @Test func rejectsInvalidUTF8WithItsLine() throws {
        let bytes = Array("id: sample\nversion: \"1\"\ntitle: ".utf8) + [0xFF, 0x0A]
        let error = try #require(bytesRejection(bytes))
        #expect(error.line == 3)
        #expect(error.field == "(file)")
        #expect(error.message.contains("UTF-8"))
    }

    /// Nested aliases used as a mapping key would make Yams hash 10^30 nodes: refused before parsing.
    @Test func rejectsAliasBombBeforeParsing() throws {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1..<30 {
            let aliases = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(aliases)]")
        }
        lines.append("? *a29")
        lines.append(": boom")
        let error = try #require(rejection(lines.joined(separator: "\n")))
        #expect(error.line == 1)
        #expect(error.field == "(yaml)")
        #expect(error.message.contains("anchors and aliases"))
    }

    @Test func ampersandsInTextAreNotAnchors() throws {
        let yaml = sample(replacing: 13, with: ["        text: \"Q&A, child & family, AT&T, R&D.\""])
        #expect(
            try InterviewProtocol.parse(yaml: yaml, file: sampleFile).item("intro.hello")?.item.text
                == "Q&A, child & family, AT&T, R&D.")
    }

    @Test func rejectsDeepNestingWithoutCrashing() throws {
        let yaml = "phases: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let error = try #require(rejection(yaml))
        #expect(error.field == "(yaml)" || error.field == "id")
    }

    @Test func errorsEscapeHostileText() throws {
        let error = try #require(rejection(sample(replacing: 12, with: ["        kind: \"x\\e]0;owned\\a\""])))
        #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(error.description.contains("\\u{1b}"))
        let long = try #require(
            rejection(sample(replacing: 12, with: ["        kind: " + String(repeating: "k", count: 5000)])))
        #expect(long.description.count < 300)
    }

    @Test func isValidID() {
        for good in ["a", "nichd-revised", "0", String(repeating: "a", count: 64)] {
            #expect(InterviewProtocol.isValidID(good), "\(good)")
        }
        for bad in ["", "A", "a.b", "a/b", "..", "a b", "ä", String(repeating: "a", count: 65)] {
            #expect(!InterviewProtocol.isValidID(bad), "\(bad)")
        }
    }

    private func bytesRejection(_ bytes: [UInt8]) -> ProtocolError? {
        do {
            _ = try InterviewProtocol.parse(bytes: bytes, file: sampleFile)
            return nil
        } catch {
            return error
        }
    }
}

/// The protocol files shipped in `protocols/`.
@Suite struct ShippedProtocolTests {
    static let directory = Repository.root + "/protocols"

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") }
            .sorted()
    }

    static func load(_ name: String) throws -> InterviewProtocol {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        return try InterviewProtocol.parse(bytes: Array(bytes), file: "protocols/" + name)
    }

    @Test func shipsTheFourProtocols() {
        #expect(Self.files == ["abe.yaml", "barnahus-promise.yaml", "ncac.yaml", "nichd-revised.yaml"])
    }

    @Test(arguments: files)
    func passesTheSchema(_ name: String) throws {
        let loaded = try Self.load(name)
        #expect(loaded.id + ".yaml" == name)
        #expect(!loaded.phases.isEmpty)
        #expect(loaded.allItems.allSatisfy { !$0.item.text.isEmpty })
    }

    @Test func nichdRevisedHasTheRevisedOrderAndGroundRules() throws {
        let nichd = try Self.load("nichd-revised.yaml")
        #expect(
            nichd.phases.map(\.id) == [
                "introduction", "rapport", "ground-rules", "narrative-practice", "transition",
                "investigating-incidents", "break", "undisclosed-information", "disclosure-information", "closing",
                "neutral-topic",
            ])
        for item in ["dont-know", "dont-understand", "correct-me", "truth-promise"] {
            #expect(nichd.item("ground-rules." + item) != nil, "ground-rules.\(item)")
        }
        let ladder = try #require(nichd.phase("transition")).items.filter { $0.kind == .prompt }
        #expect(ladder.count >= 4, "the transition is a ladder of prompts")
    }

    @Test func otherProtocolsHaveTheirPhases() throws {
        #expect(
            try Self.load("abe.yaml").phases.map(\.id) == [
                "planning", "rapport", "free-narrative", "questioning", "closing", "evaluation",
            ])
        #expect(
            try Self.load("ncac.yaml").phases.map(\.id) == [
                "rapport", "transition", "information-gathering", "closure",
            ])
        let promise = try Self.load("barnahus-promise.yaml")
        #expect(promise.phases.map(\.id) == ["before", "during", "after"])
        #expect(promise.allItems.allSatisfy { $0.item.kind == .check && $0.item.evidence != nil })
        for reference in [
            "before.referral", "before.legal-basis", "before.mdt-planning", "before.interviewer",
            "before.protocol-chosen", "before.days-since-disclosure", "before.prior-interviews", "before.childs-needs",
            "before.interpreter-intermediary", "before.readiness", "before.room", "before.recording-test",
            "before.observers-and-roles", "before.defence-position", "during.recording-start-stop",
            "during.interruptions", "during.child-told-who-observes", "during.breaks", "during.relayed-questions",
            "during.distress-and-support", "after.closing-done", "after.supplementary-interview", "after.sealed",
            "after.copies-and-access", "after.retention", "after.quality-metrics",
        ] {
            #expect(promise.item(reference) != nil, "\(reference)")
        }
    }
}
