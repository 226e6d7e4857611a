import Foundation
import GRDB

/// The historical store: one embedded SQLite file in WAL mode, migrated to the current schema on open.
/// One connection (a CLI process is one user); commands ``close()`` it so the main file holds everything.
///
/// Money columns hold integer 分 (fen); scores hold decimal TEXT. Nothing is stored as REAL.
///
/// ## Topics
/// - ``init(path:)`` opens or creates the file.
/// - ``defaultPath(environment:)``: `BUDGET_DB`, else `budget.sqlite` in the working directory.
/// - ``importBatch(_:dryRun:body:)`` in `BudgetStore+Import.swift` writes one import, all or nothing.
/// - Queries in `BudgetStore+Queries.swift`.
public final class BudgetStore: Sendable {
    public let path: String
    let database: DatabaseQueue
    /// Set once by ``close()``: GRDB crashes (in `sqlite3_wal_checkpoint_v2`) when a closed queue is used.
    private let closedFlag = ClosedFlag()

    /// The store named by `BUDGET_DB`, else `budget.sqlite` in the working directory.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["BUDGET_DB"], !path.isEmpty { return path }
        return "budget.sqlite"
    }

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.label = "budget"
        // WAL mode is set here rather than with `journalMode = .wal`: GRDB's own WAL set-up creates and drops a
        // table whenever the log is empty, which would rewrite the main file on every open. Setting the mode
        // is persistent and writes only when it changes (the first time).
        configuration.prepareDatabase { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            guard mode == "wal" else { throw DatabaseError(message: "could not use WAL mode (journal_mode is \(mode ?? "?"))") }
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch let error as DatabaseError {
            throw .cannotOpen(path: path, reason: error.message ?? error.description)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Checkpoints the write-ahead log into the main file and closes every connection.
    ///
    /// Commands call this when done, so that the main file alone holds the store between commands (and a
    /// later command that writes nothing leaves it byte-for-byte as it was). Safe to call twice.
    public func close() throws {
        guard closedFlag.setOnce() else { return }
        do {
            try database.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try database.close()
        } catch let error as DatabaseError {
            throw StoreError.database(error)
        }
    }

    /// The schema version the file is at (the last applied migration).
    public func schemaVersion() throws -> String? {
        try database.read { db in try Self.migrator.appliedMigrations(db).last }
    }

    /// The SQLite library version in use.
    public func sqliteVersion() throws -> String {
        try database.read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?" }
    }

    /// Runs `body` in a read transaction, mapping SQLite errors to ``StoreError``.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try database.read(body) } catch let error as DatabaseError { throw StoreError.database(error) }
    }

    /// Runs `body` in a write transaction (committed when it returns, rolled back when it throws), mapping
    /// SQLite errors to ``StoreError``.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try database.write(body) } catch let error as DatabaseError { throw StoreError.database(error) }
    }
}

/// A flag that is set once, from any thread.
private final class ClosedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var isSet = false

    /// Sets the flag; returns false if it was already set.
    func setOnce() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if isSet { return false }
        isSet = true
        return true
    }
}
