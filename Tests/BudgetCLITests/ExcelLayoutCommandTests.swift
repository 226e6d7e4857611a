import Foundation
import XCTest

/// `budget import` and `budget review --requests` on the planner trial's Excel-style files (issue 13 item 3;
/// copies in Tests/ImportTests/Fixtures/excel, figures worked by hand in ExcelLayoutTests).
final class ExcelLayoutCommandTests: CLITestCase {
    private func fixture(_ name: String) -> String {
        Self.packageRoot.appendingPathComponent("Tests/ImportTests/Fixtures/excel/\(name)").path
    }

    /// The export of a store holding `file` alone, imported with `options` (every file under one data source, so
    /// that the data_source column does not differ by file name).
    private func exported(_ file: String, _ options: [String] = []) throws -> String {
        let db = path(UUID().uuidString + ".sqlite")
        let imported = try budget(["import", "--db", db, "--data-source", "深圳"] + options + [file])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        return try budget(["export", "--db", db, "--no-bom"]).stdout
    }

    func testTheExcelFileAndItsVariantsGiveTheSameStore() throws {
        let export = try exported(fixture("hist_wan_gbk.csv"))
        XCTAssertEqual(export.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 18, "the header and 17 project-years")
        // 120.00 / 150.00 / 141.20 万元; 预算准备金 2018: 0.00 executed in a closed year.
        XCTAssertTrue(export.contains(",世贸事务管理-WTO事务系列服务体系,,2017,closed,reported,1200000.00,1500000.00,1412000.00,"), export)
        XCTAssertTrue(export.contains(",预算准备金-预算准备金,,2018,closed,reported,170000.00,170000.00,0.00,"), export)
        XCTAssertEqual(try exported(fixture("hist_wan_utf8.csv")), export)
        XCTAssertEqual(try exported(fixture("hist_wan_gbk_v2.csv"), ["--amount-unit", "wan"]), export)
        XCTAssertEqual(try exported(fixture("hist_wan_gbk_v3.csv"), ["--amount-unit", "wan"]), export)
    }

    func testTheImportSaysWhatItFoundAndSkipsTheTotal() throws {
        let result = try budget(["import", "--db", path("h.sqlite"), fixture("hist_wan_gbk.csv")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("hist_wan_gbk.csv: 18 rows read: 17 new, 0 updated, 0 unchanged, 1 skipped"), result.stdout)
        for expected in [
            "hist_wan_gbk.csv:1: warning: field 'header': rows 1–2 are a title, not data; the header is rows 3–4",
            "hist_wan_gbk.csv:25: warning: a 合计 row (initial_budget 15,760,000.00, adjusted_budget 17,510,000.00, executed 16,336,000.00), not a project: skipped; it equals the rows above",
        ] {
            XCTAssertTrue(result.stderr.contains(expected), result.stderr)
        }
    }

    func testAWanFileWithoutItsUnitBesideTheSampleHistoryIsWarnedAbout() throws {
        let db = try sampleStore()
        let result = try budget(["import", "--db", db, fixture("hist_wan_gbk_v3.csv")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("hist_wan_gbk_v3.csv: warning: amounts are about 1/10,000 of the stored 2020 figures of the same 5 projects: is the file in 万元? (--amount-unit wan)"), result.stderr)
    }

    func testAContradictedUnitLineLeavesTheStoreUnchanged() throws {
        let db = try sampleStore()
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let result = try budget(["import", "--db", db, "--amount-unit", "yuan", fixture("hist_wan_gbk.csv")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("hist_wan_gbk.csv:2: error: field 'header': row 2 says \"单位：万元\", but --amount-unit yuan was given"), result.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before)
    }

    func testSubtotalRowsAreNotProjects() throws {
        let db = path("s.sqlite")
        XCTAssertEqual(try budget(["import", "--db", db, fixture("subtotal.csv")]).status, 0)
        let projects = try budget(["projects", "--db", db, "--format", "csv"]).stdout
        XCTAssertFalse(projects.contains("小计"), projects)
        XCTAssertEqual(projects.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 3, "the header and 2 projects")
    }

    func testHeaderRowOption() throws {
        let file = try write("标题\n说明\n项目名称,年度,全年执行数\n甲,2019,1\n", to: "t.csv")
        let result = try budget(["import", "--db", path("h.sqlite"), "--header-row", "3", file])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("t.csv:1: warning: field 'header': rows 1–2 are a title, not data; the header is row 3"), result.stderr)
        XCTAssertEqual(try budget(["import", "--db", path("h.sqlite"), "--header-row", "0", file]).status, 64)
        let wrong = try budget(["import", "--db", path("h.sqlite"), "--header-row", "4", file])
        XCTAssertEqual(wrong.status, 1, "row 4 is data: no project column")
        XCTAssertTrue(wrong.stderr.contains("t.csv:4: error: field 'project': no project column"), wrong.stderr)
        XCTAssertEqual(try budget(["review", "--header-row", "2"]).status, 64, "--header-row goes with --requests")
        let help = try budget(["help", "import"]).stdout
        XCTAssertTrue(help.contains("--header-row") && help.contains("--sheet"), help)
    }

    func testTheTrialsRequestsAreReviewedToTheFen() throws {
        let db = try sampleStore()
        let result = try budget(["review", "--db", db, "--requests", fixture("req2021_gbk.csv"), "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = result.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(rows.count, 11, "the header and 10 requests")
        // 280.00 万元 = 2,800,000.00 元.
        XCTAssertTrue(rows.contains { $0.contains(",世贸事务管理-WTO事务系列服务体系,sample-history,2021,2800000.00,") }, result.stdout)
        // 981.90 万元 requested; the file's 合计 says 1,079.90 万元.
        XCTAssertTrue(result.stderr.contains("req2021_gbk.csv:13: warning: field 'requested': a 合计 row (10,799,000.00), not a project: skipped; the rows above sum to 9,819,000.00, 980,000.00 apart — check the file"), result.stderr)
    }

    func testWorkbooksImportAndReviewBySheet() throws {
        let workbook = fixture("two-sheets.xlsx")
        let db = path("x.sqlite")
        let result = try budget(["import", "--db", db, "--sheet", "2019年", workbook])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("two-sheets.xlsx[2019年]: 3 rows read: 2 new"), result.stdout)
        let history = try budget(["history", "--db", db, "贸易摩擦应对事务", "--format", "csv"]).stdout
        XCTAssertTrue(history.contains("2019") && history.contains("230000.00") && history.contains("219000.00"), history)
        let missing = try budget(["import", "--db", db, "--sheet", "无此表", workbook])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("--sheet 无此表: the workbook has no such sheet (it has: 2019年, 说明, 2020年)"), missing.stderr)

        let trial = Self.packageRoot.appendingPathComponent("Tests/ImportTests/Fixtures/xlsx/hist.xlsx").path
        XCTAssertEqual(try budget(["import", "--db", path("t.sqlite"), trial]).status, 0)
        let export = try budget(["export", "--db", path("t.sqlite"), "--no-bom"]).stdout
        XCTAssertTrue(export.contains(",世贸事务管理-贸易摩擦应对事务,,2019,closed,reported,230000.00,230000.00,219000.00,"), export)
    }
}
