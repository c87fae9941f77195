public import Foundation
public import VitniCrypto
import VitniFormats

/// An integrity certificate for court: one verification run told in plain language — the
/// verdict, the exhibit, who sealed it, its custody, every check, the files' fingerprints, the
/// copies derived from it, who verified, the stock-tool commands that repeat each check, and a
/// signature line. Rendered as a printable page by ``renderHTML()``.
///
/// What the bundle's signers wrote (case, custody, links) is stated only when the verification
/// established it (``VerificationReport/establishesSignedRecord``); what needs decryption only
/// when the session's facts could be read. Otherwise the certificate says what is absent and why.
public struct IntegrityCertificate: Sendable {
    /// The person who verifies, as their identity names them.
    public struct Verifier: Sendable, Equatable {
        public let name: String
        public let role: String
        public let keyID: String

        public init(name: String, role: String, keyID: String) {
            self.name = name
            self.role = role
            self.keyID = keyID
        }
    }

    /// What the verifying run adds besides the report.
    public struct Context: Sendable {
        /// Who verifies: the workspace identity, when there is one.
        public var verifier: Verifier?
        /// Where the interview took place, as the verifier states it (a bundle does not record it).
        public var place: String?
        /// When the verification ran, by this computer's clock.
        public var verifiedAt: Date
        /// The identities that may open `session.json` (`--identity`, or the agent); empty when none.
        public var readers: [any AgeIdentity]
        /// How the readers were given, for the reason a fact is absent ("--identity", "the agent").
        public var readersGiven: String?
        /// The original given with `--original`, for a redacted copy.
        public var original: String?

        public init(
            verifier: Verifier?, place: String?, verifiedAt: Date, readers: [any AgeIdentity], readersGiven: String?,
            original: String?
        ) {
            self.verifier = verifier
            self.place = place
            self.verifiedAt = verifiedAt
            self.readers = readers
            self.readersGiven = readersGiven
            self.original = original
        }
    }

    /// A fact, or the reason it is not stated.
    public enum Fact: Sendable, Equatable {
        case stated(String)
        case absent(String)
    }

    /// A recording as the sealed session facts list it, with the fingerprints of its content and
    /// of the encrypted file.
    public struct Recording: Sendable, Equatable {
        public let number: Int
        public let file: String
        public let duration: String
        public let started: String
        public let format: String
        public let plaintextSHA256: String?
        public let encryptedSHA256: String?
    }

    /// A payload file: its size and fingerprint as measured now, and the fingerprint of its
    /// content recorded at sealing (when the session's facts were read).
    public struct File: Sendable, Equatable {
        public let path: String
        public let size: UInt64?
        public let encryptedSHA256: String?
        public let plaintextSHA256: String?
        public let result: VerificationReport.Result
    }

    /// A check as the certificate shows it.
    public struct Check: Sendable, Equatable {
        public let id: String
        public let heading: String
        public let title: String
        public let result: VerificationReport.Result
        public let detail: String
        public let hint: String?
    }

    /// A bundle this one derives from, or one derived from it.
    public struct Derivative: Sendable, Equatable {
        public let sentence: String
        public let manifestSHA256: String?
    }

    public let bundlePath: String
    /// The bundle's name, as handed over: the exhibit's id on every page.
    public let exhibit: String
    public let outcome: VerificationReport.Outcome
    public let verdict: String
    public let nextSteps: [String]
    /// Whether the signed statements are stated as facts (see the type's comment).
    public let signedRecordEstablished: Bool
    public let caseID: Fact
    public let sessionID: Fact
    public let interviewDate: Fact
    public let place: Fact
    public let organisation: Fact
    public let protocolName: Fact
    /// Why the facts that need decryption are absent, or nil when they were read.
    public let sessionFactsAbsence: String?
    public let recordings: [Recording]
    public let sealing: [String]
    public let custody: [String]
    public let custodyHead: String?
    public let manifestSHA256: String?
    public let checks: [Check]
    public let files: [File]
    public let derivedFrom: [Derivative]
    public let derivedCopies: [Derivative]
    public let verifier: Verifier?
    public let verifiedAt: String
    public let software: String
    public let commands: [StockCommand]
    /// What each placeholder in ``commands`` stands for.
    public let placeholders: [(name: String, meaning: String)]
}

extension IntegrityCertificate {
    /// Builds the certificate of one verification run.
    /// - Parameters:
    ///   - report: the finished report (the link check appended, when one ran).
    ///   - record: the verified bundle `SessionBundle.verifyKeepingRecord` kept, if any.
    ///   - context: who verifies, when, the place, and who may read the session's facts.
    public init(report: VerificationReport, record: VerifiedBundle?, context: Context) {
        bundlePath = report.bundle
        exhibit = BundleIO.lastComponent(of: report.bundle)
        outcome = report.outcome
        nextSteps = report.nextSteps
        let established = report.establishesSignedRecord && report.outcome != .invalid
        signedRecordEstablished = established
        let record = established ? record : nil
        let session = Self.sessionFacts(record, context)
        let facts = session.facts
        sessionFactsAbsence = session.absence
        verdict = Self.verdictSentence(report)

        let unverified = Self.unverifiedReason(report)
        let sealed = record?.custody.first?.event
        caseID = Self.fact(facts?.caseID ?? sealed?.detail["case"]?.stringValue, unverified)
        sessionID = Self.fact(facts?.sessionID ?? sealed?.detail["session"]?.stringValue, unverified)
        if let facts {
            interviewDate = .stated(
                "session opened " + Self.words(facts.createdAt)
                    + (facts.closedAt.map { "; closed " + Self.words($0) } ?? ""))
            protocolName = .stated("\(facts.protocolID) \(facts.protocolVersion)")
        } else {
            let reason = record == nil ? unverified : session.absence ?? unverified
            interviewDate = .absent(reason)
            protocolName =
                record?.bagInfo?.value(for: BundleSeal.protocolLabel).map { .stated($0) } ?? .absent(reason)
        }
        place =
            context.place.map { .stated($0 + " (as stated by the person verifying: a bundle does not record it)") }
            ?? .absent("not stated: a bundle does not record where the interview took place (add --place)")
        organisation = Self.fact(record?.bagInfo?.value(for: BagIt.BagInfo.sourceOrganization), unverified)

        let measured = Dictionary(report.files.map { ($0.path, $0) }) { first, _ in first }
        let contentHashes = facts.map {
            $0.plaintextSHA256.merging(record?.amendedPlaintextHashes() ?? [:]) { a, _ in a }
        }
        files = report.files.map {
            File(
                path: $0.path, size: $0.size, encryptedSHA256: $0.sha256, plaintextSHA256: contentHashes?[$0.path],
                result: $0.result)
        }
        recordings = (facts?.recordings ?? []).map { recording in
            Recording(
                number: recording.number, file: recording.file,
                duration: Self.duration(recording.durationMilliseconds), started: Self.words(recording.startedAt),
                format: "\(recording.container.uppercased()), \(recording.sampleRate) Hz, "
                    + (recording.channels == 1 ? "mono" : "\(recording.channels) channels"),
                plaintextSHA256: contentHashes?[recording.file], encryptedSHA256: measured[recording.file]?.sha256)
        }

        if let record {
            sealing = Self.sealingSentences(record, report)
            custody = Self.custodySentences(record)
            let links = Self.derivatives(record, report, original: context.original)
            derivedFrom = links.from
            derivedCopies = links.copies
            manifestSHA256 = record.manifestSHA256
        } else {
            sealing = []
            custody = []
            derivedFrom = []
            derivedCopies = []
            manifestSHA256 = nil
        }
        custodyHead = report.head
        checks = report.checks.map {
            Check(
                id: $0.id, heading: Self.heading(for: $0.id) ?? $0.title, title: $0.title, result: $0.result,
                detail: $0.detail, hint: $0.hint)
        }
        verifier = context.verifier
        verifiedAt = Self.words(Timestamp.string(context.verifiedAt))
        software = VitniRelease.description
        let stock = Self.stockCommands(report, record: record, files: files, original: context.original)
        commands = stock.commands
        placeholders = stock.placeholders
    }

    /// The session's facts, decrypted in memory, or why they are absent.
    private static func sessionFacts(_ record: VerifiedBundle?, _ context: Context) -> (
        facts: SessionFile?, absence: String?
    ) {
        guard let record else { return (nil, nil) }
        guard !context.readers.isEmpty else {
            return (
                nil,
                "not available: the session's facts are encrypted, and no identity was given to read them "
                    + "(add --identity NAME, or unlock the agent)"
            )
        }
        do {
            return (try record.sessionFile(identities: context.readers), nil)
        } catch  where SessionBundle.isNotARecipient(error) {
            return (
                nil,
                "not available: the session's facts are encrypted, and \(context.readersGiven ?? "the identity given") "
                    + "is not one of their recipients"
            )
        } catch {
            return (nil, "not available: the session's facts could not be read (\(error))")
        }
    }

    /// Why the bundle's own statements are not repeated.
    private static func unverifiedReason(_ report: VerificationReport) -> String {
        switch report.outcome {
        case .invalid:
            "not stated: the bundle failed verification, so what it says about itself cannot be relied on"
        default:
            "not stated: the signatures could not be checked here, so what the bundle says about itself is unverified"
        }
    }

    private static func fact(_ value: String?, _ reason: String) -> Fact {
        value.map { .stated($0) } ?? .absent(reason)
    }
}

/// Commands a third party types to repeat a check with stock tools, and what they print when
/// the check holds.
public struct StockCommand: Sendable, Equatable {
    public let purpose: String
    /// One command a line, exactly as typed.
    public let lines: [String]
    /// What to look for, in words.
    public let expect: String
    /// The exact lines the commands print, when they are known.
    public let output: [String]

    init(purpose: String, lines: [String], expect: String, output: [String] = []) {
        self.purpose = purpose
        self.lines = lines
        self.expect = expect
        self.output = output
    }
}
