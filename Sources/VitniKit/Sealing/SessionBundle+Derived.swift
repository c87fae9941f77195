import Foundation
import VitniCrypto
import VitniFormats

extension SessionBundle {
    /// The path of a payload file, refusing paths that leave the bag.
    public func payloadPath(_ file: String) throws -> String {
        guard BagIt.pathProblem(file, scope: .payload) == nil else {
            throw VitniError.malformedFile(path: path, reason: "'\(file)' is not a payload path")
        }
        return path + "/" + file
    }

    /// SHA-256 of the payload manifest: what custody events cite to name a bundle's contents.
    func manifestDigest() throws -> String {
        try VitniError.wrap(file: path + "/" + BagIt.payloadManifestFile) {
            try Hashing.hexDigest(.sha256, ofFile: path + "/" + BagIt.payloadManifestFile)
        }
    }

    /// Whether this (derived) bundle's `derived` event cites `original`'s payload manifest, and
    /// the original's log records the export of exactly this bundle.
    public func linkCheck(original: String) -> VerificationReport.Check {
        let title = "The redacted copy derives from the sealed original"
        do {
            let derivedLog = try CustodyLog.read(bundle: path)
            let originalLog = try CustodyLog.read(bundle: original)
            let manifest = try SessionBundle(path: original).manifestDigest()
            guard let derived = derivedLog.first(where: { $0.event.action == .derived }),
                case .string(let cited)? = derived.event.detail["original_manifest_sha256"]
            else {
                return .init(
                    id: "derived.link", title: title, result: .fail,
                    detail: "no `derived` event in the copy's custody log")
            }
            guard cited == manifest else {
                return .init(
                    id: "derived.link", title: title, result: .fail,
                    detail: "the copy cites another manifest than the original's")
            }
            let ownManifest = try manifestDigest()
            let exported = originalLog.contains {
                if $0.event.action == .exported, case .string(let digest)? = $0.event.detail["derived_manifest_sha256"]
                {
                    return digest == ownManifest
                }
                return false
            }
            guard exported else {
                return .init(
                    id: "derived.link", title: title, result: .fail,
                    detail: "the original's custody log records no export of this copy")
            }
            return .init(
                id: "derived.link", title: title, result: .pass,
                detail: "cites the original's manifest \(manifest); the original's log records the export")
        } catch {
            return .init(id: "derived.link", title: title, result: .fail, detail: "\(error)")
        }
    }
}
