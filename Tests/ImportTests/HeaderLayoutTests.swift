import BudgetCore
import XCTest
@testable import Import

final class HeaderLayoutTests: XCTestCase {
    private func resolve(_ headers: [String], map: [(column: CanonicalColumn, source: String)] = [],
                         file: StaticString = #filePath, line: UInt = #line) throws -> HeaderLayout {
        let result = HeaderLayout.resolve(headers: headers, map: map, file: "h.csv", line: 1)
        XCTAssertEqual(result.errors, [], file: file, line: line)
        return try XCTUnwrap(result.layout, file: file, line: line)
    }

    private func errors(_ headers: [String], map: [(column: CanonicalColumn, source: String)] = [],
                        line: Int = 1) -> [Finding] {
        let result = HeaderLayout.resolve(headers: headers, map: map, file: "h.csv", line: line)
        XCTAssertNil(result.layout)
        return result.errors
    }

    func testChineseLabelsMapToCanonicalColumns() throws {
        let headers = ["主管部门", "实施单位", "项目名称", "项目类别", "年度", "年初预算数", "全年预算数", "全年执行数",
                       "当年财政拨款", "上年结转资金", "其他资金", "执行率得分", "总分", "状态", "来源"]
        let layout = try resolve(headers)
        let expected: [CanonicalColumn: Int] = [
            .department: 0, .unit: 1, .project: 2, .category: 3, .year: 4, .initialBudget: 5, .adjustedBudget: 6,
            .executed: 7, .appropriation: 8, .carryover: 9, .otherFunds: 10, .executionScore: 11, .totalScore: 12,
            .status: 13, .source: 14,
        ]
        XCTAssertEqual(layout.columns, expected)
        XCTAssertEqual(layout.units, [:])
        XCTAssertEqual(layout.ignored, [])
    }

    func testAlternativeChineseLabels() throws {
        let layout = try resolve(["申报单位", "项目名称", "项目类型", "预算年度", "调整后预算数", "项目当年预算",
                                  "项目总预算", "同名项目上年预算额", "同名项目上年预算执行数"])
        XCTAssertEqual(layout.columns, [.unit: 0, .project: 1, .category: 2, .year: 3, .adjustedBudget: 4,
                                        .requested: 5, .totalBudget: 6, .priorBudget: 7, .priorExecuted: 8])
        XCTAssertEqual(try resolve(["单位名称", "项目名称", "年度", "全年执行数"]).columns[.unit], 0)
    }

    func testCanonicalNamesAreRecognizedWhateverTheCase() throws {
        let layout = try resolve(["Department", "unit", "PROJECT", "year", "initial_budget", "adjusted_budget", "executed",
                                  "other_funds", "total_score"])
        XCTAssertEqual(layout.columns, [.department: 0, .unit: 1, .project: 2, .year: 3, .initialBudget: 4,
                                        .adjustedBudget: 5, .executed: 6, .otherFunds: 7, .totalScore: 8])
    }

    func testUnitSuffixInHeader() throws {
        let layout = try resolve(["项目名称", "年度", "年初预算数(万元)", "全年预算数（万元）", "executed (thousand)", "carryover(元)"])
        XCTAssertEqual(layout.columns, [.project: 0, .year: 1, .initialBudget: 2, .adjustedBudget: 3, .executed: 4, .carryover: 5])
        XCTAssertEqual(layout.units, [.initialBudget: .wan, .adjustedBudget: .wan, .executed: .thousand, .carryover: .yuan])
    }

    func testFullWidthBracketsGiveWan() throws {
        let layout = try resolve(["项目名称", "年度", "年初预算数（万元）"])
        XCTAssertEqual(layout.columns[.initialBudget], 2)
        XCTAssertEqual(layout.units[.initialBudget], .wan)
    }

    func testSplitUnit() {
        XCTAssertTrue(HeaderLayout.splitUnit("年初预算数(万元)") == ("年初预算数", .wan))
        XCTAssertTrue(HeaderLayout.splitUnit(" 年初预算数 （ 万元 ） ") == ("年初预算数", .wan))
        XCTAssertTrue(HeaderLayout.splitUnit("executed (k)") == ("executed", .thousand))
        // Not a unit: the header is returned whole.
        XCTAssertTrue(HeaderLayout.splitUnit("项目名称(2020)") == ("项目名称(2020)", nil))
        XCTAssertTrue(HeaderLayout.splitUnit("executed") == ("executed", nil))
    }

    func testMapWinsOverRecognition() throws {
        let headers = ["项目名称", "年度", "全年执行数", "实际支出"]
        let layout = try resolve(headers, map: [(.executed, "实际支出")])
        XCTAssertEqual(layout.columns[.executed], 3)
        XCTAssertEqual(layout.columns[.project], 0)
        XCTAssertEqual(layout.ignored, ["全年执行数"])
    }

    func testMapMatchesOnMatchKey() throws {
        // Spacing, width and case differences do not matter.
        let layout = try resolve(["Project Title", "FY", "Spent"], map: [(.project, "project title"), (.year, "ＦＹ"), (.executed, " spent ")])
        XCTAssertEqual(layout.columns, [.project: 0, .year: 1, .executed: 2])
    }

    func testMapCanNameAHeaderWithItsUnit() throws {
        let headers = ["名称", "年份", "支出(万元)"]
        let byFullName = try resolve(headers, map: [(.project, "名称"), (.year, "年份"), (.executed, "支出(万元)")])
        XCTAssertEqual(byFullName.columns[.executed], 2)
        XCTAssertEqual(byFullName.units[.executed], .wan)
        let byBaseName = try resolve(headers, map: [(.project, "名称"), (.year, "年份"), (.executed, "支出")])
        XCTAssertEqual(byBaseName.columns[.executed], 2)
        XCTAssertEqual(byBaseName.units[.executed], .wan)
    }

    func testMapNamingAMissingHeaderIsAnError() {
        let found = errors(["项目名称", "年度", "全年执行数"], map: [(.adjustedBudget, "调整预算")], line: 3)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.severity, .error)
        XCTAssertEqual(found.first?.field, "adjusted_budget")
        XCTAssertEqual(found.first?.line, 3)
        XCTAssertEqual(found.first?.file, "h.csv")
        XCTAssertTrue(found.first?.message.contains("\"调整预算\"") ?? false, found.first?.message ?? "")
    }

    func testTwoColumnsForOneCanonicalColumnNameBothNumbers() {
        let found = errors(["项目名称", "年度", "executed", "备注", "全年执行数"])
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.field, "executed")
        let message = found.first?.message ?? ""
        XCTAssertTrue(message.contains("columns 3 (\"executed\") and 5 (\"全年执行数\")"), message)
    }

    func testTwoMapsToOneColumnAreAnError() {
        let found = errors(["名称", "年份", "A", "B"], map: [(.project, "名称"), (.year, "年份"), (.executed, "A"), (.executed, "B")])
        XCTAssertEqual(found.map(\.field), ["executed"])
        let message = found.first?.message ?? ""
        XCTAssertTrue(message.contains("columns 3 (\"A\") and 4 (\"B\")"), message)
    }

    func testMissingProjectOrYearIsAnError() {
        XCTAssertEqual(errors(["年度", "全年执行数"]).map(\.field), ["project"])
        XCTAssertEqual(errors(["项目名称", "全年执行数"]).map(\.field), ["year"])
        let both = errors(["全年执行数"])
        XCTAssertEqual(both.map(\.field), ["project", "year"])
        XCTAssertTrue(both.allSatisfy { $0.severity == .error && $0.line == 1 })
    }

    func testNoAmountColumnIsAnError() {
        let found = errors(["主管部门", "项目名称", "年度", "状态"])
        XCTAssertEqual(found.count, 1)
        XCTAssertNil(found.first?.field)
        XCTAssertTrue(found.first?.message.contains("no amount column") ?? false)
    }

    func testAScoreAloneIsEnough() throws {
        XCTAssertEqual(try resolve(["项目名称", "年度", "总分"]).columns[.totalScore], 2)
    }

    func testUnknownHeadersAreIgnored() throws {
        let layout = try resolve(["序号", "项目名称", "", "年度", "全年执行数", "备注", "  "])
        XCTAssertEqual(layout.ignored, ["序号", "备注"])
        XCTAssertEqual(layout.columns, [.project: 1, .year: 3, .executed: 4])
    }
}
