import Testing
import VitniKit

/// The ID numbers of the children's countries of origin. Valid examples are python-stdnum 2.2's
/// documented ones and numbers for a child born 2015-03-14 built by Tests/Corpus/make_id_corpus.py
/// (and accepted by stdnum); each invalid one breaks one rule.
@Suite struct RedactionOriginValidatorTests {
    @Test func polishPESEL() {
        #expect(PersonalID.kind(of: "44051401359") == .polishPESEL, "1944-05-14")
        #expect(PersonalID.kind(of: "15231438984") == .polishPESEL, "2015-03-14: month + 20")
        #expect(PersonalID.kind(of: "44051401358") != .polishPESEL, "wrong check digit")
        #expect(PersonalID.kind(of: "02381307589") != .polishPESEL, "month 38 encodes no month")
        #expect(PersonalID.kind(of: "15231438984", today: 20_150_313) != .polishPESEL, "a birth date after today")
    }

    @Test func romanianCNP() {
        #expect(PersonalID.kind(of: "1630615123457") == .romanianCNP, "1963-06-15")
        #expect(PersonalID.kind(of: "5150314249383") == .romanianCNP, "2015-03-14, S = 5")
        #expect(PersonalID.kind(of: "1630615123458") == nil, "wrong check digit")
        #expect(PersonalID.kind(of: "1632215123457") == nil, "month 22")
        #expect(PersonalID.kind(of: "1630615993454") == nil, "county 99")
        #expect(PersonalID.kind(of: "0800101221142") == nil, "S = 0")
        #expect(PersonalID.kind(of: "5150314249383", today: 20_150_313) == nil, "a birth date after today")
    }

    @Test func bulgarianEGN() {
        #expect(PersonalID.kind(of: "8032056031") == .bulgarianEGN, "1880-12-05: month + 20")
        #expect(PersonalID.kind(of: "1543146180") == .bulgarianEGN, "2015-03-14: month + 40")
        #expect(PersonalID.kind(of: "1543146181") == nil, "wrong check digit")
        #expect(PersonalID.kind(of: "8019010008") == nil, "month 19")
        #expect(PersonalID.kind(of: "1543146180", today: 20_150_313) != .bulgarianEGN, "a birth date after today")
    }

    @Test func ukrainianRNOKPP() {
        #expect(PersonalID.kind(of: "1759013776") == .ukrainianRNOKPP)
        #expect(PersonalID.kind(of: "4207677662") == .ukrainianRNOKPP, "day 42076 after 1899-12-31 is 2015-03-14")
        #expect(PersonalID.kind(of: "1759013770") == nil, "wrong check digit")
        #expect(PersonalID.kind(of: "4207677662", today: 20_150_313) == nil, "a birth date after today")
        #expect(PersonalID.kind(of: "4207677662", today: 20_150_314) == .ukrainianRNOKPP, "born today")
    }

    @Test func germanSteuerIdNr() {
        #expect(PersonalID.kind(of: "36574261809") == .germanSteuerIdNr)
        #expect(PersonalID.kind(of: "36 574 261 809") == .germanSteuerIdNr, "as printed on tax letters")
        #expect(PersonalID.kind(of: "11234567890") == .germanSteuerIdNr, "one digit twice, check digit 0")
        #expect(PersonalID.kind(of: "36574261890") == nil, "wrong check digit")
        #expect(PersonalID.kind(of: "36554266806") == nil, "two digits repeated")
        #expect(PersonalID.kind(of: "01234567890") == nil, "leading zero")
        #expect(PersonalID.kind(of: "36 574 261809") == nil, "groups as printed or none")
    }
}
