import Foundation
import XCTest

/// What the binary does with a `--db` that is not a (writable, current, free) budget store: another program's
/// database, a file that is not SQLite, a store of a newer version, a full disk, a read-only or damaged store,
/// a store another process is writing. Each is exit 4 with a message naming the store's problem, and the
/// file is left as it was.
final class StoreSafetyTests: CLITestCase {
    /// Cleanups that must run even when a test fails (unmount, clear the immutable attribute).
    private var cleanups: [() -> Void] = []

    override func tearDownWithError() throws {
        for cleanup in cleanups.reversed() { cleanup() }
        cleanups = []
        // Folders made read-only for a test: root may remove them anyway, but not a mount point in use.
        try super.tearDownWithError()
    }

    /// "BDGT" as SQLite prints `PRAGMA application_id` (a signed 32-bit integer).
    static let applicationID = "1111770964"

    func sampleCSV() throws -> String {
        try write("project,unit,year,initial_budget,adjusted_budget,executed\n甲,U,2020,100.00,100.00,50.00\n", to: "a.csv")
    }

    /// A CSV of `rows` project-years (5 years per project, in 7 units); `cents` ends every executed amount.
    func generatedCSV(rows: Int, name: String, cents: String = "00") throws -> String {
        var text = "project,unit,year,initial_budget,adjusted_budget,executed\n"
        text.reserveCapacity(rows * 60)
        for index in 0..<rows {
            text += "项目\(index / 5),单位\(index / 5 % 7),\(2015 + index % 5),\(1_000 + index).00,\(2_000 + index).00,\(1_500 + index).\(cents)\n"
        }
        return try write(text, to: name)
    }

    /// Runs a program; its status and combined output.
    @discardableResult
    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func assertStoreFailure(_ result: Result, contains expected: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 4, result.stdout + result.stderr, file: file, line: line)
        for text in expected {
            XCTAssertTrue(result.stderr.contains(text), "expected \"\(text)\" in: \(result.stderr)", file: file, line: line)
        }
        for wrong in ["Fix the input", "--skip-invalid", "INSERT", "UPDATE ", "SELECT ", "no change: every row is already"] {
            XCTAssertFalse((result.stdout + result.stderr).contains(wrong), "\"\(wrong)\" printed: \(result.stdout + result.stderr)",
                           file: file, line: line)
        }
    }

    // MARK: - D12: --db must be a budget store

    func testNewStoreIdentifiesItselfWithApplicationIDAndSchemaVersion() throws {
        let db = path("s.sqlite")
        XCTAssertEqual(try budget(["import", "--db", db, try sampleCSV()]).status, 0)
        XCTAssertEqual(try sqlite(db, "PRAGMA application_id; PRAGMA user_version;"), "\(Self.applicationID)\n6\n")
        // 0x42444754 is "BDGT" in the header's bytes 68–71, big-endian.
        XCTAssertEqual(Array(try fileData("s.sqlite")[68..<72]), Array("BDGT".utf8))
    }

    func testAnotherProgramsDatabaseIsRefusedAndLeftUntouched() throws {
        let db = path("other.sqlite")
        _ = try sqlite(db, "CREATE TABLE foo(a); INSERT INTO foo VALUES (1);")
        let before = try fileData("other.sqlite")
        let csv = try sampleCSV()
        for arguments in [["import", "--db", db, csv], ["projects", "--db", db], ["export", "--db", db], ["doctor", "--db", db]] {
            let result = try budget(arguments)
            XCTAssertEqual(result.status, 4, "\(arguments[0]): \(result.stdout)\(result.stderr)")
            XCTAssertTrue((result.stdout + result.stderr).contains(
                "cannot open the store \(db): it is a SQLite database of another program (tables: foo); give a new file or a budget store"),
                "\(arguments[0]): \(result.stdout)\(result.stderr)")
        }
        XCTAssertEqual(try fileData("other.sqlite"), before, "nothing may be written to another program's database")
        XCTAssertEqual(try sqlite(db, ".tables"), "foo\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: db + "-wal"))
    }

    func testFileThatIsNotSQLiteIsRefusedAndLeftUntouched() throws {
        let db = try write("department,unit\nnot a database at all, but long enough to have a header of sorts\n", to: "notes.sqlite")
        let before = try fileData("notes.sqlite")
        let result = try budget(["import", "--db", db, try sampleCSV()])
        assertStoreFailure(result, contains: ["cannot open the store \(db): it is not an SQLite database", "give a new file or a budget store"])
        XCTAssertEqual(try fileData("notes.sqlite"), before)
    }

    func testStoreOfANewerVersionIsRefusedAndLeftUntouched() throws {
        let db = path("s.sqlite")
        let csv = try sampleCSV()
        XCTAssertEqual(try budget(["import", "--db", db, csv]).status, 0)
        _ = try sqlite(db, "INSERT INTO grdb_migrations VALUES ('v9: a table from the future')")
        let before = try fileData("s.sqlite")
        for arguments in [["import", "--db", db, try write("project,year,executed\n乙,2021,1\n", to: "b.csv")], ["projects", "--db", db]] {
            let result = try budget(arguments)
            assertStoreFailure(result, contains: ["made by a newer version of budget (schema v9); this build knows up to v6"])
        }
        XCTAssertEqual(try fileData("s.sqlite"), before)

        // A newer schema told by the header alone.
        let other = path("t.sqlite")
        XCTAssertEqual(try budget(["import", "--db", other, csv]).status, 0)
        _ = try sqlite(other, "PRAGMA user_version = 7")
        assertStoreFailure(try budget(["projects", "--db", other]), contains: ["newer version of budget (schema v7); this build knows up to v6"])
    }

    /// A store made before the header was stamped (no application id, user_version 0, schema v3) is recognized
    /// by its migrations and tables: a reading command migrates it (as before), and the header follows.
    func testStoreOfAnEarlierVersionIsRecognizedMigratedAndStamped() throws {
        let db = path("old.sqlite")
        XCTAssertEqual(try budget(["import", "--db", db, try sampleCSV()]).status, 0)
        _ = try sqlite(db, """
            PRAGMA application_id = 0; PRAGMA user_version = 0;
            DELETE FROM grdb_migrations WHERE identifier LIKE 'v4:%' OR identifier LIKE 'v5:%' OR identifier LIKE 'v6:%';
            DROP TABLE exceptional_year; ALTER TABLE department DROP COLUMN data_source; ALTER TABLE finding DROP COLUMN material;
            """)
        let projects = try budget(["projects", "--db", db])
        XCTAssertEqual(projects.status, 0, projects.stderr)
        XCTAssertTrue(projects.stdout.contains("甲"), projects.stdout)
        XCTAssertEqual(try sqlite(db, "PRAGMA application_id; PRAGMA user_version; SELECT count(*) FROM grdb_migrations;"),
                       "\(Self.applicationID)\n6\n6\n")

        // At the current schema but unstamped: reading leaves the file as it is; a writing command stamps it.
        _ = try sqlite(db, "PRAGMA application_id = 0; PRAGMA user_version = 0;")
        let before = try fileData("old.sqlite")
        XCTAssertEqual(try budget(["export", "--db", db]).status, 0)
        XCTAssertEqual(try fileData("old.sqlite"), before, "a reading command writes nothing")
        XCTAssertEqual(try budget(["import", "--db", db, try write("project,year,executed\n乙,2021,1\n", to: "b.csv")]).status, 0)
        XCTAssertEqual(try sqlite(db, "PRAGMA application_id; PRAGMA user_version;"), "\(Self.applicationID)\n6\n")
    }

    // MARK: - D17: store failures during an import are store failures

    func testDiskFullDuringImportIsAStoreFailureAndImportsNothing() throws {
        let mountPoint = path("small")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = try run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint])
        guard mounted.status == 0 else {
            throw XCTSkip("cannot mount a small tmpfs to fill (needs root and mount rights): \(mounted.output)")
        }
        cleanups.append { [self] in _ = try? run("/bin/umount", ["-l", mountPoint]) }
        let db = mountPoint + "/s.sqlite"
        XCTAssertEqual(try budget(["import", "--db", db, try sampleCSV()]).status, 0)
        let big = try generatedCSV(rows: 30_000, name: "big.csv") // ~2 MB of pages: more than the 1 MB disk holds

        let result = try budget(["import", "--db", db, big])
        assertStoreFailure(result, contains: ["the store \(db) could not be written: the disk is full; nothing was imported"])
        let projects = try budget(["projects", "--db", db, "--format", "csv"])
        XCTAssertEqual(projects.status, 0, projects.stderr)
        XCTAssertEqual(projects.stdout.split(separator: "\r\n").count, 2, "header + 甲 only: \(projects.stdout)")

        // A first import that fills the disk leaves no store behind.
        let fresh = mountPoint + "/new.sqlite"
        assertStoreFailure(try budget(["import", "--db", fresh, big]), contains: ["the disk is full; nothing was imported"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh))
    }

    /// Root ignores file modes, so the store is made immutable (`chattr +i`), which stops root too.
    func testImportIntoAReadOnlyStoreIsAStoreFailureAndReadingStillWorks() throws {
        let db = path("s.sqlite")
        XCTAssertEqual(try budget(["import", "--db", db, try sampleCSV()]).status, 0)
        let before = try fileData("s.sqlite")
        let locked = try run("/usr/bin/chattr", ["+i", db])
        guard locked.status == 0 else { throw XCTSkip("chattr +i is not available here: \(locked.output)") }
        cleanups.append { [self] in _ = try? run("/usr/bin/chattr", ["-i", db]) }
        guard access(db, W_OK) != 0 else { throw XCTSkip("an immutable file is still writable here (not root?)") }

        let result = try budget(["import", "--db", db, try write("project,year,executed\n乙,2021,1\n", to: "b.csv")])
        assertStoreFailure(result, contains: ["the store \(db) could not be written: it is read-only", "nothing was imported"])
        let alias = try budget(["alias", "--db", db, "甲", "甲项目"])
        assertStoreFailure(alias, contains: ["could not be written: it is read-only", "nothing was changed"])

        let projects = try budget(["projects", "--db", db])
        XCTAssertEqual(projects.status, 0, projects.stderr)
        XCTAssertTrue(projects.stdout.contains("甲"), projects.stdout)
        XCTAssertEqual(try fileData("s.sqlite"), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db + "-wal"))
    }

    func testDamagedStoreIsAStoreFailureForImportAndDoctor() throws {
        let db = path("s.sqlite")
        XCTAssertEqual(try budget(["import", "--db", db, try generatedCSV(rows: 3_000, name: "a.csv")]).status, 0)
        // Overwrite the middle third of the pages (not the header nor the schema on page 1).
        var bytes = try fileData("s.sqlite")
        let pages = bytes.count / 4096
        XCTAssertGreaterThan(pages, 30)
        for page in (pages / 3)..<(2 * pages / 3) {
            bytes.replaceSubrange(page * 4096..<(page + 1) * 4096, with: [UInt8](repeating: 0xA5, count: 4096))
        }
        try bytes.write(to: URL(fileURLWithPath: db))

        let changed = try generatedCSV(rows: 3_000, name: "b.csv", cents: "50") // every executed amount changes
        let result = try budget(["import", "--db", db, changed])
        assertStoreFailure(result, contains: ["the store \(db) could not be written: the file is damaged", "nothing was imported"])

        let doctor = try budget(["doctor", "--db", db])
        XCTAssertEqual(doctor.status, 4, doctor.stdout + doctor.stderr)
        XCTAssertTrue(doctor.stdout.contains("store: FAILED:") && doctor.stdout.contains("damaged"), doctor.stdout)
        XCTAssertTrue(doctor.stdout.contains("LAPACK least squares (DGELSY): ok"), "the other checks still run: \(doctor.stdout)")
    }

    // MARK: - D18: a store this user cannot write can be read

    /// The runuser command, when this process may run a command as `nobody` (root) and `nobody` can run the
    /// binary; else nil.
    func runuser() throws -> String? {
        let runuser = "/usr/sbin/runuser"
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: runuser) else { return nil }
        let probe = try run(runuser, ["-u", "nobody", "--", Self.binary.path, "--version"])
        return probe.status == 0 ? runuser : nil
    }

    func budgetAsNobody(_ runuser: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: runuser)
        process.arguments = ["-u", "nobody", "--", Self.binary.path] + arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "BUDGET_DB")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Standard error is short here; read it after standard output (which may be long) is drained.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }

    func testReadOnlyStoreInReadOnlyFolderCanBeReadByAnotherUser() throws {
        guard let runuser = try runuser() else { throw XCTSkip("needs root, runuser and a binary that user nobody can run") }
        let folder = path("ro")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let db = folder + "/s.sqlite"
        let sample = Self.packageRoot.appendingPathComponent("Scenarios/sample-history.csv").path
        XCTAssertEqual(try budget(["import", "--db", db, sample]).status, 0)
        let scenario = try write("history:\n  store: ro/s.sqlite\nbase_year: 2020\nhorizon: 1\n", to: "s.yaml")
        let out = path("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // The reviewer's set-up: the store 444 in a 555 folder. `nobody` may write the working folder, where the
        // scenario's reports go.
        XCTAssertEqual(chmod(db, 0o444), 0)
        XCTAssertEqual(chmod(folder, 0o555), 0)
        XCTAssertEqual(chmod(directory.path, 0o777), 0)
        XCTAssertEqual(chmod(out, 0o777), 0)
        cleanups.append { chmod(folder, 0o755) }
        let before = try fileData("ro/s.sqlite")

        let projects = try budgetAsNobody(runuser, ["projects", "--db", db])
        XCTAssertEqual(projects.status, 0, projects.stderr)
        XCTAssertTrue(projects.stdout.contains("全球贸易投资监控预警系统"), projects.stdout)
        let export = try budgetAsNobody(runuser, ["export", "--db", db, "--no-bom"])
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertEqual(export.stdoutData, try budget(["export", "--db", db, "--no-bom"]).stdoutData)
        let history = try budgetAsNobody(runuser, ["history", "--db", db, "贸易摩擦应对事务"])
        XCTAssertEqual(history.status, 0, history.stderr)
        let doctor = try budgetAsNobody(runuser, ["doctor", "--db", db])
        XCTAssertEqual(doctor.status, 0, doctor.stdout + doctor.stderr)
        XCTAssertTrue(doctor.stdout.contains("read-only"), doctor.stdout)
        let scenarioRun = try budgetAsNobody(runuser, ["scenario", "run", "s.yaml", "--out-dir", "out"])
        XCTAssertEqual(scenarioRun.status, 0, scenarioRun.stdout + scenarioRun.stderr)
        XCTAssertFalse(scenarioRun.stderr.contains("readonly"), scenarioRun.stderr)

        // Writing is refused with a store message, and nothing (not even a -wal or -shm) appears next to it.
        let imported = try budgetAsNobody(runuser, ["import", "--db", db, try write("project,year,executed\n乙,2021,1\n", to: "b.csv")])
        assertStoreFailure(imported, contains: ["the store \(db) could not be written: it is read-only", "nothing was imported"])
        XCTAssertEqual(try fileData("ro/s.sqlite"), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["s.sqlite"])
    }

    func testReadOnlyStoreThatNeedsAnUpgradeSaysSo() throws {
        guard let runuser = try runuser() else { throw XCTSkip("needs root, runuser and a binary that user nobody can run") }
        let db = path("old.sqlite")
        XCTAssertEqual(try budget(["import", "--db", db, try sampleCSV()]).status, 0)
        _ = try sqlite(db, """
            DELETE FROM grdb_migrations WHERE identifier LIKE 'v5:%' OR identifier LIKE 'v6:%';
            ALTER TABLE department DROP COLUMN data_source; ALTER TABLE finding DROP COLUMN material;
            """)
        XCTAssertEqual(chmod(db, 0o444), 0)
        XCTAssertEqual(chmod(directory.path, 0o755), 0)
        let before = try fileData("old.sqlite")
        let result = try budgetAsNobody(runuser, ["projects", "--db", db])
        assertStoreFailure(result, contains: ["made by an earlier version of budget (schema v4) and must be upgraded to v6, which needs write access"])
        XCTAssertEqual(try fileData("old.sqlite"), before)
    }

    // MARK: - D20: a second writer waits, says so, and times out clearly

    func testImportWaitsForAnotherWriterAndTimesOutWithAClearMessage() throws {
        let db = path("s.sqlite")
        XCTAssertEqual(try budget(["import", "--db", db, try sampleCSV()]).status, 0)
        let before = try fileData("s.sqlite")
        let csv = try write("project,year,executed\n乙,2021,1\n", to: "b.csv")

        // Another process takes the write lock and keeps it while its standard input is open.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["sqlite3", db]
        let input = Pipe(), output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
        var line = Data()
        while !String(decoding: line, as: UTF8.self).contains("locked") {
            let chunk = output.fileHandleForReading.availableData
            XCTAssertFalse(chunk.isEmpty, "sqlite3 ended before taking the lock")
            if chunk.isEmpty { return }
            line += chunk
        }

        let started = Date()
        let timedOut = try budget(["import", "--db", db, csv], environment: ["BUDGET_LOCK_TIMEOUT": "1.5"])
        let waited = Date().timeIntervalSince(started)
        assertStoreFailure(timedOut, contains: [
            "waiting for another budget process writing \(db)…",
            "another process holds the store \(db)", "nothing was imported"])
        XCTAssertEqual(timedOut.stderr.components(separatedBy: "waiting for another").count, 2, "told once: \(timedOut.stderr)")
        XCTAssertGreaterThanOrEqual(waited, 1.4)
        XCTAssertLessThan(waited, 8, "BUDGET_LOCK_TIMEOUT must shorten the wait")

        // The holder lets go after 2 s; an import waiting (by default up to 60 s) then goes through.
        let release = input.fileHandleForWriting
        DispatchQueue.global().asyncAfter(deadline: .now() + 2) {
            release.write(Data("ROLLBACK;\n.quit\n".utf8))
            try? release.close()
        }
        let waitedOut = try budget(["import", "--db", db, csv])
        holder.waitUntilExit()
        XCTAssertEqual(waitedOut.status, 0, waitedOut.stderr)
        XCTAssertTrue(waitedOut.stderr.contains("waiting for another budget process writing \(db)…"), waitedOut.stderr)
        XCTAssertTrue(waitedOut.stdout.contains("1 new"), waitedOut.stdout)
        XCTAssertNotEqual(try fileData("s.sqlite"), before)
    }

    /// Two real imports at once: the second waits for the first (about 10 s on a debug build, longer than the
    /// old 5 s busy timeout) and then imports its row.
    func testSecondConcurrentImportWaitsForTheFirst() throws {
        let db = path("s.sqlite")
        XCTAssertEqual(try budget(["import", "--db", db, try sampleCSV()]).status, 0)
        let big = try generatedCSV(rows: 100_000, name: "big.csv")
        let small = try write("project,year,executed\n乙,2021,1\n", to: "b.csv")

        let first = ResultBox()
        let firstDone = DispatchGroup()
        firstDone.enter()
        let directory = directory!
        DispatchQueue.global().async {
            first.result = try? Self.runBudget(["import", "--db", db, "--format", "csv", big], in: directory)
            firstDone.leave()
        }
        // The first import holds the write lock from the moment it opens its transaction (its log appears).
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: db + "-wal") && Date() < deadline { usleep(20_000) }
        usleep(300_000)
        let second = try budget(["import", "--db", db, small])
        firstDone.wait()
        XCTAssertEqual(first.result?.status, 0, first.result?.stderr ?? "the first import did not run")
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("1 new"), second.stdout)
        let projects = try budget(["projects", "--db", db, "--format", "csv"])
        XCTAssertEqual(projects.stdout.split(separator: "\r\n").count, 1 + 1 + 1 + 20_000, "header, 甲, 乙 and the big file's projects")
    }

    // MARK: - D21: a failed import says nothing about "no change"

    func testFailedImportDoesNotClaimEveryRowIsAlreadyStored() throws {
        let db = path("s.sqlite")
        XCTAssertEqual(try budget(["import", "--db", db, try sampleCSV()]).status, 0)
        let bad = try write("project,year,executed\n乙,2021,\"12,3x4.00\"\n", to: "bad.csv")
        let result = try budget(["import", "--db", db, bad])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("Nothing was written"), result.stderr)
        XCTAssertFalse(result.stdout.contains("no change"), result.stdout)
        XCTAssertFalse(result.stdout.contains("already in the store"), result.stdout)
    }
}

/// A result handed over from another thread (read only after that thread has finished).
private final class ResultBox: @unchecked Sendable {
    var result: CLITestCase.Result?
}
