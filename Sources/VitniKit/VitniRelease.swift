/// This release of Vitni and the bundle format it writes: what `vitni --version` prints, so a
/// report or a bug can name exactly which build handled the evidence.
public enum VitniRelease {
    public static let version = "1.0.0"
    /// The bundle format major version this release writes and the newest it reads.
    public static let bundleFormat = BundleSeal.bundleVersion
    public static var description: String { "vitni \(version) (bundle format \(bundleFormat))" }
    /// What a `sealed` event records as the software that sealed (`software` in its detail).
    public static var software: String { "vitni \(version)" }
}
