import Foundation
import XCTest

/// `--format xlsx` and the report set's `report.xlsx` (issue 13 item 4), read back by an independent reader: openpyxl
/// and the raw XML through Python's zipfile (Tests/Scripts/xlsx_read.py), compared with the CSV of the same command.
final class XLSXOutputTests: CLITestCase {
    /// Runs `budget arguments` with its standard output into the test folder's `name`; its exit status.
    @discardableResult
    func budget(_ arguments: [String], into name: String) throws -> Result {
        let result = try budget(arguments)
        XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
        try result.stdoutData.write(to: URL(fileURLWithPath: path(name)))
        return result
    }

    /// The sheet `sheet` of the workbook `xlsx` against the CSV `csv` (files in the test folder), checked cell by cell.
    /// Returns the money columns' sums (xlsx, CSV) by column.
    @discardableResult
    func assertSameAsCSV(_ xlsx: String, sheet: String, csv: String, file: StaticString = #filePath,
                         line: UInt = #line) throws -> [String: [String]] {
        let result = try XLSXReader.run(["compare", path(xlsx), sheet, path(csv)])
        XCTAssertEqual(result["warnings"] as? [String], [], "openpyxl loads \(xlsx) without warnings", file: file, line: line)
        XCTAssertEqual(result["mismatches"] as? [String], [], "\(sheet): \(result["mismatch_count"] ?? 0) cells differ from \(csv)",
                       file: file, line: line)
        XCTAssertEqual(result["xlsx_rows"] as? Int, result["csv_rows"] as? Int, "\(sheet): rows", file: file, line: line)
        XCTAssertEqual(result["xlsx_header"] as? [String], result["csv_header"] as? [String], "\(sheet): header", file: file, line: line)
        XCTAssertEqual(result["widths"] as? [Double], (result["expected_widths"] as? [Int])?.map(Double.init),
                       "\(sheet): widths = display width of the widest shown cell + 2, at most 60", file: file, line: line)
        let money = result["money"] as? [String: [String]] ?? [:]
        for (column, sums) in money {
            XCTAssertEqual(sums.first, sums.last, "\(sheet).\(column): xlsx and CSV totals", file: file, line: line)
        }
        return money
    }

    func testRecommendAndForecastMatchTheirCSVToTheFen() throws {
        let db = try sampleStore()
        // The money columns with a figure (the sample's projects have one closed year each: no intervals).
        let expectedMoney = [
            "recommend": ["last_budget", "last_executed", "recommended"],
            "forecast": ["budget", "executed"],
        ]
        for command in ["recommend", "forecast"] {
            try budget([command, "--db", db, "--format", "csv"], into: "\(command).csv")
            let result = try budget([command, "--db", db, "--format", "xlsx"], into: "\(command).xlsx")
            XCTAssertEqual(Array(result.stdoutData.prefix(2)), Array("PK".utf8), "a zip container on standard output")
            let money = try assertSameAsCSV("\(command).xlsx", sheet: command, csv: "\(command).csv")
            XCTAssertEqual(Set(money.keys), Set(expectedMoney[command]!), "\(command): the amounts are number cells shown as money")

            let book = try XLSXReader.dump(path("\(command).xlsx"))
            let sheet = try XCTUnwrap(book.sheets.first)
            XCTAssertEqual(book.sheets.map(\.name), [command])
            XCTAssertEqual(sheet.freezePanes, "A2", "the header is frozen")
            XCTAssertTrue(sheet.rows[0].allSatisfy(\.bold))
            let names = sheet.rows.dropFirst().compactMap { $0[2].value }
            XCTAssertTrue(names.contains("世贸事务管理-贸易摩擦应对事务"), "Chinese names intact: \(names)")
        }
        // The execution rate is a number shown as a percentage; a rate of 36% reads 0.36.
        let forecast = try XLSXReader.dump(path("forecast.xlsx")).sheets[0]
        let rate = try XCTUnwrap(forecast.rows[0].firstIndex { $0.value == "execution_rate" })
        let rates = forecast.rows.dropFirst().map { $0[rate] }.filter { $0.value != nil }
        XCTAssertFalse(rates.isEmpty)
        XCTAssertTrue(rates.allSatisfy { $0.type == "n" && $0.format == "0.0%" && (Double($0.raw ?? "") ?? 9) < 2 }, "\(rates)")
    }

    func testEveryListingCommandWritesAWorkbook() throws {
        let db = try sampleStore()
        let backtestDB = try backtestStore()
        let regression = try write("x,y\n1,2.1\n2,3.9\n3,6.2\n4,7.8\n", to: "reg.csv")
        let runs: [(arguments: [String], sheets: [String])] = [
            (["projects", "--db", db], ["projects"]),
            (["history", "贸易摩擦应对事务", "--db", db, "--revisions"], ["years", "revisions"]),
            (["check", "--db", db], ["check"]),
            (["exceptional", "--list", "--db", db], ["exceptional"]),
            (["credibility", "--db", db], ["credibility"]),
            (["review", "--db", db], ["review"]),
            (["forecast", "--db", db], ["forecast"]),
            (["recommend", "--db", db], ["recommend"]),
            (["backtest", "--db", backtestDB], ["backtest"]),
            (["regress", "--csv", regression, "--y", "y", "--x", "x"], ["coefficients"]),
        ]
        for (n, run) in runs.enumerated() {
            try budget(run.arguments + ["--format", "xlsx"], into: "\(n).xlsx")
            let book = try XLSXReader.dump(path("\(n).xlsx"))
            XCTAssertEqual(book.warnings, [], "\(run.arguments)")
            XCTAssertEqual(book.sheets.map(\.name), run.sheets, "\(run.arguments)")
            XCTAssertTrue(book.sheets.allSatisfy { $0.freezePanes == "A2" }, "\(run.arguments)")
        }
        // History in one workbook: the years with numbers, and the revisions sheet.
        let years = try XLSXReader.dump(path("1.xlsx")).sheets[0]
        XCTAssertEqual(years.rows[1][0].raw, "2020")
        XCTAssertEqual(years.rows[1][5].raw, "82694.30", "executed 82,694.30 as a number")
        // The regression's estimates at full precision, as the CSV writes them.
        let coefficients = try XLSXReader.dump(path("9.xlsx")).sheets[0]
        let csv = try budget(["regress", "--csv", regression, "--y", "y", "--x", "x", "--format", "csv"]).stdout
        let slope = try XCTUnwrap(csv.split(separator: "\r\n").first { $0.hasPrefix("x,") }?.split(separator: ",")[1])
        XCTAssertEqual(Double(try XCTUnwrap(coefficients.rows[2][1].raw)), Double(slope))
    }

    func testAWorkbookIsRefusedOnATerminal() throws {
        let db = try sampleStore()
        for format in [["--format", "xlsx"], ["--format=xlsx"]] {
            let result = try XLSXReader.onTerminal(CLITestCase.binary.path, ["recommend", "--db", db] + format)
            XCTAssertEqual(result["status"] as? Int, 64, "\(result)")
            XCTAssertEqual(result["terminal"] as? String, "", "nothing written to the terminal")
            XCTAssertEqual(result["stderr"] as? String,
                           "budget: xlsx is binary: redirect it to a file, e.g. budget recommend --format xlsx > 建议.xlsx\n")
        }
        let text = try XLSXReader.onTerminal(CLITestCase.binary.path, ["recommend", "--db", db])
        XCTAssertEqual(text["status"] as? Int, 0, "text on a terminal is fine: \(text)")
    }

    func testScenarioRunWritesReportXLSXWithEveryCSVAsASheet() throws {
        let out = path("out")
        let scenario = Self.packageRoot.appendingPathComponent("Scenarios/baseline.yaml").path
        let result = try budget(["scenario", "run", scenario, "--out-dir", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("report.xlsx"), result.stdout)
        let names = ["summary", "projects", "review", "credibility", "checks", "backtest"]
        let book = try XLSXReader.dump("\(out)/report.xlsx")
        XCTAssertEqual(book.warnings, [])
        XCTAssertEqual(book.sheets.map(\.name), names, "one sheet per CSV, named after it, in the set's order")
        XCTAssertTrue(book.sheets.allSatisfy { $0.freezePanes == "A2" })
        var moneyColumns: [String: Set<String>] = [:]
        for name in names {
            let money = try assertSameAsCSV("out/report.xlsx", sheet: name, csv: "out/\(name).csv")
            moneyColumns[name] = Set(money.keys)
        }
        XCTAssertEqual(moneyColumns["review"], ["requested", "recommended", "at_stake", "last_budget", "last_executed"], "budget_high: no figure in this run")
        XCTAssertEqual(moneyColumns["credibility"], ["original_budget", "adjusted_budget", "executed"])
        XCTAssertTrue(moneyColumns["summary"]!.isSuperset(of: ["last_budget", "recommended", "forecast_executed"]))
        XCTAssertTrue(moneyColumns["projects"]!.isSuperset(of: ["last_budget", "budget", "executed", "recommended"]))
    }
}

/// Runs Tests/Scripts/xlsx_read.py (python3 with openpyxl). A missing python3 or openpyxl fails the test with a
/// message saying to run `make deps`; it is never skipped.
enum XLSXReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Cell {
        var value: String?
        var type: String
        var format: String
        var bold: Bool
        var raw: String?
    }

    struct Sheet {
        var name: String
        var freezePanes: String?
        var rows: [[Cell]]
    }

    struct Book {
        var warnings: [String]
        var sheets: [Sheet]
    }

    static var script: String { CLITestCase.packageRoot.appendingPathComponent("Tests/Scripts/xlsx_read.py").path }

    /// Runs `python3 arguments`; its standard output parsed as a JSON object.
    static func python(_ arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0: break
        case 127: throw Failure(description: "python3 is not installed: run `make deps`")
        default: throw Failure(description: "python3 \(arguments.prefix(2)) failed (\(process.terminationStatus)): \(message)")
        }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "python3 printed no JSON object: \(String(decoding: data, as: UTF8.self))")
        }
        return object
    }

    static func run(_ arguments: [String]) throws -> [String: Any] { try python([script] + arguments) }

    static func dump(_ file: String) throws -> Book {
        let object = try run(["dump", file])
        let sheets = (object["sheets"] as? [[String: Any]] ?? []).map { sheet in
            Sheet(name: sheet["name"] as? String ?? "", freezePanes: sheet["freeze_panes"] as? String,
                  rows: (sheet["rows"] as? [[[String: Any]]] ?? []).map { row in
                      row.map { cell in
                          Cell(value: cell["v"].flatMap { $0 is NSNull ? nil : "\($0)" }, type: cell["t"] as? String ?? "",
                               format: cell["f"] as? String ?? "", bold: cell["bold"] as? Bool ?? false, raw: cell["raw"] as? String)
                      }
                  })
        }
        return Book(warnings: object["warnings"] as? [String] ?? [], sheets: sheets)
    }

    /// Runs `executable arguments` with a pseudo-terminal as its standard output (Python's pty):
    /// `status`, `stderr`, and `terminal`, what it wrote there.
    static func onTerminal(_ executable: String, _ arguments: [String]) throws -> [String: Any] {
        let program = """
            import json, os, select, subprocess, sys
            master, slave = os.openpty()
            env = {k: v for k, v in os.environ.items() if k not in ("BUDGET_DB", "COLUMNS")}
            p = subprocess.run(sys.argv[1:], stdout=slave, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
            os.close(slave)
            seen = b""
            while select.select([master], [], [], 0.2)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
            print(json.dumps({"status": p.returncode, "stderr": p.stderr.decode(), "terminal": seen.decode(errors="replace")}))
            """
        return try python(["-c", program, executable] + arguments)
    }
}
