import GRDB

/// An import batch as recorded: the file, its SHA-256, how it was read, when, and what it did.
public struct ImportBatchRecord: Sendable {
    public var id: Int64
    public var fileName: String
    public var sha256: String
    public var format: String
    public var encoding: String
    public var options: String
    public var importedAt: String
    public var rowsRead: Int
    public var inserted: Int
    public var updated: Int
}

extension BudgetStore {
    /// Every import batch, oldest first (provenance for reports).
    public func batches() throws -> [ImportBatchRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, file_name, sha256, format, encoding, options, imported_at, rows_read, rows_inserted, rows_updated
                FROM import_batch ORDER BY id
                """).map {
                ImportBatchRecord(id: $0[0], fileName: $0[1], sha256: $0[2], format: $0[3], encoding: $0[4], options: $0[5],
                                  importedAt: $0[6], rowsRead: $0[7], inserted: $0[8], updated: $0[9])
            }
        }
    }
}
