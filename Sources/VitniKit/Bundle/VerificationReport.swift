/// The outcome of verifying a bundle: every check with a plain-language result, the signers, the
/// custody timeline and the file hashes. Further checks (decryption, plaintext hashes against
/// session.json) are appended by whoever runs them with ``append(_:)``.
public struct VerificationReport: Codable, Sendable, Equatable {
    /// `warning`: something a reader must know that does not make the bundle invalid (an event
    /// dated beyond the verifier's clock). `couldNotCheck`: this verifier cannot decide (a key it
    /// does not trust, files it cannot decrypt or read); nothing was found wrong, nor shown right.
    public enum Result: String, Codable, Sendable {
        case pass, fail, skipped, warning
        case couldNotCheck = "could-not-check"
    }

    /// Overall: valid (exit 0), invalid (exit 1: something changed, the failing checks named),
    /// could not check (exit 2: this verifier lacks a key, an identity or read access). A failure
    /// wins over a check that could not be made: an altered bundle is invalid whoever verifies it.
    public enum Outcome: String, Codable, Sendable {
        case valid, invalid
        case couldNotCheck = "could-not-check"

        public var exitCode: Int32 {
            switch self {
            case .valid: 0
            case .invalid: 1
            case .couldNotCheck: 2
            }
        }
    }

    public struct Check: Codable, Sendable, Equatable {
        /// Stable identifier, e.g. `bag.payload-hashes`, `seal.signature`, `custody.chain`.
        public let id: String
        public let title: String
        public let result: Result
        /// What was found, in words a court clerk can read.
        public let detail: String
        /// What the reader can do next (trust a key, ask for a copy), when there is something.
        public let hint: String?

        public init(id: String, title: String, result: Result, detail: String, hint: String? = nil) {
            self.id = id
            self.title = title
            self.result = result
            self.detail = detail
            self.hint = hint
        }
    }

    /// A key that signed the seal or a custody event.
    public struct Signer: Codable, Sendable, Equatable {
        public let keyID: String
        /// From the trust store, when the key is trusted and named there.
        public let name: String?
        public let role: String?
        public let trusted: Bool
        /// What it signed: "seal", "custody event 3 (transferred)", …
        public internal(set) var signed: [String]
    }

    public struct CustodyEntry: Codable, Sendable, Equatable {
        public let seq: Int64
        public let time: String
        public let action: String
        public let actor: String
        public let actorName: String?
        public let hash: String
    }

    public struct FileEntry: Codable, Sendable, Equatable {
        public let path: String
        public let size: UInt64?
        public let sha256: String?
        public let result: Result
    }

    public let bundle: String
    public private(set) var checks: [Check] = []
    public var signers: [Signer] = []
    public var custody: [CustodyEntry] = []
    public var files: [FileEntry] = []
    /// Who sealed last and when, from the seal's trusted comment.
    public var sealSigner: String?
    public var sealTime: String?
    /// SHA-256 of the custody log's last line.
    public var head: String?
    /// Set when the bundle could not be read at all (not a directory, unreadable).
    public var couldNotCheckReason: String?

    public init(bundle: String) { self.bundle = bundle }

    public mutating func append(_ check: Check) { checks.append(check) }

    public mutating func append(id: String, title: String, result: Result, detail: String, hint: String? = nil) {
        checks.append(Check(id: id, title: title, result: result, detail: detail, hint: hint))
    }

    public var outcome: Outcome {
        if couldNotCheckReason != nil { return .couldNotCheck }
        if checks.contains(where: { $0.result == .fail }) { return .invalid }
        return checks.contains { $0.result == .couldNotCheck } ? .couldNotCheck : .valid
    }

    /// The ids of the checks that failed.
    public var failedChecks: [String] { checks.filter { $0.result == .fail }.map(\.id) }

    /// The ids of the checks this verifier could not make.
    public var uncheckedChecks: [String] { checks.filter { $0.result == .couldNotCheck }.map(\.id) }

    /// What to do next, for the outcome: the hints of the checks behind it, each once.
    public var nextSteps: [String] {
        switch outcome {
        case .valid: return []
        case .invalid:
            return [
                "the bundle is not as its signers left it (or is damaged): do not rely on this copy; "
                    + "compare its custody head with your receipt and ask its custodian for a fresh copy"
            ]
        case .couldNotCheck:
            var steps: [String] = []
            for hint in checks.filter({ $0.result == .couldNotCheck }).compactMap(\.hint) where !steps.contains(hint) {
                steps.append(hint)
            }
            return steps
        }
    }

    public func check(_ id: String) -> Check? { checks.first { $0.id == id } }

    /// The checks that make the bundle's signed statements (custody, the sealed event's case and
    /// session, bag-info) trustworthy: the bag's lists, the seal, the chain and every signature.
    static let signedRecordChecks = [
        BundleVerifier.CheckID.tagManifest, BundleVerifier.CheckID.seal, BundleVerifier.CheckID.sealActor,
        BundleVerifier.CheckID.custodyLog, BundleVerifier.CheckID.custodyChain,
        BundleVerifier.CheckID.custodySignatures, BundleVerifier.CheckID.custodyCommitments,
    ]

    /// Whether what the bundle's signers wrote can be stated as fact: nothing failed, and every
    /// check of ``signedRecordChecks`` passed (an untrusted signer leaves it unestablished).
    public var establishesSignedRecord: Bool {
        couldNotCheckReason == nil && failedChecks.isEmpty
            && Self.signedRecordChecks.allSatisfy { check($0)?.result == .pass }
    }
}
