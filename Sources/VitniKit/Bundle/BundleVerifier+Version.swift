import VitniFormats

extension BundleVerifier {
    /// Whether this release can read the bundle at all: `Vitni-Bundle-Version` is `MAJOR` or
    /// `MAJOR.MINOR`, and every minor of a known major only adds what older readers may ignore.
    /// A missing or malformed line fails the check; an unknown major is "could not check" — a
    /// newer Vitni made it — never "invalid".
    /// - Returns: false when the bundle was made by a newer Vitni and checking stops here.
    func checkVersion(_ context: Context, _ report: inout VerificationReport) -> Bool {
        let title = "bag-info.txt names a bundle format version this release reads"
        guard case .success(let bytes) = context.tag(BagIt.bagInfoFile), let info = try? BagIt.BagInfo.parse(bytes)
        else {
            report.append(id: CheckID.bundleVersion, title: title, result: .fail, detail: "bag-info.txt cannot be read")
            return true
        }
        guard let text = info.value(for: BundleSeal.bundleVersionLabel), let version = BundleFormatVersion(text) else {
            report.append(
                id: CheckID.bundleVersion, title: title, result: .fail,
                detail: "no valid \(BundleSeal.bundleVersionLabel) (MAJOR or MAJOR.MINOR)")
            return true
        }
        let newest = BundleFormatVersion.newestReadableMajor
        guard version.major <= newest else {
            report.couldNotCheckReason =
                "\(BagIt.bagInfoFile): \(BundleSeal.bundleVersionLabel) is \(text): this bundle was made by a newer "
                + "Vitni (this release, \(VitniRelease.version), reads bundle format \(newest)); "
                + "verify it with a newer release of Vitni"
            return false
        }
        report.append(
            id: CheckID.bundleVersion, title: title, result: .pass,
            detail: "bundle format \(version.major).\(version.minor)")
        return true
    }
}

/// `Vitni-Bundle-Version`: `MAJOR` or `MAJOR.MINOR`, decimal without leading zeros.
struct BundleFormatVersion: Equatable {
    /// The newest major version this release reads (and the one it writes).
    static let newestReadableMajor = 1

    let major: Int
    let minor: Int

    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard (1...6).contains(part.count), part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                part == "0" || !part.hasPrefix("0"), let number = Int(part)
            else { return nil }
            numbers.append(number)
        }
        major = numbers[0]
        minor = numbers.count > 1 ? numbers[1] : 0
        guard major >= 1 else { return nil }
    }
}
