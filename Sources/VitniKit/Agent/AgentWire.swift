import VitniCrypto
import VitniFormats

/// What a running agent reports about itself: never a secret, only names and public keys.
public struct AgentStatus: Sendable, Equatable {
    /// An unlocked identity, by its name in the key store, its age recipient and, when the agent
    /// can sign as it, its minisign public key.
    public struct Identity: Sendable, Equatable {
        public let name: String
        /// The `age1…` recipient files must be encrypted to for this identity to open them.
        public let recipient: String
        /// The minisign public key (`RW…`) the agent signs with for this identity; nil when it
        /// holds only the age key.
        public let signingKey: String?

        public init(name: String, recipient: String, signingKey: String? = nil) {
            self.name = name
            self.recipient = recipient
            self.signingKey = signingKey
        }
    }

    /// The agent's process id.
    public let pid: Int32
    /// The identities it holds, in the order they were unlocked.
    public let identities: [Identity]
    /// How long the agent waits without an unwrap, sign or add request before it exits.
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
//     0x05 add signing key
//                   u8 n, n bytes of the name of an identity the agent holds, then exactly 72
//                   bytes: minisign key id (8) ‖ Ed25519 secret key (seed ‖ public key, 64)
//     0x06 sign     8-byte minisign key id, then the message (1 ... `maximumSignedMessageSize`
//                   bytes; a custody event's canonical JSON), signed with plain Ed25519
//     0x07 sign prehashed
//                   8-byte minisign key id, the 64-byte BLAKE2b-512 digest the client computed,
//                   then the rest: the trusted comment (UTF-8, one line, minisign's limit)
// Responses (agent to client), at most `maximumResponseSize` bytes after the length:
//     0x80 ok        empty (add, add signing key, lock)
//     0x81 file key  the 16-byte file key (unwrap)
//     0x82 no match  empty (unwrap: no identity held opens any stanza; sign, sign prehashed: no
//                    signing key with that key id is held)
//     0x83 status    u32 pid, u32 idle timeout ms, u32 remaining ms, u8 count, then per identity
//                    u8 n, n bytes of name, u8 m, m bytes of `age1…` recipient, u8 k, k bytes of
//                    its minisign public key (`RW…`; k = 0 when it holds no signing key)
//     0x84 signature the 64-byte Ed25519 signature (sign)
//     0x85 prehashed signature
//                    64 bytes of Ed25519 over the digest ‖ 64 bytes of Ed25519 over those 64
//                    bytes ‖ the trusted comment (minisign's global signature)
//     0xE0 failure   u8 code (`Agent.Failure`)
// One request per connection: the agent answers and closes. Both sides parse what they read as
// hostile: exact lengths, no trailing bytes, names, recipients, keys and comments re-validated;
// the client checks every signature against the key it expects before using it. Frames are
// built and read in guarded memory, because the add requests and the file-key response carry
// secrets. The agent never sends a key: it signs, and only for processes of its own user.
extension Agent {
    static let protocolVersion: UInt8 = 1
    /// The largest message a sign request carries: a custody event's line.
    static let maximumSignedMessageSize = Custody.maximumLineLength
    /// The largest request: a header's stanzas may take up to the largest header Vitni reads,
    /// and a sign request carries a message as long as a custody event.
    static let maximumRequestSize = max(Age.maximumHeaderSize + 64, 2 + keyIDLength + maximumSignedMessageSize)
    static let keyIDLength = 8
    static let maximumResponseSize = 64 * 1024
    static let maximumKeyTextSize = 256
    static let signatureLength = 64

    enum RequestKind: UInt8 {
        case unwrap = 0x01
        case add = 0x02
        case status = 0x03
        case lock = 0x04
        case addSigningKey = 0x05
        case sign = 0x06
        case signPrehashed = 0x07
    }

    enum ResponseKind: UInt8 {
        case ok = 0x80
        case fileKey = 0x81
        case noMatch = 0x82
        case status = 0x83
        case signature = 0x84
        case prehashedSignature = 0x85
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
        /// A signing key was offered for a name the agent holds no identity under.
        case unknownIdentity = 7
    }

    enum Request {
        case unwrap([Age.Stanza])
        /// The idle timeout in milliseconds; 0 keeps the agent's current one.
        case add(name: String, identity: Age.X25519Identity, idleTimeoutMilliseconds: UInt32)
        case status
        case lock
        case addSigningKey(name: String, key: MinisignSecretKey)
        case sign(keyID: [UInt8], message: [UInt8])
        case signPrehashed(keyID: [UInt8], digest: [UInt8], trustedComment: String)
    }

    enum Response {
        case ok
        case fileKey(SecretBytes)
        case noMatch
        case status(AgentStatus)
        case signature([UInt8])
        case prehashedSignature(MinisignSignature.PrehashedParts)
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
        case .addSigningKey: .addSigningKey
        case .sign: .sign
        case .signPrehashed: .signPrehashed
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
        case .addSigningKey(let name, let key):
            var payload: [UInt8] = []
            Agent.appendShortString(name, to: &payload)
            return Agent.frame(kind: kind.rawValue, payload: payload, secret: key.raw)
        case .sign(let keyID, let message):
            guard (1...Agent.maximumSignedMessageSize).contains(message.count) else { return nil }
            return Agent.frame(kind: kind.rawValue, payload: keyID + message)
        case .signPrehashed(let keyID, let digest, let trustedComment):
            return Agent.frame(kind: kind.rawValue, payload: keyID + digest + Array(trustedComment.utf8))
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
        case .addSigningKey, .sign, .signPrehashed:
            return try decodeSigning(kind, body, payload)
        }
    }

    /// The signing requests: the key offered, or the key id and what to sign.
    private static func decodeSigning(_ kind: Agent.RequestKind, _ body: SecretBytes, _ payload: Range<Int>)
        throws(Agent.Failure) -> Agent.Request
    {
        if kind == .addSigningKey {
            let name = try body.withUnsafeBytes { bytes in
                Result { () throws(Agent.Failure) -> String in
                    var reader = Agent.WireReader(bytes, range: payload)
                    let name = try reader.shortString()
                    guard reader.rest().count == MinisignSecretKey.rawLength else { throw .malformed }
                    return name
                }
            }.get()
            // The key goes from guarded memory to guarded memory, and must be whole.
            let keyRange = (payload.upperBound - MinisignSecretKey.rawLength)..<payload.upperBound
            guard (try? KeyStore.validate(name: name)) != nil,
                let key = try? MinisignSecretKey(raw: body.slice(keyRange))
            else { throw .malformed }
            return .addSigningKey(name: name, key: key)
        }
        let bytes = body.withUnsafeBytes { Array($0[payload]) }
        guard bytes.count > Agent.keyIDLength else { throw .malformed }
        let keyID = Array(bytes[..<Agent.keyIDLength])
        let rest = Array(bytes[Agent.keyIDLength...])
        if kind == .sign {
            guard rest.count <= Agent.maximumSignedMessageSize else { throw .malformed }
            return .sign(keyID: keyID, message: rest)
        }
        guard rest.count >= MinisignSignature.digestLength,
            let comment = String(validating: rest[MinisignSignature.digestLength...], as: UTF8.self),
            (try? MinisignSignature.validateTrustedComment(comment)) != nil
        else { throw .malformed }
        return .signPrehashed(
            keyID: keyID, digest: Array(rest[..<MinisignSignature.digestLength]), trustedComment: comment)
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
        case .signature(let signature):
            return Agent.frame(kind: Agent.ResponseKind.signature.rawValue, payload: signature)
        case .prehashedSignature(let parts):
            return Agent.frame(
                kind: Agent.ResponseKind.prehashedSignature.rawValue, payload: parts.signature + parts.globalSignature)
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
                if let signingKey = identity.signingKey {
                    Agent.appendShortString(signingKey, to: &payload)
                } else {
                    payload.append(0)
                }
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
        case .signature:
            guard payload.count == Agent.signatureLength else { throw .malformed }
            return .signature(body.withUnsafeBytes { Array($0[payload]) })
        case .prehashedSignature:
            guard payload.count == 2 * Agent.signatureLength else { throw .malformed }
            let bytes = body.withUnsafeBytes { Array($0[payload]) }
            return .prehashedSignature(
                MinisignSignature.PrehashedParts(
                    signature: Array(bytes[..<Agent.signatureLength]),
                    globalSignature: Array(bytes[Agent.signatureLength...])))
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
                        let signingKey = try reader.optionalShortString()
                        if let signingKey {
                            // Re-encoded, so only the canonical form of a valid key gets through.
                            guard let key = try? MinisignPublicKey(base64: signingKey), key.base64 == signingKey
                            else { throw .malformed }
                        }
                        identities.append(
                            AgentStatus.Identity(name: name, recipient: recipient.encoded, signingKey: signingKey))
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

        /// A u8 length and that many bytes of UTF-8, or nil for length 0.
        mutating func optionalShortString() throws(Failure) -> String? {
            guard offset < end else { throw .malformed }
            guard bytes[offset] != 0 else {
                offset += 1
                return nil
            }
            return try shortString()
        }

        /// The range of the bytes not yet read; the reader is then at its end.
        mutating func rest() -> Range<Int> {
            defer { offset = end }
            return offset..<end
        }
    }
}
