import BudgetCore
import Foundation
@testable import Import
import XCTest

/// Target declarations (绩效目标表 / 绩效目标申报表) of seeds 000 (inline layout) and 002 (labels apart).
/// Every figure below was read off the seed files by hand.
final class DeclarationParserTests: XCTestCase {
    private static let inlineSeed = "000_546769cc8a0ec3c8.txt"
    private static let apartSeed = "002_ed3a86db11c65d94.txt"

    /// The package root: this file is `Tests/ImportTests/Forms/DeclarationParserTests.swift`.
    private static func seedLines(_ name: String) throws -> [String] {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        url.appendPathComponent("Scenarios/\(name)")
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func yuan(_ amount: Int64) -> Money { Money(yuan: amount) }

    private struct Expected {
        var start: Int
        var end: Int
        var year: Int
        var unit: String
        var project: String
        var category: String
        var plannedStart: String
        var plannedEnd: String
        var total: Money
        var requested: Money
        var priorBudget: Money?
        var priorExecuted: Money?
        var isNew: Bool
        var subProjects: [SubProject]
        var indicatorCount: Int
        var lines: [String: Int]
    }

    private func check(_ form: ParsedForm, _ expected: Expected, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(form.kind, .declaration, file: file, line: line)
        XCTAssertEqual(form.startLine, expected.start, "startLine", file: file, line: line)
        XCTAssertEqual(form.endLine, expected.end, "endLine", file: file, line: line)
        XCTAssertEqual(form.year, expected.year, "year", file: file, line: line)
        XCTAssertEqual(form.unit, expected.unit, "unit", file: file, line: line)
        XCTAssertEqual(form.project, expected.project, "project", file: file, line: line)
        XCTAssertEqual(form.category, expected.category, "category", file: file, line: line)
        XCTAssertEqual(form.plannedStart, expected.plannedStart, "plannedStart", file: file, line: line)
        XCTAssertEqual(form.plannedEnd, expected.plannedEnd, "plannedEnd", file: file, line: line)
        XCTAssertEqual(form.totalBudget, expected.total, "totalBudget", file: file, line: line)
        XCTAssertEqual(form.requested, expected.requested, "requested", file: file, line: line)
        XCTAssertEqual(form.priorBudget, expected.priorBudget, "priorBudget", file: file, line: line)
        XCTAssertEqual(form.priorExecuted, expected.priorExecuted, "priorExecuted", file: file, line: line)
        XCTAssertEqual(form.isNewProject, expected.isNew, "isNewProject", file: file, line: line)
        XCTAssertEqual(form.subProjects, expected.subProjects, "subProjects", file: file, line: line)
        XCTAssertEqual(form.indicators.count, expected.indicatorCount, "indicator count", file: file, line: line)
        XCTAssertEqual(form.lines, expected.lines, "lines", file: file, line: line)
        XCTAssertNil(form.department, file: file, line: line)
        for note in form.notes {
            XCTAssertEqual(note.unit, expected.unit, "note unit", file: file, line: line)
            XCTAssertEqual(note.project, expected.project, "note project", file: file, line: line)
        }
    }

    private func notes(_ form: ParsedForm, _ field: String) -> [FormProblem] { form.notes.filter { $0.field == field } }

    // MARK: recognizes

    func testRecognizesBothLayoutsOnly() throws {
        XCTAssertTrue(DeclarationParser.recognizes(try Self.seedLines(Self.inlineSeed)))
        XCTAssertTrue(DeclarationParser.recognizes(try Self.seedLines(Self.apartSeed)))
        XCTAssertFalse(DeclarationParser.recognizes(try Self.seedLines("001_71f3a326dc5c2b88.txt")))
        XCTAssertFalse(DeclarationParser.recognizes(try Self.seedLines("003_2df205466e1d5f98.txt")))
        XCTAssertFalse(DeclarationParser.recognizes([]))
    }

    // MARK: 000 — 财政项目支出绩效目标表, inline labels, Kangxi radicals

    func testInlineSeedFigures() throws {
        let result = DeclarationParser.parse(try Self.seedLines(Self.inlineSeed))
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.forms.count, 2)
        guard result.forms.count == 2 else { return }
        let unit = "上海WTO事务咨询中心"

        let first = result.forms[0]
        check(first, Expected(
            start: 1, end: 159, year: 2020, unit: unit, project: "WTO事务社会公众信息服务专项",
            category: "经常性专项业务费", plannedStart: "2020-01-01", plannedEnd: "2020-12-31",
            total: Self.yuan(1_357_000), requested: Self.yuan(1_357_000),
            priorBudget: Self.yuan(1_865_000), priorExecuted: Self.yuan(1_865_000), isNew: false,
            subProjects: [], indicatorCount: 18,
            lines: ["year": 2, "unit": 4, "project": 6, "requested": 103, "total_budget": 103,
                    "prior_budget": 105, "prior_executed": 105]))
        XCTAssertEqual(first.indicators.first, Indicator(level1: "投入与管理", level2: "投入管理", level3: "预算编制合理性", target: "合理"))
        XCTAssertEqual(first.indicators[6], Indicator(level1: "产出目标", level2: "数量", level3: "《WTO快讯》出版期数", target: "=12期"))
        XCTAssertEqual(first.indicators[9], Indicator(level1: "产出目标", level2: "质量", level3: "项目质量可控性", target: "可控"))
        XCTAssertEqual(first.indicators[12], Indicator(level1: "效果目标", level2: "社会效益", level3: "社会公众满意度", target: ">=85分"))
        XCTAssertEqual(first.indicators[13], Indicator(level1: "效果目标", level2: "环境效益", level3: "WTO信息应用情况", target: "提升"))
        XCTAssertEqual(first.indicators.last, Indicator(level1: "影响力目标", level2: "长效管理", level3: "绩效目标合理性", target: "合理"))
        XCTAssertEqual(Set(first.indicators.map(\.level1)), ["投入与管理", "产出目标", "效果目标", "影响力目标"])
        XCTAssertEqual(notes(first, "project").map(\.line), [6], "the name wrapped over lines 6–7 is noted")
        XCTAssertEqual(first.notes.count, 1)

        let second = result.forms[1]
        check(second, Expected(
            start: 160, end: 340, year: 2020, unit: unit, project: "全球贸易投资监控预警系统",
            category: "经常性专项业务费", plannedStart: "2020-01-01", plannedEnd: "2020-12-31",
            total: Self.yuan(4_691_000), requested: Self.yuan(4_691_000),
            priorBudget: Self.yuan(4_546_200), priorExecuted: Self.yuan(4_546_200), isNew: false,
            subProjects: [], indicatorCount: 34,
            lines: ["year": 161, "unit": 163, "project": 165, "requested": 250, "total_budget": 250,
                    "prior_budget": 252, "prior_executed": 252]))
        XCTAssertEqual(second.indicators[2], Indicator(level1: "投入与管理", level2: "投入管理", level3: "预算资金到位率", target: "=100%"))
        XCTAssertEqual(second.indicators[12], Indicator(level1: "投入与管理", level2: "实施管理", level3: "项目管理制度健全性", target: "健全"))
        XCTAssertEqual(second.indicators[20], Indicator(level1: "产出目标", level2: "数量", level3: "维护系统数量", target: "=2个"))
        XCTAssertEqual(second.indicators[27], Indicator(level1: "效果目标", level2: "经济效益", level3: "对中心决策咨询服务的支持作用", target: "具有支持作用"))
        XCTAssertEqual(second.indicators[29], Indicator(
            level1: "效果目标", level2: "环境效益", level3: "对贸易谈判、政策评估、产业发展研究的支持作用", target: "具有支撑作用"))
        XCTAssertEqual(second.indicators.last, Indicator(level1: "影响力目标", level2: "信息共享", level3: "云平台完成情况", target: "逐步完成"))
        // Seven rows printed twice (lines 267, 271, 281, 283, 285, 297, 299) and the wrapped 环境效益 row are noted.
        let indicatorNotes = notes(second, "indicators")
        XCTAssertEqual(indicatorNotes.map(\.line), [328, 267, 271, 281, 283, 285, 297, 299])
        XCTAssertEqual(second.notes.count, 8)
    }

    // MARK: 002 — 上海市财政支出项目绩效目标申报表, labels printed apart from values

    func testApartSeedFigures() throws {
        let result = DeclarationParser.parse(try Self.seedLines(Self.apartSeed))
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.forms.count, 5)
        guard result.forms.count == 5 else { return }
        let unit = "上海市商务委员会"

        let platform = result.forms[0]
        check(platform, Expected(
            start: 2, end: 200, year: 2019, unit: unit, project: "投资促进平台网络信息平台维护项目",
            category: "其他经常性项目", plannedStart: "2019年1月1日", plannedEnd: "2019年12月31日",
            total: Self.yuan(275_000), requested: Self.yuan(275_000),
            priorBudget: Self.yuan(275_000), priorExecuted: Self.yuan(275_000), isNew: false,
            subProjects: [SubProject(name: "投资促进平台网络信息平台维护项目", amount: Self.yuan(275_000))],
            indicatorCount: 1,
            lines: ["year": 64, "unit": 66, "project": 68, "requested": 24, "total_budget": 24,
                    "prior_budget": 12, "prior_executed": 16]))
        XCTAssertEqual(platform.indicators, [Indicator(level1: "", level2: "", level3: "服务目标满意度", target: "满意度90%以上")])
        XCTAssertEqual(notes(platform, "category").map(\.message),
                       ["项目类型: 2 boxes ticked (其他经常性项目, 政府购买服务); kept the first, 其他经常性项目"])

        let registration = result.forms[1]
        check(registration, Expected(
            start: 204, end: 312, year: 2019, unit: unit, project: "对外贸易经营者备案登记",
            category: "其他经常性项目", plannedStart: "2019年1月1日", plannedEnd: "2019年12月31日",
            total: Self.yuan(195_000), requested: Self.yuan(195_000),
            priorBudget: Self.yuan(195_000), priorExecuted: Self.yuan(195_000), isNew: false,
            subProjects: [SubProject(name: "对外贸易经营者备案登记", amount: Self.yuan(195_000))],
            indicatorCount: 1,
            lines: ["year": 223, "unit": 225, "project": 227, "requested": 253, "total_budget": 253,
                    "prior_budget": 255, "prior_executed": 259]))
        XCTAssertEqual(registration.indicators, [Indicator(level1: "", level2: "", level3: "预算执行率", target: "=100.00%")])
        XCTAssertEqual(notes(registration, "category").count, 1)

        let prepaidCard = result.forms[2]
        check(prepaidCard, Expected(
            start: 316, end: 458, year: 2019, unit: unit, project: "上海市单用途预付卡信息管理系统(2019升级改造)",
            category: "其他一次性项目", plannedStart: "2019年1月", plannedEnd: "2019年12月",
            total: Self.yuan(1_843_294), requested: Self.yuan(1_843_294),
            priorBudget: nil, priorExecuted: nil, isNew: true,
            subProjects: [SubProject(name: "上海市单用途预付卡信息管理系统(2019升级改造)", amount: Self.yuan(1_843_294))],
            indicatorCount: 3,
            lines: ["year": 332, "unit": 334, "project": 336, "requested": 367, "total_budget": 367,
                    "prior_budget": 369, "prior_executed": 373]))
        XCTAssertEqual(prepaidCard.indicators, [
            Indicator(level1: "", level2: "", level3: "2019年年底完成", target: "完成"),
            Indicator(level1: "", level2: "", level3: "建立长效机制", target: "平台持续使用"),
            Indicator(level1: "", level2: "", level3: "公众知晓度", target: "网站、微信公众号等多渠道宣传"),
        ])
        XCTAssertEqual(notes(prepaidCard, "prior_budget").map(\.line), [369], "无 is noted as a new project")
        XCTAssertEqual(notes(prepaidCard, "category").map(\.message), [
            "项目类型 option(s) printed without a box, taken as not ticked: 政府购买服务",
            "项目类型: 2 boxes ticked (其他一次性项目, 信息化建设类); kept the first, 其他一次性项目",
        ])
        XCTAssertEqual(notes(prepaidCard, "sub_projects").map(\.line), [409], "the wrapped 子项目名称 is noted")

        let vegetables = result.forms[3]
        check(vegetables, Expected(
            start: 462, end: 616, year: 2019, unit: unit, project: "上海智慧微菜场建设",
            category: "其他经常性项目", plannedStart: "2019-1-1", plannedEnd: "2019-12-31",
            total: Self.yuan(4_000_000), requested: Self.yuan(4_000_000),
            priorBudget: Self.yuan(4_000_000), priorExecuted: Self.yuan(3_976_000), isNew: false,
            subProjects: [SubProject(name: "上海智慧微菜场建设", amount: Self.yuan(4_000_000))],
            indicatorCount: 2,
            lines: ["year": 503, "unit": 505, "project": 509, "requested": 493, "total_budget": 493,
                    "prior_budget": 564, "prior_executed": 568]))
        XCTAssertEqual(vegetables.indicators, [
            Indicator(level1: "", level2: "", level3: "社区智慧微菜场市民知晓度", target: "较满意"),
            Indicator(level1: "", level2: "", level3: "社区智慧微菜场市民满意度", target: "较满意"),
        ])
        XCTAssertEqual(notes(vegetables, "planned_end").map(\.line), [507], "the end date printed apart is noted")
        XCTAssertEqual(notes(vegetables, "category").map(\.message), [
            "项目类型 option(s) printed without a box, taken as not ticked: 其他一次性项目, 政府购买服务",
            "项目类型: 2 boxes ticked (其他经常性项目, 政策补贴类); kept the first, 其他经常性项目",
        ])

        let hall = result.forms[4]
        check(hall, Expected(
            start: 620, end: 766, year: 2019, unit: unit, project: "上海市商务委员会办事大厅管理项目",
            category: "其他经常性项目", plannedStart: "2019年1月1日", plannedEnd: "2019年12月31日",
            total: Self.yuan(300_000), requested: Self.yuan(300_000),
            priorBudget: Self.yuan(300_000), priorExecuted: Self.yuan(300_000), isNew: false,
            subProjects: [SubProject(name: "上海市商务委员会办事大厅管理项目", amount: Self.yuan(300_000))],
            indicatorCount: 2,
            lines: ["year": 642, "unit": 644, "project": 646, "requested": 677, "total_budget": 677,
                    "prior_budget": 679, "prior_executed": 683]))
        XCTAssertEqual(hall.indicators, [
            Indicator(level1: "", level2: "", level3: "预算执行率", target: "≥90%"),
            Indicator(level1: "", level2: "", level3: "服务对象投诉率", target: "低于万分之一"),
        ])

        for form in result.forms {
            XCTAssertEqual(notes(form, "indicators").count, 1, "the unpairable indicator columns are noted")
        }
    }

    // MARK: A missing request

    func testMissingRequestIsAProblemAndOtherFormsStillParse() throws {
        var lines = try Self.seedLines(Self.apartSeed)
        let index = try XCTUnwrap(lines.firstIndex(of: "项目总预算（元） 275000 项目当年预算（元） 275000"))
        lines[index] = "项目总预算（元） 275000 项目当年预算（元）"
        let result = DeclarationParser.parse(lines)
        XCTAssertEqual(result.problems.count, 1)
        let problem = try XCTUnwrap(result.problems.first)
        XCTAssertEqual(problem.field, "requested")
        XCTAssertEqual(problem.project, "投资促进平台网络信息平台维护项目")
        XCTAssertEqual(problem.unit, "上海市商务委员会")
        XCTAssertEqual(problem.line, 24, "the line of the 项目当年预算 label that has no value, not the form's first line")
        XCTAssertEqual(result.forms.map(\.project), [
            "对外贸易经营者备案登记", "上海市单用途预付卡信息管理系统(2019升级改造)", "上海智慧微菜场建设", "上海市商务委员会办事大厅管理项目",
        ])
        XCTAssertEqual(result.forms.map(\.requested), [195_000, 1_843_294, 4_000_000, 300_000].map(Self.yuan))
    }

    func testMissingRequestInTheInlineLayout() throws {
        var lines = try Self.seedLines(Self.inlineSeed)
        let index = try XCTUnwrap(lines.firstIndex { $0.hasSuffix("项⽬当年预算（元）： 4,691,000") })
        lines[index] = lines[index].replacingOccurrences(of: "： 4,691,000", with: "：")
        let result = DeclarationParser.parse(lines)
        XCTAssertEqual(result.problems.map(\.field), ["requested"])
        XCTAssertEqual(result.problems.first?.project, "全球贸易投资监控预警系统")
        XCTAssertEqual(result.problems.first?.unit, "上海WTO事务咨询中心")
        XCTAssertEqual(result.problems.first?.line, 250, "the line of the 项目当年预算 label that has no value")
        XCTAssertEqual(result.forms.map(\.requested), [Self.yuan(1_357_000)])
        XCTAssertEqual(result.forms.first?.totalBudget, Self.yuan(1_357_000))
    }

    func testMissingPriorFiguresWithoutNoneAreNoted() throws {
        var lines = try Self.seedLines(Self.inlineSeed)
        let index = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("同名项⽬上年预算额（元）： 1,865,000") })
        lines[index] = "同名项⽬上年预算额（元）： 同名项⽬上年预算执⾏数（元）："
        let result = DeclarationParser.parse(lines)
        XCTAssertEqual(result.problems, [])
        let form = try XCTUnwrap(result.forms.first)
        XCTAssertNil(form.priorBudget)
        XCTAssertNil(form.priorExecuted)
        XCTAssertFalse(form.isNewProject)
        XCTAssertEqual(form.notes.filter { $0.field.hasPrefix("prior_") }.map(\.field), ["prior_budget", "prior_executed"])
    }
}
