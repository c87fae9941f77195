import Foundation
internal import GRDB

/// A working folder on the interviewing machine: the SQLite catalogue of cases and sessions
/// (`catalogue.sqlite`, WAL mode, so several people's processes can write at once). Everything
/// sensitive arrives here already encrypted; the catalogue itself holds only non-identifying
/// metadata — ids, states, times, key ids and public recipients.
public final class Workspace: Sendable {
    public static let catalogueName = "catalogue.sqlite"

    public let directory: String
    let database: DatabasePool

    /// Opens the workspace in `directory`.
    /// - Throws: `StoreError.notAWorkspace` when it was never initialised.
    public init(directory: String) throws {
        let path = directory + "/" + Self.catalogueName
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notAWorkspace(directory) }
        self.directory = directory
        database = try Self.openDatabase(path)
        // Checking costs a read; migrating costs a write transaction and an fsync.
        let migrator = Self.migrator
        if try !database.read({ db in try migrator.hasCompletedMigrations(db) }) {
            try migrator.migrate(database)
            // The reader that checked still knows the old schema and would read a new column as
            // absent (a new transcript number as nil) for the rest of this process.
            database.invalidateReadOnlyConnections()
        }
    }

    /// Creates (or re-opens) a workspace in `directory`, mode 0700.
    @discardableResult
    public static func create(directory: String) throws -> Workspace {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = directory + "/" + catalogueName
        if !FileManager.default.fileExists(atPath: path) {
            let database = try openDatabase(path)
            try migrator.migrate(database)
        }
        return try Workspace(directory: directory)
    }

    private static func openDatabase(_ path: String) throws -> DatabasePool {
        var configuration = Configuration()
        // Observers' notes arrive from several processes at once: wait for the writer lock
        // rather than fail.
        configuration.busyMode = .timeout(30)
        configuration.label = "vitni-catalogue"
        let database = try DatabasePool(path: path, configuration: configuration)
        chmod(path, 0o600)
        return database
    }

    /// Runs `body` in a write transaction.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try database.write(body)
    }

    /// Runs `body` on a read-only snapshot.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try database.read(body)
    }
}
