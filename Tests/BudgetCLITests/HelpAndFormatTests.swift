import Foundation
import XCTest

/// From the planner trial (issue 13): `budget help nosuch` exited 0 with the general help, and `check
/// --format json` was listed but refused.
final class HelpAndFormatTests: CLITestCase {
    func testHelpForAnUnknownCommandIsAUsageError() throws {
        let unknown = try budget(["help", "nosuch"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("no command \"nosuch\"; the commands are import, export"), unknown.stderr)
        XCTAssertEqual(unknown.stdout, "")
        let known = try budget(["help", "forecast"])
        XCTAssertEqual(known.status, 0, known.stderr)
        XCTAssertTrue(known.stdout.contains("OVERVIEW: Forecast next year's budget"), known.stdout)
        XCTAssertEqual(try budget(["help", "scenario", "run"]).status, 0)
        XCTAssertEqual(try budget(["help"]).status, 0)
    }

    func testCheckWritesJSONWithTheCSVColumns() throws {
        let db = path("s.sqlite")
        let form = Self.packageRoot.appendingPathComponent("Scenarios/000_546769cc8a0ec3c8.txt").path
        XCTAssertEqual(try budget(["import", "--db", db, form]).status, 0)
        let json = try budget(["check", "--db", db, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let objects = try XCTUnwrap(try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]])
        let csv = try budget(["check", "--db", db, "--format", "csv"]).stdout
        XCTAssertEqual(objects.count, csv.split(separator: "\r\n").count - 1, "one object per CSV row")
        XCTAssertEqual(Set(objects[0].keys), ["unit", "project", "year", "severity", "material", "field", "message", "file", "line", "batch"])
        XCTAssertEqual(objects[0]["project"] as? String, "WTO事务社会公众信息服务专项")
        XCTAssertEqual(objects[0]["line"] as? Int, 6)
    }

    /// Issue 13 item 9: every command's help shows how it is used (an example besides the USAGE line).
    func testEveryCommandsHelpHasAnExample() throws {
        let commands = ["import", "export", "projects", "history", "check", "alias", "exceptional", "credibility", "scenario", "scenario run",
                        "scenario compare", "forecast", "recommend", "review", "backtest", "regress", "bench", "bench import",
                        "bench forms", "bench regress", "bench forecast", "bench xlsx", "doctor"]
        for command in commands {
            let help = try budget(["help"] + command.split(separator: " ").map(String.init))
            XCTAssertEqual(help.status, 0, command)
            let examples = help.stdout.components(separatedBy: "\n").filter { !$0.hasPrefix("USAGE:") && $0.contains("budget \(command) ") }
            XCTAssertFalse(examples.isEmpty, "no example in `budget help \(command)`:\n\(help.stdout)")
        }
    }
}

/// Issue 13 item 5 (first part): text tables use the terminal's width — `COLUMNS`, else the TTY's — instead of
/// a fixed 120 columns; a pipe or a file keeps 120.
final class TerminalWidthTests: CLITestCase {
    func testTablesFollowColumns() throws {
        let db = try sampleStore()
        func tableLines(_ environment: [String: String]) throws -> [String] {
            let result = try budget(["recommend", "--db", db, "--department", "深圳市商务局"], environment: environment)
            XCTAssertEqual(result.status, 0, result.stderr)
            // The table: from its header (starting "#") to the blank line before the explanations.
            let lines = result.stdout.components(separatedBy: "\n")
            let start = try XCTUnwrap(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#  ") })
            return Array(lines[start...].prefix { !$0.isEmpty })
        }
        func width(_ line: String) -> Int { // CJK ideographs 2 cells, the rest 1 (the characters of these tables)
            line.unicodeScalars.reduce(0) { $0 + ((0x3000...0x9FFF).contains($1.value) || (0xFF01...0xFF60).contains($1.value) ? 2 : 1) }
        }
        let piped = try tableLines([:])
        XCTAssertTrue(piped.allSatisfy { width($0) <= 120 }, piped.joined(separator: "\n"))
        XCTAssertFalse(piped.contains { $0.contains("…") }, "nothing cut at 120: \(piped.joined(separator: "\n"))")
        XCTAssertGreaterThan(piped.count, 2 + 9, "long names wrap onto a row's next line at 120: \(piped.joined(separator: "\n"))")
        let wide = try tableLines(["COLUMNS": "220"])
        XCTAssertTrue(wide.contains { width($0) > 120 }, wide.joined(separator: "\n"))
        XCTAssertTrue(wide.allSatisfy { width($0) <= 220 })
        XCTAssertTrue(wide.contains { $0.contains("世贸事务管理-WTO事务系列服务体系") }, "whole names: \(wide.joined(separator: "\n"))")
        XCTAssertEqual(try tableLines(["COLUMNS": "abc"]), piped, "COLUMNS that is not a width is ignored")
    }
}
