import VitniCrypto
import VitniFormats

/// What a running agent reports about itself: never a secret, only names and public keys.
public struct AgentStatus: Sendable, Equatable {
    /// An unlocked identity, by its name in the key store and its age recipient.
    public struct Identity: Sendable, Equatable {
        public let name: String
        /// The `age1…` recipient files must be encrypted to for this identity to open them.
        public let recipient: String

        public init(name: String, recipient: String) {
            self.name = name
            self.recipient = recipient
        }
    }

    /// The agent's process id.
    public let pid: Int32
    /// The identities it holds, in the order they were unlocked.
    public let identities: [Identity]
    /// How long the agent waits without an unwrap or add request before it exits.
    public let idleTimeout: Duration
    /// How long until it exits unless a request comes.
    public let remaining: Duration

    public init(pid: Int32, identities: [Identity], idleTimeout: Duration, remaining: Duration) {
        self.pid = pid
        self.identities = identities
        self.idleTimeout = idleTimeout
        self.remaining = remaining
    }
}

// The wire format. Every message is one frame:
//
//     length   u32 big-endian: the number of bytes that follow (2 ... limit)
//     version  u8 = 1
//     kind     u8
//     payload  length - 2 bytes, laid out per kind (integers big-endian, strings UTF-8)
//
// Requests (client to agent), at most `maximumRequestSize` bytes after the length:
//     0x01 unwrap   the age header's stanzas in their canonical text form (`-> type args\nbody\n`…)
//     0x02 add      u32 idle timeout in ms (0 keeps the current one), u8 n, n bytes of name,
//                   then the rest: the identity's `AGE-SECRET-KEY-1…` text
//     0x03 status   empty
//     0x04 lock     empty
// Responses (agent to client), at most `maximumResponseSize` bytes after the length:
//     0x80 ok        empty (add, lock)
//     0x81 file key  the 16-byte file key (unwrap)
//     0x82 no match  empty (unwrap: no identity held opens any stanza)
//     0x83 status    u32 pid, u32 idle timeout ms, u32 remaining ms, u8 count, then per identity
//                    u8 n, n bytes of name, u8 m, m bytes of `age1…` recipient
//     0xE0 failure   u8 code (`Agent.Failure`)
// One request per connection: the agent answers and closes. Both sides parse what they read as
// hostile: exact lengths, no trailing bytes, names and recipients re-validated. Frames are built
// and read in guarded memory, because the add request and the file-key response carry secrets.
extension Agent {
    static let protocolVersion: UInt8 = 1
    /// The largest request: a header's stanzas may take up to the largest header Vitni reads.
    static let maximumRequestSize = Age.maximumHeaderSize + 64
    static let maximumResponseSize = 64 * 1024
    static let maximumKeyTextSize = 256

    enum RequestKind: UInt8 {
        case unwrap = 0x01
        case add = 0x02
        case status = 0x03
        case lock = 0x04
    }

    enum ResponseKind: UInt8 {
        case ok = 0x80
        case fileKey = 0x81
        case noMatch = 0x82
        case status = 0x83
        case failure = 0xE0
    }

    /// Why the agent refused a request, as one byte on the wire. The client maps each code to its
    /// own fixed text, so nothing the agent sends is printed as is.
    enum Failure: UInt8, Error, Equatable {
        case malformed = 1
        case unsupportedVersion = 2
        case unknownRequest = 3
        /// An X25519 stanza breaks age's rules (the client reports a header failure).
        case malformedStanza = 4
        case tooManyIdentities = 5
        case tooLarge = 6
    }

    enum Request {
        case unwrap([Age.Stanza])
        /// The idle timeout in milliseconds; 0 keeps the agent's current one.
        case add(name: String, identity: Age.X25519Identity, idleTimeoutMilliseconds: UInt32)
        case status
        case lock
    }

    enum Response {
        case ok
        case fileKey(SecretBytes)
        case noMatch
        case status(AgentStatus)
        case failure(Failure)
    }
}

// MARK: - Encoding

extension Agent {
    /// A whole frame, length prefix included, in guarded memory: `payload` then `secret`.
    static func frame(kind: UInt8, payload: [UInt8], secret: SecretBytes? = nil) -> SecretBytes {
        let bodyLength = 2 + payload.count + (secret?.count ?? 0)
        let frame = SecretBytes(count: 4 + bodyLength)
        frame.withUnsafeMutableBytes { out in
            let header = bigEndian(UInt32(bodyLength)) + [protocolVersion, kind]
            header.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: out[0..<6]).copyMemory(from: $0) }
            payload.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: out[6...]).copyMemory(from: $0) }
            secret?.withUnsafeBytes { bytes in
                UnsafeMutableRawBufferPointer(rebasing: out[(6 + payload.count)...]).copyMemory(from: bytes)
            }
        }
        return frame
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// Appends a string of at most 255 bytes with its u8 length.
    static func appendShortString(_ text: String, to bytes: inout [UInt8]) {
        let utf8 = Array(text.utf8.prefix(255))
        bytes.append(UInt8(utf8.count))
        bytes += utf8
    }
}

extension Agent.Request {
    var kind: Agent.RequestKind {
        switch self {
        case .unwrap: .unwrap
        case .add: .add
        case .status: .status
        case .lock: .lock
        }
    }

    /// The request as a frame; nil if it would exceed the agent's request limit.
    func encoded() -> SecretBytes? {
        switch self {
        case .unwrap(let stanzas):
            let payload = stanzas.flatMap(\.encoded)
            guard 2 + payload.count <= Agent.maximumRequestSize else { return nil }
            return Agent.frame(kind: kind.rawValue, payload: payload)
        case .add(let name, let identity, let milliseconds):
            var payload = Agent.bigEndian(milliseconds)
            Agent.appendShortString(name, to: &payload)
            return Agent.frame(kind: kind.rawValue, payload: payload, secret: identity.encoded)
        case .status, .lock:
            return Agent.frame(kind: kind.rawValue, payload: [])
        }
    }

    /// Parses a request frame's body (after the length). The agent's side: hostile input.
    static func decode(_ body: SecretBytes) throws(Agent.Failure) -> Agent.Request {
        let (kindByte, payload) = try Agent.splitBody(body)
        guard let kind = Agent.RequestKind(rawValue: kindByte) else { throw .unknownRequest }
        switch kind {
        case .status, .lock:
            guard payload.isEmpty else { throw .malformed }
            return kind == .status ? .status : .lock
        case .unwrap:
            let text = body.withUnsafeBytes { Array($0[payload]) }
            return .unwrap(try parseStanzas(text))
        case .add:
            let parsed = body.withUnsafeBytes { bytes in
                Result { () throws(Agent.Failure) -> Agent.Request in
                    var reader = Agent.WireReader(bytes, range: payload)
                    let milliseconds = try reader.u32()
                    guard milliseconds <= Agent.milliseconds(Agent.maximumIdleTimeout) else { throw .malformed }
                    let name = try reader.shortString()
                    guard (try? KeyStore.validate(name: name)) != nil else { throw .malformed }
                    let keyRange = reader.rest()
                    guard (1...Agent.maximumKeyTextSize).contains(keyRange.count) else { throw .malformed }
                    // The key text goes from guarded memory to guarded memory.
                    let keyText = body.slice(keyRange)
                    guard let identities = try? Age.parseIdentities(fileContents: keyText), identities.count == 1,
                        keyText.withUnsafeBytes({ !$0.contains(0x0A) && !$0.contains(0x0D) && !$0.contains(0x20) })
                    else { throw .malformed }
                    return .add(name: name, identity: identities[0], idleTimeoutMilliseconds: milliseconds)
                }
            }
            return try parsed.get()
        }
    }

    /// Stanzas in their header text form, parsed by the same strict grammar as a file's header:
    /// the text must be exactly a sequence of whole stanzas and nothing else.
    static func parseStanzas(_ text: [UInt8]) throws(Agent.Failure) -> [Age.Stanza] {
        guard !text.isEmpty else { throw .malformed }
        let prefix = Age.versionLine + [0x0A]
        // A syntactically valid MAC line, so the header parser accepts the end of the stanzas.
        let suffix = Array("--- ".utf8) + [UInt8](repeating: UInt8(ascii: "A"), count: 43) + [0x0A]
        let header = prefix + text + suffix
        guard let (parsed, length) = try? Age.Header.parse(header, isComplete: true), length == header.count,
            !parsed.stanzas.isEmpty
        else { throw .malformed }
        return parsed.stanzas
    }
}

extension Agent.Response {
    func encoded() -> SecretBytes {
        switch self {
        case .ok: return Agent.frame(kind: Agent.ResponseKind.ok.rawValue, payload: [])
        case .noMatch: return Agent.frame(kind: Agent.ResponseKind.noMatch.rawValue, payload: [])
        case .fileKey(let key): return Agent.frame(kind: Agent.ResponseKind.fileKey.rawValue, payload: [], secret: key)
        case .failure(let failure):
            return Agent.frame(kind: Agent.ResponseKind.failure.rawValue, payload: [failure.rawValue])
        case .status(let status):
            var payload =
                Agent.bigEndian(UInt32(bitPattern: status.pid))
                + Agent.bigEndian(Agent.milliseconds(status.idleTimeout))
                + Agent.bigEndian(Agent.milliseconds(status.remaining))
            let identities = status.identities.prefix(Agent.maximumIdentities)
            payload.append(UInt8(identities.count))
            for identity in identities {
                Agent.appendShortString(identity.name, to: &payload)
                Agent.appendShortString(identity.recipient, to: &payload)
            }
            return Agent.frame(kind: Agent.ResponseKind.status.rawValue, payload: payload)
        }
    }

    /// Parses a response frame's body (after the length). The client's side: the agent is
    /// trusted no more than any other input.
    static func decode(_ body: SecretBytes) throws(Agent.Failure) -> Agent.Response {
        let (kindByte, payload) = try Agent.splitBody(body)
        guard let kind = Agent.ResponseKind(rawValue: kindByte) else { throw .malformed }
        switch kind {
        case .ok, .noMatch:
            guard payload.isEmpty else { throw .malformed }
            return kind == .ok ? .ok : .noMatch
        case .fileKey:
            guard payload.count == 16 else { throw .malformed }
            return .fileKey(body.slice(payload))
        case .failure:
            guard payload.count == 1,
                let failure = body.withUnsafeBytes({ Agent.Failure(rawValue: $0[payload.lowerBound]) })
            else { throw .malformed }
            return .failure(failure)
        case .status:
            let parsed = body.withUnsafeBytes { bytes in
                Result { () throws(Agent.Failure) -> Agent.Response in
                    var reader = Agent.WireReader(bytes, range: payload)
                    let pid = Int32(bitPattern: try reader.u32())
                    let timeout = try reader.u32()
                    let remaining = try reader.u32()
                    let count = Int(try reader.u8())
                    guard count <= Agent.maximumIdentities else { throw .malformed }
                    var identities: [AgentStatus.Identity] = []
                    for _ in 0..<count {
                        let name = try reader.shortString()
                        guard (try? KeyStore.validate(name: name)) != nil,
                            let recipient = try? Age.X25519Recipient(try reader.shortString())
                        else { throw .malformed }
                        identities.append(AgentStatus.Identity(name: name, recipient: recipient.encoded))
                    }
                    guard reader.rest().isEmpty else { throw .malformed }
                    return .status(
                        AgentStatus(
                            pid: pid, identities: identities, idleTimeout: .milliseconds(timeout),
                            remaining: .milliseconds(remaining)))
                }
            }
            return try parsed.get()
        }
    }
}

// MARK: - Decoding helpers

extension Agent {
    /// Checks the version byte and splits a body into its kind and the payload's range.
    static func splitBody(_ body: SecretBytes) throws(Failure) -> (kind: UInt8, payload: Range<Int>) {
        guard body.count >= 2 else { throw .malformed }
        let (version, kind) = body.withUnsafeBytes { ($0[0], $0[1]) }
        guard version == protocolVersion else { throw .unsupportedVersion }
        return (kind, 2..<body.count)
    }

    /// Reads fixed-size fields from a byte range, failing on any read past its end.
    struct WireReader {
        let bytes: UnsafeRawBufferPointer
        private var offset: Int
        private let end: Int

        init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) {
            self.bytes = bytes
            offset = range.lowerBound
            end = range.upperBound
        }

        mutating func u8() throws(Failure) -> UInt8 {
            guard offset < end else { throw .malformed }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func u32() throws(Failure) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 { value = value << 8 | UInt32(try u8()) }
            return value
        }

        /// A u8 length and that many bytes of UTF-8 (public text only).
        mutating func shortString() throws(Failure) -> String {
            let count = Int(try u8())
            guard count > 0, end - offset >= count else { throw .malformed }
            defer { offset += count }
            guard let text = String(validating: bytes[offset..<(offset + count)], as: UTF8.self) else {
                throw .malformed
            }
            return text
        }

        /// The range of the bytes not yet read; the reader is then at its end.
        mutating func rest() -> Range<Int> {
            defer { offset = end }
            return offset..<end
        }
    }
}
