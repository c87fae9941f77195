/// What kind of identifying fact a redaction hides. The category decides the replacement label
/// (`[NAME-1]`, `[ID-1]`, …) and, when findings overlap, which one wins (see `precedence`).
public enum RedactionCategory: Hashable, Sendable, CustomStringConvertible {
    case name
    /// A national personal ID number; the kind says which scheme validated it.
    case personalID(PersonalIDKind)
    case phone
    case email
    case address
    case dateOfBirth

    /// The category without its sub-label, for grouping and label numbering.
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        case name
        case personalID = "personal-id"
        case phone, email, address
        case dateOfBirth = "date-of-birth"
    }

    public var kind: Kind {
        switch self {
        case .name: .name
        case .personalID: .personalID
        case .phone: .phone
        case .email: .email
        case .address: .address
        case .dateOfBirth: .dateOfBirth
        }
    }

    public var description: String {
        switch self {
        case .personalID(let idKind): "personal-id (\(idKind.label))"
        default: kind.rawValue
        }
    }
}

extension RedactionCategory.Kind {
    /// The word inside the replacement label, e.g. `ID` in `[ID-3]`.
    public var labelStem: String {
        switch self {
        case .name: "NAME"
        case .personalID: "ID"
        case .phone: "PHONE"
        case .email: "EMAIL"
        case .address: "ADDRESS"
        case .dateOfBirth: "DOB"
        }
    }

    /// Overlap precedence, lower wins: a validated ID number is the strongest evidence, an e-mail
    /// address swallows the names inside it, a phone beats a date-shaped digit group, a date of
    /// birth beats an address, and an address beats a protected name inside it (the address label
    /// covers the whole span, so nothing of the name is left visible).
    public var precedence: Int {
        switch self {
        case .personalID: 0
        case .email: 1
        case .phone: 2
        case .dateOfBirth: 3
        case .address: 4
        case .name: 5
        }
    }
}
