import Foundation
import Testing
import VitniFormats

@Suite struct CustodyEventTests {
    static let signature = Base64.encode([UInt8](repeating: 7, count: 64))

    static func event(seq: Int64 = 0, detail: [String: CanonicalJSON.Value] = ["bundle": .string("CASE-1_S01")])
        -> Custody.Event
    {
        Custody.Event(
            seq: seq, prev: Custody.genesisPrev, time: Custody.Timestamp("2026-03-01T10:00:00Z")!,
            actor: "0123456789ABCDEF", action: .sealed, detail: detail, sig: signature)
    }

    @Test func lineIsCanonicalJSONAndParsesBack() throws {
        let line = try Self.event().line()
        let text = String(decoding: line, as: UTF8.self)
        #expect(
            text
                == #"{"action":"sealed","actor":"0123456789ABCDEF","detail":{"bundle":"CASE-1_S01"},"prev":""#
                + Custody.genesisPrev + #"","seq":0,"sig":""# + Self.signature + #"","time":"2026-03-01T10:00:00Z"}"#)
        #expect(try Custody.Event.parse(line: line, number: 1) == Self.event())
    }

    @Test func signedBytesOmitOnlySig() throws {
        let signed = String(decoding: try Self.event().signedBytes(), as: UTF8.self)
        #expect(!signed.contains("\"sig\""))
        #expect(signed.hasPrefix(#"{"action":"sealed","actor":"0123456789ABCDEF""#))
        #expect(signed.hasSuffix(#","seq":0,"time":"2026-03-01T10:00:00Z"}"#))
    }

    @Test(arguments: [
        ("space", "\"seq\":0", "\"seq\": 0"),
        ("missing member", "{\"action\":\"sealed\",", "{"),
        ("extra member", "{\"action\"", "{\"x\":1,\"action\""),
        (
            "reordered", "{\"action\":\"sealed\",\"actor\":\"0123456789ABCDEF\"",
            "{\"actor\":\"0123456789ABCDEF\",\"action\":\"sealed\""
        ),
        ("bad action", "sealed", "stolen"),
        ("lower-case actor", "0123456789ABCDEF", "0123456789abcdef"),
        ("time offset", "10:00:00Z", "10:00:00+00:00"),
        ("time fraction", "10:00:00Z", "10:00:00.5Z"),
        ("bad date", "2026-03-01", "2026-02-30"),
        ("seq string", "\"seq\":0", "\"seq\":\"0\""),
        ("short prev", "\"prev\":\"00", "\"prev\":\""),
        ("short sig", "\"sig\":\"Bwc", "\"sig\":\""),
        ("escaped slash", "CASE-1_S01", "CASE-1\\/S01"),
    ])
    func parseRejects(name: String, from: String, to: String) throws {
        let original = String(decoding: try Self.event().line(), as: UTF8.self)
        #expect(original.contains(from), "\(name): the mutation does not apply")
        let text = original.replacingOccurrences(of: from, with: to)
        do {
            _ = try Custody.Event.parse(line: Array(text.utf8), number: 4)
            Issue.record("\(name): accepted")
        } catch {
            #expect(error.line == 4, "\(name): \(error)")
        }
    }

    @Test func linesAreBoundedAndLFTerminated() throws {
        #expect(try Custody.lines(Array("a\nb\n".utf8)).count == 2)
        #expect(throws: Custody.FormatError.self) { try Custody.lines(Array("a\nb".utf8)) }
        #expect(throws: Custody.FormatError.self) { try Custody.lines(Array("a\n\nb\n".utf8)) }
        #expect(throws: Custody.FormatError.self) { try Custody.lines([]) }
        let long = [UInt8](repeating: 0x61, count: Custody.maximumLineLength + 1) + [0x0A]
        #expect(throws: Custody.FormatError.self) { try Custody.lines(long) }
    }

    @Test func timestampsRoundTripAndCompare() {
        for text in ["1970-01-01T00:00:00Z", "2000-02-29T23:59:59Z", "2026-12-31T12:34:56Z", "9999-12-31T23:59:59Z"] {
            let stamp = Custody.Timestamp(text)
            #expect(stamp?.text == text)
            #expect(stamp.map { Custody.Timestamp(unixSeconds: $0.unixSeconds) } == stamp)
        }
        #expect(Custody.Timestamp("2026-03-01T10:00:00Z")!.unixSeconds == 1_772_359_200)
        #expect(Custody.Timestamp("2026-03-01T10:00:00Z")! < Custody.Timestamp("2026-03-01T10:00:01Z")!)
        for bad in [
            "2100-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01t00:00:00Z",
            "1969-12-31T23:59:59Z", "2026-01-01T00:00:60Z",
        ] {
            #expect(Custody.Timestamp(bad) == nil, "accepted \(bad)")
        }
    }

    @Test func fileCommitmentsReadStrictly() {
        let good: [String: CanonicalJSON.Value] = [
            "files": .array([
                .object(["path": .string("data/a.age"), "sha256": .string(String(repeating: "b", count: 64))])
            ])
        ]
        #expect(Custody.FileCommitment.files(in: good)?.first?.path == "data/a.age")
        let escaping: [String: CanonicalJSON.Value] = [
            "files": .array([
                .object(["path": .string("data/../x"), "sha256": .string(String(repeating: "b", count: 64))])
            ])
        ]
        #expect(Custody.FileCommitment.files(in: escaping) == nil)
        #expect(Custody.FileCommitment.files(in: [:]) == nil)
    }
}
