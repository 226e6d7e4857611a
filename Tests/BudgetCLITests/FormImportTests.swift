import Foundation
import XCTest

/// Issue 3's acceptance on the real binary: the four sample forms import, with every listed figure to the fen.
final class FormImportTests: CLITestCase {
    static let seeds = ["000_546769cc8a0ec3c8.txt", "001_71f3a326dc5c2b88.txt", "002_ed3a86db11c65d94.txt", "003_2df205466e1d5f98.txt"]
    var seedPaths: [String] { Self.seeds.map { Self.packageRoot.appendingPathComponent("Scenarios/\($0)").path } }

    /// Export rows keyed by "project|year", as field arrays in the canonical column order.
    func exportedRows(_ db: String) throws -> [String: [String]] {
        let export = try budget(["export", "--db", db, "--no-bom"])
        XCTAssertEqual(export.status, 0, export.stderr)
        var rows: [String: [String]] = [:]
        for line in export.stdout.split(separator: "\r\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            rows["\(fields[2])|\(fields[4])"] = fields
        }
        return rows
    }

    // Canonical columns: 0 department, 1 unit, 2 project, 3 category, 4 year, 5 status, 6 source, 7 initial,
    // 8 adjusted, 9 executed, 10 appropriation, 11 carryover, 12 other, 13 execution score, 14 total score,
    // 15 requested, 16 total budget, 17 prior budget, 18 prior executed, 19 data source.

    func testTheFourSampleFilesImportWithTheirFigures() throws {
        let db = path("forms.sqlite")
        let result = try budget(["import", "--db", db] + seedPaths)
        XCTAssertEqual(result.status, 0, result.stderr)
        for (seed, forms) in zip(Self.seeds, [2, 8, 5, 9]) {
            XCTAssertTrue(result.stdout.contains("\(seed): \(forms) rows read: \(forms) new"), result.stdout)
        }
        let rows = try exportedRows(db)

        func figures(_ project: String, _ year: Int, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
            try XCTUnwrap(rows["\(project)|\(year)"], "no row for \(project) \(year): \(rows.keys.sorted())", file: file, line: line)
        }
        // 001 (2022 self-evaluations)
        XCTAssertEqual(try figures("外宣经费", 2022)[7...9], ["1773155.00", "1673155.00", "1570720.00"])
        XCTAssertEqual(try figures("海外办事处运作费", 2022)[9], "5878180.94")
        XCTAssertEqual(try figures("外宣经费", 2022)[5...6], ["closed", "reported"])
        // 003 (2020 self-evaluations, OCR)
        XCTAssertEqual(try figures("世贸事务管理-贸易摩擦应对事务", 2020)[7...9], ["230000.00", "230000.00", "82694.30"])
        XCTAssertEqual(try figures("世贸事务管理-综合管理事务", 2020)[7...9], ["360000.00", "3385747.00", "2902798.94"])
        XCTAssertEqual(try figures("世贸事务管理-综合管理事务", 2020)[14], "80.6", "the missing total, computed")
        XCTAssertEqual(try figures("办公设备采购", 2020)[7...9], ["56000.00", "56000.00", "55871.00"], "元 despite the (万元) label")
        XCTAssertEqual(try figures("世贸事务管理-贸易摩擦应对事务", 2020)[1], "深圳市商务发展促进中心")
        XCTAssertEqual(try figures("世贸事务管理-贸易摩擦应对事务", 2020)[0], "深圳市商务局")
        // 002 (2019 declarations)
        XCTAssertEqual(try figures("上海智慧微菜场建设", 2019)[15], "4000000.00")
        XCTAssertEqual(try figures("上海智慧微菜场建设", 2018)[8...9], ["4000000.00", "3976000.00"])
        XCTAssertEqual(try figures("上海智慧微菜场建设", 2018)[6], "declared")
        XCTAssertEqual(try figures("上海市单用途预付卡信息管理系统(2019升级改造)", 2019)[15], "1843294.00")
        XCTAssertNil(rows["上海市单用途预付卡信息管理系统(2019升级改造)|2018"], "无: a new project has no prior year")
        // 000 (2020 declarations, Kangxi radicals)
        XCTAssertEqual(try figures("WTO事务社会公众信息服务专项", 2019)[8...9], ["1865000.00", "1865000.00"])
        XCTAssertEqual(try figures("全球贸易投资监控预警系统", 2019)[8...9], ["4546200.00", "4546200.00"])
        XCTAssertEqual(try figures("全球贸易投资监控预警系统", 2020)[15], "4691000.00")
        XCTAssertEqual(try figures("全球贸易投资监控预警系统", 2020)[1], "上海WTO事务咨询中心", "⼼ shown as 心")
        // 24 forms: 17 self-evaluation years + 7 declaration years, and 6 declared prior years.
        XCTAssertEqual(rows.count, 24 + 6, rows.keys.sorted().joined(separator: "\n"))

        let history = try budget(["history", "--db", db, "贸易摩擦应对事务"])
        XCTAssertEqual(history.status, 0, history.stderr)
        XCTAssertTrue(history.stdout.hasPrefix("深圳市商务局 / 深圳市商务发展促进中心 / 世贸事务管理-贸易摩擦应对事务"), history.stdout)
        XCTAssertTrue(history.stdout.contains("82,694.30"), history.stdout)

        // What the forms say beyond the figures, read back with the sqlite3 tool.
        XCTAssertEqual(try sqlite(db, """
            SELECT p.name, d.planned_start, d.planned_end FROM form_detail d JOIN project p ON p.id = d.project_id
            WHERE d.kind = 'declaration' AND d.year = 2020 ORDER BY p.name
            """), "WTO事务社会公众信息服务专项|2020-01-01|2020-12-31\n全球贸易投资监控预警系统|2020-01-01|2020-12-31\n")
        XCTAssertEqual(try sqlite(db, """
            SELECT d.stated_rate, d.execution_weight FROM form_detail d JOIN project p ON p.id = d.project_id
            WHERE p.name = '中国（上海）国际技术进出口交易会经费'
            """), "99.26%|10\n")
        XCTAssertEqual(try sqlite(db, "SELECT count(*), sum(amount) FROM sub_project"),
                       "5|661329400\n", "002's five sub-projects: 275,000 + 195,000 + 1,843,294 + 4,000,000 + 300,000")
        let scoredRows001 = [10, 5, 7, 5, 5, 7, 8, 7].reduce(0, +)
        let scoredRows003 = [8, 23, 12, 8, 9, 8, 8, 15, 8].reduce(0, +)
        XCTAssertEqual(try sqlite(db, "SELECT count(*) FROM indicator WHERE score IS NOT NULL"),
                       "\(scoredRows001 + scoredRows003)\n", "every scored indicator row of 001 and 003")

        // Re-importing the same four files changes nothing.
        let again = try budget(["import", "--db", db] + seedPaths)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("Nothing to write"), again.stdout)
    }

    func testKnownAnomaliesAreFindings() throws {
        let db = path("forms.sqlite")
        XCTAssertEqual(try budget(["import", "--db", db] + seedPaths).status, 0)
        let check = try budget(["check", "--db", db, "--format", "csv"])
        XCTAssertEqual(check.status, 0, check.stderr)
        let lines = check.stdout.split(separator: "\r\n").map(String.init)
        func has(_ project: String, _ field: String, _ text: String) -> Bool {
            lines.contains { $0.contains(project) && $0.contains(",\(field),") && $0.contains(text) }
        }
        XCTAssertTrue(has("办公设备采购", "amount_unit", "万元"), check.stdout)
        XCTAssertTrue(has("外宣经费", "funding_split", "1,673,155.00"), check.stdout)
        XCTAssertTrue(has("世贸事务管理-综合管理事务", "total_score", "computed 80.6"), check.stdout)
        let text = try budget(["check", "--db", db, "--year", "2020"]).stdout
        XCTAssertTrue(text.contains("深圳市商务发展促进中心 / 世贸事务管理-综合管理事务 (2020)"), text)
        XCTAssertFalse(text.contains("(2022)"), "--year 2020 only")
    }

    func testAFormWithoutItsExecutedAmountFailsAndWritesNothing() throws {
        let db = path("forms.sqlite")
        XCTAssertEqual(try budget(["import", "--db", db, seedPaths[0]]).status, 0)
        let before = try fileData("forms.sqlite")
        // 001's 外宣经费: remove the 全年执行数 value from its 年度资金总额 row.
        var text = try String(contentsOfFile: seedPaths[1], encoding: .utf8)
        let row = "年度资金总额 1773155.00 1673155.00 1,570,720"
        let original = try XCTUnwrap(text.range(of: row) != nil ? row : nil, "the seed's row changed")
        text = text.replacingOccurrences(of: original, with: "年度资金总额 1773155.00 1673155.00")
        let broken = try write(text, to: "001-broken.txt")
        let result = try budget(["import", "--db", db, broken])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("外宣经费"), result.stderr)
        XCTAssertTrue(result.stderr.contains("'executed'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Nothing was written"), result.stderr)
        XCTAssertEqual(try fileData("forms.sqlite"), before)
        // --skip-invalid keeps the other seven forms.
        let skipping = try budget(["import", "--db", db, broken, "--skip-invalid"])
        XCTAssertEqual(skipping.status, 0, skipping.stderr)
        XCTAssertTrue(skipping.stdout.contains("7 new"), skipping.stdout)
    }
}
