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
        XCTAssertEqual(Set(objects[0].keys), ["unit", "project", "year", "severity", "field", "message", "file", "line", "batch"])
        XCTAssertEqual(objects[0]["project"] as? String, "WTO事务社会公众信息服务专项")
        XCTAssertEqual(objects[0]["line"] as? Int, 6)
    }

    /// Issue 13 item 9: every command's help shows how it is used (an example besides the USAGE line).
    func testEveryCommandsHelpHasAnExample() throws {
        let commands = ["import", "export", "projects", "history", "check", "alias", "exceptional", "credibility", "scenario", "scenario run",
                        "scenario compare", "forecast", "recommend", "review", "backtest", "regress", "bench", "bench import",
                        "bench forms", "bench regress", "bench forecast", "doctor"]
        for command in commands {
            let help = try budget(["help"] + command.split(separator: " ").map(String.init))
            XCTAssertEqual(help.status, 0, command)
            let examples = help.stdout.components(separatedBy: "\n").filter { !$0.hasPrefix("USAGE:") && $0.contains("budget \(command) ") }
            XCTAssertFalse(examples.isEmpty, "no example in `budget help \(command)`:\n\(help.stdout)")
        }
    }
}
