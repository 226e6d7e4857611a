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

    /// The planner trial's 121 San Diego requests for 2024 (`Fixtures/planner-trial/sd_requests_2024.csv`, the
    /// trial's file as it was): every one is judged — `Facilities Services` is a unit of two departments and the
    /// request's department picks the project — and the reviewer's text fits 120 columns with nothing cut.
    func testTheTrialsRequestsAreAllJudgedAndTheReviewFits120Columns() throws {
        let db = path("sd.sqlite")
        XCTAssertEqual(try budget(["import", "--db", db, sanDiego, "--skip-invalid"] + mapping).status, 0)
        let requests = Self.packageRoot.appendingPathComponent("Tests/BudgetCLITests/Fixtures/planner-trial/sd_requests_2024.csv").path
        // The requested total, summed here from the file in fen.
        let lines = try String(contentsOfFile: requests, encoding: .utf8).components(separatedBy: .newlines)
            .filter { !$0.isEmpty }.dropFirst()
        let fen = lines.map { line -> Int in
            let amount = line.split(separator: ",").last!.trimmingCharacters(in: .whitespacesAndNewlines)
            let parts = amount.split(separator: ".")
            return Int(parts[0])! * 100 + (parts.count > 1 ? Int(parts[1])! : 0)
        }.reduce(0, +)
        XCTAssertEqual(lines.count, 121)
        let requested = Decimal(fen) / 100
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.minimumFractionDigits = 2
        formatter.maximumFractionDigits = 2
        formatter.locale = Locale(identifier: "en_US")
        let requestedText = formatter.string(from: requested as NSDecimalNumber)!

        let review = try budget(["review", "--db", db, "--requests", requests], environment: ["COLUMNS": "120"])
        XCTAssertEqual(review.status, 0, review.stderr)
        XCTAssertFalse(review.stdout.contains("not in the store"), review.stdout)
        XCTAssertFalse(review.stdout.contains("…"), "nothing is cut")
        for line in review.stdout.split(separator: "\n") {
            XCTAssertLessThanOrEqual(line.count, 120, String(line))
        }
        let summary = Self.joiningWrappedLines(review.stdout, with: " ")
        XCTAssertTrue(summary.contains("121 requests: requested \(requestedText), recommended "), summary)
        let counts = try NSRegularExpression(pattern: #"(\d+) accept, (\d+) query, (\d+) cut"#)
        let match = try XCTUnwrap(counts.firstMatch(in: summary, range: NSRange(summary.startIndex..., in: summary)))
        let verdicts = (1...3).map { Int((summary as NSString).substring(with: match.range(at: $0)))! }
        XCTAssertEqual(verdicts.reduce(0, +), 121, "\(verdicts)")

        // General Services' two Facilities Services requests (a unit name Internal Operations uses too) are judged.
        let csv = try budget(["review", "--db", db, "--requests", requests, "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let facilities = csv.stdout.split(separator: "\r\n").filter { $0.contains(",Facilities Services,") }
        XCTAssertEqual(facilities.map { String($0.split(separator: ",")[0]) }, ["General Services", "General Services"])
        for row in facilities {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            XCTAssertNotNil(Decimal(string: String(fields[5])), "recommended: \(row)")
            XCTAssertNotEqual(fields[5], "", "\(row)")
        }

        // The forecast at 120 columns leaves out the low-value columns first and says which, by their CSV names.
        let forecast = try budget(["forecast", "--db", db], environment: ["COLUMNS": "120"])
        XCTAssertEqual(forecast.status, 0, forecast.stderr)
        for line in forecast.stdout.split(separator: "\n") {
            XCTAssertLessThanOrEqual(line.count, 120, String(line))
        }
        let note = Self.joiningWrappedLines(forecast.stdout, with: " ")
        XCTAssertTrue(note.contains("(not shown at this width: method, budget_low, budget_high"), String(note.suffix(600)))
    }
}
