public import VitniFormats
public import VitniStore

extension SessionManager {
    /// The protocol a session follows: the bytes it was started with, checked against the hash
    /// recorded beside them. Sessions started before Vitni kept those bytes fall back to the
    /// protocol library by id.
    /// - Throws: `VitniError.malformedFile` when the kept bytes no longer match their hash,
    ///   `VitniError.protocolInvalid` when they do not parse, and the library's errors for old sessions.
    public func protocolSource(of session: SessionRecord, library: ProtocolLibrary = .standard()) throws
        -> ProtocolSource
    {
        guard let yaml = session.protocolYAML else { return try library.source(id: session.protocolID) }
        let source = try ProtocolSource(yaml: Array(yaml), file: "protocol of session \(session.id)")
        guard source.sha256 == session.protocolSHA256 else {
            throw VitniError.malformedFile(
                path: "session \(session.id)",
                reason: "the protocol kept with the session no longer matches its SHA-256")
        }
        return source
    }

    /// The checked protocol of ``protocolSource(of:library:)``.
    public func interviewProtocol(of session: SessionRecord) throws -> InterviewProtocol {
        try protocolSource(of: session).interviewProtocol
    }
}
