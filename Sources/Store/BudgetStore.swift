import Foundation
import GRDB

/// The historical store: one embedded SQLite file in WAL mode, migrated to the current schema on open.
/// One connection (a CLI process is one user); commands ``close()`` it so the main file holds everything.
///
/// Money columns hold integer 分 (fen); scores hold decimal TEXT. Nothing is stored as REAL.
///
/// A store names itself in the file header: `PRAGMA application_id` is ``applicationID`` ("BDGT") and
/// `PRAGMA user_version` the number of migrations applied (``schemaVersionNumber``). Opening checks the file
/// before anything is written to it: another program's SQLite database, a file that is not SQLite, or a store
/// made by a newer version of budget is refused (``StoreError/cannotOpen(path:reason:)``) and left untouched.
///
/// ## Topics
/// - ``init(path:access:lockTimeout:onLockWait:)`` opens or creates the file; read-only when it (or its
///   folder) cannot be written.
/// - ``defaultPath(environment:)``: `BUDGET_DB`, else `budget.sqlite` in the working directory.
/// - ``importTransaction(currentYear:shouldCommit:_:)`` in `BudgetStore+Import.swift` writes one import, all
///   or nothing.
/// - Queries in `BudgetStore+Queries.swift`.
public final class BudgetStore: Sendable {
    public let path: String
    let database: DatabaseQueue
    /// True when the store was opened read-only, because this user cannot write the file or its folder.
    /// Reading works; every write fails with ``StoreError/writeFailed(path:problem:outcome:)`` ("read-only").
    public let isReadOnly: Bool
    /// How long a write waits for another process's write to finish, in seconds.
    let lockTimeout: TimeInterval
    /// Set once by ``close()``: GRDB crashes (in `sqlite3_wal_checkpoint_v2`) when a closed queue is used.
    private let closedFlag = ClosedFlag()
    private let lockWait: LockWait

    /// What the command opening the store means to do with it.
    public enum Access: Sendable {
        /// Only read. Nothing is written, except a migration an older store needs (when it can be written).
        case read
        /// Read and write: the file is created when missing, and an older store's header is stamped with the
        /// budget application id.
        case write
    }

    /// `PRAGMA application_id` of every budget store: the ASCII bytes "BDGT".
    public static let applicationID: Int32 = 0x4244_4754
    /// `PRAGMA user_version` of a store at the current schema: the number of migrations (v1…v5 → 5).
    public static var schemaVersionNumber: Int { migrator.migrations.count }
    /// The tables every budget store has had since v1 (with `grdb_migrations`): how a store made before the
    /// application id was set is recognized.
    static let baseTables: Set<String> = ["department", "unit", "project", "project_alias", "import_batch",
                                          "annual_figures", "declaration", "indicator", "revision", "finding"]

    /// The store named by `BUDGET_DB`, else `budget.sqlite` in the working directory.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["BUDGET_DB"], !path.isEmpty { return path }
        return "budget.sqlite"
    }

    /// Opens (creating if needed) the store at `path`, checks that it is a budget store, and brings its schema up
    /// to date.
    ///
    /// - Parameters:
    ///   - access: ``Access/read`` never stamps the header; ``Access/write`` does. Either way the file is
    ///     opened read-only when this user cannot write it or its folder (a read-only WAL store whose log is
    ///     empty is then read as immutable, since SQLite cannot create its shared-memory file).
    ///   - lockTimeout: how long a write waits for another process writing the store, in seconds.
    ///   - onLockWait: called once, when a write has waited a moment for another process (to tell the user).
    public init(path: String, access: Access = .write, lockTimeout: TimeInterval = 60,
                onLockWait: (@Sendable () -> Void)? = nil) throws(StoreError) {
        self.path = path
        self.lockTimeout = max(0, lockTimeout)
        let lockWait = LockWait(timeout: lockTimeout, onWait: onLockWait)
        self.lockWait = lockWait
        let exists = FileManager.default.fileExists(atPath: path)
        let readOnly = exists && !Self.isWritable(path)
        isReadOnly = readOnly

        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.readonly = readOnly
        configuration.busyMode = .callback { tries in lockWait.shouldRetry(tries) }
        configuration.label = "budget"
        // WAL mode is set below, once the file is known to be a budget store, rather than with `journalMode = .wal`:
        // GRDB's own WAL set-up creates and drops a table whenever the log is empty, which would rewrite the main
        // file on every open. Setting the mode is persistent and writes only when it changes (the first time).
        do {
            database = try Self.openQueue(path: path, readOnly: readOnly, configuration: configuration)
        } catch let error as DatabaseError {
            throw .cannotOpen(path: path, reason: Self.openingProblem(error))
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
        do {
            let identity = try database.read { db in try StoreIdentity(db) }
            if let refusal = identity.refusal { throw StoreError.cannotOpen(path: path, reason: refusal) }
            if readOnly {
                guard identity.isCurrent else {
                    throw StoreError.cannotOpen(path: path, reason: identity.isNew
                        ? "it is an empty file that this user may not write; give a budget store"
                        : "it was made by an earlier version of budget (schema \(identity.schemaLabel)) and must be upgraded to "
                            + "\(Self.versionLabel(Self.schemaVersionNumber)), which needs write access; this user may not write "
                            + "the file or its folder (run any budget command once as a user who can)")
                }
                return
            }
            try database.writeWithoutTransaction { db in
                if identity.journalMode != "wal" {
                    let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                    guard mode == "wal" else { throw DatabaseError(message: "could not use WAL mode (journal_mode is \(mode ?? "?"))") }
                }
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            if !identity.isCurrent { try Self.migrator.migrate(database) }
            if (access == .write || !identity.isCurrent)
                && (identity.applicationID != Self.applicationID || identity.userVersion != Self.schemaVersionNumber) {
                try database.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
                        try db.execute(sql: "PRAGMA user_version = \(Self.schemaVersionNumber)")
                        return .commit
                    }
                }
            }
        } catch let error as StoreError {
            try? database.close()
            throw error
        } catch let error as DatabaseError {
            try? database.close()
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                throw .cannotOpen(path: path, reason: "another process is writing it, still after \(StoreError.seconds(lockTimeout)); "
                                  + "nothing was done (set BUDGET_LOCK_TIMEOUT, in seconds, to wait longer)")
            default:
                throw .cannotOpen(path: path, reason: Self.openingProblem(error))
            }
        } catch {
            try? database.close()
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Opens the connection.
    ///
    /// A read-only connection to a WAL store needs the store's shared-memory file (`-shm`), and SQLite would
    /// create it (and an empty `-wal`) next to the store and leave both behind, owned by this user, where they
    /// can stop the store's owner from writing; in a folder this user cannot write it cannot create them at
    /// all. So a store that is closed (no `-wal`, no `-shm`: no process is using it) is read as immutable,
    /// creating nothing; one in use is opened read-only as usual, and if SQLite cannot do that while the log
    /// holds nothing, as immutable too.
    private static func openQueue(path: String, readOnly: Bool, configuration: Configuration) throws -> DatabaseQueue {
        let log = path + "-wal"
        let logSize = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? nil
        func immutable() throws -> DatabaseQueue {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            let escaped = absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#%")))
                ?? absolute
            return try DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: configuration)
        }
        if readOnly && logSize == nil && !FileManager.default.fileExists(atPath: path + "-shm") {
            return try immutable()
        }
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError
                    where readOnly && [.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode) {
            guard (logSize ?? 0) == 0 else {
                throw StoreError.cannotOpen(path: path, reason: "this user may not write it or its folder, and its log \(log) "
                    + "holds writes not yet in the main file; open it once as a user who can write them")
            }
            return try immutable()
        }
    }

    /// Whether this user may write the file at `path` and its folder (where SQLite keeps the log).
    private static func isWritable(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        return access(path, W_OK) == 0 && access(folder.isEmpty ? "." : folder, W_OK) == 0
    }

    /// An error met while opening, in words.
    private static func openingProblem(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_NOTADB:
            "it is not an SQLite database (nor a budget store); give a new file or a budget store"
        default:
            StoreError.problem(error)
        }
    }

    /// `v5` for schema version 5.
    static func versionLabel(_ number: Int) -> String { "v\(number)" }

    /// Checkpoints the write-ahead log into the main file and closes every connection.
    ///
    /// Commands call this when done, so that the main file alone holds the store between commands (and a
    /// later command that writes nothing leaves it byte-for-byte as it was). The checkpoint does not wait for
    /// another process using the store (that process checkpoints when it closes). Safe to call twice.
    public func close() throws {
        guard closedFlag.setOnce() else { return }
        lockWait.stopWaiting()
        var failure: DatabaseError?
        if !isReadOnly {
            do {
                try database.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            } catch let error as DatabaseError where error.resultCode != .SQLITE_BUSY && error.resultCode != .SQLITE_LOCKED {
                failure = error
            } catch {}
        }
        do { try database.close() } catch let error as DatabaseError { failure = failure ?? error }
        if let failure {
            throw StoreError.writeFailed(path: path, problem: StoreError.problem(failure),
                                         outcome: "what it holds is safe in its log \(path)-wal, folded into the main file by a later command")
        }
    }

    /// The schema version the file is at (the last applied migration).
    public func schemaVersion() throws -> String? {
        try read { db in try Self.migrator.appliedMigrations(db).last }
    }

    /// The SQLite library version in use.
    public func sqliteVersion() throws -> String {
        try read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?" }
    }

    /// SQLite's check of the whole file (`PRAGMA quick_check`): empty when the store is sound, else the problems
    /// found (at most `limit`).
    public func integrityProblems(limit: Int = 10) throws -> [String] {
        let rows = try read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(\(max(1, limit)))") }
        if rows == ["ok"] { return [] }
        return rows.flatMap { $0.split(separator: "\n").map(String.init) }.filter { !$0.hasPrefix("*** in database") }
    }

    /// Runs `body` in a read transaction, mapping SQLite errors to ``StoreError``.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try database.read(body) } catch let error as DatabaseError { throw StoreError.reading(error, path: path) }
    }

    /// Runs `body` in a write transaction (committed when it returns, rolled back when it throws), mapping
    /// SQLite errors to ``StoreError``.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try database.write(body) } catch let error as DatabaseError { throw storeError(writing: error) }
    }

    /// A failed write as a store error: nothing of the command's change was made.
    func storeError(writing error: DatabaseError, outcome: String = "nothing was changed") -> StoreError {
        StoreError.writing(error, path: path, outcome: outcome, lockTimeout: lockTimeout)
    }
}

/// What a file says about itself before the store touches it: is it a budget store, of which version?
struct StoreIdentity {
    var applicationID: Int32
    var userVersion: Int
    var journalMode: String
    /// The tables (without SQLite's own).
    var tables: [String]
    /// Whether the file holds no schema object at all (a new or empty file).
    var isNew: Bool
    /// Every identifier in `grdb_migrations`, known to this build or not.
    var appliedIdentifiers: Set<String>
    /// Every migration this build knows is applied, and nothing else.
    var isCurrent: Bool

    init(_ db: Database) throws {
        applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        journalMode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
        let objects = try Row.fetchAll(db, sql: "SELECT type, name FROM sqlite_master")
        isNew = objects.isEmpty
        tables = objects.filter { $0[0] == "table" }.map { $0[1] as String }.filter { !$0.hasPrefix("sqlite_") }.sorted()
        appliedIdentifiers = tables.contains("grdb_migrations") ? try BudgetStore.migrator.appliedIdentifiers(db) : []
        isCurrent = try !isNew && BudgetStore.migrator.hasCompletedMigrations(db)
    }

    /// Why the file cannot be used as a budget store, or nil when it can.
    var refusal: String? {
        if isNew && applicationID == 0 { return nil }
        let isBudgetStore = applicationID == BudgetStore.applicationID
            || (applicationID == 0 && tables.contains("grdb_migrations")
                && appliedIdentifiers.contains(BudgetStore.migrator.migrations[0])
                && BudgetStore.baseTables.isSubset(of: tables))
        guard isBudgetStore else {
            let shown = tables.prefix(10).joined(separator: ", ") + (tables.count > 10 ? ", … (\(tables.count) tables)" : "")
            let idText = applicationID == 0 ? "" : "application id 0x\(String(UInt32(bitPattern: applicationID), radix: 16, uppercase: true)), "
            return "it is a SQLite database of another program (\(idText)tables: \(shown.isEmpty ? "none" : shown)); "
                + "give a new file or a budget store"
        }
        let known = Set(BudgetStore.migrator.migrations)
        let unknown = appliedIdentifiers.subtracting(known)
        if !unknown.isEmpty || userVersion > BudgetStore.schemaVersionNumber {
            let newest = ([userVersion] + unknown.map(Self.versionNumber)).max() ?? 0
            let label = newest > BudgetStore.schemaVersionNumber ? BudgetStore.versionLabel(newest)
                : unknown.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return "it was made by a newer version of budget (schema \(label)); this build knows up to "
                + "\(BudgetStore.versionLabel(BudgetStore.schemaVersionNumber)): use that newer version"
        }
        return nil
    }

    /// The schema the file is at, as `v3`.
    var schemaLabel: String {
        let applied = BudgetStore.migrator.migrations.filter(appliedIdentifiers.contains)
        return applied.last.map { String($0.prefix { $0 != ":" }) } ?? "none"
    }

    /// 9 for a migration named `v9: …`; 0 when the name says no number.
    static func versionNumber(_ identifier: String) -> Int {
        let head = identifier.prefix { $0 != ":" }
        guard head.first == "v" || head.first == "V" else { return 0 }
        return Int(head.dropFirst()) ?? 0
    }
}

/// How a write waits for another process that holds the store's write lock: SQLite calls
/// ``shouldRetry(_:)`` while the lock is taken; it sleeps a little and says whether to try again, until the
/// timeout. The first wait longer than a moment is reported once through `onWait`.
final class LockWait: @unchecked Sendable {
    let timeout: TimeInterval
    let onWait: (@Sendable () -> Void)?
    private let lock = NSLock()
    private var started: Date?
    private var noticed = false
    private var stopped = false
    /// A wait shorter than this is not worth telling the user about.
    static let quietWait: TimeInterval = 0.3

    init(timeout: TimeInterval, onWait: (@Sendable () -> Void)?) {
        self.timeout = timeout
        self.onWait = onWait
    }

    /// From now on, give up at once (closing: the checkpoint does not wait for other processes).
    func stopWaiting() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    /// SQLite's busy handler: `tries` is 0 on the first call for a lock.
    func shouldRetry(_ tries: Int) -> Bool {
        let now = Date()
        lock.lock()
        if tries == 0 || started == nil { started = now }
        let waited = now.timeIntervalSince(started ?? now)
        let giveUp = stopped || waited >= timeout
        let notify = !giveUp && !noticed && waited >= Self.quietWait
        if notify { noticed = true }
        lock.unlock()
        if giveUp { return false }
        if notify { onWait?() }
        usleep(tries < 10 ? 5_000 : 25_000)
        return true
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
