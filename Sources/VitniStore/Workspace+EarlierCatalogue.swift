import GRDB

extension Workspace {
    /// A catalogue as an earlier release left it, for testing a migration: the migrations up to
    /// and including `migration` applied, then `sql` run (the rows that release would have
    /// written). Opening it as a `Workspace` then runs the rest.
    static func makeEarlierCatalogue(directory: String, migratedUpTo migration: String, then sql: String) throws {
        let database = try DatabaseQueue(path: directory + "/" + catalogueName)
        try migrator.migrate(database, upTo: migration)
        try database.write { db in try db.execute(sql: sql) }
    }
}
