import BudgetCore
import Foundation
import Store
import XCTest

/// A fresh store file per test, and a helper that applies rows as one import batch.
class StoreTestCase: XCTestCase {
    var directory: URL!
    var store: BudgetStore!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("budget-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try BudgetStore(path: directory.appendingPathComponent("test.sqlite").path)
    }

    override func tearDownWithError() throws {
        try store?.close()
        try? FileManager.default.removeItem(at: directory)
    }

    struct Applied {
        var summary: BatchSummary
        var rejections: [RowRejection]
        var warnings: [Finding]
    }

    /// Applies `rows` as one batch from a file named `file`, committing unless `commit` is false.
    @discardableResult
    func apply(_ rows: [HistoryRow], file: String = "test.csv", currentYear: Int = 2026, commit: Bool = true,
               dataSource: DataSourceName = .unnamed) throws -> Applied {
        try store.importTransaction(currentYear: currentYear, shouldCommit: { _ in commit }) { transaction in
            let writer = try transaction.beginBatch(BatchMetadata(fileName: file, sha256: file, format: "csv",
                                                                  encoding: "utf-8", options: "", dataSource: dataSource))
            var rejections: [RowRejection] = []
            for row in rows {
                do { try writer.apply(row) } catch let rejection as RowRejection { rejections.append(rejection) }
            }
            let summary = try transaction.finishBatch(writer, sha256: file, fileName: file, rowsRead: rows.count,
                                                      skipped: rejections.count, warnings: writer.warnings)
            return Applied(summary: summary, rejections: rejections, warnings: writer.warnings)
        }
    }

    func yuan(_ value: Int64) -> Money { Money(yuan: value) }

    func onlyHistory(_ name: String, unit: String? = nil) throws -> ProjectHistory {
        let found = try store.findProjects(named: name, unit: unit)
        XCTAssertEqual(found.count, 1, "projects named \(name): \(found)")
        return try store.history(of: try XCTUnwrap(found.first))
    }

    /// Runs SQL through the sqlite3 command-line tool (independent of GRDB) and returns its output.
    func sqlite(_ sql: String) throws -> String {
        try store.close()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", directory.appendingPathComponent("test.sqlite").path, sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        store = try BudgetStore(path: directory.appendingPathComponent("test.sqlite").path)
        return String(decoding: data, as: UTF8.self)
    }
}
