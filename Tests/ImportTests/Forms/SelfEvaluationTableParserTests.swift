import BudgetCore
import Foundation
@testable import Import
import XCTest

/// Seed 003 (绩效自评表 as tab-separated OCR): every figure below was worked out by hand from the file.
final class SelfEvaluationTableParserTests: XCTestCase {
    // MARK: Seed

    private static func packageRoot() -> URL {
        // Tests/ImportTests/Forms/<this file> → the package root.
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    private static func seedLines(_ name: String) throws -> [String] {
        let url = packageRoot().appendingPathComponent("Scenarios").appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
    }

    private static let seed = "003_2df205466e1d5f98.txt"

    private func money(_ text: String) -> Money {
        guard case .value(let money, _) = try! AmountParser.parse(text) else { fatalError("not an amount: \(text)") }
        return money
    }

    private func score(_ text: String) -> Score { Score(text: text)! }

    // MARK: Expected, by hand

    private struct Expected {
        var start: Int
        var end: Int
        var project: String
        var unit: String?
        var figures: (String, String, String)
        var appropriation: (String?, String?, String?)
        var carryover: (String?, String?, String?)
        var otherFunds: (String?, String?, String?)
        var rate: String
        var executionScore: String
        var total: String?
        var statedUnit: AmountUnit
        var weights: [String]
        var scores: [String]
    }

    private let expected: [Expected] = [
        Expected(start: 1, end: 46, project: "办公设备采购", unit: nil,
                 figures: ("56000.00", "56000.00", "55871.00"),
                 appropriation: ("56000.00", "56000.00", "0.00"), carryover: ("0.00", "0.00", "0.00"),
                 otherFunds: (nil, "0.00", "55871.00"),
                 rate: "1.00", executionScore: "10.00", total: "100", statedUnit: .wan,
                 weights: ["15", "10", "10", "15", "0", "20", "0", "20"],
                 scores: ["15", "10", "10", "15", "0", "20", "0", "20"]),
        Expected(start: 48, end: 83, project: "世贸事务管理-WTO事务系列服务体系", unit: "深圳市商务发展促进中心",
                 figures: ("1,330,000.00", "2,260,000.00", "1,948,101.65"),
                 appropriation: ("1,330,000.00", "2,260,000.00", "1,948,101.65"), carryover: ("0", "0", "0"),
                 otherFunds: ("0", "0", "0"),
                 rate: "0.86", executionScore: "8.60", total: "87.6", statedUnit: .yuan,
                 weights: ["5", "3", "2", "4", "2", "5", "4", "1", "3", "2", "4", "2", "4", "2", "4", "3", "0", "10", "10", "5", "10", "0", "5"],
                 scores: ["5", "3", "0", "4", "0", "5", "4", "0", "3", "0", "4", "0", "4", "0", "4", "3", "0", "10", "10", "5", "10", "0", "5"]),
        Expected(start: 85, end: 108, project: "世贸事务管理-贸易摩擦应对事务", unit: "深圳市商务发展促进中心",
                 figures: ("230,000.00", "230,000.00", "82,694.30"),
                 appropriation: (nil, "230,000.00", "82,694.30"), carryover: (nil, "0", "0"),
                 otherFunds: ("0", "0", "0"), // the 全年预算数 of 其他资金 prints "1" for "-"
                 rate: "0.36", executionScore: "3.60", total: "91.6", statedUnit: .yuan,
                 weights: ["8", "8", "7", "8", "7", "6", "6", "15", "10", "10", "0", "5"],
                 scores: ["8", "8", "7", "8", "7", "5", "5", "15", "10", "10", "0", "5"]),
        Expected(start: 110, end: 129, project: "世贸事务管理-进出口预警事务", unit: "深圳市商务发展促进中心",
                 figures: ("300,000.00", "200,000.00", "146,490.00"),
                 appropriation: ("300,000.00", "200,000.00", "146,490.00"), carryover: ("0", "0", "0"),
                 otherFunds: (nil, "0", "0"),
                 rate: "0.73", executionScore: "7.30", total: "96.3", statedUnit: .yuan,
                 weights: ["15", "10", "15", "10", "0", "20", "0", "20"],
                 scores: ["15", "9", "15", "10", "0", "20", "0", "20"]),
        Expected(start: 131, end: 150, project: "世贸事务管理-博士后创新基地", unit: "深圳市商务发展促进中心",
                 figures: ("183,000.00", "183,000.00", "0"), // 全年执行数 prints "ı", 执行率 0.00
                 appropriation: ("183,000.00", "183,000.00", "0"), carryover: ("0", "0", "0"),
                 otherFunds: ("0", "0", nil), // "0.00 -" is not an amount
                 rate: "0.00", executionScore: "0.00", total: "0", statedUnit: .yuan,
                 weights: ["10", "10", "10", "10", "10", "0", "20", "0", "20"],
                 scores: ["0", "0", "0", "0", "0", "0", "0", "0", "0"]),
        Expected(start: 153, end: 171, project: "世贸事务管理-反倾销", unit: "深圳市商务发展促进中心",
                 figures: ("980,000.00", "150,000.00", "0"),
                 appropriation: ("980,000.00", "150,000.00", "0"), carryover: ("0", "0", "0"),
                 otherFunds: ("0", "0", "0"),
                 rate: "0.00", executionScore: "0.00", total: "0", statedUnit: .yuan,
                 weights: ["15", "15", "10", "10", "0", "20", "0", "20"],
                 scores: ["0", "0", "0", "0", "0", "0", "0", "0"]),
        // The file prints 组|宗 (综 cut in two by a cell border); no rule of the parser composes glyphs: kept as read.
        Expected(start: 173, end: 191, project: "世贸事务管理-对口交流组宗合事务", unit: "深圳市商务发展促进中心",
                 figures: ("180,000.00", "180,000.00", "137,923.74"),
                 appropriation: ("180,000.00", "180,000.00", "137,923.74"), carryover: ("0", "0", "0"),
                 otherFunds: (nil, "0", "0"),
                 rate: "0.77", executionScore: "7.70", total: "96.7", statedUnit: .yuan,
                 weights: ["10", "10", "15", "15", "0", "20", "0", "20"],
                 scores: ["9", "10", "15", "15", "0", "20", "0", "20"]),
        Expected(start: 194, end: 221, project: "世贸事务管理-综合管理事务", unit: "深圳市商务发展促进中心",
                 figures: ("360,000.00", "3,385,747.00", "2,902,798.94"),
                 appropriation: ("360,000.00", "3,385,747.00", "2,902,798.94"), carryover: ("0", "0", "0"),
                 otherFunds: ("0", "0", "0"),
                 rate: "0.86", executionScore: "8.60", total: nil, statedUnit: .yuan,
                 weights: ["4", "7", "7", "6", "4", "4", "8", "4", "6", "5", "10", "15", "0", "5", "5"],
                 scores: ["0", "6", "7", "6", "0", "0", "8", "0", "5", "5", "10", "15", "0", "5", "5"]),
        Expected(start: 223, end: 241, project: "预算准备金-预算准备金", unit: "深圳市商务发展促进中心",
                 figures: ("170,000.00", "170,000.00", "0"), // "ı" with 执行率 0.00
                 appropriation: ("170,000.00", "170,000.00", "0"), carryover: ("0", "0", "0"),
                 otherFunds: (nil, "0", "0"),
                 rate: "0.00", executionScore: "0.00", total: "0", statedUnit: .yuan,
                 weights: ["15", "15", "10", "10", "0", "20", "0", "20"],
                 scores: ["0", "0", "0", "0", "0", "0", "0", "0"]),
    ]

    private func triple(_ values: (String?, String?, String?)) -> ColumnTriple {
        ColumnTriple(initial: values.0.map(money), adjusted: values.1.map(money), executed: values.2.map(money))
    }

    // MARK: Tests

    func testRecognizesOnlyTheTableFamily() throws {
        XCTAssertTrue(SelfEvaluationTableParser.recognizes(try Self.seedLines(Self.seed)))
        for other in ["000_546769cc8a0ec3c8.txt", "001_71f3a326dc5c2b88.txt", "002_ed3a86db11c65d94.txt"] {
            XCTAssertFalse(SelfEvaluationTableParser.recognizes(try Self.seedLines(other)), other)
        }
    }

    func testEveryFormsFigures() throws {
        let result = SelfEvaluationTableParser.parse(try Self.seedLines(Self.seed))
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.forms.count, expected.count)
        for (form, want) in zip(result.forms, expected) {
            let name = want.project
            XCTAssertEqual(form.kind, .selfEvaluation, name)
            XCTAssertEqual(form.startLine, want.start, name)
            XCTAssertEqual(form.endLine, want.end, name)
            XCTAssertEqual(form.year, 2020, name)
            XCTAssertEqual(form.department, "深圳市商务局", name)
            XCTAssertEqual(form.unit, want.unit, name)
            XCTAssertEqual(form.project, want.project)
            XCTAssertEqual(form.initialBudget, money(want.figures.0), name)
            XCTAssertEqual(form.adjustedBudget, money(want.figures.1), name)
            XCTAssertEqual(form.executed, money(want.figures.2), name)
            XCTAssertEqual(form.appropriation, triple(want.appropriation), name)
            XCTAssertEqual(form.carryover, triple(want.carryover), name)
            XCTAssertEqual(form.otherFunds, triple(want.otherFunds), name)
            XCTAssertEqual(form.statedRateText, want.rate, name)
            XCTAssertEqual(form.executionWeight, score("10"), name)
            XCTAssertEqual(form.executionScore, score(want.executionScore), name)
            XCTAssertEqual(form.totalScore, want.total.map(score), name)
            XCTAssertEqual(form.statedUnit, want.statedUnit, name)
            XCTAssertEqual(form.indicators.map { $0.weight }, want.weights.map(score), name)
            XCTAssertEqual(form.indicators.map { $0.score }, want.scores.map(score), name)
        }
    }

    func testAcceptanceFigures() throws {
        let forms = SelfEvaluationTableParser.parse(try Self.seedLines(Self.seed)).forms
        func form(_ project: String) throws -> ParsedForm { try XCTUnwrap(forms.first { $0.project == project }, project) }
        let friction = try form("世贸事务管理-贸易摩擦应对事务")
        XCTAssertEqual(friction.initialBudget, Money(yuan: 230_000))
        XCTAssertEqual(friction.adjustedBudget, Money(yuan: 230_000))
        XCTAssertEqual(friction.executed, Money(fen: 8_269_430))
        let general = try form("世贸事务管理-综合管理事务")
        XCTAssertEqual(general.initialBudget, Money(yuan: 360_000))
        XCTAssertEqual(general.adjustedBudget, Money(yuan: 3_385_747))
        XCTAssertEqual(general.executed, Money(fen: 290_279_894))
        let office = try form("办公设备采购")
        XCTAssertEqual(office.initialBudget, Money(yuan: 56_000)) // in 元 despite the (万元) label
        XCTAssertEqual(office.adjustedBudget, Money(yuan: 56_000))
        XCTAssertEqual(office.executed, Money(yuan: 55_871))
        XCTAssertEqual(office.statedUnit, .wan)
        XCTAssertTrue(office.notes.contains { $0.field == "amount_unit" && $0.message.contains("≤5.6万元") })
        XCTAssertNil(office.unit)
    }

    func testWeightsAndScoresReconcile() throws {
        let forms = SelfEvaluationTableParser.parse(try Self.seedLines(Self.seed)).forms
        let totals: [Decimal?] = [100, Decimal(string: "87.6"), Decimal(string: "91.6"), Decimal(string: "96.3"), 0, 0,
                                  Decimal(string: "96.7"), nil, 0]
        XCTAssertEqual(forms.count, totals.count)
        for (form, total) in zip(forms, totals) {
            let name = form.project ?? "?"
            let weights = form.indicators.reduce(form.executionWeight!.value) { $0 + $1.weight!.value }
            XCTAssertEqual(weights, 100, name)
            let scores = form.indicators.reduce(form.executionScore!.value) { $0 + $1.score!.value }
            XCTAssertEqual(form.totalScore?.value, total, name)
            XCTAssertEqual(scores, total ?? Decimal(string: "80.6")!, name) // 综合管理事务 prints no total: 72 + 8.60
        }
        let general = try XCTUnwrap(forms.first { $0.project == "世贸事务管理-综合管理事务" })
        XCTAssertNil(general.totalScore)
        let computed = general.indicators.reduce(general.executionScore!.value) { $0 + $1.score!.value }
        XCTAssertEqual(computed, Decimal(string: "80.6"))
        XCTAssertTrue(general.notes.contains { $0.field == "total_score" })
    }

    func testNameRepairsAreNoted() throws {
        let forms = SelfEvaluationTableParser.parse(try Self.seedLines(Self.seed)).forms
        func notes(_ project: String, _ field: String) -> [String] {
            forms.first { $0.project == project }?.notes.filter { $0.field == field }.map(\.message) ?? []
        }
        // 世 四 重 | 多管理-贸易摩擦应对事: garbled prefix and cut tail.
        let friction = notes("世贸事务管理-贸易摩擦应对事务", "project").joined()
        XCTAssertTrue(friction.contains("世四重 | 多管理-贸易摩擦应对事"), friction)
        XCTAssertTrue(friction.contains("“世四重多管理” repaired to “世贸事务管理”"), friction)
        XCTAssertTrue(friction.contains("completed"), friction)
        // 世贸事务管理-绝 (line 194) and its page repeat 世贸事务管理-经 | 综合管理事务 (line 218).
        let general = notes("世贸事务管理-综合管理事务", "project").joined()
        XCTAssertTrue(general.contains("line 194 reads “世贸事务管理-绝”"), general)
        XCTAssertTrue(general.contains("“经|综”"), general)
        let wto = notes("世贸事务管理-WTO事务系列服务体系", "project").joined()
        XCTAssertTrue(wto.contains("世兒 | 贸事务管理-WTO事务系列原 | 服务体系"), wto)
        XCTAssertTrue(wto.contains("“原|服”"), wto)
        XCTAssertTrue(notes("世贸事务管理-反倾销", "project").joined().contains("“兀”, “L” dropped"))
        XCTAssertTrue(notes("世贸事务管理-对口交流组宗合事务", "project").joined().contains("kept as read"))
        XCTAssertTrue(notes("世贸事务管理-进出口预警事务", "project").joined().contains("世贸事务管理-进 | 出口预警事务"))
        XCTAssertEqual(notes("预算准备金-预算准备金", "project"), []) // one clean cell
        XCTAssertTrue(notes("办公设备采购", "department").joined().contains("深均 | 川市商务局"))
        XCTAssertEqual(forms.first?.lines["project"], 1)
        XCTAssertEqual(forms.first { $0.project == "世贸事务管理-综合管理事务" }?.lines["project"], 218)
    }

    func testLinesAndYearEvidence() throws {
        let forms = SelfEvaluationTableParser.parse(try Self.seedLines(Self.seed)).forms
        let friction = try XCTUnwrap(forms.first { $0.project == "世贸事务管理-贸易摩擦应对事务" })
        XCTAssertEqual(friction.lines["project"], 85)
        XCTAssertEqual(friction.lines["department"], 86)
        XCTAssertEqual(friction.lines["unit"], 86)
        XCTAssertEqual(friction.lines["initial_budget"], 89)
        XCTAssertEqual(friction.lines["adjusted_budget"], 89)
        XCTAssertEqual(friction.lines["executed"], 89)
        XCTAssertEqual(friction.lines["execution_score"], 89)
        XCTAssertEqual(friction.lines["total_score"], 108)
        XCTAssertEqual(friction.lines["year"], 101) // 会议召开时间 2020年10月前
        let office = try XCTUnwrap(forms.first)
        XCTAssertEqual(office.lines["execution_score"], 29) // the detached 分值 / 执行率 / 得分 block
        XCTAssertEqual(office.lines["total_score"], 46)
        // Forms without any 20xx年 take the file's year, with a note.
        let postdoc = try XCTUnwrap(forms.first { $0.project == "世贸事务管理-博士后创新基地" })
        XCTAssertNil(postdoc.lines["year"])
        XCTAssertTrue(postdoc.notes.contains { $0.field == "year" })
        XCTAssertTrue(postdoc.notes.contains { $0.field == "executed" && $0.message.contains("ı") })
    }

    func testIndicatorRows() throws {
        let forms = SelfEvaluationTableParser.parse(try Self.seedLines(Self.seed)).forms
        XCTAssertEqual(forms.map { $0.indicators.count }, [8, 23, 12, 8, 9, 8, 8, 15, 8])
        let office = forms[0].indicators
        XCTAssertEqual(office.map(\.level2), ["数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "满意度指标"])
        XCTAssertEqual(office[3], Indicator(level1: "产出指标", level2: "成本指标", level3: "设备采购成本", target: "≤5.6万元",
                                            actual: "5.58万元", weight: score("15"), score: score("15")))
        let friction = forms[2].indicators
        XCTAssertEqual(friction[6], Indicator(level1: "产出指标", level2: "成本指标", level3: "实际资金投入金额", target: "≥20万元",
                                              actual: "82694.30", weight: score("6"), score: score("5"), deviationReason: "因疫情调减"))
        // Lines 104 and 105 print the same 社会效益 row twice; both count (weights reach 100 only with both).
        XCTAssertEqual(friction[8], friction[9])
        XCTAssertEqual(friction[8].level2, "社会效益指标")
        // WTO form: 社会效益 label lost on lines 77–80: level 2 left empty, level 1 from both neighbours.
        let wto = forms[1].indicators
        XCTAssertEqual(wto[0].level2, "数量指标") // label printed mid-group (line 60)
        XCTAssertEqual(wto[10].level3, "贸易政策合规性审查、贸易政策审议以及地方补贴通报工作完成率") // after the page repeat
        XCTAssertEqual(wto[10].level2, "质量指标")
        XCTAssertEqual(wto[16].level2, "经济效益指标")
        XCTAssertEqual(wto[17...20].map(\.level2), ["", "", "", ""])
        XCTAssertEqual(wto[17...20].map(\.level1), ["效益指标", "效益指标", "效益指标", "效益指标"])
        XCTAssertEqual(forms[7].indicators[2].level2, "数量指标") // top-aligned labels in 综合管理事务
        XCTAssertEqual(forms[7].indicators.last?.level3, "参训人员满意度") // after the page repeat on line 218
    }

    func testMissingExecutedIsAProblemForThatFormOnly() throws {
        var lines = try Self.seedLines(Self.seed)
        let row = try XCTUnwrap(lines.firstIndex { $0.contains("资金总额") && $0.contains("82,694.30") })
        var cells = lines[row].components(separatedBy: "\t")
        let cell = try XCTUnwrap(cells.firstIndex(of: "82,694.30"))
        cells[cell] = ""
        lines[row] = cells.joined(separator: "\t")
        let result = SelfEvaluationTableParser.parse(lines)
        XCTAssertEqual(result.problems.count, 1)
        let problem = try XCTUnwrap(result.problems.first)
        XCTAssertEqual(problem.field, "executed")
        XCTAssertEqual(problem.project, "世贸事务管理-贸易摩擦应对事务")
        XCTAssertEqual(problem.unit, "深圳市商务发展促进中心")
        XCTAssertEqual(problem.line, row + 1)
        XCTAssertEqual(result.forms.count, 8)
        XCTAssertFalse(result.forms.contains { $0.project == "世贸事务管理-贸易摩擦应对事务" })
        XCTAssertEqual(result.forms.map(\.project), expected.map(\.project).filter { $0 != "世贸事务管理-贸易摩擦应对事务" })
    }

    func testUnconfirmedMisreadDashIsNotTakenAsZero() throws {
        var lines = try Self.seedLines(Self.seed)
        // 博士后创新基地: 全年执行数 "ı"; print a non-zero 执行率 and 得分 beside it.
        let row = try XCTUnwrap(lines.firstIndex { $0.contains("资金总额") && $0.contains("183,000.00") })
        var cells = lines[row].components(separatedBy: "\t")
        XCTAssertEqual(cells[5], "ı")
        cells[7] = "0.50"
        cells[8] = "5.00"
        lines[row] = cells.joined(separator: "\t")
        let result = SelfEvaluationTableParser.parse(lines)
        XCTAssertEqual(result.problems.map(\.field), ["executed"])
        XCTAssertEqual(result.problems.first?.project, "世贸事务管理-博士后创新基地")
        XCTAssertEqual(result.forms.count, 8)
    }
}
