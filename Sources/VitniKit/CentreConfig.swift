import Foundation
internal import TOMLKit

/// A centre's defaults, from `$VITNI_HOME/config.toml`; each command-line option overrides its
/// default. The file is read as hostile input: a regular file (no symlink), at most 64 KiB, known
/// keys only, each of its own type.
///
///     organization = "Barnahus Reykjavík"     # seal/export: Source-Organization
///     place = "Barnahus, Reykjavík"           # transcript export: the court header's Place
///     recipients = ["age1…", "per"]           # session start without --recipient
///     protocol = "nichd-revised"              # session start without --protocol
public struct CentreConfig: Sendable, Equatable {
    public var organization: String?
    public var place: String?
    /// As `session start --recipient` takes them: `age1…` keys, identity names or identity files.
    public var recipients: [String]
    public var protocolID: String?

    public static let fileName = "config.toml"
    public static let maximumBytes = 64 * 1024

    public init(organization: String? = nil, place: String? = nil, recipients: [String] = [], protocolID: String? = nil)
    {
        self.organization = organization
        self.place = place
        self.recipients = recipients
        self.protocolID = protocolID
    }

    /// The configuration under `home`; none (every default unset) when the file is absent.
    /// - Throws: `VitniError.malformedFile` naming the file and, where it is one key's fault, the key.
    public static func load(home: String) throws -> CentreConfig {
        let path = home + "/" + fileName
        guard let bytes = try readBounded(path) else { return CentreConfig() }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw VitniError.malformedFile(path: path, reason: "not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Reads TOML text; `file` names it in every error.
    public static func parse(_ text: String, file: String) throws -> CentreConfig {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw VitniError.malformedFile(
                path: file, reason: "line \(error.source.begin.line): not valid TOML (\(error.description))")
        }
        var config = CentreConfig()
        for key in table.keys.sorted() {
            let value = table[key]!
            switch key {
            case "organization": config.organization = try line(value, key: key, file: file)
            case "place": config.place = try line(value, key: key, file: file)
            case "protocol": config.protocolID = try line(value, key: key, file: file)
            case "recipients":
                guard let array = value.array else { throw wrongType(key, "an array of strings", file) }
                config.recipients = try array.map { try line($0, key: key, file: file) }
            default:
                throw VitniError.malformedFile(
                    path: file, reason: "unknown key '\(key)' (known: organization, place, protocol, recipients)")
            }
        }
        return config
    }

    /// A one-line string of at most 256 bytes: these values end up in headers and tag files.
    private static func line(_ value: any TOMLValueConvertible, key: String, file: String) throws -> String {
        guard let text = value.string else { throw wrongType(key, "a string", file) }
        guard !text.isEmpty, text.utf8.count <= 256,
            !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw VitniError.malformedFile(path: file, reason: "'\(key)' must be one line of 1 to 256 bytes")
        }
        return text
    }

    private static func wrongType(_ key: String, _ expected: String, _ file: String) -> VitniError {
        VitniError.malformedFile(path: file, reason: "'\(key)' must be \(expected)")
    }

    /// The file's bytes, or nil when there is none; never through a symlink, never past the limit.
    private static func readBounded(_ path: String) throws -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            if errno == ELOOP { throw VitniError.malformedFile(path: path, reason: "a symlink, not a regular file") }
            throw VitniError.io(path: path, operation: "open", code: errno)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw VitniError.io(path: path, operation: "stat", code: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw VitniError.malformedFile(path: path, reason: "not a regular file")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while bytes.count <= maximumBytes {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw VitniError.io(path: path, operation: "read", code: errno) }
            if count == 0 { return bytes }
            bytes += buffer[..<count]
        }
        throw VitniError.malformedFile(path: path, reason: "larger than \(maximumBytes / 1024) KiB")
    }
}
