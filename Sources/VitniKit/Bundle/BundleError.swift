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

    /// 1 when the bundle itself failed a check; 2 when the operation could not be carried out.
    public var exitStatus: ExitStatus {
        switch self {
        case .malformedFile, .custodyLogInvalid: .failedCheck
        case .crypto(_, let error): error.exitStatus
        default: .couldNotCarryOut
        }
    }

    public var hint: String? {
        switch self {
        case .malformedFile, .custodyLogInvalid:
            "run `vitni verify BUNDLE` for the full report; obtain a fresh copy from its custodian"
        case .crypto(_, let error): error.hint
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
        }
    }
}
