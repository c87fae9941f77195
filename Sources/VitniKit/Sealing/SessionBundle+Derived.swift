import Foundation
import VitniCrypto
import VitniFormats

extension SessionBundle {
    /// SHA-256 of the payload manifest file as it is in `storage`.
    func manifestDigest(_ storage: any BagStorage) throws -> String {
        try VitniError.wrap(file: storage.displayPath(BagIt.payloadManifestFile)) {
            Hex.encode(
                Hashing.sha256(try storage.readSmallFile(BagIt.payloadManifestFile, limit: BagIt.maximumTagFileSize)))
        }
    }

    /// Whether this (derived) bundle comes from `original`: the original verifies against
    /// `trust`, its log records the export of exactly this copy, and the manifest this copy's
    /// `derived` event cites is the one the original had when that export was recorded (so the
    /// link holds after the original is amended later).
    public func linkCheck(original: String, trust: BundleTrust) -> VerificationReport.Check {
        let title = "The copy derives from the sealed original"
        func failing(_ detail: String) -> VerificationReport.Check {
            .init(id: "derived.link", title: title, result: .fail, detail: detail)
        }
        do {
            let source = try VerifiedBundle.open(original, trust: trust)
            let copy = try BagStorages.reading(path)
            let derivedLog = try CustodyLog.read(copy)
            guard let derived = derivedLog.first(where: { $0.event.action == .derived }),
                case .string(let cited)? = derived.event.detail["original_manifest_sha256"]
            else { return failing("no `derived` event in the copy's custody log") }
            let ownManifest = try manifestDigest(copy)
            guard
                let exported = source.custody.first(where: {
                    $0.event.action == .exported
                        && $0.event.detail["derived_manifest_sha256"]?.stringValue == ownManifest
                })
            else { return failing("the original's custody log records no export of this copy") }
            guard CustodyLog.manifestSHA256(in: source.custody, before: exported.event.seq) == cited else {
                return failing("the copy cites another manifest than the original had when it was exported")
            }
            return .init(
                id: "derived.link", title: title, result: .pass,
                detail:
                    "cites the original's manifest \(cited), as of its export (event \(exported.event.seq) of the original's log)"
            )
        } catch {
            return failing("\(error)")
        }
    }
}
