import Foundation
import XCTest

/// `budget exceptional` on the real binary, over the 2020 Shenzhen self-evaluations (nine forms, one unit).
final class ExceptionalCommandTests: CLITestCase {
    let bom = "\u{FEFF}"
    let trade = "深圳市商务局,深圳市商务发展促进中心,世贸事务管理-贸易摩擦应对事务"

    func importShenzhen() throws -> String {
        let db = path("shenzhen.sqlite")
        let seed = Self.packageRoot.appendingPathComponent("Scenarios/003_2df205466e1d5f98.txt").path
        let result = try budget(["import", "--db", db, seed])
        XCTAssertEqual(result.status, 0, result.stderr)
        return db
    }

    func testMarkShowListAndClear() throws {
        let db = try importShenzhen()
        let marked = try budget(["exceptional", "--db", db, "--year", "2020", "贸易摩擦应对事务", "--reason", "疫情"])
        XCTAssertEqual(marked.status, 0, marked.stderr)
        XCTAssertEqual(marked.stdout, "marked 2020 exceptional for 深圳市商务发展促进中心 / 世贸事务管理-贸易摩擦应对事务 (reason: 疫情)\n")
        let again = try budget(["exceptional", "--db", db, "--year", "2020", "贸易摩擦应对事务", "--reason", "疫情"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("already marked") && again.stdout.contains("nothing changed"), again.stdout)

        // 82,694.30 of 230,000.00 (the seed's figures) and the reason in the last column.
        let history = try budget(["history", "--db", db, "贸易摩擦应对事务", "--format", "csv"])
        XCTAssertEqual(history.status, 0, history.stderr)
        XCTAssertEqual(history.stdout, bom + """
            year,status,source,initial_budget,adjusted_budget,executed,rate,rate_vs_initial,requested,exceptional\r
            2020,closed,reported,230000.00,230000.00,82694.30,0.3595,0.3595,,疫情\r

            """)
        // Another project is not marked: its column is empty.
        let office = try budget(["history", "--db", db, "办公设备采购", "--format", "csv"])
        XCTAssertTrue(office.stdout.hasSuffix("55871.00,0.9977,0.9977,,\r\n"), office.stdout)

        // Every project of the unit (8 of the 9 forms; 办公设备采购's form names no unit), without a reason.
        let unit = try budget(["exceptional", "--db", db, "--year", "2021", "--unit", "商务发展促进中心"])
        XCTAssertEqual(unit.stdout, "marked 2021 exceptional for 8 projects (no reason given)\n", unit.stderr)
        let list = try budget(["exceptional", "--db", db, "--list", "--format", "csv", "--year", "2020", "--year", "2021"])
        XCTAssertEqual(list.status, 0, list.stderr)
        let lines = list.stdout.dropFirst().components(separatedBy: "\r\n").dropLast()
        XCTAssertEqual(lines.first, "department,unit,project,year,reason")
        XCTAssertEqual(lines.count, 1 + 9, list.stdout)
        XCTAssertTrue(lines.contains("\(trade),2020,疫情"), list.stdout)
        XCTAssertTrue(lines.contains("\(trade),2021,"), list.stdout)
        let json = try budget(["exceptional", "--db", db, "--list", "--format", "json", "贸易摩擦应对事务"])
        let objects = try XCTUnwrap(JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]])
        XCTAssertEqual(objects.map { $0["year"] as? Int }, [2020, 2021])
        XCTAssertEqual(objects.map { $0["reason"] as? String }, ["疫情", ""])
        let text = try budget(["history", "--db", db, "贸易摩擦应对事务"])
        XCTAssertTrue(text.stdout.contains("requested 申报  exceptional"), text.stdout)
        XCTAssertTrue(text.stdout.contains("-  疫情"), text.stdout)
        let unmarked = try budget(["history", "--db", db, "办公设备采购"])
        XCTAssertFalse(unmarked.stdout.contains("exceptional"), "text shows the column only when a year is marked: \(unmarked.stdout)")

        let cleared = try budget(["exceptional", "--db", db, "--clear", "--year", "2020", "贸易摩擦应对事务"])
        XCTAssertEqual(cleared.status, 0, cleared.stderr)
        XCTAssertTrue(cleared.stdout.hasPrefix("cleared the exceptional mark of 2020"), cleared.stdout)
        XCTAssertTrue(cleared.stdout.contains("(1 mark removed)"), cleared.stdout)
        let clearedAgain = try budget(["exceptional", "--db", db, "--clear", "--year", "2020", "贸易摩擦应对事务"])
        XCTAssertTrue(clearedAgain.stdout.hasSuffix("nothing changed\n"), clearedAgain.stdout)
        let after = try budget(["history", "--db", db, "贸易摩擦应对事务", "--format", "csv"])
        XCTAssertTrue(after.stdout.hasSuffix("82694.30,0.3595,0.3595,,\r\n"), after.stdout)
        XCTAssertEqual(try sqlite(db, "SELECT count(*) FROM exceptional_year"), "8\n")
    }

    func testExportColumnsAreUnchanged() throws {
        let db = try importShenzhen()
        let before = try budget(["export", "--db", db])
        XCTAssertEqual(try budget(["exceptional", "--db", db, "--year", "2020", "--reason", "疫情"]).status, 0)
        let after = try budget(["export", "--db", db])
        XCTAssertEqual(after.stdoutData, before.stdoutData, "the marks are not part of the canonical CSV")
    }

    func testUnknownProjectAndBadYears() throws {
        let db = try importShenzhen()
        let unknown = try budget(["exceptional", "--db", db, "--year", "2020", "不存在的项目"])
        XCTAssertEqual(unknown.status, 3, unknown.stdout)
        XCTAssertTrue(unknown.stderr.contains("no project matches \"不存在的项目\""), unknown.stderr)
        let noUnit = try budget(["exceptional", "--db", db, "--year", "2020", "--unit", "上海"])
        XCTAssertEqual(noUnit.status, 3, noUnit.stdout)
        for arguments in [["--year", "1899"], ["--year", "2101"], [], ["--list", "--clear"],
                          ["--year", "2020", "--clear", "--reason", "疫情"], ["--year", "2020", "--format", "csv"]] {
            let result = try budget(["exceptional", "--db", db] + arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
        }
        XCTAssertTrue(try budget(["exceptional", "--db", db, "--year", "1899"]).stderr.contains("--year 1899"))
        XCTAssertEqual(try sqlite(db, "SELECT count(*) FROM exceptional_year"), "0\n", "nothing was written")
    }
}
