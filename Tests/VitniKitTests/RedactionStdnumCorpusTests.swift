import Foundation
import Testing
import VitniKit
import VitniTestSupport

/// The redaction targets on a corpus made independently of the detectors: Tests/Corpus/make_id_corpus.py
/// generates valid numbers per country in everyday sentences, validated by python-stdnum, and decoys
/// (phones, amounts, dates, order numbers, checksum failures, impossible and future dates) that
/// stdnum accepts in no scheme. Every sentence goes through the real `RedactionScanner`.
@Suite struct RedactionStdnumCorpusTests {
    struct Record: Decodable {
        var text: String
        var start: Int
        var end: Int
        var country: String
        var form: String
        var schemes: [String]
        var decoy: String?
    }

    /// The countries whose numbers a kind stands for (EE and LT share a scheme).
    static func countries(of kind: PersonalIDKind) -> Set<String> {
        switch kind {
        case .swedishPersonnummer, .swedishSamordningsnummer: ["SE"]
        case .norwegianFodselsnummer, .norwegianDNumber, .norwegianHNumber: ["NO"]
        case .danishCPR: ["DK"]
        case .finnishHenkilotunnus: ["FI"]
        case .icelandicKennitala: ["IS"]
        case .estonianOrLithuanianPersonalCode: ["EE", "LT"]
        case .latvianPersonasKods, .latvianPersonasKodsNew: ["LV"]
        case .polishPESEL: ["PL"]
        case .romanianCNP: ["RO"]
        case .bulgarianEGN: ["BG"]
        case .ukrainianRNOKPP: ["UA"]
        case .germanSteuerIdNr: ["DE"]
        }
    }

    /// The countries that share `country`'s scheme, whose numbers are one another's by design.
    static func sameScheme(_ country: String) -> Set<String> {
        ["EE", "LT"].contains(country) ? ["EE", "LT"] : [country]
    }

    static func corpus() throws -> [Record] {
        let python = Repository.root + "/.venv/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestSupportError("no \(python): run scripts/install-deps (it installs python-stdnum there)")
        }
        let made = try runProcess(python, [Repository.root + "/Tests/Corpus/make_id_corpus.py"])
        guard made.status == 0 else {
            throw TestSupportError("make_id_corpus.py failed (run scripts/install-deps): \(made.stderrText)")
        }
        print("corpus: \(made.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))")
        let decoder = JSONDecoder()
        return try made.stdoutText.split(separator: "\n").map { try decoder.decode(Record.self, from: Data($0.utf8)) }
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        String(format: "%.2f %%", whole == 0 ? 0 : 100 * Double(part) / Double(whole))
    }

    @Test func corpusMeetsTheRedactionTargets() throws {
        let records = try Self.corpus()
        let scanner = RedactionScanner()
        var total: [String: Int] = [:]
        var found: [String: Int] = [:]
        var rightScheme: [String: Int] = [:]
        var ambiguous: [String: Int] = [:]
        var wrongAmongValidating = 0
        var decoys: [String: Int] = [:]
        var decoysAsID: [String: Int] = [:]
        var decoysRedacted: [String: Int] = [:]
        var otherDetectors = 0
        var loggedElsewhere: [String: Int] = [:]
        var redactedShapes: [String: Int] = [:]
        var missedPhoneShapes: [String: Int] = [:]
        for record in records {
            let findings = scanner.findings(in: record.text)
            let span = record.start..<record.end
            if let kind = record.decoy {
                decoys[kind, default: 0] += 1
                let touching = findings.filter { $0.utf8Range.overlaps(span) }
                if touching.contains(where: { $0.category.kind == .personalID }) { decoysAsID[kind, default: 0] += 1 }
                if touching.contains(where: { ![.personalID, .phone].contains($0.category.kind) }) {
                    otherDetectors += 1
                }
                if touching.isEmpty, kind == "phone" {
                    // Phone numbers the phone detector misses, by shape (digits as 9), for its authors.
                    let shape = String(decoding: Array(record.text.utf8)[span], as: UTF8.self)
                        .map { $0.isNumber ? "9" : $0 }
                    missedPhoneShapes[String(shape), default: 0] += 1
                }
                if !touching.isEmpty {
                    decoysRedacted[kind, default: 0] += 1
                    // The decoy's shape (digits as 9), not its digits.
                    let shape = String(decoding: Array(record.text.utf8)[span], as: UTF8.self)
                        .map { $0.isNumber ? "9" : $0 }
                    let key = "\(kind) \(String(shape)) as \(touching.map(\.category.description))"
                    if kind != "phone" { redactedShapes[key, default: 0] += 1 }
                }
                continue
            }
            total[record.country, default: 0] += 1
            let hit = findings.first { $0.utf8Range == span && $0.category.kind == .personalID }
            guard case .personalID(let kind)? = hit?.category else { continue }
            found[record.country, default: 0] += 1
            let logged = Self.countries(of: kind)
            if !logged.contains(record.country) {
                // The form and schemes only, never the number (the habit of the redaction log).
                let key = "\(record.country) \(record.form) logged as \(kind.label) (stdnum: \(record.schemes))"
                loggedElsewhere[key, default: 0] += 1
            }
            if !Set(record.schemes).subtracting(Self.sameScheme(record.country)).isEmpty {
                ambiguous[record.country, default: 0] += 1
                // A number valid in several countries may be logged as any scheme that validates it.
                if logged.isDisjoint(with: record.schemes) { wrongAmongValidating += 1 }
                if logged.contains(record.country) { rightScheme[record.country, default: 0] += 1 }
            } else if logged.contains(record.country) {
                rightScheme[record.country, default: 0] += 1
            }
        }
        for (key, count) in loggedElsewhere.sorted(by: { $0.key < $1.key }) { print("corpus \(key): \(count)") }
        #expect(total.count == 13, "every country is in the corpus")
        for country in total.keys.sorted() {
            let count = total[country] ?? 0
            let recall = Double(found[country] ?? 0) / Double(count)
            let unambiguous = (found[country] ?? 0) - (ambiguous[country] ?? 0)
            let rightUnambiguous = (rightScheme[country] ?? 0) - rightAmongAmbiguous(country, records, scanner)
            print(
                "corpus \(country): \(count) numbers, recall \(Self.percent(found[country] ?? 0, count)), "
                    + "logged as \(country) \(Self.percent(rightScheme[country] ?? 0, found[country] ?? 0)), "
                    + "valid in another country too \(ambiguous[country] ?? 0), "
                    + "right scheme where only \(country) validates \(Self.percent(rightUnambiguous, unambiguous))")
            #expect(count >= 500, "\(country): at least 500 numbers")
            #expect(recall >= 0.99, "\(country): recall \(recall)")
            #expect(unambiguous == 0 || Double(rightUnambiguous) / Double(unambiguous) >= 0.99, "\(country) scheme")
        }
        #expect(wrongAmongValidating == 0, "an ambiguous number is logged as a scheme that validates it")
        for (key, count) in redactedShapes.sorted(by: { $0.key < $1.key }) { print("corpus decoy \(key): \(count)") }
        for (shape, count) in missedPhoneShapes.sorted(by: { $0.key < $1.key }) {
            print("corpus phone decoy not redacted, shape \(shape): \(count)")
        }
        let decoyCount = decoys.values.reduce(0, +)
        let asID = decoysAsID.values.reduce(0, +)
        let nonPhone = decoyCount - (decoys["phone"] ?? 0)
        let redactedNonPhone = decoysRedacted.filter { $0.key != "phone" }.values.reduce(0, +)
        for kind in decoys.keys.sorted() {
            print(
                "corpus decoys \(kind): \(decoys[kind] ?? 0), taken as an ID \(decoysAsID[kind] ?? 0), "
                    + "redacted by any detector \(decoysRedacted[kind] ?? 0)")
        }
        print(
            "corpus decoys: \(decoyCount), taken as an ID \(Self.percent(asID, decoyCount)); non-phone decoys "
                + "redacted by any detector \(Self.percent(redactedNonPhone, nonPhone))")
        #expect(decoyCount >= 5000, "several thousand decoys")
        #expect(Double(asID) <= 0.005 * Double(decoyCount), "decoys taken as ID numbers: \(asID) of \(decoyCount)")
        // The 0.5 % target is on ID numbers. Other detectors are held to redacting decoys only as
        // phones: an order number written 4-4 or a 10-digit number starting 07 is a phone shape,
        // which the phone detector takes on purpose (its rate is printed above).
        #expect(otherDetectors == 0, "non-phone decoys redacted other than as a phone or an ID: \(otherDetectors)")
    }

    /// How many of a country's ambiguous numbers were logged as that country (to separate them out).
    func rightAmongAmbiguous(_ country: String, _ records: [Record], _ scanner: RedactionScanner) -> Int {
        records.filter { !Set($0.schemes).subtracting(Self.sameScheme($0.country)).isEmpty && $0.country == country }
            .count { record in
                let span = record.start..<record.end
                guard
                    case .personalID(let kind)? = scanner.findings(in: record.text).first(where: {
                        $0.utf8Range == span && $0.category.kind == .personalID
                    })?.category
                else { return false }
                return Self.countries(of: kind).contains(country)
            }
    }
}
