import BudgetCore
import Foundation
import Store
import XCTest
@testable import Import

/// Tables as Excel users save them (issue 13 item 3; the planner trial's inputs, copied into Fixtures/excel):
/// title rows, a unit line, a two-row header, 合计/小计 rows, amounts 10,000 times off, and .xlsx sheets.
///
/// The 17 project-years of hist_wan_*.csv, in 万元 (by hand from the file; × 10,000 for 元):
///   WTO事务系列服务体系   2017 120/150/141.20  2018 125/180/171.35  2019 130/200/185.60
///   贸易摩擦应对事务      2017  25/ 25/ 23.10  2018  25/ 25/ 24.05  2019  23/ 23/ 21.90
///   进出口预警事务        2017  30/ 30/ 27.50  2018  30/ 30/ 28.80  2019  30/ 25/ 22.10
///   对口交流综合事务      2017  18/ 18/ 17.20  2018  18/ 18/ 16.90  2019  18/ 18/ 17.50
///   综合管理事务          2017 300/310/298.40  2018 320/330/312.70  2019 330/335/320.10
///   预算准备金            2018  17/ 17/  0.00  2019  17/ 17/  5.20
/// Sums: initial 375 + 73 + 90 + 54 + 950 + 34 = 1,576; adjusted 530 + 73 + 85 + 54 + 975 + 34 = 1,751;
/// executed 498.15 + 69.05 + 78.40 + 51.60 + 931.20 + 5.20 = 1,633.60 — the file's 合计 row, line 25.
final class ExcelLayoutTests: ImportStoreTestCase {
    private func fixture(_ name: String) throws -> String { try importFixtureURL("excel/" + name).path }

    private func importing(_ files: [String], _ configure: (inout ImportOptions) -> Void = { _ in }) throws -> ImportReport {
        var options = ImportOptions(currentYear: 2030)
        configure(&options)
        return try HistoryImporter.run(files: files, into: store, options: options)
    }

    /// project name → year → figures, through the store's own queries.
    private func stored() throws -> [String: [Int: AnnualFigures]] {
        var result: [String: [Int: AnnualFigures]] = [:]
        for history in try store.histories(of: try store.projects()) {
            result[history.project.name] = Dictionary(uniqueKeysWithValues: history.years.map { ($0.year, $0.figures) })
        }
        return result
    }

    private static let wto = "世贸事务管理-WTO事务系列服务体系"
    private static let reserve = "预算准备金-预算准备金"

    /// The store's total of one figure over every project-year.
    private func total(_ path: KeyPath<AnnualFigures, Money?>) throws -> Money {
        try stored().values.flatMap(\.values).compactMap { $0[keyPath: path] }.sum()
    }

    // MARK: - The trial's history files

    func testTitleRowsUnitLineTwoRowHeaderAndTotalRowOfTheGB18030File() throws {
        let file = try fixture("hist_wan_gbk.csv")
        let report = try importing([file])
        XCTAssertEqual(report.errors, [])
        XCTAssertTrue(report.committed)
        XCTAssertEqual(report.batches.map(\.inserted), [17])
        XCTAssertEqual(report.batches.map(\.skipped), [1], "the 合计 row")
        let years = try stored()
        XCTAssertEqual(years.values.map(\.count).reduce(0, +), 17)
        // 120.00 / 150.00 / 141.20 万元.
        XCTAssertEqual(years[Self.wto]?[2017], AnnualFigures(initialBudget: Money(yuan: 1_200_000), adjustedBudget: Money(yuan: 1_500_000),
                                                              executed: Money(yuan: 1_412_000)))
        XCTAssertEqual(years[Self.reserve]?[2018]?.executed, .zero, "0.00 万元 executed in a closed year is zero, not unknown")
        XCTAssertEqual(years[Self.reserve]?[2019]?.executed, Money(yuan: 52_000))
        XCTAssertEqual(try total(\.initialBudget), Money(yuan: 15_760_000))
        XCTAssertEqual(try total(\.adjustedBudget), Money(yuan: 17_510_000))
        XCTAssertEqual(try total(\.executed), Money(yuan: 16_336_000))

        XCTAssertEqual(report.warnings.map { "\($0.line): \($0.message)" }, [
            "1: rows 1–2 are a title, not data; the header is rows 3–4",
            "2: row 2 (\"单位：万元\") gives the unit of the amounts whose header states none",
            "3: rows 3–4 are one header (merged cells); its columns read as 项目资金/年初预算数, 项目资金/全年预算数, 项目资金/全年执行数",
            "3: columns not used: 序号, 备注",
            "25: a 合计 row (initial_budget 15,760,000.00, adjusted_budget 17,510,000.00, executed 16,336,000.00), not a project: skipped; it equals the rows above",
        ])
        XCTAssertTrue(report.warnings.allSatisfy { $0.severity == .warning && $0.file == file })
    }

    func testTheFileWithoutTitleTheUTF8TwinAndTheOneRowHeaderInWanGiveTheSameStore() throws {
        XCTAssertTrue(try importing([try fixture("hist_wan_gbk.csv")]).committed)
        let expected = try stored()
        // _v2 (no title, no unit line) and _v3 (one-row header, no unit line) state no unit: --amount-unit wan.
        for (name, unit) in [("hist_wan_gbk_v2.csv", AmountUnit.wan), ("hist_wan_utf8.csv", nil), ("hist_wan_gbk_v3.csv", .wan)] {
            try store.close()
            store = try BudgetStore(path: directory.appendingPathComponent("\(name).sqlite").path)
            let report = try importing([try fixture(name)]) { $0.amountUnit = unit }
            XCTAssertEqual(report.errors, [], name)
            XCTAssertEqual(report.batches.map(\.inserted), [17], name)
            XCTAssertEqual(try stored(), expected, name)
            XCTAssertTrue(report.warnings.contains { $0.message.hasPrefix("a 合计 row") && $0.message.hasSuffix("it equals the rows above") }, name)
        }
    }

    /// hist_wan_gbk_v3.csv states no unit: its 万元 figures read as 元 are 1/10,000 of the 2020 figures that
    /// sample-history.csv stores in 元 for five of its projects (all but 综合管理事务): e.g. 贸易摩擦应对事务 2019
    /// adjusted 23.00 against 2020's 230,000.00 (1/10,000), WTO 200.00 against 2,260,000.00 (1/11,300),
    /// 进出口预警 25.00 against 200,000.00 (1/8,000): the median is 1/10,000.
    func testAFileInWanReadAsYuanBesideStoredYuanFiguresIsWarnedAbout() throws {
        XCTAssertTrue(try importing([sampleHistory]).committed)
        let report = try importing([try fixture("hist_wan_gbk_v3.csv")])
        XCTAssertEqual(report.errors, [])
        let scale = report.warnings.filter { $0.message.hasPrefix("amounts are about") }
        XCTAssertEqual(scale.map(\.message), [
            "amounts are about 1/10,000 of the stored 2020 figures of the same 5 projects: is the file in 万元? (--amount-unit wan)",
        ])
        XCTAssertEqual(scale.first?.line, 0)

        // With --amount-unit wan the figures agree in scale: no warning.
        try store.close()
        store = try BudgetStore(path: directory.appendingPathComponent("wan.sqlite").path)
        XCTAssertTrue(try importing([sampleHistory]).committed)
        let right = try importing([try fixture("hist_wan_gbk_v3.csv")]) { $0.amountUnit = .wan }
        XCTAssertFalse(right.warnings.contains { $0.message.hasPrefix("amounts are about") }, "\(right.warnings)")
    }

    /// The other way round (the trial's order): the misread 万元 file first, then the 2020 figures in 元: those are
    /// about 10,000 times the stored 2019 figures.
    func testYuanFiguresBesideStoredWanMisreadAsYuanAreWarnedAbout() throws {
        XCTAssertTrue(try importing([try fixture("hist_wan_gbk_v3.csv")]).committed)
        let report = try importing([sampleHistory])
        XCTAssertEqual(report.warnings.filter { $0.message.hasPrefix("amounts are about") }.map(\.message), [
            "amounts are about 10,000 times the stored 2019 figures of the same 5 projects: are they in 元 but read as 万元 (a unit line, a header's (万元) or --amount-unit wan)? Or were the stored figures 万元 read as 元?",
        ])
    }

    func testASubtotalRowInTheProjectColumnIsSkippedAndChecked() throws {
        let report = try importing([try fixture("subtotal.csv")])
        XCTAssertEqual(report.errors, [])
        XCTAssertEqual(Set(try stored().keys), ["世贸事务管理-贸易摩擦应对事务", "世贸事务管理-进出口预警事务"])
        // 230,000 + 300,000 = 530,000; 230,000 + 250,000 = 480,000; 219,000 + 221,000 = 440,000.
        XCTAssertEqual(report.warnings.map { "\($0.line): \($0.message)" }, [
            "4: a 小计 row (initial_budget 530,000.00, adjusted_budget 480,000.00, executed 440,000.00), not a project: skipped; it equals the rows above",
        ])
    }

    // MARK: - Totals

    func testAWrongTotalIsAWarningNamingLineColumnAndBothFigures() throws {
        let file = try write("""
            序号,项目名称,年度,全年预算数,全年执行数
            1,甲,2019,100.00,90.00
            2,乙,2019,50.00,40.00
            小计,,,150.00,130.00
            3,丙,2019,10.00,10.00
            合 计,,,160.00,141.00
            Grand total:,,,160.00,140.00
            """)
        let report = try importing([file])
        XCTAssertTrue(report.committed)
        XCTAssertEqual(Set(try stored().keys), ["甲", "乙", "丙"])
        // 小计: 90 + 40 = 130 ✓; 合计 executed: 90 + 40 + 10 = 140, not 141 (1.00 apart); Grand total ✓.
        XCTAssertEqual(report.warnings.map { "\($0.line) \($0.field ?? "-"): \($0.message)" }, [
            "1 -: columns not used: 序号",
            "4 -: a 小计 row (adjusted_budget 150.00, executed 130.00), not a project: skipped; it equals the rows above",
            "6 executed: a 合计 row (141.00), not a project: skipped; the rows above sum to 140.00, 1.00 apart — check the file",
            "7 -: a Grand total row (adjusted_budget 160.00, executed 140.00), not a project: skipped; it equals the rows above",
        ])
    }

    func testSubtotalsSumTheRowsSinceThePreviousTotalRow() throws {
        var checker = TotalsChecker(file: "f", columns: ["requested"])
        checker.add(Money(yuan: 5), column: 0)
        XCTAssertEqual(checker.check(TotalLabel(cell: "Total")!, values: [Money(yuan: 5)], line: 3).map(\.message),
                       ["a Total row (5.00), not a project: skipped; it equals the rows above"])
        checker.add(Money(yuan: 7), column: 0)
        XCTAssertEqual(checker.check(TotalLabel(cell: "小计")!, values: [Money(yuan: 7)], line: 5).map(\.message),
                       ["a 小计 row (7.00), not a project: skipped; it equals the rows since the previous Total"])
        XCTAssertEqual(checker.check(TotalLabel(cell: "总计")!, values: [nil], line: 6).map(\.message),
                       ["a 总计 row, not a project: skipped"])
    }

    func testSumsPastTheRangeOfMoneyAreNotCheckedNorWrapped() {
        var checker = TotalsChecker(file: "f", columns: ["executed"])
        for _ in 0..<10 { checker.add(Money(fen: .max / 4), column: 0) }
        XCTAssertEqual(checker.check(TotalLabel(cell: "合计")!, values: [Money(yuan: 1)], line: 12).map(\.message),
                       ["a 合计 row, not a project: skipped"], "an overflowed sum is neither compared nor said to match")
    }

    func testTotalLabels() {
        for cell in ["合计", "合 计", "合　计", "小计：", " 总计 ", "Total", "TOTAL:", "Subtotal", "Sub-total", "Grand total", "grand  total"] {
            XCTAssertNotNil(TotalLabel(cell: cell), cell)
        }
        for cell in ["小计划项目", "合计数", "Total sales", "总计划", "", "项目"] {
            XCTAssertNil(TotalLabel(cell: cell), cell)
        }
        XCTAssertEqual(TotalLabel(cell: "合 计")?.name, "合计")
        XCTAssertEqual(TotalLabel(cell: "Sub-total")?.kind, .subtotal)
        // 合计 in 序号 beside a project name is a data row; beside a blank or 合计 project cell, a total.
        XCTAssertNil(TotalLabel.ofRow(TotalLabel(cell: "合计"), project: "合计会议费"))
        XCTAssertNotNil(TotalLabel.ofRow(TotalLabel(cell: "合计"), project: " "))
        XCTAssertNotNil(TotalLabel.ofRow(TotalLabel(cell: "小计"), project: "小计"))
    }

    // MARK: - Header finding

    func testUnitLines() {
        let cases: [(String, AmountUnit?)] = [
            ("单位：万元", .wan), ("金额单位:万元", .wan), ("单位: 元", .yuan), ("(单位：万元)", .wan), ("（单位：千元）", .thousand),
            ("单位：人民币万元", .wan), ("2017-2020年度项目支出执行情况表（单位：万元）", .wan),
            ("单位名称", nil), ("单位：个", nil), ("深圳市商务局", nil), ("实施单位", nil),
        ]
        for (cell, unit) in cases { XCTAssertEqual(UnitLine.unit(in: cell), unit, cell) }
    }

    func testAUnitLineContradictingAmountUnitIsAnErrorNamingTheRow() throws {
        let file = try fixture("hist_wan_gbk.csv")
        let report = try importing([file]) { $0.amountUnit = .yuan }
        XCTAssertFalse(report.committed)
        XCTAssertEqual(report.errors.map { "\($0.line): \($0.message)" }, [
            "2: row 2 says \"单位：万元\", but --amount-unit yuan was given: leave out --amount-unit, or correct the row",
        ])
        XCTAssertTrue(try stored().isEmpty)
        // The same unit twice is no contradiction.
        XCTAssertTrue(try importing([file]) { $0.amountUnit = .wan }.committed)
    }

    func testAHeaderUnitWinsOverTheUnitLine() throws {
        let file = try write("单位：万元\n项目名称,年度,全年预算数(元),全年执行数\n甲,2019,\"150,000.00\",14\n")
        XCTAssertTrue(try importing([file]).committed)
        XCTAssertEqual(try stored()["甲"]?[2019], AnnualFigures(adjustedBudget: Money(yuan: 150_000), executed: Money(yuan: 140_000)))
    }

    func testHeaderRowNamesTheHeader() throws {
        // Row 2 would be found too; --header-row 3 takes the third (a second header-like row is the real one).
        let file = try write("说明：旧表头如下\n项目名称,年度,全年执行数\n项目名称,年度,全年预算数\n甲,2019,100\n")
        let found = try importing([file]) { $0.dryRun = true }
        XCTAssertFalse(found.errors.isEmpty, "row 2 is found as the header, and row 3 then is a row with a bad year")
        let named = try importing([file]) { $0.headerRow = 3 }
        XCTAssertEqual(named.errors, [])
        XCTAssertEqual(try stored()["甲"]?[2019], AnnualFigures(adjustedBudget: Money(yuan: 100)))
        XCTAssertEqual(named.warnings.first?.message, "rows 1–2 are a title, not data; the header is row 3")
    }

    func testFiguresAboveTheFoundHeaderAreAnErrorNotATitle() throws {
        // A header lost below its data (a file pasted together): the rows above it are data, never a title.
        let file = try write("甲,2018,100,90\n乙,2018,50,45\n项目名称,年度,全年预算数,全年执行数\n丙,2019,10,9\n")
        let report = try importing([file])
        XCTAssertEqual(report.errors.map { "\($0.line) \($0.field ?? ""): \($0.message)" }, [
            "1 header: row 1 holds figures (甲, 2018, 100, 90) above the header, row 3: a data row above the header? Put the header first, or give --header-row 3 to take the rows above it as a title",
        ])
        XCTAssertFalse(report.committed)
        XCTAssertEqual(try stored(), [:], "nothing written")
        XCTAssertEqual(try importing([file]) { $0.headerRow = 3 }.errors, [], "--header-row takes them as a title")
        XCTAssertEqual(try stored()["丙"]?[2019]?.executed, Money(yuan: 9))
        // Titles with a year or a date in them are titles.
        XCTAssertFalse(TableHead.looksLikeData(["2021年部门预算项目支出表"]))
        XCTAssertFalse(TableHead.looksLikeData(["编制单位：深圳市商务局", "", "单位：万元"]))
        XCTAssertFalse(TableHead.looksLikeData(["年度", "2021", "填报日期", "2021-03-01"]))
        XCTAssertTrue(TableHead.looksLikeData(["Airport", "2011", "3,952,960.00"]))
        XCTAssertTrue(TableHead.looksLikeData(["甲", "-12.5", "+3"]))
    }

    func testABadHeaderRowIsAnError() throws {
        let file = try write("标题\n\n项目名称,年度,全年执行数\n甲,2019,1\n")
        XCTAssertEqual(try importing([file]) { $0.headerRow = 2 }.errors.map(\.message),
                       ["--header-row 2: no row starts on line 2 (it is blank, or inside a quoted cell that starts above it)"])
        XCTAssertEqual(try importing([file]) { $0.headerRow = 9 }.errors.map(\.message),
                       ["--header-row 9: the file has no row 9 (its last row is 4)"])
        XCTAssertEqual(try importing([file]) { $0.headerRow = 3 }.errors, [])
    }

    func testNoHeaderInTheFirstRowsShowsThemAndSaysWhatToDo() throws {
        let file = try write("支出明细\n名称,FY,金额\n甲,2019,1\n")
        let report = try importing([file])
        XCTAssertEqual(report.errors.map { "\($0.line): \($0.message)" }, [
            "1: no header in the first 3 rows: no row names both the project (项目名称) and the year (年度). The file begins with row 1: 支出明细; row 2: 名称, FY, 金额; row 3: 甲, 2019, 1. Give the header's row with --header-row N, or name its columns with --map project=COLUMN --map year=COLUMN",
        ])
        // Named through --map, row 2 is the header; row 1 a title.
        let mapped = try importing([file]) { $0.columnMap = [(.project, "名称"), (.year, "FY"), (.executed, "金额")] }
        XCTAssertEqual(mapped.errors, [])
        XCTAssertEqual(try stored()["甲"]?[2019]?.executed, Money(yuan: 1))
    }

    func testTheHeaderIsSoughtInTheFirst30RowsOnly() throws {
        let title = String(repeating: "说明文字\n", count: 30)
        let report = try importing([try write(title + "项目名称,年度,全年执行数\n甲,2019,1\n")])
        XCTAssertEqual(report.errors.first?.message.hasPrefix("no header in the first 30 rows"), true, "\(report.errors)")
        XCTAssertEqual(try importing([try write(title + "项目名称,年度,全年执行数\n甲,2019,1\n", to: "b.csv")]) { $0.headerRow = 31 }.errors, [])
    }

    func testAMergeCopiedAcrossIsFlattenedAndTheGroupsUnitApplies() throws {
        // 项目资金(万元) copied into both merged cells; 1.5 万元 = 15,000 元, 1.2 万元 = 12,000 元.
        let file = try write("项目名称,年度,项目资金(万元),项目资金(万元)\n项目名称,年度,年初预算数,全年执行数\n甲,2019,1.5,1.2\n")
        let report = try importing([file])
        XCTAssertEqual(report.errors, [])
        XCTAssertEqual(try stored()["甲"]?[2019], AnnualFigures(initialBudget: Money(yuan: 15_000), executed: Money(yuan: 12_000)))
        XCTAssertEqual(report.warnings.map(\.message),
                       ["rows 1–2 are one header (merged cells); its columns read as 项目资金(万元)/年初预算数, 项目资金(万元)/全年执行数"])
    }

    func testAFirstDataRowIsNotASecondHeaderRow() throws {
        // Row 2 fills the column under 备注 with a recognized label, but it holds a year and amounts: data.
        let file = try write("项目名称,年度,全年执行数,备注\n全年执行数,2019,100,全年预算数\n")
        let report = try importing([file])
        XCTAssertEqual(report.errors, [])
        XCTAssertEqual(try stored()["全年执行数"]?[2019]?.executed, Money(yuan: 100))
        XCTAssertFalse(report.warnings.contains { $0.message.contains("one header") })
    }

    // MARK: - Within one file

    func testAProjectJumpingTenThousandFoldBetweenTwoRowsIsWarnedAboutOnItsLine() throws {
        let file = try write("项目名称,年度,全年预算数\n甲,2018,\"250,000.00\"\n甲,2019,25.00\n乙,2019,30\n乙,2020,31\n")
        let report = try importing([file])
        XCTAssertTrue(report.committed)
        XCTAssertEqual(report.warnings.map { "\($0.line) \($0.field ?? "-"): \($0.message)" }, [
            "3 adjusted_budget: 2019: 25.00 is about 1/10,000 of the 2018 250,000.00 of the same project (line 2): is one of the two rows in another unit (元, 万元)?",
        ])
    }

    // MARK: - Requests

    /// req2021_gbk.csv: ten requests in 万元: 280 + 30 + 20 + 18 + 345 + 18.30 + 17 + 98 + 5.60 + 150 = 981.90 万元
    /// = 9,819,000.00 元; its 合计 row says 1,079.90 万元 (98 万元, the 反倾销 request, counted twice).
    func testTheTrialsRequestsFileReadsTenRequestsAndChecksItsTotal() throws {
        for name in ["req2021_gbk.csv", "req2021_utf8.csv"] {
            let file = try RequestReader.read(path: try fixture(name), options: .init())
            XCTAssertEqual(file.requests.count, 10, name)
            XCTAssertEqual(file.requests.first?.requested, Money(yuan: 2_800_000), name)
            XCTAssertEqual(file.requests.map(\.requested).sum(), Money(yuan: 9_819_000), name)
            XCTAssertEqual(file.notes.map { "\($0.line): \($0.message)" }, [
                "13: a 合计 row (10,799,000.00), not a project: skipped; the rows above sum to 9,819,000.00, 980,000.00 apart — check the file",
            ], name)
        }
        XCTAssertEqual(try RequestReader.read(path: try fixture("req2021_gbk_v2.csv")).count, 10)
    }

    func testARequestsFileWithTitleUnitLineAndTwoRowHeader() throws {
        let path = try write("""
            2021年项目支出预算申报汇总表,,,
            金额单位:万元,,,
            序号,项目名称,年度,申报金额
            ,,,
            1,甲,2021,"1,000.50"
            2,乙,2021,2
            合计,,,"1,002.50"
            """, to: "req.csv")
        let file = try RequestReader.read(path: path, options: .init())
        XCTAssertEqual(file.requests.map(\.requested), [Money(yuan: 10_005_000), Money(yuan: 20_000)])
        XCTAssertEqual(file.notes.map { "\($0.line): \($0.message)" }, [
            "1: rows 1–2 are a title, not data; the header is row 3",
            "2: row 2 (\"金额单位:万元\") gives the unit of the amounts whose header states none",
            "7: a 合计 row (10,025,000.00), not a project: skipped; it equals the rows above",
        ])
        XCTAssertThrowsError(try RequestReader.read(path: path, options: .init(headerRow: 1))) { error in
            XCTAssertTrue("\(error)".contains("req.csv:1: project: no project column"), "\(error)")
        }
    }

    // MARK: - .xlsx

    func testTheTrialsWorkbookImports() throws {
        let report = try importing([try importFixtureURL("xlsx/hist.xlsx").path])
        XCTAssertEqual(report.errors, [])
        XCTAssertEqual(try stored()["世贸事务管理-贸易摩擦应对事务"]?[2019],
                       AnnualFigures(initialBudget: Money(yuan: 230_000), adjustedBudget: Money(yuan: 230_000), executed: Money(yuan: 219_000)))
        XCTAssertEqual(report.batches.map(\.fileName), [try importFixtureURL("xlsx/hist.xlsx").path], "one sheet: named as the file")
    }

    /// two-sheets.xlsx (make_excel_fixtures.py): sheet 2019年 in 万元 under a title, a unit line and a merged two-row
    /// header, with a merged 合计 row; 说明 empty; 2020年 in 元.
    func testEachSheetIsATableNamedFileAndSheet() throws {
        let path = try fixture("two-sheets.xlsx")
        let report = try importing([path])
        XCTAssertEqual(report.errors, [])
        XCTAssertEqual(report.batches.map(\.fileName), ["\(path)[2019年]", "\(path)[2020年]"])
        XCTAssertEqual(report.batches.map(\.inserted), [2, 1])
        let years = try stored()
        XCTAssertEqual(years["世贸事务管理-贸易摩擦应对事务"]?[2019],
                       AnnualFigures(initialBudget: Money(yuan: 230_000), adjustedBudget: Money(yuan: 230_000), executed: Money(yuan: 219_000)))
        XCTAssertEqual(years["世贸事务管理-贸易摩擦应对事务"]?[2020]?.executed, Money(fen: 8_269_430))
        XCTAssertEqual(years["世贸事务管理-进出口预警事务"]?[2019],
                       AnnualFigures(initialBudget: Money(yuan: 300_000), adjustedBudget: Money(yuan: 250_000), executed: Money(yuan: 221_000)))
        let messages = report.warnings.map { "\($0.file.replacingOccurrences(of: path, with: "F")):\($0.line): \($0.message)" }
        XCTAssertTrue(messages.contains("F[说明]:0: the sheet is empty: skipped"), "\(messages)")
        XCTAssertTrue(messages.contains("F[2019年]:1: rows 1–2 are a title, not data; the header is rows 3–4"), "\(messages)")
        XCTAssertTrue(messages.contains("F[2019年]:7: a 合计 row (initial_budget 530,000.00, adjusted_budget 480,000.00, executed 440,000.00), not a project: skipped; it equals the rows above"), "\(messages)")
    }

    func testSheetPicksOneSheetAndAMissingOneIsAnError() throws {
        let path = try fixture("two-sheets.xlsx")
        let picked = try importing([path]) { $0.sheet = "2020年" }
        XCTAssertEqual(picked.batches.map(\.fileName), ["\(path)[2020年]"])
        XCTAssertEqual(try stored().values.map(\.count).reduce(0, +), 1)
        let missing = try importing([path]) { $0.sheet = "2021年" }
        XCTAssertEqual(missing.errors.map(\.message), ["--sheet 2021年: the workbook has no such sheet (it has: 2019年, 说明, 2020年)"])
    }

    func testRequestsFromAWorkbookSheetAreNamedFileAndSheet() throws {
        // Sheet 2020年 holds history, not requests: the error names the sheet's table and its header row.
        let path = try fixture("two-sheets.xlsx")
        XCTAssertThrowsError(try RequestReader.read(path: path, options: .init(sheet: "2020年"))) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(path)[2020年]:1: requested: no requested column"), "\(error)")
        }
    }

    private var sampleHistory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios/sample-history.csv").path
    }
}
