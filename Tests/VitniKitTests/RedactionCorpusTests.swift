import Glibc
import Testing
import VitniKit
import VitniTestSupport

/// A synthetic interview text generated from a seeded RNG: valid ID numbers of every scheme,
/// phones of every country, e-mails, addresses, dates of birth and protected names, hidden among
/// decoys that look like them (bad checksums, bank accounts, order and invoice numbers, IBANs,
/// dates, amounts, timestamps). Recall and precision are measured per category and printed.
struct RedactionCorpus {
    struct Expected {
        var range: Range<Int>
        var kind: RedactionCategory.Kind
        var tag: String
    }

    var text = ""
    var expected: [Expected] = []
    var rng: SeededGenerator
    /// Number of hidden items per tag, to check the corpus holds what the brief asks for.
    var tags: [String: Int] = [:]

    static let protectedNames = [
        "Åsa Lindqvist", "Jüri", "Oskar", "Lund", "Sólveig", "Mikko", "Þórður", "Ģirts", "Ugnė Čeponytė", "Björkskolan",
        "Virtanen",
    ]

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    mutating func plain(_ part: String) { text += part }

    mutating func item(_ part: String, _ kind: RedactionCategory.Kind, _ tag: String) {
        let start = text.utf8.count
        text += part
        expected.append(Expected(range: start..<text.utf8.count, kind: kind, tag: tag))
        tags[tag, default: 0] += 1
    }

    mutating func pick<T>(_ options: [T]) -> T { options[Int.random(in: 0..<options.count, using: &rng)] }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func digits(_ count: Int) -> String { (0..<count).map { _ in String(int(0...9)) }.joined() }

    static let fillers = [
        "Mm-hm. ", "Och sen då? ", "Tell me everything about that. ", "(3.2) ", "Jag vet inte. ", "Ok. ",
        "INT: Kan du berätta mer? ", "CHILD: Ja. ", "Hva skjedde så? ", "Mitä sitten tapahtui? ", "Og hvad så? ",
    ]

    mutating func filler() { plain(pick(Self.fillers)) }

    /// One sentence hiding `value` after a lead-in.
    mutating func sentence(
        _ lead: String, _ value: String, _ kind: RedactionCategory.Kind, _ tag: String, _ tail: String = ". "
    ) {
        filler()
        plain(lead)
        item(value, kind, tag)
        plain(tail)
    }

    // MARK: Personal IDs

    mutating func personalIDs(perType: Int) {
        for index in 0..<perType {
            var b = IDGen.randomBirth(&rng)
            let serial = int(0...999)
            let forms = [false, true]
            let se = IDGen.swedish(b, serial: serial, twelve: forms[index % 2])
            sentence(
                pick(["Personnumret är ", "pnr ", "Hans personnummer: "]),
                index % 4 == 3 ? String(se.filter { $0 != "-" }) : se, .personalID, "SE")
            let sam = IDGen.swedish(b, serial: int(0...999), coordination: true, twelve: index % 2 == 1)
            sentence("samordningsnummer ", sam, .personalID, "SE-samordning")
            if let no = IDGen.norwegian(b, individual: IDGen.norwegianIndividual(b.year, &rng)) {
                sentence(
                    "fødselsnummer ", index % 2 == 0 ? no : String(no.prefix(6)) + " " + String(no.dropFirst(6)),
                    .personalID, "NO")
            }
            if let d = IDGen.norwegian(b, individual: IDGen.norwegianIndividual(b.year, &rng), dNumber: true) {
                sentence("D-nummer ", d, .personalID, "NO-D")
            }
            sentence("CPR-nr. ", IDGen.danish(b, &rng), .personalID, "DK")
            let signs: [Character] = b.year >= 2000 ? ["A", "B", "C", "D", "E", "F"] : ["-", "Y", "X", "W", "V", "U"]
            sentence(
                "henkilötunnus ", IDGen.finnish(b, individual: int(2...899), sign: signs[index % signs.count]),
                .personalID, "FI")
            if let kt = IDGen.icelandic(b, random: int(20...99)) {
                sentence(
                    "kennitala hennar er ", index % 2 == 0 ? kt : String(kt.filter { $0 != "-" }), .personalID, "IS")
            }
            sentence("isikukood ", IDGen.baltic(b, serial: int(0...999), female: index % 2 == 0), .personalID, "EE")
            b = IDGen.randomBirth(&rng)
            sentence("asmens kodas ", IDGen.baltic(b, serial: int(0...999), female: index % 2 == 1), .personalID, "LT")
            if let lv = IDGen.latvianOld(b, serial: int(0...999)) {
                sentence("personas kods ", index % 2 == 0 ? lv : String(lv.filter { $0 != "-" }), .personalID, "LV")
            }
            sentence("jaunais personas kods ", IDGen.latvianNew(&rng), .personalID, "LV-new")
        }
    }

    // MARK: Phones

    mutating func phones(perCountry: Int) {
        for index in 0..<perCountry {
            let se = [
                "070-174 06 \(digits(2))", "+46 70 \(digits(3)) \(digits(2)) \(digits(2))",
                "08-\(digits(3)) \(digits(3)) \(digits(2))",
                "0046 8 \(digits(3)) \(digits(2)) \(digits(2))", "031-\(digits(3)) \(digits(2)) \(digits(2))",
                "+46 (0)73-\(digits(7))",
            ]
            sentence(pick(["Ring ", "Mammas nummer är ", ""]), se[index % se.count], .phone, "SE-phone")
            let first = pick(["4", "9"])
            let no = [
                "+47 \(first)\(digits(2)) \(digits(2)) \(digits(3))", "\(first)\(digits(2)) \(digits(2)) \(digits(3))",
                "0047 \(first)\(digits(7))", "tlf. \(first)\(digits(7))",
                "\(first)\(digits(1)) \(digits(2)) \(digits(2)) \(digits(2))",
            ]
            let noValue = no[index % no.count]
            if noValue.hasPrefix("tlf. ") {
                sentence("Hun har tlf. ", String(noValue.dropFirst(5)), .phone, "NO-phone")
            } else {
                sentence("Nummeret er ", noValue, .phone, "NO-phone")
            }
            let dk = [
                "+45 \(int(2...9))\(digits(1)) \(digits(2)) \(digits(2)) \(digits(2))",
                "\(int(2...9))\(digits(1)) \(digits(2)) \(digits(2)) \(digits(2))",
                "0045 \(int(2...9))\(digits(7))", "+45\(int(2...9))\(digits(7))",
            ]
            sentence("Ring til ", dk[index % dk.count], .phone, "DK-phone")
            let fi = [
                "+358 40 \(digits(3)) \(digits(4))", "040 \(digits(3)) \(digits(4))", "050-\(digits(7))",
                "09 \(digits(3)) \(digits(4))",
                "+358 50 \(digits(7))", "045 \(digits(7))",
            ]
            sentence("Puhelin ", fi[index % fi.count], .phone, "FI-phone")
            let isl = [
                "+354 \(int(5...8))\(digits(2)) \(digits(4))", "\(int(5...8))\(digits(2)) \(digits(4))",
                "00354 \(int(4...8))\(digits(6))",
            ]
            sentence("Síminn er ", isl[index % isl.count], .phone, "IS-phone")
            let ee = [
                "+372 5\(digits(3)) \(digits(4))", "5\(digits(3)) \(digits(4))",
                "+372 \(int(6...7))\(digits(2)) \(digits(4))",
            ]
            sentence("Telefon ", ee[index % ee.count], .phone, "EE-phone")
            let lv = [
                "+371 2\(digits(3)) \(digits(4))", "2\(digits(1)) \(digits(3)) \(digits(3))",
                "2\(digits(3)) \(digits(4))", "+371 6\(digits(7))",
            ]
            sentence("Tālrunis ", lv[index % lv.count], .phone, "LV-phone")
            let lt = [
                "+370 6\(digits(2)) \(digits(5))", "8 6\(digits(2)) \(digits(5))", "86\(digits(7))",
                "+370 5 \(digits(3)) \(digits(4))",
            ]
            sentence("Telefonas ", lt[index % lt.count], .phone, "LT-phone")
        }
    }

    // MARK: E-mails, addresses, dates of birth, names

    mutating func emails(count: Int) {
        let users = ["anna.lind", "jüri.tamm", "o'brien+tag", "mikko_v", "solveig", "girts.ozols", "x", "ugne.c99"]
        let domains = [
            "example.se", "mail.example.co.uk", "näide.ee", "skola.example.fi", "example.lv", "post.example.no",
            "sub.domain.lt",
        ]
        for index in 0..<count {
            let address = users[index % users.count] + "@" + domains[index % domains.count]
            let wrapped = index % 3 == 0
            sentence(wrapped ? "Mail <" : "Skriv till ", address, .email, "email", wrapped ? ">. " : ". ")
        }
    }

    mutating func addresses(count: Int) {
        for index in 0..<count {
            let n = int(1...120)
            let options = [
                "Götgatan \(n), \(int(111...199)) \(digits(2)) Stockholm", "Storgata \(n)B, 0\(int(150...199)) Oslo",
                "Vesterbrogade \(n), 1620 København V",
                "Mannerheimintie \(n) A \(int(1...40)), 00\(int(100...990)) Helsinki",
                "Brīvības iela \(n), LV-10\(int(10...99)) Rīga", "Gedimino pr. \(n), LT-0\(int(1000...9999)) Vilnius",
                "\(n) Baker Street", "Karl Johans gate \(n)", "Laugavegur \(n), 101 Reykjavík",
                "Pärnu mnt \(n), 10\(int(100...199)) Tallinn",
                "Drottninggatan \(n)", "Aleksanterinkatu \(n), 00100 Helsinki",
            ]
            sentence(
                pick(["Hon bor på ", "Vi bodde i ", "Adressen er ", "I live at "]), options[index % options.count],
                .address, "address")
        }
    }

    static let monthsSV = [
        "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november",
        "december",
    ]
    static let monthsEN = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
    static let monthsLT = [
        "sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio", "liepos", "rugpjūčio", "rugsėjo", "spalio",
        "lapkričio", "gruodžio",
    ]

    mutating func birthDates(count: Int) {
        for index in 0..<count {
            let b = IDGen.randomBirth(&rng, years: 2005...2020)
            let (y, m, d) = (b.year, b.month, b.day)
            let two = IDGen.two
            let forms: [(String, String)] = [
                ("Hon är född ", "\(d) \(Self.monthsSV[m - 1]) \(y)"),
                ("He was born on ", "\(Self.monthsEN[m - 1]) \(d), \(y)"),
                ("DOB: ", "\(two(d))/\(two(m))/\(y)"), ("Han er født ", "\(two(d)).\(two(m)).\(y)"),
                ("Hän on syntynyt ", "\(d).\(m).\(y)"), ("Hún er fædd ", "\(d). mars \(y)"),
                ("Ta on sündinud ", "\(two(d)).\(two(m)).\(y)"), ("Gimęs ", "\(y) m. \(Self.monthsLT[m - 1]) \(d) d."),
                ("Date of birth ", "\(y)-\(two(m))-\(two(d))"), ("Födelsedatum: ", "\(y)-\(two(m))-\(two(d))"),
                ("born ", "\(d) \(Self.monthsEN[m - 1]) \(y)"),
            ]
            let (lead, value) = forms[index % forms.count]
            sentence(lead, value, .dateOfBirth, "dob")
        }
    }

    mutating func names() {
        let uses: [(String, String, String)] = [
            ("", "Åsa Lindqvist", " kom hem."), ("Det var ", "Åsa Lindqvists", " bil."), ("", "Jüri", " ütles nii."),
            ("Me läksime ", "Jüriga", " koju."), ("", "Oskar", " sa det."), ("", "Oskar's", " bike."),
            ("I ", "Lunds", " skola."),
            ("Vi bor i ", "Lund", "."), ("", "Sólveig", " sagði það."), ("Menin ", "Mikon", " kanssa."),
            ("", "Mikolle", " soitettiin."),
            ("", "Þórður", " kom."), ("", "ĢIRTS", " teica."), ("", "Ugnė Čeponytė", " sakė."),
            ("Han går på ", "Björkskolan", "."),
            ("", "Virtasen", " koira."), ("", "oskar", " igen."), ("", "Virtanen", " tuli."),
            ("", "Åsa Lindqvist", " igen."),
        ]
        for (lead, name, tail) in uses {
            filler()
            plain(lead)
            item(name, .name, "name")
            plain(tail + " ")
        }
    }

    // MARK: Decoys

    /// Plain 10- and 11-digit strings that no scheme accepts (checked by regenerating them).
    func independentlyValid(_ compact: String) -> Bool {
        let d = IDGen.digits(compact)
        func valid(_ y: Int, _ m: Int, _ day: Int) -> Bool {
            [1800, 1900, 2000].contains { century in
                let year = century + y
                let days = [
                    31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30,
                    31, 30, 31,
                ]
                return (1...12).contains(m) && day >= 1 && day <= days[m - 1]
            }
        }
        let n = { (a: Int, b: Int) in d[a] * 10 + d[b] }
        if d.count == 10 {
            let seDay = n(4, 5) > 60 ? n(4, 5) - 60 : n(4, 5)
            let se = IDGen.swedish(
                IDGen.Birth(year: 2000 + n(0, 1), month: n(2, 3), day: n(4, 5) > 60 ? seDay : seDay),
                serial: d[6] * 100 + d[7] * 10 + d[8], coordination: n(4, 5) > 60)
            if se.filter({ $0 != "-" }) == compact, valid(n(0, 1), n(2, 3), seDay) { return true }
            let isDay = n(0, 1) > 40 ? n(0, 1) - 40 : n(0, 1)
            if let kt = IDGen.icelandic(
                IDGen.Birth(year: d[9] == 0 ? 2000 + n(4, 5) : 1900 + n(4, 5), month: n(2, 3), day: n(0, 1)),
                random: n(6, 7)),
                kt.filter({ $0 != "-" }).prefix(9) == compact.prefix(9), [0, 8, 9].contains(d[9]),
                valid(n(4, 5), n(2, 3), isDay)
            {
                return true
            }
            return false
        }
        if d.count == 11 {
            let noDay = n(0, 1) > 40 ? n(0, 1) - 40 : n(0, 1)
            if let no = IDGen.norwegian(
                IDGen.Birth(year: 2000 + n(4, 5), month: n(2, 3), day: noDay),
                individual: d[6] * 100 + d[7] * 10 + d[8], dNumber: n(0, 1) > 40),
                no == compact
            {
                return true
            }
            if (1...6).contains(d[0]),
                IDGen.baltic(
                    IDGen.Birth(year: (d[0] >= 5 ? 2000 : 1900) + n(1, 2), month: n(3, 4), day: n(5, 6)),
                    serial: d[7] * 100 + d[8] * 10 + d[9], female: d[0] % 2 == 0
                ).suffix(10) == compact.suffix(10),
                valid(n(1, 2), n(3, 4), n(5, 6))
            {
                return true
            }
            if d[6] <= 2,
                let lv = IDGen.latvianOld(
                    IDGen.Birth(year: (d[6] == 2 ? 2000 : 1900) + n(4, 5), month: n(2, 3), day: n(0, 1)),
                    serial: d[7] * 100 + d[8] * 10 + d[9]),
                lv.filter({ $0 != "-" }) == compact, valid(n(4, 5), n(2, 3), n(0, 1))
            {
                return true
            }
        }
        return false
    }

    mutating func decoys(count: Int) {
        for index in 0..<count {
            filler()
            switch index % 26 {
            case 0:
                let b = IDGen.randomBirth(&rng)
                let valid = IDGen.swedish(b, serial: int(0...999), twelve: true)
                let bad = String(valid.dropLast()) + String(((valid.last!.wholeNumberValue ?? 0) + int(1...9)) % 10)
                plain("Felaktigt personnummer \(bad). ")
            case 1:
                let b = IDGen.randomBirth(&rng, years: 1950...1999)
                let valid = IDGen.finnish(b, individual: int(2...899), sign: "-")
                let letters = IDGen.finnishAlphabet.filter { $0.isLetter && String($0) != String(valid.last!) }
                plain("väärä tunnus \(valid.dropLast())\(pick(letters)). ")
            case 2:
                var bad = ""
                repeat {
                    let b = IDGen.randomBirth(&rng)
                    if let no = IDGen.norwegian(b, individual: IDGen.norwegianIndividual(b.year, &rng)) {
                        bad = String(no.dropLast()) + String(((no.last!.wholeNumberValue ?? 0) + int(1...9)) % 10)
                    }
                } while bad.isEmpty || independentlyValid(bad)
                plain("ugyldig fødselsnummer \(bad). ")
            case 3: plain("Kontonummer \(IDGen.norwegianAccount(&rng)). ")
            case 4:
                var plainAccount = ""
                repeat {
                    plainAccount = IDGen.norwegianAccount(&rng).filter { $0 != "." }
                } while independentlyValid(plainAccount)
                plain("Kontonr \(plainAccount). ")
            case 5: plain("Order \(int(1000...9999))-\(int(1000...9999)) skickades. ")
            case 6: plain("ordre \(int(10_000_000...99_999_999)) er sendt. ")
            case 7:
                plain(
                    "Faktura \(int(2019...2025))-\(IDGen.pad(int(1...999), 5)) betald. Invoice INV-\(int(2019...2025))-\(IDGen.pad(int(1...99), 4)). "
                )
            case 8: plain("IBAN SE\(digits(2)) \(digits(4)) \(digits(4)) \(digits(4)) \(digits(4)) \(digits(4)). ")
            case 9:
                plain(
                    "IBAN NO\(digits(2)) \(digits(4)) \(digits(4)) \(digits(3)), FI\(digits(2)) \(digits(4)) \(digits(4)) \(digits(4)) \(digits(2)). "
                )
            case 10:
                plain(
                    "Intervjun hölls \(int(2020...2025))-\(IDGen.two(int(1...12)))-\(IDGen.two(int(1...28))) kl. \(int(8...17)).\(IDGen.two(int(0...59))). "
                )
            case 11:
                plain(
                    "Det kostade \(int(1...99)) \(int(100...999)) \(int(100...999)) kr och \(int(1...99)) \(int(100...999)),50 €. "
                )
            case 12:
                plain(
                    "[\(IDGen.two(int(0...1))):\(IDGen.two(int(0...59))):\(IDGen.two(int(0...59))).\(IDGen.pad(int(0...999), 3))] "
                )
            case 13: plain("Ärende CASE-\(int(2020...2026))-\(IDGen.pad(int(1...9999), 4)), rum \(int(100...999)). ")
            case 14:
                var bad = ""
                repeat {
                    let b = IDGen.randomBirth(&rng)
                    let valid = IDGen.baltic(b, serial: int(0...999), female: true)
                    bad = String(valid.dropLast()) + String(((valid.last!.wholeNumberValue ?? 0) + int(1...9)) % 10)
                } while independentlyValid(bad)
                plain("vigane isikukood \(bad). ")
            case 15:
                let b = IDGen.randomBirth(&rng)
                if let lv = IDGen.latvianOld(b, serial: int(0...999)), !lv.hasPrefix("32") {
                    plain("nederīgs kods \(lv.dropLast())\(((lv.last!.wholeNumberValue ?? 0) + int(1...9)) % 10). ")
                }
            case 16:
                plain(
                    "Hon var \(int(3...17)) år och gick i \(int(1...9)):an, det var \(int(1...12)) \(pick(Self.monthsSV)) \(int(2019...2025)). "
                )
            case 17:
                plain(
                    "Det tog \(int(2...59)) minuter och \(int(1...59)).\(int(1...9)) sekunder, \(int(10...99)) % av tiden. "
                )
            case 18: plain("Kundnummer \(digits(8)), referens \(int(100...999)) \(int(100...999)) \(int(10...99)). ")
            case 19:
                let t =
                    "\(IDGen.two(int(0...1))):\(IDGen.two(int(0...59))):\(IDGen.two(int(0...59))).\(IDGen.pad(int(0...999), 3))"
                plain("\n\(int(1...999))\n\(t) --> \(t)\n<v CHILD>Ja.\n")
            case 20:
                plain(
                    "ISBN 978-91-\(int(0...9))-\(digits(6))-\(int(0...9)), version \(int(1...9)).\(int(0...20)).\(int(0...9)). "
                )
            case 21:
                plain(
                    "Bankgiro \(int(1000...9999))-\(int(1000...9999)), org.nr 55\(int(6...9))\(digits(3))-\(digits(4)). "
                )
            case 22:
                plain(
                    "Box \(int(1...999)), kl. \(int(8...17)):\(IDGen.two(int(0...59)))–\(int(8...17)):\(IDGen.two(int(0...59))), \(int(2000...2020))–\(int(2021...2025)). "
                )
            case 23:
                plain(
                    "Dom \(IDGen.two(int(1...28))) \(IDGen.two(int(1...12))) \(int(2015...2025)), mål nr B \(int(100...9999))-\(int(20...25)). "
                )
            case 24:
                plain(
                    "Hon fyllde \(int(5...17)) den \(int(1...28)) \(pick(Self.monthsSV)) \(int(2018...2025)) och \(int(2...9)) st. "
                )
            case 25: plain("Kundnummer \(digits(10)), ordernummer \(digits(11)). ")
            default:
                plain(
                    "Annual report, Asa, Lundberg, Oskarshamn, Mikkola, Girts och Juri var där. Det var på vägen 2 gånger. "
                )
            }
        }
    }

    static func generate(seed: UInt64) -> RedactionCorpus {
        var corpus = RedactionCorpus(seed: seed)
        corpus.personalIDs(perType: 8)
        corpus.decoys(count: 80)
        corpus.phones(perCountry: 7)
        corpus.decoys(count: 60)
        corpus.emails(count: 12)
        corpus.addresses(count: 14)
        corpus.decoys(count: 60)
        corpus.birthDates(count: 14)
        corpus.names()
        corpus.decoys(count: 40)
        return corpus
    }
}

@Suite struct RedactionCorpusTests {
    struct Score {
        var expected = 0
        var found = 0
        var truePositives = 0
        var correctFindings = 0
        var recall: Double { expected == 0 ? 1 : Double(truePositives) / Double(expected) }
        var precision: Double { found == 0 ? 1 : Double(correctFindings) / Double(found) }
    }

    static func score(_ corpus: RedactionCorpus, _ findings: [RedactionFinding]) -> [RedactionCategory.Kind: Score] {
        var scores: [RedactionCategory.Kind: Score] = [:]
        for kind in RedactionCategory.Kind.allCases {
            let expected = corpus.expected.filter { $0.kind == kind }
            let found = findings.filter { $0.category.kind == kind }
            var score = Score(expected: expected.count, found: found.count)
            score.truePositives =
                expected.filter { item in
                    found.contains {
                        $0.utf8Range.lowerBound <= item.range.lowerBound
                            && $0.utf8Range.upperBound >= item.range.upperBound
                    }
                }.count
            score.correctFindings =
                found.filter { finding in expected.contains { $0.range.overlaps(finding.utf8Range) } }.count
            scores[kind] = score
        }
        return scores
    }

    static func percent(_ value: Double) -> String {
        let tenths = Int((value * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    @Test func corpusHoldsEnoughOfEveryKind() {
        let corpus = RedactionCorpus.generate(seed: 20_150_314)
        for tag in ["SE", "SE-samordning", "NO", "NO-D", "DK", "FI", "IS", "EE", "LT", "LV", "LV-new"] {
            #expect(corpus.tags[tag, default: 0] >= 5, "at least five \(tag) numbers")
        }
        for tag in ["SE-phone", "NO-phone", "DK-phone", "FI-phone", "IS-phone", "EE-phone", "LV-phone", "LT-phone"] {
            #expect(corpus.tags[tag, default: 0] >= 5, "at least five \(tag) numbers")
        }
        #expect(corpus.tags["email", default: 0] >= 10 && corpus.tags["address", default: 0] >= 10)
        #expect(corpus.tags["dob", default: 0] >= 10 && corpus.tags["name", default: 0] >= 15)
    }

    @Test(arguments: [20_150_314, 7, 424_242] as [UInt64])
    func recallAndPrecision(seed: UInt64) {
        let corpus = RedactionCorpus.generate(seed: seed)
        let findings = RedactionScanner(protectedNames: RedactionCorpus.protectedNames).findings(in: corpus.text)
        let scores = Self.score(corpus, findings)
        var table = "redaction corpus seed \(seed) (\(corpus.text.utf8.count) bytes)\n"
        table += "category        expected  found  recall  precision\n"
        for kind in RedactionCategory.Kind.allCases {
            let s = scores[kind]!
            table +=
                kind.rawValue.padding(16) + String(s.expected).padding(10) + String(s.found).padding(7)
                + Self.percent(s.recall).padding(8) + Self.percent(s.precision) + "\n"
        }
        print(table)
        for kind in [RedactionCategory.Kind.personalID, .phone, .email] {
            #expect(scores[kind]!.recall >= 0.98, "\(kind.rawValue) recall")
            #expect(scores[kind]!.precision >= 0.95, "\(kind.rawValue) precision")
        }
        // Reported above; held to looser floors so a regression still fails.
        for kind in [RedactionCategory.Kind.name, .address, .dateOfBirth] {
            #expect(scores[kind]!.recall >= 0.9, "\(kind.rawValue) recall")
            #expect(scores[kind]!.precision >= 0.9, "\(kind.rawValue) precision")
        }
        // Which missed tags, by tag only (the corpus is synthetic, but the habit is kept).
        let missed = corpus.expected.filter { item in
            !findings.contains {
                $0.category.kind == item.kind && $0.utf8Range.lowerBound <= item.range.lowerBound
                    && $0.utf8Range.upperBound >= item.range.upperBound
            }
        }
        if !missed.isEmpty { print("missed tags: \(missed.map(\.tag).sorted())") }
    }

    @Test func twoHourTranscriptIsFast() {
        var text = ""
        var seed: UInt64 = 1
        while text.split(separator: " ").count < 20_000 {
            text += RedactionCorpus.generate(seed: seed).text
            seed += 1
        }
        let scanner = RedactionScanner(protectedNames: RedactionCorpus.protectedNames)
        var findings: [RedactionFinding] = []
        // Thread CPU time, best of three: the machine is shared with parallel builds, and the
        // question is how much work detection takes, not how long it waited for a core.
        let clock = ContinuousClock()
        var wall = Duration.zero
        let cpu = (0..<3).map { _ in
            let before = Self.threadCPUSeconds()
            wall = clock.measure { findings = scanner.findings(in: text) }
            return Self.threadCPUSeconds() - before
        }.min()!
        let words = text.split(separator: " ").count
        print(
            "detection over \(words) words (\(text.utf8.count) bytes): \(cpu) s CPU, last run \(wall) wall, \(findings.count) findings"
        )
        #expect(findings.count > 500)
        #expect(cpu < 1, "detection must stay well under a second of CPU for a two-hour transcript (debug build)")
    }

    static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Texts built to provoke backtracking or quadratic merging: long digit runs, thousands of
    /// names, '@' storms, separators without digits. Every scan is bounded, so these finish fast.
    @Test func hostileTextsStayLinear() throws {
        let parts = [
            String(repeating: "1", count: 100_000), String(repeating: "Anna Annas ", count: 10_000),
            String(repeating: "a@", count: 30_000), String(repeating: "12 ", count: 30_000),
            String(repeating: "- ", count: 30_000),
            String(repeating: "född ", count: 10_000), String(repeating: "Storgatan ", count: 10_000),
            String(repeating: "+4", count: 20_000), String(repeating: "150314-2380 ", count: 5_000),
        ]
        let scanner = RedactionScanner(protectedNames: ["Anna", "Anna Anna"])
        let clock = ContinuousClock()
        for part in parts {
            var findings: [RedactionFinding] = []
            let elapsed = clock.measure { findings = scanner.findings(in: part) }
            #expect(elapsed < .seconds(5), "hostile text of \(part.utf8.count) bytes took \(elapsed)")
            var redactor = Redactor()
            let result = try redactor.redact(part, findings: findings)
            #expect(result.log.count == findings.count)
        }
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        self + String(repeating: " ", count: Swift.max(1, width - count))
    }
}
