import Foundation
import VitniCrypto
public import VitniFormats

/// The custody log of a bundle: reading it as hostile input, checking its chain, and signing
/// new events. Appending to a bundle on disk is in `CustodyLog+Append.swift`.
public enum CustodyLog {
    /// The most bytes of log a reader accepts.
    public static let maximumLogSize = 64 << 20
    /// The `sealed` event's detail member naming the release that sealed it (absent in bundles
    /// sealed before Vitni recorded it, such as the golden v1.0.0 ones).
    public static let softwareKey = "software"

    /// One event with the exact line it was read from (or written as) and that line's hash.
    public struct Entry: Sendable, Equatable {
        public let event: Custody.Event
        /// The line's bytes without LF.
        public let line: [UInt8]
        /// SHA-256 (lower-case hex) of `line`: the next event's `prev`, and the log's head when last.
        public let hash: String

        init(event: Custody.Event, line: [UInt8]) {
            self.event = event
            self.line = line
            self.hash = Hex.encode(Hashing.sha256(line))
        }
    }

    /// What a caller keeps after appending (or sealing): the event's position and the new head.
    public struct Receipt: Sendable, Equatable, Codable {
        public let seq: Int64
        public let action: Custody.Action
        public let time: String
        /// SHA-256 of the last line: compare with `expectHead` when verifying later.
        public let head: String
        /// True when the event was already in the log (a retry after a crash that came after
        /// the change): nothing was added this time.
        public var alreadyRecorded = false

        enum CodingKeys: String, CodingKey { case seq, action, time, head }

        init(seq: Int64, action: Custody.Action, time: String, head: String, alreadyRecorded: Bool = false) {
            self.seq = seq
            self.action = action
            self.time = time
            self.head = head
            self.alreadyRecorded = alreadyRecorded
        }
    }

    /// The key id holding the bundle after `entries`: the sealer, then each transfer's `to`.
    public static func holder(of entries: [Entry]) -> String? {
        var holder = entries.first?.event.actor
        for entry in entries where entry.event.action == .transferred {
            holder = entry.event.detail["to"]?.stringValue
        }
        return holder
    }

    /// The payload manifest's SHA-256 as of event `seq` (the whole log when nil): recorded by the
    /// last `sealed` or `amended` event before it.
    public static func manifestSHA256(in entries: [Entry], before seq: Int64?) -> String? {
        entries.last { entry in
            (entry.event.action == .sealed || entry.event.action == .amended)
                && seq.map { entry.event.seq < $0 } ?? true
        }?.event.detail[Custody.FileCommitment.manifestKey]?.stringValue
    }

    /// Parses a whole log, each line strictly (see `Custody.Event.parse`).
    /// - Throws: `Custody.FormatError` naming the first bad line.
    public static func parse(_ bytes: [UInt8]) throws(Custody.FormatError) -> [Entry] {
        guard bytes.count <= maximumLogSize else {
            throw Custody.FormatError(line: nil, reason: "is larger than \(maximumLogSize) bytes")
        }
        var entries: [Entry] = []
        for (index, line) in try Custody.lines(bytes).enumerated() {
            let event = try Custody.Event.parse(line: line, number: index + 1)
            entries.append(Entry(event: event, line: Array(line)))
        }
        return entries
    }

    /// Reads and parses `custody/custody-log.jsonl` of the bag (directory or tar) at `bundle`.
    /// - Throws: `BundleError.io`, or `.malformedFile` naming the line.
    public static func read(bundle: String) throws -> [Entry] {
        try read(BagStorages.reading(bundle))
    }

    static func read(_ storage: any BagStorage) throws -> [Entry] {
        let bytes = try storage.readSmallFile(Custody.logPath, limit: maximumLogSize)
        do {
            return try parse(bytes)
        } catch {
            throw BundleError.malformedFile(error.description)
        }
    }

    /// The log's bytes: each entry's line followed by LF.
    static func render(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries { out += entry.line + [0x0A] }
        return out
    }

    /// Builds and signs the event that follows `previous` (or event 0 when there is none).
    static func makeEntry(
        after previous: Entry?, time: Custody.Timestamp, action: Custody.Action,
        detail: [String: CanonicalJSON.Value], signer: any BundleSigner
    ) throws -> Entry {
        var event = Custody.Event(
            seq: previous.map { $0.event.seq + 1 } ?? 0, prev: previous?.hash ?? Custody.genesisPrev, time: time,
            actor: signer.keyID, action: action, detail: detail)
        do {
            event.sig = Base64.encode(try signer.sign(try event.signedBytes()))
            return Entry(event: event, line: try event.line())
        } catch let error as CanonicalJSON.Error {
            throw BundleError.invalidInput("custody event detail: \(error.reason)")
        } catch let error as Custody.FormatError {
            throw BundleError.invalidInput("custody event: \(error.reason)")
        }
    }

    /// What is wrong with a chain, by kind, so a report can name the failing check.
    public struct ChainProblems: Sendable, Equatable {
        /// Order and linkage: seq, prev, time, `sealed` first and only first.
        public var links: [String] = []
        /// Signatures that do not verify under their actor's trusted key.
        public var signatures: [String] = []
        /// Events by keys not in the trust, whose signatures could not be checked.
        public var untrusted: [String] = []
        /// Those keys, each once, in the order met.
        public var untrustedKeys: [String] = []
        /// Events by someone who did not hold the bundle at that point: a fork of the chain.
        public var holders: [String] = []
        /// `decrypted` events by a reader who did not hold the bundle. Vitni 1.0 let readers
        /// record decryptions, so these are reported, not fatal: a 1.0 bundle keeps verifying.
        public var readers: [String] = []
    }

    /// Checks every rule of the chain: event 0 is `sealed` with the genesis `prev`, `seq` counts
    /// up from 0 by one, each `prev` is the SHA-256 of the line before, times never go backwards,
    /// no later event is `sealed`, and (when `trust` is given) each `sig` is a valid Ed25519
    /// signature by a trusted key whose id is the event's `actor`.
    public static func check(_ entries: [Entry], trust: BundleTrust?) -> ChainProblems {
        var problems = ChainProblems()
        guard let first = entries.first else {
            problems.links.append("the log has no events")
            return problems
        }
        if first.event.action != .sealed { problems.links.append("line 1: the first event is not `sealed`") }
        var holder: String? = first.event.actor
        for (index, entry) in entries.enumerated() {
            let event = entry.event
            let line = index + 1
            defer { if event.action == .transferred { holder = event.detail["to"]?.stringValue } }
            if event.seq != Int64(index) {
                problems.links.append("line \(line): seq is \(event.seq), expected \(index)")
            }
            let expectedPrev = index == 0 ? Custody.genesisPrev : entries[index - 1].hash
            if event.prev != expectedPrev {
                problems.links.append(
                    index == 0
                        ? "line 1: prev is not 64 zeros"
                        : "line \(line): prev is not the SHA-256 of line \(index) (the chain is broken here)")
            }
            if index > 0 {
                if event.action == .sealed { problems.links.append("line \(line): a second `sealed` event") }
                if let holder, event.actor != holder {
                    let problem =
                        "line \(line): \(event.action.rawValue) by \(event.actor), who does not hold the bundle (\(holder) does)"
                    if event.action == .decrypted {
                        problems.readers.append(problem)
                    } else {
                        problems.holders.append(problem)
                    }
                }
                if event.action == .transferred, event.detail["from"]?.stringValue != event.actor {
                    problems.links.append("line \(line): the transfer's `from` is not its signer")
                }
                if event.action == .transferred, event.detail["to"]?.stringValue.map(Custody.isKeyID) != true {
                    problems.links.append("line \(line): the transfer names no valid `to` key id")
                }
                if event.time < entries[index - 1].event.time {
                    problems.links.append("line \(line): time \(event.time) is earlier than the event before it")
                }
            }
        }
        if let trust {
            for problem in signatureProblems(entries, trust: trust) {
                switch problem {
                case .invalid(let text): problems.signatures.append(text)
                case .untrusted(let text, let key):
                    problems.untrusted.append(text)
                    if !problems.untrustedKeys.contains(key) { problems.untrustedKeys.append(key) }
                }
            }
        }
        return problems
    }

    /// Why one event's signature did not pass.
    enum SignatureProblem {
        case invalid(String)
        case untrusted(String, keyID: String)
    }

    /// Checks every event's signature, on every core: Ed25519 verification is nearly all the time
    /// a long log takes. Problems come back in line order.
    static func signatureProblems(_ entries: [Entry], trust: BundleTrust) -> [SignatureProblem] {
        let chunk = 1024
        let chunks = (entries.count + chunk - 1) / chunk
        let found = UnsafeMutableBufferPointer<SignatureProblem?>.allocate(capacity: entries.count)
        found.initialize(repeating: nil)
        defer { found.deallocate() }
        // Each chunk writes only its own slots.
        nonisolated(unsafe) let slots = found
        DispatchQueue.concurrentPerform(iterations: chunks) { index in
            for position in index * chunk..<min(entries.count, (index + 1) * chunk) {
                slots[position] = signatureProblem(entries[position].event, line: position + 1, trust: trust)
            }
        }
        return found.compactMap { $0 }
    }

    private static func signatureProblem(_ event: Custody.Event, line: Int, trust: BundleTrust) -> SignatureProblem? {
        guard let signer = trust.signer(for: event.actor) else {
            return .untrusted("line \(line): signed by key \(event.actor), which is not trusted", keyID: event.actor)
        }
        let valid =
            (try? event.signedBytes()).map { bytes in
                event.signature.map { signer.publicKey.isValidSignature($0, for: bytes) } ?? false
            } ?? false
        return valid ? nil : .invalid("line \(line): the signature by \(event.actor) does not match the event")
    }
}
