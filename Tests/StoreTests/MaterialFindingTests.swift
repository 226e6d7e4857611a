import BudgetCore
import Store
import XCTest

/// A finding's `material` mark (amounts may be wrong) is stored with its batch and read back; a store made
/// before the mark (v5) migrates with every finding unmarked.
final class MaterialFindingTests: StoreTestCase {
    func importWith(_ warnings: [Finding]) throws {
        try store.importTransaction(currentYear: 2026, shouldCommit: { _ in true }) { transaction in
            let writer = try transaction.beginBatch(BatchMetadata(fileName: "w.csv", sha256: "w", format: "csv",
                                                                  encoding: "utf-8", options: "", dataSource: .unnamed))
            try writer.apply(HistoryRow(line: 2, project: "甲", year: 2020, figures: AnnualFigures(initialBudget: yuan(100))))
            return try transaction.finishBatch(writer, sha256: "w", fileName: "w.csv", rowsRead: 1, skipped: 0, warnings: warnings)
        }
    }

    func testTheMarkIsStoredAndAnOldStoreMigratesUnmarked() throws {
        try importWith([Finding(.warning, file: "w.csv", line: 0, message: "about 10,000 times", material: true),
                        Finding(.warning, file: "w.csv", line: 2, field: "project", message: "joined from lines 2–3")])
        XCTAssertEqual(try store.findings().map(\.finding.material), [true, false])
        XCTAssertEqual(try sqlite("SELECT message, material FROM finding ORDER BY id"), "about 10,000 times|1\njoined from lines 2–3|0\n")
        // Back to a v5 store (no material column, v6 not applied), independently of GRDB; reopening migrates it.
        _ = try sqlite("""
            ALTER TABLE finding DROP COLUMN material;
            DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%';
            """)
        try store.close()
        store = try BudgetStore(path: directory.appendingPathComponent("test.sqlite").path)
        XCTAssertEqual(try store.schemaVersion(), "v6: material findings")
        XCTAssertEqual(try store.findings().map(\.finding.material), [false, false])
    }
}
