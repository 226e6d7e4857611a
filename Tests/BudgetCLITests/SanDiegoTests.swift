import Foundation
import XCTest

/// The bundled San Diego file (public domain) imports through --map with no editing.
final class SanDiegoTests: CLITestCase {
    var sanDiego: String { Self.packageRoot.appendingPathComponent("Scenarios/san-diego-budget-vs-actuals.csv").path }
    let mapping = ["--map", "department=dept_group", "--map", "unit=dept_name", "--map", "project=account_type",
                   "--map", "year=fiscal_year", "--map", "initial_budget=budget_amount", "--map", "executed=actual_amount",
                   "--closed-through", "2023"]

    func testPlainImportStopsOnTheThreeBlankAccountTypes() throws {
        let result = try budget(["import", "--db", path("sd.sqlite"), sanDiego] + mapping)
        XCTAssertEqual(result.status, 1)
        for line in [475, 812, 3967] {
            XCTAssertTrue(result.stderr.contains("san-diego-budget-vs-actuals.csv:\(line): error: field 'project': the project name is blank"), result.stderr)
        }
        XCTAssertTrue(result.stderr.contains("3 errors"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("sd.sqlite")))
    }

    func testSkipInvalidImportsTheOther5106RowsWithOpenBudgetOnlyYears() throws {
        let result = try budget(["import", "--db", path("sd.sqlite"), sanDiego, "--skip-invalid"] + mapping)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("5,109 rows read: 5,106 new, 0 updated, 0 unchanged, 3 skipped"), result.stdout)
        XCTAssertTrue(result.stderr.contains("3 skipped rows"), result.stderr)

        // Independent count with sqlite3: 5,106 project-years.
        XCTAssertEqual(try sqlite(path("sd.sqlite"), "SELECT count(*), sum(status = 'open') FROM annual_figures"), "5106|794\n")

        let history = try budget(["history", "--db", path("sd.sqlite"), "Personnel", "--unit", "Police", "--format", "csv"])
        XCTAssertEqual(history.status, 0, history.stderr)
        let rows = history.stdout.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(rows.map { Int($0[0]) }, (2011...2026).map { $0 })
        // FY2023 from the source file: budget 500902237.0, actual 504455918.0 → 100.7% of the adopted budget.
        let fy2023 = rows[12]
        XCTAssertEqual(fy2023[1], "closed")
        XCTAssertEqual(fy2023[3], "500902237.00")
        XCTAssertEqual(fy2023[5], "504455918.00")
        XCTAssertEqual(fy2023[7], "1.0071")
        for open in rows[13...] {
            XCTAssertEqual(open[1], "open", "\(open)")
            XCTAssertEqual(open[5], "", "an open year has no executed amount, not 0: \(open)")
            XCTAssertEqual(open[6], "", "no execution rate for an open year: \(open)")
        }
        XCTAssertEqual(rows[15][3], "614078535.00")

        let text = try budget(["history", "--db", path("sd.sqlite"), "Personnel", "--unit", "Police"])
        let fy2024 = text.stdout.split(separator: "\n").first { $0.hasPrefix("2024") }
        XCTAssertNotNil(fy2024)
        XCTAssertTrue(fy2024!.contains("open"), String(fy2024!))
        XCTAssertFalse(fy2024!.contains("0.0%"), String(fy2024!))
    }
}
