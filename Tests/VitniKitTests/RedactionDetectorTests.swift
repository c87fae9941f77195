import Testing
import VitniKit

/// Per-detector behaviour on short, hand-written texts.
@Suite struct RedactionDetectorTests {
    func spans(_ findings: [RedactionFinding], _ text: String) -> [String] {
        findings.compactMap { $0.range(in: text).map { String(text[$0]) } }
    }

    @Test func personalIDsInText() {
        let text = "Barnet (pnr 150314-2380), fnr 14031550034, CPR: 140315-4004, hetu 140315A2380, kt. 140315-2060."
        let found = PersonalIDDetector().findings(in: text)
        #expect(spans(found, text) == ["150314-2380", "14031550034", "140315-4004", "140315A2380", "140315-2060"])
        #expect(
            found.map(\.category) == [
                .personalID(.swedishPersonnummer), .personalID(.norwegianFodselsnummer), .personalID(.danishCPR),
                .personalID(.finnishHenkilotunnus), .personalID(.icelandicKennitala),
            ])
    }

    @Test func personalIDsNotInsideOtherCodes() {
        for text in [
            "INV-150314-2380", "#1503142380", "x150314-2380", "150314-23801", "1.14031550034", "14031550034.5",
            "SE4515031423800000", "tid 10:1503142380", "150314-2380abc",
        ] {
            #expect(PersonalIDDetector().findings(in: text).isEmpty, "glued to other text: \(text.count) chars")
        }
        #expect(PersonalIDDetector().findings(in: "ID:150314-2380").count == 1, "a label and colon is fine")
    }

    @Test func personalIDsAsPeopleTypeThem() {
        let text =
            "pnr 150314 2380, CPR 1403154004, kt. 140315 2060, kods 321234 56785, PESEL 15231438984, "
            + "CNP 5150314249383, ЕГН 1543146180, РНОКПП 4207677662, Steuer-ID 36 574 261 809."
        let found = PersonalIDDetector().findings(in: text)
        #expect(
            spans(found, text) == [
                "150314 2380", "1403154004", "140315 2060", "321234 56785", "15231438984", "5150314249383",
                "1543146180",
                "4207677662", "36 574 261 809",
            ])
        #expect(
            found.map(\.category) == [
                .personalID(.swedishPersonnummer), .personalID(.danishCPR), .personalID(.icelandicKennitala),
                .personalID(.latvianPersonasKodsNew), .personalID(.polishPESEL), .personalID(.romanianCNP),
                .personalID(.bulgarianEGN), .personalID(.ukrainianRNOKPP), .personalID(.germanSteuerIdNr),
            ])
    }

    /// Ten bare digits that are both a Swedish mobile number and a past DDMMYY are a valid Danish
    /// CPR (which has no checksum; this one also passes the Ukrainian check digit): the ID wins the
    /// merge, so the number is still redacted, but logged as an ID. Written as people usually
    /// write phone numbers, it stays a phone.
    @Test func bareMobileThatIsAlsoACPR() {
        let scanner = RedactionScanner()
        #expect(scanner.findings(in: "Ring 0701740605.").map(\.category.kind) == [.personalID])
        #expect(PersonalID.kind(of: "0701740605") == .ukrainianRNOKPP, "the check digit before the date alone")
        #expect(scanner.findings(in: "Ring 070-174 06 05.").map(\.category) == [.phone])
        #expect(scanner.findings(in: "Ring 0731740605.").map(\.category) == [.phone], "no 31st month")
    }

    @Test func spacedIDsNotInsideLongerSpacedNumbers() {
        for text in ["12 150314 2380", "150314 2380 12", "150314 2380-4", "1 36 574 261 809", "36 574 261 809 1"] {
            #expect(PersonalIDDetector().findings(in: text).isEmpty, "part of a longer number: \(text.count) chars")
        }
        #expect(PersonalIDDetector().findings(in: "(150314 2380)").count == 1, "brackets are fine")
    }

    @Test func phones() {
        let text = """
            SE 070-174 06 05, +46 (0)70-174 06 12, 08-123 456 78, NO +47 912 34 567, tlf 41234567, \
            DK +45 20 12 34 56, FI 040 123 4567, 050-1234567, IS +354 581 2345, EE +372 5123 4567, \
            LV 21 234 567, LT 8 612 34567, 861234567, 0046 8 123 45 67.
            """
        #expect(
            spans(PhoneDetector().findings(in: text), text) == [
                "070-174 06 05", "+46 (0)70-174 06 12", "08-123 456 78", "+47 912 34 567", "41234567",
                "+45 20 12 34 56",
                "040 123 4567", "050-1234567", "+354 581 2345", "+372 5123 4567", "21 234 567", "8 612 34567",
                "861234567", "0046 8 123 45 67",
            ])
    }

    @Test func phoneDecoys() {
        for text in [
            "konto 1234.56.78903", "order 20934781", "ordre 912 34 567", "faktura 2024-00123", "2015-03-14",
            "14.03.2015", "14/03/2015", "kl 00:01:02.345", "1 250 000 kr", "12 345 678 kr",
            "SE45 5000 0000 0583 9825 7466",
            "NO93 8601 1117 947", "room 4711", "year 2015", "12345678", "(3.2) okay", "CASE-2026-0042",
            "120 000 EUR", "45 000 000 NOK",
        ] {
            #expect(PhoneDetector().findings(in: text).isEmpty, "decoy of \(text.count) chars")
        }
    }

    @Test func emails() {
        let text =
            "Mail anna.lind@example.se, <o'brien+tag@mail.example.co.uk> or jüri.tamm@näide.ee. Not @handle, a@b, x@localhost."
        #expect(
            spans(EmailDetector().findings(in: text), text) == [
                "anna.lind@example.se", "o'brien+tag@mail.example.co.uk", "jüri.tamm@näide.ee",
            ])
    }

    @Test func addresses() {
        let text = """
            Hon bor på Götgatan 12, 118 46 Stockholm. Han bodde i Storgata 5B, 0150 Oslo och på Vesterbrogade 3, \
            1620 København V. Mannerheimintie 5 A 12, 00100 Helsinki. Brīvības iela 12, LV-1010 Rīga. \
            Gedimino pr. 9, LT-01103 Vilnius. 221B Baker Street. Karl Johans gate 1. Laugavegur 7, 101 Reykjavík.
            """
        #expect(
            spans(AddressDetector().findings(in: text), text) == [
                "Götgatan 12, 118 46 Stockholm", "Storgata 5B, 0150 Oslo", "Vesterbrogade 3, 1620 København V",
                "Mannerheimintie 5 A 12, 00100 Helsinki", "Brīvības iela 12, LV-1010 Rīga",
                "Gedimino pr. 9, LT-01103 Vilnius",
                "221B Baker Street", "Karl Johans gate 1", "Laugavegur 7, 101 Reykjavík",
            ])
    }

    @Test func addressDecoys() {
        for text in [
            "på vägen 2 gånger", "In 2015 Stockholm was cold", "the street 5 times", "Gatan", "vi gick 3 km på gatan",
            "12 apples", "kl 14 Stockholm",
        ] {
            #expect(AddressDetector().findings(in: text).isEmpty, "decoy of \(text.count) chars")
        }
    }

    @Test func datesOfBirth() {
        let text = """
            Hon är född 14 mars 2015. He was born on March 14, 2015. DOB: 14/03/2015. Født 14.03.2015. \
            Syntynyt 14.3.2015. Fæddur 14. mars 2015. Sünd 14.03.2015. Dzimis 2015. gada 14. martā. \
            Gimęs 2015 m. kovo 14 d. Date of birth 2015-03-14. Födelsedatum: 2015-03-14.
            """
        #expect(
            spans(BirthDateDetector().findings(in: text), text) == [
                "14 mars 2015", "March 14, 2015", "14/03/2015", "14.03.2015", "14.3.2015", "14. mars 2015",
                "14.03.2015",
                "2015. gada 14. martā", "2015 m. kovo 14 d.", "2015-03-14", "2015-03-14",
            ])
    }

    @Test func datesWithoutCueOrInvalid() {
        for text in [
            "Intervjun hölls 2015-03-14.", "född 31.02.2015", "born in 1990", "född i Lund 1990-talet", "born 00:01:02",
        ] {
            #expect(BirthDateDetector().findings(in: text).isEmpty, "not a date of birth: \(text.count) chars")
        }
    }

    @Test func mergePrecedence() {
        // A Luhn-valid plain Swedish number after a phone cue is proposed as both: the ID wins.
        let text = "tel 1503142380, mail anna@lund.se"
        let scanner = RedactionScanner(protectedNames: ["Anna", "Lund"])
        let proposals = scanner.proposals(in: text)
        #expect(proposals.contains { $0.category == .phone }, "the phone detector proposed it")
        #expect(proposals.contains { $0.category == .name })
        let merged = scanner.findings(in: text)
        #expect(merged.map(\.category.kind) == [.personalID, .email])
    }

    @Test func findingDescriptionsHoldNoText() {
        let text = "Anna, 150314-2380, anna@example.se, 070-174 06 05, född 14 mars 2015, Götgatan 12"
        let findings = RedactionScanner(protectedNames: ["Anna"]).findings(in: text)
        #expect(findings.count == 6)
        for finding in findings {
            let shown = finding.description
            #expect(
                !shown.contains("Anna") && !shown.contains("2380") && !shown.contains("example")
                    && !shown.contains("174")
                    && !shown.contains("mars") && !shown.contains("Götgatan"))
        }
    }

    @Test func rangesRoundTrip() {
        let text = "Ærø: Åsa 🙂 150314-2380"
        let finding = PersonalIDDetector().findings(in: text)
        let range = finding.first?.range(in: text)
        #expect(range.map { String(text[$0]) } == "150314-2380")
        #expect(RedactionFinding(utf8Range: 1..<3, category: .name, detector: "x").range(in: text) == nil, "inside Æ")
        #expect(RedactionFinding(utf8Range: 0..<999, category: .name, detector: "x").range(in: text) == nil)
    }
}
