import Testing
import VitniKit

@Suite struct RedactionRedactorTests {
    let scanner = RedactionScanner(protectedNames: ["Anna", "Åsa Lindqvist", "Lund"])

    func redact(_ redactor: inout Redactor, _ text: String) throws -> RedactionResult {
        try redactor.redact(text, findings: scanner.findings(in: text))
    }

    @Test func labelsAreConsistentPerEntity() throws {
        var redactor = Redactor()
        let result = try redact(
            &redactor,
            "Anna och Annas mamma Åsa Lindqvist. ANNA's pnr 150314-2380 = 20150314-2380; Lund, Lunds; 070-174 06 05 "
                + "och +46 70 174 06 05. Åsa Lindqvists bror.")
        #expect(
            result.text
                == "[NAME-1] och [NAME-1] mamma [NAME-2]. [NAME-1] pnr [ID-1] = [ID-1]; [NAME-3], [NAME-3]; "
                + "[PHONE-1] och [PHONE-1]. [NAME-2] bror.")
    }

    @Test func labelsCarryAcrossUtterances() throws {
        var redactor = Redactor()
        let first = try redact(&redactor, "Anna ringde från 070-174 06 05.")
        let second = try redact(&redactor, "Sedan kom Lund, och Anna igen, mail anna@example.se, anna@EXAMPLE.se")
        let third = try redact(
            &redactor, "Annas nummer är 070-1740605? Nej, 070-174 06 77. Född 14 mars 2015 = född 2015-03-14.")
        #expect(first.text == "[NAME-1] ringde från [PHONE-1].")
        #expect(second.text == "Sedan kom [NAME-2], och [NAME-1] igen, mail [EMAIL-1], [EMAIL-1]")
        #expect(third.text == "[NAME-1] nummer är [PHONE-1]? Nej, [PHONE-2]. Född [DOB-1] = född [DOB-1].")
    }

    @Test func logEntriesPointAtSpansAndHoldNoText() throws {
        var redactor = Redactor()
        let text = "Åsa Lindqvist, 140315A2380, asa@example.fi, Götgatan 12, född 14 mars 2015"
        let result = try redact(&redactor, text)
        #expect(result.log.map(\.label) == ["[NAME-1]", "[ID-1]", "[EMAIL-1]", "[ADDRESS-1]", "[DOB-1]"])
        #expect(result.log.map(\.detector) == ["name", "personal-id", "email", "address", "date-of-birth"])
        #expect(result.log[1].category == .personalID(.finnishHenkilotunnus))
        let original = Array(text.utf8)
        let redacted = Array(result.text.utf8)
        for entry in result.log {
            #expect(String(decoding: redacted[entry.redactedRange], as: UTF8.self) == entry.label)
            let removed = String(decoding: original[entry.originalRange], as: UTF8.self)
            #expect(!entry.description.contains(removed), "the log line holds no removed text")
            #expect(!result.text.contains(removed), "the removed text is gone")
        }
    }

    @Test func findingsFromAnotherTextAreRefused() throws {
        var redactor = Redactor()
        let findings = scanner.findings(in: "Åsa Lindqvist")
        #expect(throws: (any Error).self) { try redactor.redact("Å", findings: findings) }
        #expect(throws: (any Error).self) {
            try redactor.redact("Åb", findings: [RedactionFinding(utf8Range: 1..<2, category: .name, detector: "x")])
        }
    }

    @Test func overlappingAcceptedFindingsAreMergedByPrecedence() throws {
        var redactor = Redactor()
        let text = "tel 1503142380"
        let findings = [
            RedactionFinding(utf8Range: 4..<14, category: .phone, detector: "phone"),
            RedactionFinding(utf8Range: 4..<14, category: .personalID(.swedishPersonnummer), detector: "personal-id"),
        ]
        let result = try redactor.redact(text, findings: findings)
        #expect(result.text == "tel [ID-1]")
        #expect(result.log.count == 1)
    }
}
