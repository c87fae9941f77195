import Foundation
import Testing
import VitniFormats

/// EAF is read as UTF-8, or UTF-16 with a byte order mark, and nothing else: a declared encoding
/// that libxml2 would honour behind the DOCTYPE check (UTF-7) or that changes the text a reader
/// sees (ISO-8859-1) is refused before the XML parser runs.
@Suite struct TranscriptEAFEncodingTests {
    private static func document(declaration: String) -> String {
        declaration + "\n"
            + #"<ANNOTATION_DOCUMENT AUTHOR="" DATE="2026-11-02T10:00:00Z" FORMAT="3.0" VERSION="3.0">"# + "\n"
            + #"  <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>"# + "\n"
            + #"  <TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="1000"/>"#
            + #"<TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="2500"/></TIME_ORDER>"# + "\n"
            + #"  <TIER LINGUISTIC_TYPE_REF="lt" TIER_ID="INT"><ANNOTATION>"#
            + #"<ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">"# + "\n"
            + "    <ANNOTATION_VALUE>Berätta!</ANNOTATION_VALUE>\n"
            + "  </ALIGNABLE_ANNOTATION></ANNOTATION></TIER>\n"
            + "</ANNOTATION_DOCUMENT>\n"
    }

    private static let utf8Document = document(declaration: #"<?xml version="1.0" encoding="UTF-8"?>"#)
    private static let expected = [Utterance(start: 1000, end: 2500, speaker: .interviewer, text: "Berätta!")]

    private func rejection(_ bytes: [UInt8]) -> TranscriptError? {
        TranscriptSamples.error { () throws(TranscriptError) in try EAF.parse(bytes: bytes) }
    }

    /// `+ADw-!DOCTYPE …` is `<!DOCTYPE …` in UTF-7: once libxml2 switched to UTF-7 it expanded
    /// the entities the check never saw (minutes of CPU), and UTF-7 text read as other words.
    @Test func refusesUTF7BeforeTheXMLParserRuns() {
        let laughs =
            #"+ADw-!DOCTYPE x +AFs-+ADw-!ENTITY a +ACI-aaaaaaaaaa+ACI-+AD4-"#
            + #"+ADw-!ENTITY b +ACI-+ACY-a+ADs-+ACY-a+ADs-+ACY-a+ADs-+ACY-a+ADs-+ACI-+AD4-+AF0-+AD4-"#
        let text = Self.document(declaration: #"<?xml version="1.0" encoding="UTF-7"?>"# + "\n" + laughs)
            .replacingOccurrences(of: "Berätta!", with: "+AGY-oo")
        let error = rejection(Array(text.utf8))
        #expect(error?.line == 1)
        #expect(error?.reason.contains("'UTF-7'") == true, "\(String(describing: error))")
        #expect(error?.reason.contains("UTF-8, or UTF-16 with a byte order mark") == true)
    }

    @Test(arguments: ["ISO-8859-1", "utf-7", "windows-1252", "EBCDIC-US", "UCS-4", "US-ASCII"])
    func refusesEveryOtherDeclaredEncoding(encoding: String) {
        let text = Self.document(declaration: #"<?xml version="1.0" encoding="\#(encoding)"?>"#)
        let error = rejection(Array(text.utf8))
        #expect(error?.line == 1)
        #expect(error?.reason.contains("'\(encoding.uppercased())'") == true, "\(String(describing: error))")
    }

    @Test func readsUTF8WithOrWithoutADeclarationOrByteOrderMark() throws {
        let bare = Self.utf8Document.split(separator: "\n", maxSplits: 1)[1]
        for text in [Self.utf8Document, String(bare), #"<?xml version='1.0'?>"# + "\n" + bare] {
            #expect(try EAF.parse(bytes: Array(text.utf8)).utterances == Self.expected)
            #expect(try EAF.parse(bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8)).utterances == Self.expected)
        }
    }

    @Test func readsUTF16WithAByteOrderMarkInEitherOrder() throws {
        let text = Self.document(declaration: #"<?xml version="1.0" encoding="UTF-16"?>"#)
        let units = Array(text.utf16)
        let bigEndian: [UInt8] = [0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let littleEndian: [UInt8] = [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try EAF.parse(bytes: bigEndian).utterances == Self.expected)
        #expect(try EAF.parse(bytes: littleEndian).utterances == Self.expected)
    }

    @Test func refusesUTF16WithoutAByteOrderMark() {
        let declared = Self.document(declaration: #"<?xml version="1.0" encoding="UTF-16"?>"#)
        #expect(rejection(Array(declared.utf8))?.reason.contains("no UTF-16 byte order mark") == true)
        // Without a mark libxml2 would guess UTF-16LE from `3C 00 3F 00`; the NULs are refused.
        let ascii = declared.replacingOccurrences(of: "Berätta!", with: "Tell!")
        let guessed: [UInt8] = Array(ascii.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let error = rejection(guessed)
        #expect(error?.line == 1)
        #expect(error?.reason.contains("control character U+0") == true, "\(String(describing: error))")
    }

    @Test func refusesAMarkupDeclarationAnywhere() {
        let lines = Self.utf8Document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (insert, line) in [
            ("<!-- a comment --><!DOCTYPE x>", 2), ("<!ELEMENT x ANY>", 2), ("<!-- <!DOCTYPE x> -->", 2),
            ("<!doctype x>", 2),
        ] {
            var edited = lines
            edited.insert(insert, at: 1)
            let error = rejection(Array(edited.joined(separator: "\n").utf8))
            #expect(error?.line == line, "\(insert): \(String(describing: error))")
            #expect(error?.reason.contains("not allowed in EAF") == true, "\(insert)")
        }
    }

    @Test func refusesAMalformedDeclaration() {
        for declaration in [
            #"<?xml encoding="UTF-8"?>"#, #"<?xml version="1.0" encoding="UTF-8" version="1.0"?>"#,
            #"<?xml version="1.0"encoding="UTF-8"?>"#, #"<?xml version="1.0" encoding="UTF-8""#,
        ] {
            let error = rejection(Array(Self.document(declaration: declaration).utf8))
            #expect(error?.line == 1, "\(declaration)")
            #expect(error?.reason.contains("XML declaration") == true, "\(declaration): \(String(describing: error))")
        }
    }

    /// libxml2's error codes arrive as numbers; the reason gives them in words, with the line.
    @Test func reportsXMLErrorsInWordsWithTheLine() {
        let mismatched = Self.utf8Document.replacingOccurrences(of: "</ANNOTATION_VALUE>", with: "</VALUE>")
        let error = rejection(Array(mismatched.utf8))
        #expect(error?.line == 6, "\(String(describing: error))")
        #expect(
            error?.reason.contains("an end tag does not match its start tag") == true, "\(String(describing: error))")
        #expect(error?.reason.contains("parser error") == false)
        let unquoted = Self.utf8Document.replacingOccurrences(of: #"TIME_VALUE="2500""#, with: "TIME_VALUE=2500")
        let second = rejection(Array(unquoted.utf8))
        #expect(second?.line == 4)
        #expect(
            second?.reason.contains("attribute value does not start with a quote") == true,
            "\(String(describing: second))")
    }
}
