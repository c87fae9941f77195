import Foundation
public import VitniFormats

/// Finds interview protocols (`ID.yaml` files) in an ordered list of directories.
///
/// The first directory holding a given id wins, like `PATH`: a centre can put its own edition of
/// a protocol in `$VITNI_PROTOCOLS` and it replaces the shipped one. Every file is checked against
/// the schema when read; a malformed file is an error, never silently skipped, so a checklist is
/// never run against a protocol that lost a phase to a typo.
public struct ProtocolLibrary: Sendable {
    /// The directories searched, in order. Missing ones are skipped.
    public let directories: [String]

    /// - Parameter directories: Directories to search, first match wins.
    public init(directories: [String]) {
        self.directories = directories
    }

    /// The library a `vitni` command uses: `$VITNI_PROTOCOLS` (colon-separated), then the first
    /// `protocols` (or `share/vitni/protocols`) directory found walking up from the running
    /// executable (so `.build/debug/vitni` finds the checkout's `protocols/`), then `./protocols`.
    public static func standard() -> ProtocolLibrary {
        standard(
            environment: ProcessInfo.processInfo.environment, executablePath: runningExecutablePath(),
            currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// `standard()` with its inputs spelled out, for tests and embedding.
    ///
    /// - Parameters:
    ///   - environment: Where `VITNI_PROTOCOLS` is looked up.
    ///   - executablePath: The running program; `nil` skips the walk up from it.
    ///   - currentDirectory: Where `./protocols` is resolved.
    /// - Returns: The library over the directories found, in search order without repeats.
    public static func standard(environment: [String: String], executablePath: String?, currentDirectory: String)
        -> ProtocolLibrary
    {
        var directories: [String] = []
        if let list = environment["VITNI_PROTOCOLS"] {
            directories += list.split(separator: ":").map { absolute(String($0), from: currentDirectory) }
        }
        if let executablePath, let found = protocolsDirectory(above: executablePath) {
            directories.append(found)
        }
        directories.append(absolute("protocols", from: currentDirectory))
        var seen = Set<String>()
        return ProtocolLibrary(directories: directories.filter { seen.insert($0).inserted })
    }

    /// Every protocol found, sorted by id; an id in an earlier directory hides the same id later.
    ///
    /// - Throws: `VitniError.noProtocolDirectory` when no directory exists,
    ///   `VitniError.protocolInvalid` for the first malformed file, `VitniError.io` when a file or
    ///   directory cannot be read.
    public func all() throws -> [InterviewProtocol] {
        try files().map { try Self.read(file: $0.path) }
    }

    /// The protocol with this id, from the first directory that has `ID.yaml`.
    ///
    /// - Parameter id: A protocol id such as `nichd-revised`.
    /// - Throws: `VitniError.protocolNotFound` (listing the known ids) when no directory has it,
    ///   `VitniError.protocolInvalid` when its file is malformed.
    public func load(id: String) throws -> InterviewProtocol {
        try Self.read(file: try path(id: id))
    }

    /// The file of the protocol with this id: `ID.yaml` (or `.yml`) in the first directory that has one.
    func path(id: String) throws -> String {
        guard InterviewProtocol.isValidID(id) else { throw try notFound(id) }
        for directory in directories {
            for suffix in Self.suffixes {
                let path = directory + "/" + id + suffix
                if FileManager.default.fileExists(atPath: path) { return path }
            }
        }
        throw try notFound(id)
    }

    /// A protocol that is not here, with the ids that are; a directory that cannot be listed is
    /// reported as that, not as an empty library.
    private func notFound(_ id: String) throws -> VitniError {
        let known: [String]
        do {
            known = try files().map(\.id)
        } catch VitniError.noProtocolDirectory {
            known = []
        }
        return VitniError.protocolNotFound(id: id, known: known)
    }

    /// The protocol files that `all()` reads: one per id, first directory first, sorted by id.
    ///
    /// - Throws: `VitniError.noProtocolDirectory` when none of the directories exists.
    public func files() throws -> [(id: String, path: String)] {
        var found: [String: String] = [:]
        var anyDirectory = false
        for directory in directories {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else { continue }
            anyDirectory = true
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory)
            } catch {
                let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code ?? Int(EIO)
                throw VitniError.io(path: directory, operation: "list", code: Int32(truncatingIfNeeded: code))
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                guard let suffix = Self.suffixes.first(where: { name.hasSuffix($0) }) else { continue }
                let id = String(name.dropLast(suffix.count))
                if found[id] == nil { found[id] = directory + "/" + name }
            }
        }
        guard anyDirectory else { throw VitniError.noProtocolDirectory(searched: directories) }
        return found.sorted { $0.key < $1.key }.map { (id: $0.key, path: $0.value) }
    }

    /// Reads and checks one protocol file, reading no more than the size cap allows.
    ///
    /// - Parameter file: Path of the file; errors carry it as given.
    /// - Returns: The checked protocol.
    /// - Throws: `VitniError.protocolInvalid` naming file, line and field; `VitniError.io` or
    ///   `VitniError.malformedFile` when it cannot be read or is not a regular file.
    public static func read(file: String) throws -> InterviewProtocol {
        try source(file: file).interviewProtocol
    }

    static let suffixes = [".yaml", ".yml"]

    static func absolute(_ path: String, from directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }

    /// The first `protocols` (or installed `share/vitni/protocols`) directory at or above the
    /// executable's directory.
    static func protocolsDirectory(above executablePath: String) -> String? {
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while true {
            for candidate in ["protocols", "share/vitni/protocols"] {
                let path = directory.appendingPathComponent(candidate).path
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                    return path
                }
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }

    /// The running `vitni`, symlinks resolved where the system says so.
    public static func runningExecutablePath() -> String? {
        #if os(Linux)
            if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments.first
    }
}
