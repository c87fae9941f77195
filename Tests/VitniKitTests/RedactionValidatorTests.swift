import Testing
import VitniKit

/// Known valid and invalid numbers for each scheme. Valid ones are the docs/domain.md examples and
/// published specimens checked by hand; invalid ones break exactly one rule (check digit, date,
/// century, individual number) while the generator keeps every other rule intact.
@Suite struct RedactionValidatorTests {
    @Test(arguments: [
        ("150314-2380", PersonalIDKind.swedishPersonnummer), ("1503142380", .swedishPersonnummer),
        ("20150314-2380", .swedishPersonnummer), ("201503142380", .swedishPersonnummer),
        ("150314+2380", .swedishPersonnummer), ("811218-9876", .swedishPersonnummer),
        ("150374-2387", .swedishSamordningsnummer),
    ])
    func swedishValid(_ number: String, _ kind: PersonalIDKind) {
        #expect(PersonalID.kind(of: number) == kind, "\(kind.label) example \(number.count) chars")
    }

    @Test func swedishInvalid() {
        // A hyphenated 10-digit number with a bad Luhn digit may still be a Danish CPR (no
        // checksum) when its first six digits also read as DDMMYY: it is then not Swedish.
        #expect(PersonalID.kind(of: "150314-2381") == .danishCPR, "wrong Luhn digit: not Swedish")
        #expect(PersonalID.kind(of: "19150314-2381") == nil, "wrong Luhn digit, 12-digit form")
        #expect(PersonalID.kind(of: "811218-9875") == nil, "wrong Luhn digit")
        let feb30 = IDGen.swedish(IDGen.Birth(year: 2015, month: 2, day: 30), serial: 238)
        #expect(PersonalID.kind(of: feb30) != .swedishPersonnummer, "Luhn-valid but 30 February")
        #expect(PersonalID.kind(of: "20" + feb30) == nil, "Luhn-valid but 30 February, 12-digit form")
        let month13 = IDGen.swedish(IDGen.Birth(year: 2015, month: 13, day: 1), serial: 238)
        #expect(PersonalID.kind(of: month13) == nil, "Luhn-valid but month 13")
        #expect(PersonalID.kind(of: "21150314-2380") == nil, "century 21 does not exist yet")
        #expect(PersonalID.kind(of: "150314 2380") == .swedishPersonnummer, "a space for the hyphen")
        #expect(PersonalID.kind(of: "20150314 2380") == .swedishPersonnummer, "12-digit form, space for the hyphen")
        #expect(PersonalID.kind(of: "20150314-2380", today: 20_150_313) == nil, "born after today")
        #expect(PersonalID.kind(of: "150314-2380", today: 20_150_313) == .swedishPersonnummer, "then read as 1915")
    }

    @Test func norwegian() throws {
        #expect(PersonalID.kind(of: "14031550034") == .norwegianFodselsnummer)
        #expect(PersonalID.kind(of: "140315 50034") == .norwegianFodselsnummer)
        #expect(PersonalID.kind(of: "140315-50034") == .norwegianFodselsnummer, "a hyphen (not Latvian: 5)")
        #expect(PersonalID.kind(of: "14031550034", today: 20_150_313) == nil, "a birth date after today")
        let dNumber = try #require(
            IDGen.norwegian(IDGen.Birth(year: 2015, month: 3, day: 14), individual: 500, dNumber: true))
        #expect(dNumber.hasPrefix("54"))
        #expect(PersonalID.kind(of: dNumber) == .norwegianDNumber)
        #expect(PersonalID.kind(of: "14031550035") == nil, "wrong second check digit")
        #expect(PersonalID.kind(of: "14031550044") == nil, "wrong first check digit")
        // Both check digits right, but individual 800 with year 65 has no century.
        let noCentury = try #require(IDGen.norwegian(IDGen.Birth(year: 1965, month: 3, day: 14), individual: 800))
        #expect(PersonalID.kind(of: noCentury) == nil)
        // Both check digits right, but 31 April.
        let badDate = try #require(
            (0..<1000).lazy.compactMap { IDGen.norwegian(IDGen.Birth(year: 1988, month: 4, day: 31), individual: $0) }
                .first)
        #expect(PersonalID.kind(of: badDate) == nil)
    }

    @Test func danish() {
        #expect(PersonalID.kind(of: "140315-4004") == .danishCPR)
        #expect(PersonalID.kind(of: "140315-4001") == .danishCPR, "mod 11 is not required since 2007")
        #expect(PersonalID.kind(of: "290200-4004") == .danishCPR, "7th digit 4, year 00 → 2000, a leap year")
        #expect(PersonalID.kind(of: "290200-0004") == nil, "7th digit 0 → 1900, not a leap year")
        #expect(PersonalID.kind(of: "320315-4004") != .danishCPR, "day 32 (it is a valid Swedish number of 1932)")
        #expect(PersonalID.kind(of: "320315-4005") == nil, "day 32, and no Luhn either")
        #expect(PersonalID.kind(of: "140315 4004") == .danishCPR, "a space for the hyphen")
        #expect(PersonalID.kind(of: "1403154004") == .danishCPR, "no separator")
        #expect(PersonalID.kind(of: "140315-4004", today: 20_150_313) == nil, "a birth date after today")
        #expect(PersonalID.kind(of: "140315-4004", today: 20_150_314) == .danishCPR, "born today")
        #expect(PersonalID.kind(of: "3104154005") == nil, "31 April, and no scheme with a checksum fits")
    }

    @Test func finnish() {
        #expect(PersonalID.kind(of: "140315A2380") == .finnishHenkilotunnus)
        #expect(PersonalID.kind(of: "140315a2380") == .finnishHenkilotunnus, "letters in either case")
        #expect(PersonalID.kind(of: "131052-308T") == .finnishHenkilotunnus)
        let b = IDGen.Birth(year: 2015, month: 3, day: 14)
        for sign in ["B", "C", "D", "E", "F"] {
            #expect(
                PersonalID.kind(of: IDGen.finnish(b, individual: 238, sign: Character(sign))) == .finnishHenkilotunnus)
        }
        let old = IDGen.Birth(year: 1952, month: 10, day: 13)
        for sign in ["Y", "X", "W", "V", "U"] {
            #expect(
                PersonalID.kind(of: IDGen.finnish(old, individual: 308, sign: Character(sign))) == .finnishHenkilotunnus
            )
        }
        #expect(PersonalID.kind(of: "140315A2381") == nil, "wrong check character")
        #expect(PersonalID.kind(of: "131052-308S") == nil, "wrong check character")
        #expect(PersonalID.kind(of: IDGen.finnish(old, individual: 1, sign: "-")) == nil, "individual 001")
        #expect(
            PersonalID.kind(of: IDGen.finnish(old, individual: 902, sign: "-")) == .finnishHenkilotunnus,
            "temporary numbers 900–999 still identify someone")
        #expect(PersonalID.kind(of: "010101A902T") == .finnishHenkilotunnus, "the sample interview's temporary number")
        #expect(PersonalID.kind(of: IDGen.finnish(b, individual: 238, sign: "G")) == nil, "G is no century sign")
        #expect(
            PersonalID.kind(of: IDGen.finnish(IDGen.Birth(year: 2015, month: 2, day: 29), individual: 238, sign: "A"))
                == nil)
    }

    @Test func icelandic() {
        #expect(PersonalID.kind(of: "140315-2060") == .icelandicKennitala)
        #expect(PersonalID.kind(of: "1403152060") == .icelandicKennitala)
        #expect(PersonalID.kind(of: "1403152069") == .icelandicKennitala, "century 9 → 1915")
        #expect(PersonalID.kind(of: "1403152061") != .icelandicKennitala, "1 is no century digit")
        #expect(PersonalID.kind(of: "140315 2060") == .icelandicKennitala, "a space for the hyphen")
        // Not kennitalas, but their first six digits read as a Danish CPR's date, which has no checksum.
        #expect(PersonalID.kind(of: "1403152065") == .danishCPR, "5 is no century digit")
        #expect(PersonalID.kind(of: "1403152050") != .icelandicKennitala, "wrong check digit")
        // Companies: day + 40. Some also pass as Swedish numbers; all must pass as something.
        let companies = (20...40).compactMap { IDGen.icelandic(IDGen.Birth(year: 2015, month: 3, day: 54), random: $0) }
        let kinds = companies.map { PersonalID.kind(of: String($0.filter { $0 != "-" })) }
        #expect(!companies.isEmpty && kinds.allSatisfy { $0 != nil })
        #expect(kinds.contains(.icelandicKennitala))
    }

    @Test func estonianAndLithuanian() {
        #expect(PersonalID.kind(of: "61503142382") == .estonianOrLithuanianPersonalCode)
        #expect(PersonalID.kind(of: "51503142381") == .estonianOrLithuanianPersonalCode)
        #expect(PersonalID.kind(of: "37605030299") == .estonianOrLithuanianPersonalCode)
        #expect(PersonalID.kind(of: "61503142383") == nil, "wrong check digit")
        #expect(PersonalID.kind(of: "37605030298") == nil, "wrong check digit")
        let feb29 = IDGen.baltic(IDGen.Birth(year: 2015, month: 2, day: 29), serial: 238, female: true)
        #expect(PersonalID.kind(of: feb29) != .estonianOrLithuanianPersonalCode, "checksum right, 29 February 2015")
        #expect(
            PersonalID.kind(of: "61503142382", today: 20_150_313) != .estonianOrLithuanianPersonalCode,
            "a birth date after today")
    }

    @Test func latvian() {
        #expect(PersonalID.kind(of: "140315-22387") == .latvianPersonasKods)
        #expect(PersonalID.kind(of: "14031522387") == .latvianPersonasKods)
        #expect(PersonalID.kind(of: "321234-56789") == .latvianPersonasKodsNew)
        #expect(PersonalID.kind(of: "140315-22388") == nil, "wrong check digit")
        #expect(PersonalID.kind(of: "140315 22387") == .latvianPersonasKods, "a space for the hyphen")
        #expect(PersonalID.kind(of: "321234 56789") == .latvianPersonasKodsNew, "2017 code, space for the hyphen")
        #expect(PersonalID.kind(of: "32123456785") == .latvianPersonasKodsNew, "2017 code without hyphen, check 5")
        #expect(PersonalID.kind(of: "32123456789") == nil, "2017 code without hyphen needs its check digit")
        #expect(PersonalID.kind(of: "140315-22387", today: 20_150_313) == nil, "a birth date after today")
        #expect(PersonalID.kind(of: "140315-52387") == nil, "5 is no century digit")
    }

    /// A number valid in several countries is logged as the first scheme in the documented order
    /// (docs/domain.md): checksum schemes before the Danish CPR, Nordic before the others.
    @Test func ambiguousNumbersFollowTheDocumentedOrder() {
        // Swedish (Luhn), Bulgarian (mod 11) and Danish (a date) all accept it: logged as Swedish.
        #expect(PersonalID.kind(of: "1503142380") == .swedishPersonnummer)
        // Icelandic (mod 11 and a century digit) before the Danish reading of the same digits.
        #expect(PersonalID.kind(of: "1403152060") == .icelandicKennitala)
        // No Luhn, no kennitala: the Bulgarian check digit decides before the Danish date.
        #expect(PersonalID.kind(of: "1403152050") == .bulgarianEGN)
    }

    @Test func labelsNeverHoldDigits() {
        for kind in PersonalIDKind.allCases {
            #expect(!kind.label.contains(where: \.isNumber) || kind == .latvianPersonasKodsNew)
        }
    }
}
