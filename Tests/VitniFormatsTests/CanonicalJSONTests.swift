import Testing
import VitniFormats

/// RFC 8785 vectors within the supported subset (integers, strings, literals, structures), and
/// the strict parser's refusals.
@Suite struct CanonicalJSONTests {
    private func canonical(_ json: String) throws -> String {
        String(decoding: try CanonicalJSON.serialize(try CanonicalJSON.parse(Array(json.utf8))), as: UTF8.self)
    }

    /// RFC 8785 §3.2.3: property sorting by UTF-16 code units (the emoji's surrogates sort before
    /// U+FB33, unlike code-point order), and the escaping of §3.2.2.2.
    @Test func sortsByUTF16CodeUnits() throws {
        let input = """
            {
              "\\u20ac": "Euro Sign",
              "\\r": "Carriage Return",
              "\\u000a": "Newline",
              "1": "One",
              "\\u0080": "Control\\u007f",
              "\\ud83d\\ude02": "Smiley",
              "\\u00f6": "Latin Small Letter O With Diaeresis",
              "\\ufb33": "Hebrew Letter Dalet With Dagesh",
              "</script>": "Browser Challenge"
            }
            """
        let expected =
            "{\"\\n\":\"Newline\",\"\\r\":\"Carriage Return\",\"1\":\"One\",\"</script>\":\"Browser Challenge\","
            + "\"\u{80}\":\"Control\u{7F}\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
            + "\"😂\":\"Smiley\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(try canonical(input) == expected)
    }

    /// RFC 8785 §3.2.2's example without its floating-point numbers.
    @Test func escapesStringsAsECMAScript() throws {
        let input = #"{"string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}"#
        #expect(try canonical(input) == #"{"literals":[null,true,false],"string":"€$\u000f\nA'B\"\\\\\"/"}"#)
    }

    /// The structures vector of the RFC's test data (with the integer 56 for 56.0).
    @Test func sortsNestedStructures() throws {
        let input = #"""
            {"1": {"f": {"f": "hi","F": 5} ,"\n": 56},"10": { },"": "empty","a": { },"111": [ {"e": "yes","E": "no" } ],"A": { }}
            """#
        #expect(
            try canonical(input)
                == #"{"":"empty","1":{"\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{"E":"no","e":"yes"}],"A":{},"a":{}}"#
        )
    }

    @Test func writesIntegersAsECMAScriptDoes() throws {
        #expect(
            try canonical("[0,-0,1,-1,9007199254740991,-9007199254740991]")
                == "[0,0,1,-1,9007199254740991,-9007199254740991]")
        #expect(throws: CanonicalJSON.Error.self) { try CanonicalJSON.serialize(.integer(9_007_199_254_740_992)) }
    }

    @Test func escapesEveryControlCharacter() throws {
        let text = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar($0)! }))
        let out = String(decoding: try CanonicalJSON.serialize(.string(text)), as: UTF8.self)
        #expect(
            out == #""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f"#
                + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f""#)
        #expect(try CanonicalJSON.parse(Array(out.utf8)) == .string(text))
    }

    @Test(arguments: [
        #"{"a":1,"a":2}"#, #"{"a":1,"\u0061":2}"#, "[1.5]", "[1e3]", "[9007199254740992]", "[01]", "[-]",
        #"["\ud800"]"#, #"["\udc00x"]"#, "[\"\u{01}\"]", #"["\x"]"#, "[1,]", "{\"a\":1,}", "[1] x", "", "nul",
        #"{"a" 1}"#, "[\"unterminated]",
    ])
    func parserRejects(json: String) {
        #expect(throws: CanonicalJSON.Error.self) { try CanonicalJSON.parse(Array(json.utf8)) }
    }

    @Test func parserRejectsInvalidUTF8AndLimits() {
        #expect(throws: CanonicalJSON.Error.self) { try CanonicalJSON.parse([0x22, 0xC3, 0x28, 0x22]) }
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(throws: CanonicalJSON.Error.self) { try CanonicalJSON.parse(Array(deep.utf8)) }
        let shallow = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect((try? CanonicalJSON.parse(Array(shallow.utf8))) != nil)
        #expect(throws: CanonicalJSON.Error.self) {
            try CanonicalJSON.parse(Array("\"abcdef\"".utf8), limits: .init(maximumBytes: 4))
        }
    }

    @Test func duplicateKeyErrorNamesTheOffset() {
        do {
            _ = try CanonicalJSON.parse(Array(#"{"a":1, "a":2}"#.utf8))
            Issue.record("accepted a duplicate key")
        } catch {
            #expect(error.offset == 8)
        }
    }
}
