import BudgetCore
import Foundation
import GRDB

/// Where an import batch came from: enough to say later which file changed a figure.
public struct BatchMetadata: Sendable {
    public var fileName: String
    public var sha256: String
    public var format: String
    public var encoding: String
    /// The options that shaped the reading (column map, unit, open years), as text.
    public var options: String
    public var importedAt: Date
    /// The data source (jurisdiction) of the file's departments, unless a row states its own
    /// (``HistoryRow/dataSource``).
    public var dataSource: DataSourceName

    public init(fileName: String, sha256: String, format: String, encoding: String, options: String, importedAt: Date = Date(),
                dataSource: DataSourceName = .unnamed) {
        self.fileName = fileName
        self.sha256 = sha256
        self.format = format
        self.encoding = encoding
        self.options = options
        self.importedAt = importedAt
        self.dataSource = dataSource
    }
}

/// What one file's batch did.
public struct BatchSummary: Sendable {
    public var fileName: String
    /// The batch id, or nil when the batch changed nothing (it is then not recorded).
    public var batchID: Int64?
    public var rowsRead: Int
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
    public var skipped: Int
    public var revisions: Int
    /// Existing departments moved to another data source (each also a warning).
    public var dataSourceMoves: Int = 0
    /// An earlier batch of a file with the same SHA-256, if any: (id, time imported).
    public var earlierImport: (id: Int64, at: String)?

    public var changedSomething: Bool { inserted + updated + dataSourceMoves > 0 }
}

/// One import command's transaction: every file is a batch; everything commits together or not at all.
///
/// A store failure (disk full, read-only, damaged file, lock timeout) is not the input's fault: the first one
/// is kept (``StoreFailure``), every later write of the transaction fails at once, and
/// ``BudgetStore/importTransaction(currentYear:shouldCommit:_:)`` rolls back and throws it as a
/// ``StoreError``, whatever the importer made of it.
public final class ImportTransaction {
    let db: Database
    let currentYear: Int
    let failure = StoreFailure()

    init(db: Database, currentYear: Int) {
        self.db = db
        self.currentYear = currentYear
    }

    /// Starts a batch for one file and returns the writer that applies its rows.
    public func beginBatch(_ metadata: BatchMetadata) throws -> HistoryWriter {
        try failure.guarding {
            try db.execute(sql: """
                INSERT INTO import_batch (file_name, sha256, format, encoding, options, imported_at,
                    rows_read, rows_inserted, rows_updated, rows_unchanged, rows_skipped)
                VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0)
                """, arguments: [metadata.fileName, metadata.sha256, metadata.format, metadata.encoding, metadata.options,
                                 ISO8601DateFormatter().string(from: metadata.importedAt)])
            let batchID = db.lastInsertedRowID
            return HistoryWriter(db: db, batchID: batchID, file: metadata.fileName, currentYear: currentYear,
                                 dataSource: metadata.dataSource, failure: failure)
        }
    }

    /// Closes a batch: records its counts, the file's SHA-256 (known only now: it is computed while the rows are
    /// read) and its warnings, or removes the batch when it changed nothing.
    public func finishBatch(_ writer: HistoryWriter, sha256: String, fileName: String, rowsRead: Int,
                            skipped: Int, warnings: [Finding]) throws -> BatchSummary {
        try failure.guarding {
            try recordBatch(writer, sha256: sha256, fileName: fileName, rowsRead: rowsRead, skipped: skipped, warnings: warnings)
        }
    }

    private func recordBatch(_ writer: HistoryWriter, sha256: String, fileName: String, rowsRead: Int,
                             skipped: Int, warnings: [Finding]) throws -> BatchSummary {
        let earlier = try Row.fetchOne(db, sql: """
            SELECT id, imported_at FROM import_batch WHERE sha256 = ? AND id <> ? ORDER BY id DESC LIMIT 1
            """, arguments: [sha256, writer.batchID])
        var summary = BatchSummary(fileName: fileName, batchID: writer.batchID, rowsRead: rowsRead,
                                   inserted: writer.inserted, updated: writer.updated, unchanged: writer.unchanged,
                                   skipped: skipped, revisions: writer.revisions, dataSourceMoves: writer.dataSourceMoves,
                                   earlierImport: earlier.map { ($0[0], $0[1]) })
        if !summary.changedSomething {
            try db.execute(sql: "DELETE FROM import_batch WHERE id = ?", arguments: [writer.batchID])
            summary.batchID = nil
            return summary
        }
        try db.execute(sql: """
            UPDATE import_batch SET sha256 = ?, rows_read = ?, rows_inserted = ?, rows_updated = ?, rows_unchanged = ?,
                rows_skipped = ?
            WHERE id = ?
            """, arguments: [sha256, rowsRead, writer.inserted, writer.updated, writer.unchanged, skipped, writer.batchID])
        let statement = try db.makeStatement(sql: """
            INSERT INTO finding (batch_id, severity, file, line, field, message, unit, project, year, material)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for finding in warnings {
            try statement.execute(arguments: [writer.batchID, finding.severity.rawValue, finding.file, finding.line,
                                              finding.field, finding.message, finding.unit, finding.project, finding.year,
                                              finding.material])
        }
        return summary
    }
}

extension BudgetStore {
    /// Runs one import command in a single write transaction.
    ///
    /// `body` applies every file and returns its result; `shouldCommit` decides from that result whether to keep
    /// it (false for a dry run, for any error, or when nothing changed). Nothing is written unless it commits,
    /// and a rolled-back import leaves the file byte-for-byte as it was.
    ///
    /// A store failure met on the way — by `body`'s writes, even if `body` caught it, or by the commit — rolls the
    /// transaction back and is thrown as ``StoreError/writeFailed(path:problem:outcome:)`` or
    /// ``StoreError/locked(path:waited:outcome:)`` ("nothing was imported"), never as a problem of the input.
    public func importTransaction<T>(currentYear: Int, shouldCommit: (T) -> Bool,
                                     _ body: (ImportTransaction) throws -> T) throws -> T {
        var result: T?
        do {
            try database.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let transaction = ImportTransaction(db: db, currentYear: currentYear)
                    let value: T
                    do {
                        value = try body(transaction)
                    } catch {
                        throw transaction.failure.error ?? error
                    }
                    if let failure = transaction.failure.error { throw failure }
                    result = value
                    return shouldCommit(value) ? .commit : .rollback
                }
            }
        } catch let error as DatabaseError {
            throw storeError(writing: error, outcome: "nothing was imported")
        }
        return result!
    }
}

/// The first SQLite failure of an import transaction. Once there is one, ``guarding(_:)`` fails at once: a
/// store that is full, read-only or damaged is not written to again in that transaction.
final class StoreFailure {
    private(set) var error: DatabaseError?

    /// Runs `body`, keeping the first SQLite error it throws (and throwing it on).
    func guarding<T>(_ body: () throws -> T) throws -> T {
        if let error { throw error }
        do {
            return try body()
        } catch let error as DatabaseError {
            self.error = error
            throw error
        }
    }
}
