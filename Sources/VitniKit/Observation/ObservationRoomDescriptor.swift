public import Foundation
public import VitniStore

/// Where a session's observation room can be reached, and the certificate it presents: written
/// by the recorder that serves it (`vitni record --observe`) for `vitni invite` to put in each
/// link, and removed when the room closes. It holds no secret.
public struct ObservationRoomDescriptor: Codable, Sendable, Equatable {
    public var sessionID: String
    /// The address the room listens on (`0.0.0.0` for every interface).
    public var host: String
    public var port: Int
    /// SHA-256 of the certificate (DER), in hex: what a person compares in the browser.
    public var certificateSHA256: String
    /// SHA-256 of the certificate's public key (SubjectPublicKeyInfo), in base64: what a
    /// browser or client pins.
    public var publicKeySHA256: String
    public var processID: Int32
    public var startedAt: String

    enum CodingKeys: String, CodingKey {
        case host, port
        case sessionID = "session_id"
        case certificateSHA256 = "certificate_sha256"
        case publicKeySHA256 = "public_key_sha256"
        case processID = "pid"
        case startedAt = "started_at"
    }

    public init(
        sessionID: String, host: String, port: Int, certificateSHA256: String, publicKeySHA256: String,
        processID: Int32 = getpid(), startedAt: Date = Date()
    ) {
        self.sessionID = sessionID
        self.host = host
        self.port = port
        self.certificateSHA256 = certificateSHA256
        self.publicKeySHA256 = publicKeySHA256
        self.processID = processID
        self.startedAt = Timestamp.string(startedAt)
    }

    static func path(_ workspace: Workspace, _ sessionID: String) -> String {
        workspace.directory + "/rooms/" + sessionID + ".json"
    }

    /// Makes the room findable; replaces what a room that crashed left behind.
    public func publish(in workspace: Workspace) throws {
        let directory = workspace.directory + "/rooms"
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try OutputFile.write(Array(try encoder.encode(self)), to: Self.path(workspace, sessionID), mode: 0o600)
    }

    /// Removes the descriptor, if it is this process's.
    public func withdraw(from workspace: Workspace) {
        guard (try? Self.current(sessionID, in: workspace))??.processID == processID else { return }
        try? FileManager.default.removeItem(atPath: Self.path(workspace, sessionID))
    }

    /// The room open for the session, or nil when none is (no descriptor, or its process is gone).
    public static func current(_ sessionID: String, in workspace: Workspace) throws -> ObservationRoomDescriptor? {
        guard let data = FileManager.default.contents(atPath: path(workspace, sessionID)) else { return nil }
        guard data.count < 64 * 1024, let room = try? JSONDecoder().decode(Self.self, from: data),
            room.sessionID == sessionID
        else {
            throw VitniError.malformedFile(
                path: path(workspace, sessionID), reason: "not an observation room descriptor")
        }
        guard kill(room.processID, 0) == 0 || errno == EPERM else { return nil }
        return room
    }
}
