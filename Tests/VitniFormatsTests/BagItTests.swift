import Testing
import VitniFormats

@Suite struct BagItTests {
    // MARK: Declaration

    @Test func declarationRoundTrips() throws {
        let bytes = BagIt.Declaration.render()
        #expect(String(decoding: bytes, as: UTF8.self) == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
        try BagIt.Declaration.parse(bytes)
    }

    @Test(arguments: [
        ("BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n", 1),
        ("BagIt-Version: 1.0\nTag-File-Character-Encoding: ISO-8859-1\n", 2),
        ("BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8\r\n", 1),
        ("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\nExtra: 1\n", 3),
    ])
    func declarationRejectsVariants(text: String, line: Int) {
        #expect(throws: BagIt.FormatError.self) { try BagIt.Declaration.parse(Array(text.utf8)) }
        do {
            try BagIt.Declaration.parse(Array(text.utf8))
        } catch {
            #expect(error.file == "bagit.txt")
            #expect(error.line == line)
        }
    }

    @Test func declarationRejectsMissingLineAndFinalLF() {
        #expect(throws: BagIt.FormatError.self) { try BagIt.Declaration.parse(Array("BagIt-Version: 1.0\n".utf8)) }
        #expect(throws: BagIt.FormatError.self) {
            try BagIt.Declaration.parse(Array("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8".utf8))
        }
    }

    // MARK: bag-info

    @Test func bagInfoRoundTripsAndSets() throws {
        var info = BagIt.BagInfo([.init("Bagging-Date", "2026-03-01"), .init("Payload-Oxum", "10.1")])
        info.fields.append(.init("Source-Organization", "Barnahus A"))
        info.fields.append(.init("Source-Organization", "Barnahus B"))
        info.set("Payload-Oxum", "20.2")
        info.set("Source-Organization", "Barnahus C")
        let text = String(decoding: try info.render(), as: UTF8.self)
        #expect(text == "Bagging-Date: 2026-03-01\nPayload-Oxum: 20.2\nSource-Organization: Barnahus C\n")
        #expect(try BagIt.BagInfo.parse(Array(text.utf8)) == info)
    }

    @Test func bagInfoJoinsContinuationLines() throws {
        let info = try BagIt.BagInfo.parse(Array("External-Description: first\n  second\n\tthird\nA: b\n".utf8))
        #expect(info.value(for: "External-Description") == "first second third")
        #expect(info.value(for: "A") == "b")
    }

    @Test(arguments: [
        ("no colon here\n", 1), ("A: ok\n  \nLabel with space: x\n", 3), (" starts with continuation\n", 1),
        ("A:nospace\n", 1), ("A: x\r\n", 1),
    ])
    func bagInfoRejectsMalformedLines(text: String, line: Int) {
        do {
            _ = try BagIt.BagInfo.parse(Array(text.utf8))
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            #expect(error.line == line, "\(error)")
        }
    }

    @Test func bagInfoRefusesToRenderWhatCannotBeReadBack() {
        #expect(throws: BagIt.FormatError.self) { try BagIt.BagInfo([.init("A", "line\nbreak")]).render() }
        #expect(throws: BagIt.FormatError.self) { try BagIt.BagInfo([.init("A:B", "x")]).render() }
    }

    // MARK: Manifests

    static let digestA = String(repeating: "a", count: 64)
    static let digestB = String(repeating: "0123456789abcdef", count: 4)

    @Test func manifestRendersSortedAndParsesBack() throws {
        let manifest = BagIt.Manifest([
            .init(digest: Self.digestB, path: "data/session.json.age"),
            .init(digest: Self.digestA, path: "data/audio/1.flac.age"),
        ])
        let bytes = try manifest.render(file: "manifest-sha256.txt", scope: .payload)
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "\(Self.digestA)  data/audio/1.flac.age\n\(Self.digestB)  data/session.json.age\n")
        let parsed = try BagIt.Manifest.parse(bytes, file: "manifest-sha256.txt", scope: .payload)
        #expect(parsed.digest(for: "data/session.json.age") == Self.digestB)
        #expect(parsed.entries.count == 2)
    }

    @Test(arguments: [
        "data/../bagit.txt", "/etc/passwd", "data//x", "data/.hidden", "data/a b", "data/ä", "bagit.txt", "data/x\\y",
        "data/./x", "data/x/",
    ])
    func manifestRejectsBadPayloadPaths(path: String) {
        let text = "\(Self.digestA)  \(path)\n"
        do {
            _ = try BagIt.Manifest.parse(Array(text.utf8), file: "manifest-sha256.txt", scope: .payload)
            Issue.record("accepted \(path.debugDescription)")
        } catch {
            #expect(error.line == 1)
            #expect(error.file == "manifest-sha256.txt")
        }
    }

    @Test(arguments: [
        "\(String(repeating: "A", count: 64))  data/x\n",  // upper-case hex
        "\(String(repeating: "a", count: 63))  data/x\n",  // short digest
        "\(String(repeating: "a", count: 64)) data/x\n",  // one space
        "\(String(repeating: "a", count: 64))\tdata/x\n",  // tab
        "\(String(repeating: "a", count: 64))  data/x",  // no final LF
    ])
    func manifestRejectsBadLines(text: String) {
        #expect(throws: BagIt.FormatError.self) {
            try BagIt.Manifest.parse(Array(text.utf8), file: "manifest-sha256.txt", scope: .payload)
        }
    }

    @Test func manifestRejectsDuplicatesAndNamesTheLine() {
        let text = "\(Self.digestA)  data/x\n\(Self.digestB)  data/y\n\(Self.digestB)  data/x\n"
        do {
            _ = try BagIt.Manifest.parse(Array(text.utf8), file: "m", scope: .payload)
            Issue.record("accepted a duplicate")
        } catch {
            #expect(error.line == 3)
        }
    }

    @Test func tagManifestScopeRefusesPayloadPaths() throws {
        let good = "\(Self.digestA)  custody/custody-log.jsonl\n\(Self.digestA)  bagit.txt\n"
        #expect(try BagIt.Manifest.parse(Array(good.utf8), file: "t", scope: .tag).entries.count == 2)
        #expect(throws: BagIt.FormatError.self) {
            try BagIt.Manifest.parse(Array("\(Self.digestA)  data/x\n".utf8), file: "t", scope: .tag)
        }
    }

    @Test func manifestRefusesOversizeInput() {
        let huge = [UInt8](repeating: UInt8(ascii: "a"), count: BagIt.maximumTagFileSize + 1)
        #expect(throws: BagIt.FormatError.self) { try BagIt.Manifest.parse(huge, file: "m", scope: .payload) }
    }

    // MARK: Payload-Oxum

    @Test func payloadOxumParsesOnlyCanonicalNumbers() {
        #expect(BagIt.PayloadOxum("1234.5") == BagIt.PayloadOxum(octetCount: 1234, streamCount: 5))
        #expect(BagIt.PayloadOxum("0.0")?.description == "0.0")
        for bad in ["", "1", "1.", ".1", "01.1", "1.01", "-1.1", "1.1.1", " 1.1", "1.x", "99999999999999999999.1"] {
            #expect(BagIt.PayloadOxum(bad) == nil, "accepted \(bad.debugDescription)")
        }
    }
}
