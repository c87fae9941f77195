extension Custody {
    /// One custody event. Its line in the log is the RFC 8785 canonical JSON of all seven members;
    /// `sig` is the actor's Ed25519 signature over the canonical JSON of the other six, so
    /// `jq -cS 'del(.sig)'` reproduces exactly the signed bytes.
    public struct Event: Equatable, Sendable {
        /// 0 for `sealed`, then one more per event.
        public var seq: Int64
        /// SHA-256 (lower-case hex) of the previous line's bytes without its LF; 64 zeros for event 0.
        public var prev: String
        public var time: Timestamp
        /// The signer's minisign key id (16 upper-case hex digits).
        public var actor: String
        public var action: Action
        public var detail: [String: CanonicalJSON.Value]
        /// Standard base64 of the 64-byte Ed25519 signature; nil until signed.
        public var sig: String?

        public init(
            seq: Int64, prev: String, time: Timestamp, actor: String, action: Action,
            detail: [String: CanonicalJSON.Value], sig: String? = nil
        ) {
            self.seq = seq
            self.prev = prev
            self.time = time
            self.actor = actor
            self.action = action
            self.detail = detail
            self.sig = sig
        }

        static let memberNames: Set<String> = ["seq", "prev", "time", "actor", "action", "detail", "sig"]

        private var unsignedMembers: [String: CanonicalJSON.Value] {
            [
                "seq": .integer(seq), "prev": .string(prev), "time": .string(time.text), "actor": .string(actor),
                "action": .string(action.rawValue), "detail": .object(detail),
            ]
        }

        /// The bytes `sig` signs: canonical JSON of the event without `sig`.
        /// - Throws: `CanonicalJSON.Error` when `detail` holds a value outside the supported subset.
        public func signedBytes() throws(CanonicalJSON.Error) -> [UInt8] {
            try CanonicalJSON.serialize(.object(unsignedMembers))
        }

        /// The raw signature, when `sig` is canonical base64 of 64 bytes.
        public var signature: [UInt8]? {
            guard let sig, let bytes = Base64.decode(sig), bytes.count == 64 else { return nil }
            return bytes
        }

        /// The log line (without LF): canonical JSON of the whole event.
        /// - Throws: `Custody.FormatError` when the event is unsigned or breaks a field rule.
        public func line() throws(FormatError) -> [UInt8] {
            if let problem = fieldProblem() { throw FormatError(line: nil, reason: problem) }
            guard let sig, signature != nil else {
                throw FormatError(line: nil, reason: "the event has no valid signature")
            }
            var members = unsignedMembers
            members["sig"] = .string(sig)
            do {
                return try CanonicalJSON.serialize(.object(members))
            } catch {
                throw FormatError(line: nil, reason: error.reason)
            }
        }

        /// Parses one line as hostile input: JSON within limits, exactly the seven members with the
        /// right types and forms, and written in canonical form (so the line's bytes, which the next
        /// event's `prev` hashes, are the only bytes this event can have).
        /// - Parameters:
        ///   - line: the line without its LF.
        ///   - number: the 1-based line number, for errors.
        /// - Throws: `Custody.FormatError` naming the line and the rule.
        public static func parse(line: some Collection<UInt8>, number: Int) throws(FormatError) -> Event {
            let bytes = Array(line)
            let value: CanonicalJSON.Value
            do {
                value = try CanonicalJSON.parse(
                    bytes, limits: CanonicalJSON.Limits(maximumBytes: maximumLineLength, maximumDepth: 16))
            } catch {
                throw FormatError(line: number, reason: "is not valid JSON: \(error.description)")
            }
            guard let members = value.objectValue else {
                throw FormatError(line: number, reason: "is not a JSON object")
            }
            guard Set(members.keys) == memberNames else {
                throw FormatError(line: number, reason: "must have exactly the members \(memberNames.sorted())")
            }
            guard let seq = members["seq"]?.integerValue, let prev = members["prev"]?.stringValue,
                let timeText = members["time"]?.stringValue, let actor = members["actor"]?.stringValue,
                let actionText = members["action"]?.stringValue, let detail = members["detail"]?.objectValue,
                let sig = members["sig"]?.stringValue
            else {
                throw FormatError(
                    line: number,
                    reason: "has a member of the wrong type (seq integer, detail object, the others strings)")
            }
            guard let time = Timestamp(timeText) else {
                throw FormatError(line: number, reason: "has a time that is not RFC 3339 UTC `YYYY-MM-DDTHH:MM:SSZ`")
            }
            guard let action = Action(rawValue: actionText) else {
                throw FormatError(line: number, reason: "has an unknown action")
            }
            let event = Event(
                seq: seq, prev: prev, time: time, actor: actor, action: action, detail: detail, sig: sig)
            if let problem = event.fieldProblem() { throw FormatError(line: number, reason: problem) }
            guard event.signature != nil else {
                throw FormatError(line: number, reason: "has a sig that is not base64 of a 64-byte signature")
            }
            // The parsed value serialised again: each member above reads back to itself, so this
            // is `event.line()` without checking the fields twice (a 100,000-event log is read
            // in one pass of parse and serialise per line).
            guard (try? CanonicalJSON.serialize(value)) == bytes else {
                throw FormatError(line: number, reason: "is not in RFC 8785 canonical form")
            }
            return event
        }

        func fieldProblem() -> String? {
            if seq < 0 { return "has a negative seq" }
            if !Custody.isDigest(prev) { return "has a prev that is not 64 lower-case hex digits" }
            if !Custody.isKeyID(actor) {
                return "has an actor that is not a minisign key id (16 upper-case hex digits)"
            }
            return nil
        }
    }
}
