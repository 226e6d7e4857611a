import BudgetCore
import Foundation
@testable import Import
import XCTest

/// The 2022 self-evaluations of 上海市外国投资促进中心 (seed 001), PDF text. Every figure below was read by hand
/// from the file.
final class SelfEvaluationTextParserTests: XCTestCase {
    private static var packageRoot: URL {
        URL(fileURLWithPath: #filePath) // Tests/ImportTests/Forms/<file>
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    private func scenarioLines(_ name: String) throws -> [String] {
        let text = try String(contentsOf: Self.packageRoot.appendingPathComponent("Scenarios/\(name)"), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
    }

    private func seedLines() throws -> [String] { try scenarioLines("001_71f3a326dc5c2b88.txt") }

    private func score(_ text: String) -> Score { Score(text: text)! }

    private struct Expected {
        var start: Int, end: Int
        var project: String
        var initial: Money, adjusted: Money, executed: Money
        var appropriation: (Money, Money, Money)
        var rate: String
        var executionScore: String
        var total: String
        var level3: [String]
        var weights: [Int]
        var scores: [Int]
        var weightSum: Int, scoreSum: Int
    }

    private static let expected: [Expected] = [
        Expected(start: 2, end: 137, project: "中国（上海）国际技术进出口交易会经费",
                 initial: Money(yuan: 9_770_000), adjusted: Money(yuan: 500_000), executed: Money(yuan: 496_260),
                 appropriation: (Money(yuan: 9_770_000), Money(yuan: 500_000), Money(yuan: 496_260)),
                 rate: "99.26%", executionScore: "9.93", total: "92.93",
                 level3: ["论坛培训线上活动数量", "上交会线上发布场次", "每场论坛培训在线观看人次", "每场论坛培训在线浏览量",
                          "影响力（H5点击推广）", "多渠道宣传有效性", "发布活动", "提升技术贸易社会影响力有效性",
                          "技术贸易服务后续体系健全性", "发布活动观众满意度"],
                 weights: [8, 8, 8, 8, 8, 5, 5, 15, 15, 10], scores: [8, 8, 8, 8, 8, 4, 5, 12, 12, 10],
                 weightSum: 90, scoreSum: 83),
        Expected(start: 138, end: 216, project: "外宣经费",
                 initial: Money(yuan: 1_773_155), adjusted: Money(yuan: 1_673_155), executed: Money(yuan: 1_570_720),
                 appropriation: (Money(yuan: 1_773_155), Money(yuan: 1_773_155), Money(yuan: 1_570_720)),
                 rate: "93.88%", executionScore: "9.39", total: "94.39",
                 level3: ["宣传资料制作数（册）", "投资宣传内容合格情况", "每年更新外商投资政策", "完善上海市双向投资信息平台",
                          "服务对象满意度"],
                 weights: [20, 20, 10, 30, 10], scores: [20, 20, 10, 25, 10], weightSum: 90, scoreSum: 85),
        Expected(start: 217, end: 335, project: "海外办事处运作费",
                 initial: Money(yuan: 6_000_000), adjusted: Money(yuan: 6_000_000), executed: Money(fen: 587_818_094),
                 appropriation: (Money(yuan: 6_000_000), Money(yuan: 6_000_000), Money(fen: 587_818_094)),
                 rate: "97.97%", executionScore: "9.8", total: "89.80",
                 level3: ["参加线上线下专业投促会议和活动", "机构和企业拜访数量（线上线下）", "双向投资项目对接", "主管部门考核达标率",
                          "各项工作完成及时性", "直接联系推动来华考察国家和企业项目", "投促服务对象满意度"],
                 weights: [10, 10, 10, 10, 10, 30, 10], scores: [5, 10, 10, 10, 10, 25, 10], weightSum: 90, scoreSum: 80),
        Expected(start: 336, end: 416, project: "SIPC项目合作经费",
                 initial: Money(yuan: 2_080_000), adjusted: Money(yuan: 2_047_000), executed: Money(yuan: 2_047_000),
                 appropriation: (Money(yuan: 2_080_000), Money(yuan: 2_080_000), Money(yuan: 2_047_000)),
                 rate: "100.00%", executionScore: "10", total: "100.00",
                 level3: ["举办及协办涉外推介会议场数", "推介工作质量达标率", "各项工作完成及时性", "促进经贸合作交流", "受益对象满意度"],
                 weights: [20, 20, 10, 30, 10], scores: [20, 20, 10, 30, 10], weightSum: 90, scoreSum: 90),
        Expected(start: 417, end: 504, project: "绩效管理",
                 initial: Money(yuan: 180_000), adjusted: Money(yuan: 90_000), executed: Money(yuan: 89_600),
                 appropriation: (Money(yuan: 180_000), Money(yuan: 180_000), Money(yuan: 89_600)),
                 rate: "99.56%", executionScore: "9.96", total: "94.96",
                 level3: ["绩效管理数量", "项目审核通过率", "项目绩效评价工作完成及时性", "提高财政资金配置效率和使用效益", "项目预算单位满意度"],
                 weights: [10, 20, 20, 30, 10], scores: [10, 20, 20, 25, 10], weightSum: 90, scoreSum: 85),
        Expected(start: 505, end: 594, project: "微信订阅号宣传费",
                 initial: Money(yuan: 150_000), adjusted: Money(yuan: 150_000), executed: Money(yuan: 146_500),
                 appropriation: (Money(yuan: 150_000), Money(yuan: 150_000), Money(yuan: 146_500)),
                 rate: "97.67%", executionScore: "9.77", total: "95.77",
                 level3: ["稿件数", "采写精良", "具有新闻时效性", "宣传上交会", "阅读量", "平台影响力", "用户满意度"],
                 weights: [20, 10, 20, 10, 10, 10, 10], scores: [20, 8, 20, 10, 10, 8, 10], weightSum: 90, scoreSum: 86),
        Expected(start: 595, end: 708, project: "平台数据采集及服务",
                 initial: Money(yuan: 400_000), adjusted: Money(yuan: 400_000), executed: Money(yuan: 395_000),
                 appropriation: (Money(yuan: 400_000), Money(yuan: 400_000), Money(yuan: 395_000)),
                 rate: "98.75%", executionScore: "9.88", total: "93.88",
                 level3: ["采集数据完成情况", "数据合格率", "数据采集与服务报告", "项目完成时间", "中心数据库数据量增长", "平台服务能力",
                          "长效管理", "用户满意度"],
                 weights: [10, 20, 10, 10, 10, 10, 10, 10], scores: [10, 20, 10, 10, 10, 7, 7, 10], weightSum: 90, scoreSum: 84),
        Expected(start: 709, end: 820, project: "门户网站",
                 initial: Money(yuan: 112_400), adjusted: Money(yuan: 112_400), executed: Money(yuan: 108_900),
                 appropriation: (Money(yuan: 112_400), Money(yuan: 112_400), Money(yuan: 108_900)),
                 rate: "96.89%", executionScore: "9.69", total: "94.69",
                 level3: ["数据录入或接口获取", "数据合格率", "项目完成时间", "成本节约率", "中心数据库数据量", "长效管理", "用户满意度"],
                 weights: [10, 20, 10, 10, 15, 15, 10], scores: [10, 20, 10, 10, 15, 10, 10], weightSum: 90, scoreSum: 85),
    ]

    // MARK: Recognition

    func testRecognizesOnlyThisFamily() throws {
        XCTAssertTrue(SelfEvaluationTextParser.recognizes(try seedLines()))
        XCTAssertFalse(SelfEvaluationTextParser.recognizes(try scenarioLines("000_546769cc8a0ec3c8.txt")))
        XCTAssertFalse(SelfEvaluationTextParser.recognizes(try scenarioLines("002_ed3a86db11c65d94.txt")))
        XCTAssertFalse(SelfEvaluationTextParser.recognizes(try scenarioLines("003_2df205466e1d5f98.txt")))
    }

    // MARK: Every form

    func testEveryFormAsPrinted() throws {
        let result = SelfEvaluationTextParser.parse(try seedLines())
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.forms.count, 8)
        for (form, want) in zip(result.forms, Self.expected) {
            let name = want.project
            XCTAssertEqual(form.kind, .selfEvaluation, name)
            XCTAssertEqual(form.startLine, want.start, name)
            XCTAssertEqual(form.endLine, want.end, name)
            XCTAssertEqual(form.project, want.project)
            XCTAssertEqual(form.unit, "上海市外国投资促进中心", name)
            XCTAssertEqual(form.department, "上海市商务委员会", name)
            XCTAssertEqual(form.year, 2022, name)
            XCTAssertEqual(form.statedUnit, .yuan, name)
            XCTAssertEqual(form.initialBudget, want.initial, name)
            XCTAssertEqual(form.adjustedBudget, want.adjusted, name)
            XCTAssertEqual(form.executed, want.executed, name)
            XCTAssertEqual(form.appropriation, ColumnTriple(initial: want.appropriation.0, adjusted: want.appropriation.1,
                                                            executed: want.appropriation.2), name)
            // 上年结转资金 / 其他资金 print `0 0 —`: 0, 0 and an empty 全年执行数 (the — is the 分值 placeholder).
            XCTAssertEqual(form.carryover, ColumnTriple(initial: .zero, adjusted: .zero, executed: nil), name)
            XCTAssertEqual(form.otherFunds, ColumnTriple(initial: .zero, adjusted: .zero, executed: nil), name)
            XCTAssertEqual(form.statedRateText, want.rate, name)
            XCTAssertEqual(form.executionWeight, score("10"), name)
            XCTAssertEqual(form.executionScore, score(want.executionScore), name)
            XCTAssertEqual(form.totalScore, score(want.total), name)
            XCTAssertEqual(form.indicators.count, want.level3.count, name)
            XCTAssertEqual(form.indicators.map(\.level3), want.level3, name)
            XCTAssertEqual(form.indicators.map { $0.weight }, want.weights.map { score(String($0)) }, name)
            XCTAssertEqual(form.indicators.map { $0.score }, want.scores.map { score(String($0)) }, name)

            // Weights: indicators + execution (10) = 100. Scores: indicators + execution score = printed total.
            let weights = form.indicators.reduce(Decimal(0)) { $0 + ($1.weight?.value ?? 0) }
            let scores = form.indicators.reduce(Decimal(0)) { $0 + ($1.score?.value ?? 0) }
            XCTAssertEqual(weights, Decimal(want.weightSum), name)
            XCTAssertEqual(scores, Decimal(want.scoreSum), name)
            XCTAssertEqual(weights + form.executionWeight!.value, 100, name)
            XCTAssertEqual(scores + form.executionScore!.value, form.totalScore!.value, name)
            XCTAssertTrue(form.indicators.allSatisfy { ["产出指标", "效益指标", "满意度指标"].contains($0.level1) }, name)
            XCTAssertTrue(form.indicators.allSatisfy { $0.target != nil && $0.actual != nil && !$0.level2.isEmpty }, name)
            // A deviation reason exactly where points were lost.
            XCTAssertEqual(form.indicators.map { $0.deviationReason != nil }, form.indicators.map { $0.score! < $0.weight! }, name)

            XCTAssertEqual(form.lines["project"], want.start + (want.start == 2 ? 4 : 3), name)
            XCTAssertEqual(form.lines["year"], want.start + 1, name)
            XCTAssertNotNil(form.lines["initial_budget"], name)
            XCTAssertEqual(form.lines["initial_budget"], form.lines["executed"], name)
            XCTAssertEqual(form.lines["total_score"], want.end, name)
        }
    }

    func testAcceptanceFigures() throws {
        let forms = SelfEvaluationTextParser.parse(try seedLines()).forms
        let publicity = try XCTUnwrap(forms.first { $0.project == "外宣经费" })
        XCTAssertEqual(publicity.initialBudget?.groupedText, "1,773,155.00")
        XCTAssertEqual(publicity.adjustedBudget?.groupedText, "1,673,155.00")
        XCTAssertEqual(publicity.executed?.groupedText, "1,570,720.00")
        // Known anomaly, read as printed: 当年财政拨款 prints 1,773,155 in both budget columns.
        XCTAssertEqual(publicity.appropriation?.initial?.groupedText, "1,773,155.00")
        XCTAssertEqual(publicity.appropriation?.adjusted?.groupedText, "1,773,155.00")
        XCTAssertEqual(publicity.appropriation?.executed?.groupedText, "1,570,720.00")
        let offices = try XCTUnwrap(forms.first { $0.project == "海外办事处运作费" })
        XCTAssertEqual(offices.executed?.groupedText, "5,878,180.94")
        XCTAssertEqual(forms.map { $0.totalScore?.text }, ["92.93", "94.39", "89.8", "100", "94.96", "95.77", "93.88", "94.69"])
        XCTAssertEqual(forms.map(\.indicators.count), [10, 5, 7, 5, 5, 7, 8, 7])
    }

    // MARK: Wrapped and interleaved cells

    func testWrappedAndInterleavedRows() throws {
        let forms = SelfEvaluationTextParser.parse(try seedLines()).forms
        // Lines 94–95: the deviation starts on the line before the score line and ends after the scores.
        let wide = forms[0].indicators[5]
        XCTAssertEqual(wide, Indicator(level1: "产出指标", level2: "质量指标", level3: "多渠道宣传有效性", target: "有效",
                                       actual: "较有效", weight: score("5"), score: score("4"), deviationReason: "将拓展更多宣传渠道"))
        XCTAssertEqual(forms[0].indicators[7].deviationReason,
                       "促进技术贸易发展有效性有待提升，今后将在更大范围 更深层次上促进技术贸易发展")
        XCTAssertEqual(forms[0].indicators[9].level2, "服务对象满意度指标")

        // Lines 321–328: name, deviation head, labels, name tail, score line with the deviation's middle, its end.
        let visits = forms[2].indicators[5]
        XCTAssertEqual(visits, Indicator(level1: "效益指标", level2: "社会效益指标", level3: "直接联系推动来华考察国家和企业项目",
                                         target: "有效推动", actual: "有效推动", weight: score("30"), score: score("25"),
                                         deviationReason: "因疫情原因，海外来华考察活动受限，或采取线上模式举办招商活动。"))
        XCTAssertEqual(forms[2].indicators[0].deviationReason,
                       "因疫情原因，各海外首代2022年陆续去海外赴任，需要重新适应环境，办理交接手续，梳理渠道网络，参加投资促进活动的数量受到影响。")
        XCTAssertEqual(forms[2].indicators[0].actual, "50")
        XCTAssertEqual(forms[2].indicators[1].deviationReason, nil)

        XCTAssertEqual(forms[5].indicators[1].deviationReason, "提高文章专业性")
        XCTAssertEqual(forms[5].indicators[4].target, "提升")
        XCTAssertEqual(forms[5].indicators[4].actual, "50%")

        // 年度指标值 (and 实际完成值) above the score line.
        let deadline = forms[6].indicators[3]
        XCTAssertEqual(deadline.target, "=2022年11月31日前")
        XCTAssertEqual(deadline.actual, "11月30日前")
        let management = forms[6].indicators[6]
        XCTAssertEqual(management.level2, "可持续影响指标")
        XCTAssertEqual(management.target, "项目的长效管理主体明确，有相应的管理措施")
        XCTAssertEqual(management.actual, "管理措施较为健全")
        XCTAssertEqual(management.deviationReason, "项目信息的后续跟进服务有待进一步提高")
        let entry = forms[7].indicators[0]
        XCTAssertEqual(entry.target, ">=3000条")
        XCTAssertEqual(entry.actual, "业务数据3890条，新闻资讯544条")
        XCTAssertEqual(forms[7].indicators[3].level2, "成本指标")
        XCTAssertEqual(forms[7].indicators[4].target, "增加3000条")
        XCTAssertEqual(forms[7].indicators[4].actual, "业务数据3890条，新闻资讯544条")
    }

    func testGoals() throws {
        let forms = SelfEvaluationTextParser.parse(try seedLines()).forms
        XCTAssertEqual(forms[1].goalExpected, "加强投资宣传，建立完善外资项目跟踪机制，及时更新外商投资政策，搭建上海市双向投资信息平台")
        XCTAssertEqual(forms[1].goalAchieved, "加强全市投资宣传工作，不断完善投资平台建设。")
        XCTAssertEqual(forms[3].goalExpected, "推介中国外商投资政策，举办各类投促交流活动，发布投资资讯。")
        XCTAssertEqual(forms[3].goalAchieved, "配合SIPC举办涉外推介会议，发布专业资料，联系来华投资考察，协助推介外商投资区县等。")
        XCTAssertEqual(forms[7].goalExpected, "保障平台正常运转")
        XCTAssertEqual(forms[7].goalAchieved, "平台运维工作基本完成，保障了系统的全年平稳运行")
        XCTAssertTrue(forms[0].goalExpected?.hasSuffix("开展常年技术贸易促进服务工作。") == true)
        XCTAssertTrue(forms[0].goalAchieved?.hasPrefix("做好展会延期相关协调沟通工作") == true)
    }

    func testNotesRecordDecisions() throws {
        let forms = SelfEvaluationTextParser.parse(try seedLines()).forms
        for form in forms {
            XCTAssertEqual(form.notes.filter { $0.field == "carryover" }.count, 1, form.project ?? "")
            XCTAssertEqual(form.notes.filter { $0.field == "other_funds" }.count, 1, form.project ?? "")
            XCTAssertTrue(form.notes.allSatisfy { $0.project == form.project && $0.unit == form.unit })
        }
        XCTAssertTrue(forms[2].notes.contains { $0.field == "indicators" && $0.line == 327 && $0.message.contains("lines 322–323") })
        XCTAssertTrue(forms[0].notes.contains { $0.field == "indicators" && $0.line == 95 && $0.message.contains("line 94") })
        XCTAssertEqual(forms[7].notes.filter { $0.field == "indicators" }.count, 4)
        XCTAssertEqual(forms[7].notes.filter { $0.field == "goal" }.count, 1)
    }

    // MARK: Missing figures

    func testMissingExecutedIsAProblemAndOtherFormsStillParse() throws {
        var lines = try seedLines()
        let index = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("年度资金总额 1773155.00") })
        XCTAssertTrue(lines[index].contains("1,570,720 "))
        lines[index] = lines[index].replacingOccurrences(of: "1,570,720 ", with: "")

        let result = SelfEvaluationTextParser.parse(lines)
        XCTAssertEqual(result.problems.count, 1)
        let problem = try XCTUnwrap(result.problems.first)
        XCTAssertEqual(problem.field, "executed")
        XCTAssertEqual(problem.project, "外宣经费")
        XCTAssertEqual(problem.unit, "上海市外国投资促进中心")
        XCTAssertEqual(problem.line, 153, "the line of the 年度资金总额 row, not the form's title")
        XCTAssertEqual(result.forms.map(\.project), Self.expected.map(\.project).filter { $0 != "外宣经费" })
        XCTAssertEqual(result.forms.map { $0.executed }, Self.expected.filter { $0.project != "外宣经费" }.map(\.executed))
    }

    func testMissingInitialBudgetIsNamedByTheRate() throws {
        // SIPC: 2,047,000 ÷ 2,047,000 is the printed 100.00%, so the two amounts left are 全年预算数 and 全年执行数.
        var lines = try seedLines()
        let index = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("年度资金总额 2080000.00") })
        lines[index] = lines[index].replacingOccurrences(of: "2080000.00 ", with: "")
        let result = SelfEvaluationTextParser.parse(lines)
        XCTAssertEqual(result.problems.map(\.field), ["initial_budget"])
        XCTAssertEqual(result.problems.first?.project, "SIPC项目合作经费")
        XCTAssertEqual(result.forms.count, 7)
    }

    func testUnknownAndMissingRowAreProblems() throws {
        var lines = try seedLines()
        let index = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("年度资金总额 150000.00") })
        lines[index] = "年度资金总额 150000.00 无 146,500 10 97.67% 9.77"
        let other = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("年度资金总额 112400.00") })
        lines[other] = ""
        let result = SelfEvaluationTextParser.parse(lines)
        XCTAssertEqual(result.problems.filter { $0.project == "微信订阅号宣传费" }.map(\.field), ["adjusted_budget"])
        XCTAssertEqual(result.problems.filter { $0.project == "门户网站" }.map(\.field),
                       ["initial_budget", "adjusted_budget", "executed"])
        XCTAssertEqual(result.forms.count, 6)
    }

    func testEachFormAloneReadsTheSame() throws {
        // Other units' files hold fewer forms: the column widths learnt from one form must suffice.
        let lines = try seedLines()
        let whole = SelfEvaluationTextParser.parse(lines).forms
        for form in whole {
            let alone = SelfEvaluationTextParser.parse(Array(lines[(form.startLine - 1)..<form.endLine]))
            XCTAssertEqual(alone.forms.count, 1, form.project ?? "")
            XCTAssertEqual(alone.forms.first?.indicators, form.indicators, form.project ?? "")
            XCTAssertEqual(alone.forms.first?.executed, form.executed, form.project ?? "")
            XCTAssertEqual(alone.forms.first?.goalExpected, form.goalExpected, form.project ?? "")
        }
    }
}
