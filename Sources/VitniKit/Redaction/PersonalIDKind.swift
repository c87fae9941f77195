/// The national ID-number schemes the redaction detectors validate (rules in docs/domain.md): the
/// Nordic and Baltic ones, and those of the countries many child victims of trafficking come from.
///
/// Passport and ID-card numbers are deliberately absent: as people type them they carry no check
/// digit (only the machine-readable zone does), and their shapes — one to three letters and six to
/// nine digits — are those of order numbers, registration plates and case references, so no pattern
/// tells them apart reliably.
public enum PersonalIDKind: String, CaseIterable, Hashable, Sendable {
    case swedishPersonnummer
    case swedishSamordningsnummer
    case norwegianFodselsnummer
    case norwegianDNumber
    case norwegianHNumber
    case danishCPR
    case finnishHenkilotunnus
    case icelandicKennitala
    /// Estonian isikukood and Lithuanian asmens kodas share one scheme and cannot be told apart.
    case estonianOrLithuanianPersonalCode
    case latvianPersonasKods
    /// Latvian codes issued since July 2017: `32XXXX-XXXXX`, no birth date, no checksum.
    case latvianPersonasKodsNew
    /// Poland, 11 digits with a birth date and a weighted check digit.
    case polishPESEL
    /// Romania, 13 digits: sex/century, birth date, county, serial, check digit.
    case romanianCNP
    /// Bulgaria, 10 digits: birth date (month + 20 or + 40 for other centuries), check digit.
    case bulgarianEGN
    /// Ukraine's taxpayer number (formerly ІПН), 10 digits starting with the days since 1899-12-31.
    case ukrainianRNOKPP
    /// Germany's tax identification number, 11 digits with an ISO 7064 mod 11,10 check digit.
    case germanSteuerIdNr

    /// A short human label (country and scheme), safe to log: it never holds the number.
    public var label: String {
        switch self {
        case .swedishPersonnummer: "SE personnummer"
        case .swedishSamordningsnummer: "SE samordningsnummer"
        case .norwegianFodselsnummer: "NO fødselsnummer"
        case .norwegianDNumber: "NO D-nummer"
        case .norwegianHNumber: "NO H-nummer"
        case .danishCPR: "DK CPR-nummer"
        case .finnishHenkilotunnus: "FI henkilötunnus"
        case .icelandicKennitala: "IS kennitala"
        case .estonianOrLithuanianPersonalCode: "EE isikukood / LT asmens kodas"
        case .latvianPersonasKods: "LV personas kods"
        case .latvianPersonasKodsNew: "LV personas kods (2017)"
        case .polishPESEL: "PL PESEL"
        case .romanianCNP: "RO CNP"
        case .bulgarianEGN: "BG EGN"
        case .ukrainianRNOKPP: "UA RNOKPP"
        case .germanSteuerIdNr: "DE Steuer-IdNr"
        }
    }
}
