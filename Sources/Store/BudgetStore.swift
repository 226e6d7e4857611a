import Foundation
import GRDB

/// The historical store: one embedded SQLite file in WAL mode, migrated to the current schema on open.
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
    let pool: DatabasePool

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
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw .cannotOpen(path: path, reason: error.message ?? error.description)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// The schema version the file is at (the last applied migration).
    public func schemaVersion() throws -> String? {
        try pool.read { db in try Self.migrator.appliedMigrations(db).last }
    }

    /// The SQLite library version in use.
    public func sqliteVersion() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?" }
    }

    /// Runs `body` in a read transaction, mapping SQLite errors to ``StoreError``.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let error as DatabaseError { throw StoreError.database(error) }
    }
}
