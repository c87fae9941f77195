/// The national ID-number schemes the redaction detectors validate (rules in docs/domain.md).
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
        }
    }
}
