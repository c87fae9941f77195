extension Custody {
    /// What happened to the bundle. `sealed` is event 0 and only event 0.
    public enum Action: String, CaseIterable, Sendable, Codable {
        case sealed, transferred, accessed, decrypted, exported, derived, verified, amended
    }
}
