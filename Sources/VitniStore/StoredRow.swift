internal import GRDB

/// A catalogue record type and the table it lives in. The public records stay plain
/// `Codable, Sendable` structs; only this module knows they are stored with GRDB.
protocol CatalogueTable: Codable, Sendable {
    static var databaseTableName: String { get }
    /// Takes the row id SQLite assigned on insert (records with an autoincrement id).
    mutating func didInsert(rowID: Int64)
}

extension CatalogueTable {
    mutating func didInsert(rowID: Int64) {}
}

/// A record as GRDB reads and writes it: the record's own coding keys are the columns, so
/// the wrapper adds persistence without GRDB types reaching the public records.
struct StoredRow<Record: CatalogueTable>: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    var record: Record

    init(_ record: Record) { self.record = record }

    init(from decoder: any Decoder) throws { record = try Record(from: decoder) }

    func encode(to encoder: any Encoder) throws { try record.encode(to: encoder) }

    static var databaseTableName: String { Record.databaseTableName }

    mutating func didInsert(_ inserted: InsertionSuccess) { record.didInsert(rowID: inserted.rowID) }
}

typealias SessionRow = StoredRow<SessionRecord>
typealias SessionEventRow = StoredRow<SessionEventRecord>
typealias NoteRow = StoredRow<NoteRecord>
typealias ChecklistEventRow = StoredRow<ChecklistEventRecord>
typealias RecordingRow = StoredRow<RecordingRecord>
typealias TranscriptRow = StoredRow<TranscriptRecord>
typealias ProtectedNameEventRow = StoredRow<ProtectedNameEventRecord>

extension CatalogueTable {
    /// Inserts the record, taking the id SQLite assigns.
    mutating func insert(_ db: Database) throws {
        var row = StoredRow(self)
        try row.insert(db)
        self = row.record
    }

    func update(_ db: Database) throws { try StoredRow(self).update(db) }

    @discardableResult
    func delete(_ db: Database) throws -> Bool { try StoredRow(self).delete(db) }
}
