import Foundation
import VitniCrypto
public import VitniFormats

/// The seal: `tagmanifest-sha256.txt.minisig`, a prehashed minisign signature over the tag
/// manifest, whose trusted comment names the bundle, the signer, the time and the custody event
/// it closes. `minisign -V -H -x tagmanifest-sha256.txt.minisig -m tagmanifest-sha256.txt -p KEY`
/// checks it without Vitni.
public enum BundleSeal {
    public static let signatureFile = BagIt.tagManifestFile + ".minisig"
    /// The tag files the tag manifest lists, and the only tag files a Vitni bundle has besides the
    /// tag manifest and its seal.
    public static let taggedFiles = [
        BagIt.declarationFile, BagIt.bagInfoFile, BagIt.payloadManifestFile, Custody.logPath,
    ]
    /// bag-info label carrying the bundle format version.
    public static let bundleVersionLabel = "Vitni-Bundle-Version"
    /// bag-info label carrying the interview protocol's id.
    public static let protocolLabel = "Vitni-Protocol"
    public static let bundleVersion = "1"

    /// The tag manifest over the four tagged files' bytes (in ``taggedFiles`` order).
    static func tagManifest(_ contents: [[UInt8]]) throws -> [UInt8] {
        let entries = zip(taggedFiles, contents).map { path, bytes in
            BagIt.ManifestEntry(digest: Hex.encode(Hashing.sha256(bytes)), path: path)
        }
        do {
            return try BagIt.Manifest(entries).render(file: BagIt.tagManifestFile, scope: .tag)
        } catch {
            throw BundleError.malformedFile(error.description)
        }
    }

    /// `timestamp:<unix>\tfile:tagmanifest-sha256.txt\thashed` (minisign's own form, so its output
    /// reads naturally) followed by `\tbundle:<id>\tsigner:<key id>\ttime:<RFC 3339>\tseq:<n>`.
    static func trustedComment(bundleID: String, signer: String, time: Custody.Timestamp, seq: Int64) -> String {
        "timestamp:\(time.unixSeconds)\tfile:\(BagIt.tagManifestFile)\thashed\tbundle:\(bundleID)"
            + "\tsigner:\(signer)\ttime:\(time.text)\tseq:\(seq)"
    }

    /// The `key:value` fields of a trusted comment written by ``trustedComment(bundleID:signer:time:seq:)``.
    public static func fields(ofTrustedComment comment: String) -> [String: String] {
        var fields: [String: String] = [:]
        for part in comment.split(separator: "\t") {
            guard let colon = part.firstIndex(of: ":") else { continue }
            fields[String(part[..<colon])] = String(part[part.index(after: colon)...])
        }
        return fields
    }

    /// Signs the tag manifest; returns the signature file's bytes.
    static func sign(
        tagManifest: [UInt8], signer: any BundleSigner, bundleID: String, time: Custody.Timestamp, seq: Int64
    ) throws -> [UInt8] {
        let comment = trustedComment(bundleID: bundleID, signer: signer.keyID, time: time, seq: seq)
        let signature = try signer.signFile(MemorySource(tagManifest), trustedComment: comment)
        return Array(signature.fileText.utf8)
    }

    /// Whether `id` can name a bundle: `[A-Za-z0-9._-]`, 1–128 characters, not starting with '.'.
    public static func isValidBundleID(_ id: String) -> Bool {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-".utf8)
        return !id.isEmpty && id.utf8.count <= 128 && !id.hasPrefix(".") && id.utf8.allSatisfy(allowed.contains)
    }
}

extension Custody.Timestamp {
    /// The current time, to the second.
    public static var now: Custody.Timestamp { Custody.Timestamp(unixSeconds: Int64(Date().timeIntervalSince1970)) }
}
