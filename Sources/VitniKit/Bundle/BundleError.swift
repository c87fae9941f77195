public import Foundation
public import VitniCrypto
public import VitniFormats

/// Why writing, amending or reading a sealed bundle failed. Each names the file and what to do
/// next; none carries key material, plaintext or identifying facts.
public enum BundleError: ReportableError, Equatable {
    /// The destination already exists: a bundle is never overwritten.
    case destinationExists(String)
    case io(path: String, operation: String, code: Int32)
    /// A payload path breaks the BagIt path rules, or is already in the bag.
    case invalidPayloadPath(String, reason: String)
    /// A bundle file breaks its format (the message names file, line and rule).
    case malformedFile(String)
    /// A value given by the caller cannot go into the bundle as it is.
    case invalidInput(String)
    /// The writer was used after it finished or failed.
    case writerClosed
    /// The custody log cannot be extended: it is broken, or the new event would break it.
    case custodyLogInvalid(String)
    /// A file is larger than the tar form can hold.
    case tooLargeForTar(path: String)
    case crypto(file: String, CryptoError)
    /// The signer does not hold the bundle: only its current holder adds events. `holderName`
    /// is the holder's trusted name, where the trust knows it.
    case notHolder(signer: String, holder: String, holderName: String?)
    /// A bundle failed the checks that come before reading it (the ids of the failed checks).
    case notVerified(String, failed: [String])
    /// A bundle could not be checked before reading it: unreadable, or signed by a key the
    /// reader does not trust (`hint` says how to trust it).
    case couldNotVerify(String, reason: String, hint: String?)
    /// A payload file's bytes differ from the hash its signed manifest lists.
    case payloadAltered(String)
    /// Another process is changing the bundle (it holds the bundle's lock).
    case busy(String)

    /// 1 when the bundle itself failed a check; 2 when the operation could not be carried out.
    public var exitStatus: ExitStatus {
        switch self {
        case .malformedFile, .custodyLogInvalid, .notHolder, .notVerified, .payloadAltered: .failedCheck
        case .crypto(_, let error): error.exitStatus
        default: .couldNotCarryOut
        }
    }

    public var hint: String? {
        switch self {
        case .malformedFile, .custodyLogInvalid:
            "run `vitni verify BUNDLE` for the full report; obtain a fresh copy from its custodian"
        case .crypto(_, let error): error.hint
        case .couldNotVerify(_, _, let hint?): hint
        case .notVerified(let path, _), .couldNotVerify(let path, _, nil):
            "`vitni verify \(path)` shows the full report; nothing is read from a bundle that does not verify"
        case .payloadAltered:
            "the file is not what was sealed: run `vitni verify BUNDLE` and obtain a fresh copy from its custodian"
        case .notHolder:
            "the holder adds events; if it was handed to you, verify it and check the log (`vitni custody log`)"
        case .busy: "another vitni command is changing this bundle; run this one again when it has finished"
        default: nil
        }
    }
}

extension BundleError: LocalizedError, CustomStringConvertible {
    public var description: String { errorDescription ?? "bundle error" }

    public var errorDescription: String? {
        switch self {
        case .destinationExists(let path):
            "\(path) already exists: a sealed bundle is never overwritten; choose another destination"
        case .io(let path, let operation, let code):
            "\(path): \(operation) failed: \(String(cString: strerror(code)))"
        case .invalidPayloadPath(let path, let reason):
            "payload path \(path.debugDescription): \(reason)"
        case .malformedFile(let message): message
        case .invalidInput(let message): message
        case .writerClosed: "the bundle writer has already finished or failed; start a new one"
        case .custodyLogInvalid(let message): "custody log: \(message)"
        case .tooLargeForTar(let path):
            "\(path) is 8 GiB or larger, which a POSIX ustar archive cannot hold; write the bundle as a directory"
        case .crypto(let file, let error): "\(file): \(error.description)"
        case .notVerified(let path, let failed):
            "\(path): does not verify (failed: \(failed.joined(separator: ", "))); nothing was read from it"
        case .couldNotVerify(let path, let reason, _): "\(path): could not be verified: \(reason)"
        case .payloadAltered(let file):
            "\(file): its bytes differ from the SHA-256 in the signed manifest (altered or replaced)"
        case .notHolder(let signer, let holder, let name):
            "key \(signer) does not hold this bundle (\(name.map { "\($0), key \(holder)," } ?? "key \(holder)") does): "
                + "only the current holder adds custody events"
        case .busy(let path): "\(path): another writer is changing this bundle; nothing was changed"
        }
    }
}
