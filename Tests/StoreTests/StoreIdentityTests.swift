import BudgetCore
import Foundation
import Store
import XCTest

/// The store names itself in the file header, refuses files that are not budget stores (writing nothing to
/// them), and turns SQLite failures during an import into store errors: disk full, read-only, locked.
final class StoreIdentityTests: XCTestCase {
    var directory: URL!
    private var cleanups: [() -> Void] = []

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("budget-identity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        for cleanup in cleanups.reversed() { cleanup() }
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Runs a program; its status and combined output.
    @discardableResult
    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// SQL through the sqlite3 tool (independent of GRDB).
    func sqlite(_ db: String, _ sql: String) throws -> String {
        try run("/usr/bin/env", ["sqlite3", db, sql]).output
    }

    func rows(_ count: Int, from first: Int = 0) -> [HistoryRow] {
        (first..<first + count).map { index in
            HistoryRow(line: index + 2, unit: "单位\(index / 5 % 7)", project: "项目\(index / 5)", year: 2015 + index % 5,
                       figures: AnnualFigures(initialBudget: Money(yuan: Int64(1_000 + index)), executed: Money(yuan: Int64(900 + index))))
        }
    }

    /// Applies `rows` as one batch the way the importers do: a database error is caught and noted, not thrown.
    @discardableResult
    func importSwallowingErrors(_ rows: [HistoryRow], into store: BudgetStore) throws -> [String] {
        try store.importTransaction(currentYear: 2026, shouldCommit: { _ in true }) { transaction in
            var noted: [String] = []
            do {
                let writer = try transaction.beginBatch(BatchMetadata(fileName: "t.csv", sha256: "x", format: "csv",
                                                                      encoding: "utf-8", options: ""))
                for row in rows { try writer.apply(row) }
                _ = try transaction.finishBatch(writer, sha256: "x", fileName: "t.csv", rowsRead: rows.count, skipped: 0,
                                                warnings: [])
            } catch {
                noted.append("\(error)")
            }
            return noted
        }
    }

    func testNewStoreHasTheBudgetApplicationIDAndTheSchemaVersion() throws {
        let store = try BudgetStore(path: path("s.sqlite"))
        try store.close()
        XCTAssertEqual(BudgetStore.applicationID, 0x4244_4754)
        XCTAssertEqual(BudgetStore.schemaVersionNumber, 6)
        XCTAssertEqual(try sqlite(path("s.sqlite"), "PRAGMA application_id; PRAGMA user_version; PRAGMA journal_mode;"),
                       "1111770964\n6\nwal\n")
    }

    func testAnotherProgramsDatabaseIsRefusedWithItsTablesAndNotWritten() throws {
        let db = path("other.sqlite")
        _ = try sqlite(db, "CREATE TABLE foo(a); CREATE TABLE bar(b);")
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        for access in [BudgetStore.Access.read, .write] {
            XCTAssertThrowsError(try BudgetStore(path: db, access: access)) { error in
                XCTAssertEqual("\(error)", "cannot open the store \(db): it is a SQLite database of another program "
                               + "(tables: bar, foo); give a new file or a budget store")
            }
        }
        // Another program's application id is named even when it has no tables.
        let tagged = path("tagged.sqlite")
        _ = try sqlite(tagged, "PRAGMA application_id = 1234; CREATE TABLE t(a); DROP TABLE t;")
        XCTAssertThrowsError(try BudgetStore(path: tagged)) { error in
            XCTAssertTrue("\(error)".contains("another program (application id 0x4D2, tables: none)"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db + "-wal"))
    }

    func testEmptyFileBecomesAStore() throws {
        let db = path("empty.sqlite")
        XCTAssertTrue(FileManager.default.createFile(atPath: db, contents: Data()))
        let store = try BudgetStore(path: db)
        try importSwallowingErrors(rows(3), into: store)
        XCTAssertEqual(try store.counts().projectYears, 3)
        try store.close()
    }

    func testStoreListingAnUnknownMigrationIsRefusedAndNotWritten() throws {
        let db = path("s.sqlite")
        try BudgetStore(path: db).close()
        _ = try sqlite(db, "INSERT INTO grdb_migrations VALUES ('v9: from the future');")
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        XCTAssertThrowsError(try BudgetStore(path: db)) { error in
            XCTAssertEqual("\(error)", "cannot open the store \(db): it was made by a newer version of budget (schema v9); "
                           + "this build knows up to v6: use that newer version")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before)
    }

    /// Store-level read-only: the file is made immutable (root ignores modes but not `chattr +i`).
    func testImportIntoAReadOnlyStoreThrowsAStoreErrorWithoutSQL() throws {
        let db = path("s.sqlite")
        let writable = try BudgetStore(path: db)
        try importSwallowingErrors(rows(5), into: writable)
        try writable.close()
        let locked = try run("/usr/bin/chattr", ["+i", db])
        guard locked.status == 0 else { throw XCTSkip("chattr +i is not available here: \(locked.output)") }
        cleanups.append { [self] in _ = try? run("/usr/bin/chattr", ["-i", db]) }
        guard access(db, W_OK) != 0 else { throw XCTSkip("an immutable file is still writable here") }

        let store = try BudgetStore(path: db, access: .write)
        XCTAssertTrue(store.isReadOnly)
        XCTAssertEqual(try store.counts().projectYears, 5, "a read-only store can be read")
        XCTAssertThrowsError(try importSwallowingErrors(rows(5, from: 5), into: store)) { error in
            guard case StoreError.writeFailed = error else { return XCTFail("not a write failure: \(error)") }
            XCTAssertEqual("\(error)", "the store \(db) could not be written: it is read-only (this user may not write the file "
                           + "or its folder); nothing was imported")
        }
        try store.close()
    }

    /// The importers catch a database error as a problem of the file; the transaction still throws it as a
    /// store failure, and rolls everything back.
    func testDiskFullMidImportIsThrownAsAStoreErrorEvenWhenTheImporterCaughtIt() throws {
        let mountPoint = path("small")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = try run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint])
        guard mounted.status == 0 else { throw XCTSkip("cannot mount a small tmpfs to fill: \(mounted.output)") }
        cleanups.append { [self] in _ = try? run("/bin/umount", ["-l", mountPoint]) }

        let store = try BudgetStore(path: mountPoint + "/s.sqlite")
        try importSwallowingErrors(rows(5), into: store)
        var noted: [String] = []
        XCTAssertThrowsError(noted = try importSwallowingErrors(rows(30_000, from: 5), into: store)) { error in
            XCTAssertEqual("\(error)", "the store \(mountPoint)/s.sqlite could not be written: the disk is full; nothing was imported")
        }
        XCTAssertTrue(noted.isEmpty)
        XCTAssertEqual(try store.counts().projectYears, 5, "the failed import was rolled back")
        try? store.close() // the closing checkpoint may not fit on the full disk either; the log keeps the data
    }

    /// Two connections in one process lock each other as two processes do.
    func testWriteWaitsForAnotherWriterTellsOnceAndTimesOut() throws {
        let db = path("s.sqlite")
        let first = try BudgetStore(path: db)
        try importSwallowingErrors(rows(5), into: first)
        let notices = NoticeCounter()
        let second = try BudgetStore(path: db, lockTimeout: 0.6) { notices.add() }

        let started = Date()
        try first.importTransaction(currentYear: 2026, shouldCommit: { _ in true }) { _ in
            XCTAssertThrowsError(try importSwallowingErrors(rows(5, from: 5), into: second)) { error in
                guard case StoreError.locked = error else { return XCTFail("not a lock timeout: \(error)") }
                XCTAssertTrue("\(error)".hasPrefix("another process holds the store \(db): it was still writing to it after 0.6 s; "
                                                   + "nothing was imported."), "\(error)")
            }
        }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.5)
        XCTAssertEqual(notices.count, 1)
        // Once the first has finished, the second writes.
        try importSwallowingErrors(rows(5, from: 5), into: second)
        XCTAssertEqual(try first.counts().projectYears, 10)
        try second.close()
        try first.close()
    }
}

private final class NoticeCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.lock(); value += 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return value }
}
