import Foundation
import VitniCrypto
public import VitniFormats

/// A checked interview protocol together with the exact bytes it was read from. A session keeps
/// those bytes (and their SHA-256) from the moment it starts and seals them with its bundle, so
/// the checklist a court reads is the one the interviewer followed, wherever the protocol
/// directory has moved since.
public struct ProtocolSource: Sendable, Equatable {
    public let interviewProtocol: InterviewProtocol
    public let yaml: [UInt8]
    /// Lower-case hex SHA-256 of ``yaml``.
    public let sha256: String

    /// Checks `yaml` against the protocol schema.
    /// - Parameter file: Names the source in errors.
    /// - Throws: `VitniError.protocolInvalid` naming file, line and field.
    public init(yaml: [UInt8], file: String) throws {
        do {
            interviewProtocol = try InterviewProtocol.parse(bytes: yaml, file: file)
        } catch {
            throw VitniError.protocolInvalid(error)
        }
        self.yaml = yaml
        sha256 = Hex.encode(Hashing.sha256(yaml))
    }
}

extension ProtocolLibrary {
    /// The protocol with this id and the bytes of its file (see ``load(id:)``).
    public func source(id: String) throws -> ProtocolSource {
        try Self.source(file: try path(id: id))
    }

    /// Reads and checks one protocol file, keeping its bytes.
    public static func source(file: String) throws -> ProtocolSource {
        // One byte past the cap, so the parser reports oversize without the whole file ever being loaded.
        let yaml: [UInt8]
        do {
            yaml = try BoundedFile.readPrefix(
                path: file, count: InterviewProtocol.maximumFileSize + 1, requiring: .regularFile)
        } catch { throw VitniError(error) }
        return try ProtocolSource(yaml: yaml, file: file)
    }
}
