import BudgetCore
import Forecasting
import Foundation
import Import
import ScenarioFile
import XCTest

/// A complete scenario, read field by field.
final class ScenarioReaderTests: ScenarioFileTestCase {
    /// Every key of the format (line numbers matter: the marks are checked).
    let full = """
        description: 一般性支出压减 10%
        history:
          files:
            - sample-history.csv
            - path: san-diego.csv
              map: {department: dept_group, unit: dept_name, project: account_type, year: fiscal_year, initial_budget: budget_amount, executed: actual_amount}
              closed_through: 2023
              open_years: [2024]
              skip_invalid: true
              format: csv
              encoding: gb18030
              amount_unit: wan
          aliases:
            - {project: 世贸事务管理-对口交流综合事务, alias: 世贸事务管理-对口交流组宗合事务, unit: 深圳市商务发展促进中心}
        requests: [requests-2024.csv]
        base_year: 2023
        horizon: 3
        level: 0.9
        target_rate: 0.95
        growth: 2%
        rules:
          low_execution: 0.7
          external_causes: [疫情]
        scope:
          - project: [Personnel, Non-Personnel]
          - department: 深圳市商务局
        adjustments:
          changes:
            - {category: 一般性支出, change: -10%, years: [2024, 2025], label: 一般性支出压减}
            - {department: 深圳市商务局, change: 0.035}
          shocks:
            - {project: [中国（上海）国际技术进出口交易会经费], rate_multiplier: 0.5, years: [2024], label: 展会减半}
            - {unit: X, fixed_rate: 60%}
          exceptional:
            - {years: [2020, 2021, 2022], reason: 疫情}
          overrides:
            - {project: 门户网站, unit: 上海市外国投资促进中心, amount: "120,000.00", years: [2024], label: 合同约定}
          new_projects:
            - {name: 跨境电商公共服务平台, department: 深圳市商务局, unit: 深圳市商务发展促进中心, category: 一次性项目, requests: {2024: 500000, 2025: "300,000"}}

        """

    /// 1-based column of `text` in line `line` of `yaml`, counted in Unicode scalars as libyaml does.
    func column(of text: String, line: Int, in yaml: String) -> Int {
        let row = yaml.components(separatedBy: "\n")[line - 1]
        let range = row.range(of: text)!
        return row.unicodeScalars[..<range.lowerBound].count + 1
    }

    func readFull() throws -> (ScenarioSpec, folder: String) {
        try touch("Scenarios/sample-history.csv")
        try touch("Scenarios/san-diego.csv")
        try touch("Scenarios/requests-2024.csv")
        let path = try touch("Scenarios/austerity.yaml", full)
        return (try ScenarioReader.load(path: path), directory.appendingPathComponent("Scenarios").path)
    }

    func testTheFileLevelParts() throws {
        let (spec, folder) = try readFull()
        let path = folder + "/austerity.yaml"
        XCTAssertEqual(spec.path, path)
        XCTAssertEqual(spec.scenario.name, "austerity", "named after the file's stem")
        XCTAssertEqual(spec.sha256, SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: path))))
        XCTAssertEqual(spec.sha256.count, 64)
        XCTAssertEqual(spec.requestFiles, [folder + "/requests-2024.csv"], "relative to the scenario's folder")
        XCTAssertEqual(spec.marks.requests, [SourceMark(file: path, line: 15, column: 12)])
        XCTAssertEqual(spec.marks.file, SourceMark(file: path, line: 1, column: 1))
        XCTAssertEqual(spec.marks.history, SourceMark(file: path, line: 3, column: 3))
        XCTAssertEqual(spec.marks.baseYear, SourceMark(file: path, line: 16, column: 12))
        XCTAssertEqual(spec.marks.horizon, SourceMark(file: path, line: 17, column: 10))
        XCTAssertEqual(spec.marks.level, SourceMark(file: path, line: 18, column: 8))
        XCTAssertEqual(spec.marks.targetRate, SourceMark(file: path, line: 19, column: 14))
        XCTAssertEqual(spec.marks.growth, SourceMark(file: path, line: 20, column: 9))
        XCTAssertEqual(spec.marks.rules, SourceMark(file: path, line: 22, column: 3))
        XCTAssertEqual(spec.marks.scope, SourceMark(file: path, line: 25, column: 3))
    }

    func testTheHistoryFilesTheirOptionsAndAliases() throws {
        let (spec, folder) = try readFull()
        let path = folder + "/austerity.yaml"
        guard case .files(let files, let aliases) = spec.history else { return XCTFail("\(spec.history)") }
        XCTAssertEqual(files.map(\.path), [folder + "/sample-history.csv", folder + "/san-diego.csv"])
        XCTAssertEqual(files.map(\.mark), [SourceMark(file: path, line: 4, column: 7), SourceMark(file: path, line: 5, column: 13)])
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())

        let plain = files[0].options
        XCTAssertEqual(plain.currentYear, year)
        XCTAssertTrue(plain.columnMap.isEmpty)
        XCTAssertEqual(plain.format, .auto)
        XCTAssertEqual(plain.encoding, .auto)
        XCTAssertNil(plain.amountUnit)
        XCTAssertNil(plain.closedThrough)
        XCTAssertEqual(plain.openYears, [])
        XCTAssertFalse(plain.skipInvalid)
        XCTAssertFalse(plain.dryRun)

        let mapped = files[1].options
        XCTAssertEqual(mapped.currentYear, year)
        XCTAssertEqual(mapped.columnMap.map(\.column), [.department, .unit, .project, .year, .initialBudget, .executed])
        XCTAssertEqual(mapped.columnMap.map(\.source), ["dept_group", "dept_name", "account_type", "fiscal_year", "budget_amount", "actual_amount"])
        XCTAssertEqual(mapped.closedThrough, 2023)
        XCTAssertEqual(mapped.openYears, [2024])
        XCTAssertTrue(mapped.skipInvalid)
        XCTAssertEqual(mapped.format, .csv)
        XCTAssertEqual(mapped.encoding, .gb18030)
        XCTAssertEqual(mapped.amountUnit, .wan)

        XCTAssertEqual(aliases, [AliasEntry(project: "世贸事务管理-对口交流综合事务", alias: "世贸事务管理-对口交流组宗合事务",
                                            unit: "深圳市商务发展促进中心", mark: SourceMark(file: path, line: 14, column: 7))])
    }

    func testTheSettingsAndRules() throws {
        let scenario = try readFull().0.scenario
        XCTAssertEqual(scenario.description, "一般性支出压减 10%")
        XCTAssertEqual(scenario.baseYear, 2023)
        XCTAssertEqual(scenario.horizon, 3)
        XCTAssertEqual(scenario.level, 0.9)
        XCTAssertEqual(scenario.growth, Decimal(string: "0.02"), "2% read exactly")
        var rules = RulePack()
        rules.targetRate = Decimal(string: "0.95")!
        rules.lowExecution = Decimal(string: "0.7")!
        rules.externalCauses = ["疫情"]
        XCTAssertEqual(scenario.rules, rules, "the defaults with the scenario's three changes")
    }

    func testScopeAndAdjustments() throws {
        let (spec, folder) = try readFull()
        let path = folder + "/austerity.yaml"
        func at(_ line: Int, _ column: Int) -> SourceMark { SourceMark(file: path, line: line, column: column) }
        let scenario = spec.scenario

        XCTAssertEqual(scenario.scope, [ProjectSelector(projects: ["Personnel", "Non-Personnel"], mark: at(25, 5)),
                                        ProjectSelector(departments: ["深圳市商务局"], mark: at(26, 5))])

        XCTAssertEqual(scenario.changes, [
            BudgetChange(selector: ProjectSelector(categories: ["一般性支出"], mark: at(29, 7)), change: Decimal(string: "-0.10")!,
                         years: [2024, 2025], label: "一般性支出压减"),
            BudgetChange(selector: ProjectSelector(departments: ["深圳市商务局"], mark: at(30, 7)), change: Decimal(string: "0.035")!),
        ])
        XCTAssertEqual(scenario.changes[0].change.description, "-0.1", "exact, not a binary fraction")
        XCTAssertEqual(spec.marks.changes, [AdjustmentMarks(entry: at(29, 7), years: at(29, 46)), AdjustmentMarks(entry: at(30, 7))])
        XCTAssertEqual(column(of: "[2024, 2025]", line: 29, in: full), 46)

        XCTAssertEqual(scenario.shocks, [
            ExecutionShock(selector: ProjectSelector(projects: ["中国（上海）国际技术进出口交易会经费"], mark: at(32, 7)),
                           effect: .multiplier(0.5), years: [2024], label: "展会减半"),
            ExecutionShock(selector: ProjectSelector(units: ["X"], mark: at(33, 7)), effect: .fixedRate(0.6)),
        ])
        XCTAssertEqual(spec.marks.shocks.map(\.entry), [at(32, 7), at(33, 7)])

        XCTAssertEqual(scenario.exceptional, [ExceptionalYears(selector: ProjectSelector(mark: at(35, 7)), years: [2020, 2021, 2022], reason: "疫情")])
        XCTAssertTrue(scenario.exceptional[0].selector.isEmpty, "no selector keys: every project")
        XCTAssertEqual(spec.marks.exceptional, [AdjustmentMarks(entry: at(35, 7), years: at(35, 15))])

        XCTAssertEqual(scenario.overrides, [
            AmountOverride(selector: ProjectSelector(units: ["上海市外国投资促进中心"], projects: ["门户网站"], mark: at(37, 7)),
                           amount: Money(fen: 12_000_000), years: [2024], label: "合同约定"),
        ])

        XCTAssertEqual(scenario.newProjects, [
            NewProject(department: "深圳市商务局", unit: "深圳市商务发展促进中心", category: "一次性项目", name: "跨境电商公共服务平台",
                       requests: [2024: Money(fen: 50_000_000), 2025: Money(fen: 30_000_000)], mark: at(39, 7)),
        ])
        XCTAssertEqual(spec.marks.newProjectRequests, [[2024: at(39, column(of: "2024:", line: 39, in: full)),
                                                        2025: at(39, column(of: "2025:", line: 39, in: full))]])
    }

    func testDefaultsOfAMinimalScenario() throws {
        let spec = try load(history)
        let scenario = spec.scenario
        XCTAssertEqual(scenario.name, "x")
        XCTAssertEqual(scenario.description, "")
        XCTAssertNil(scenario.baseYear)
        XCTAssertEqual(scenario.horizon, 3)
        XCTAssertEqual(scenario.level, 0.8)
        XCTAssertEqual(scenario.growth, 0)
        XCTAssertEqual(scenario.rules, RulePack())
        XCTAssertTrue(scenario.scope.isEmpty && scenario.changes.isEmpty && scenario.shocks.isEmpty && scenario.exceptional.isEmpty
                      && scenario.overrides.isEmpty && scenario.newProjects.isEmpty)
        XCTAssertEqual(spec.requestFiles, [])
        XCTAssertNil(spec.marks.horizon)
        guard case .files(let files, let aliases) = spec.history else { return XCTFail("\(spec.history)") }
        XCTAssertEqual(files.map(\.path), [directory.appendingPathComponent("h.csv").path])
        XCTAssertEqual(aliases, [])
    }

    func testShareSpellings() throws {
        for (text, expected) in [("-10%", "-0.1"), ("-0.1", "-0.1"), ("+2.5%", "0.025"), (".5", "0.5"), ("0.333333333333333333", "0.333333333333333333"),
                                 ("１０％", "0.1"), ("3", "3")] {
            let spec = try load(history + "growth: \(text.contains("%") ? "\"\(text)\"" : text)\n")
            XCTAssertEqual(spec.scenario.growth, Decimal(string: expected), text)
        }
    }

    func testAStoreResolvedAgainstTheScenariosFolder() throws {
        try touch("budget.sqlite", "")
        let path = try touch("sub/plan.yaml", "history:\n  store: ../budget.sqlite\nrules: strict.yaml\n")
        try touch("sub/strict.yaml", "# stricter\nlow_execution: 70%\nidle_years: 3\n")
        let spec = try ScenarioReader.load(path: path)
        let folder = directory.appendingPathComponent("sub").path
        guard case .store(let store, let mark) = spec.history else { return XCTFail("\(spec.history)") }
        XCTAssertEqual(store, folder + "/../budget.sqlite")
        XCTAssertTrue(FileManager.default.fileExists(atPath: store))
        XCTAssertEqual(mark, SourceMark(file: path, line: 2, column: 10))
        XCTAssertEqual(spec.scenario.rules.lowExecution, Decimal(string: "0.7"), "the rules file next to the scenario")
        XCTAssertEqual(spec.scenario.rules.idleYears, 3)
        XCTAssertEqual(spec.marks.rules, SourceMark(file: path, line: 3, column: 8))
    }

    func testARelativeScenarioPathKeepsRelativePaths() throws {
        // Resolution is textual: "Scenarios/x.yaml" names "Scenarios/h.csv", whatever the working folder.
        let spec = try ScenarioReader.parse("history:\n  files: [h.csv]\n", path: directory.path + "/./x.yaml")
        guard case .files(let files, _) = spec.history else { return XCTFail() }
        XCTAssertEqual(files[0].path, directory.path + "/./h.csv")
        let absolute = try ScenarioReader.parse("history:\n  files: [\(directory.path)/h.csv]\n", path: "elsewhere/x.yaml")
        guard case .files(let absoluteFiles, _) = absolute.history else { return XCTFail() }
        XCTAssertEqual(absoluteFiles[0].path, directory.path + "/h.csv", "an absolute path is kept")
    }

    func testParseHashesTheGivenBytesOrTheText() throws {
        let text = history
        let path = directory.appendingPathComponent("x.yaml").path
        XCTAssertEqual(try ScenarioReader.parse(text, path: path).sha256, SHA256.hex(of: Data(text.utf8)))
        let withBOM = Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        XCTAssertEqual(try ScenarioReader.parse(text, path: path, bytes: withBOM).sha256, SHA256.hex(of: withBOM))
        // SHA-256("abc"), FIPS 180-2 appendix B.1, through the same helper.
        XCTAssertEqual(SHA256.hex(of: Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testAFileWithAByteOrderMarkIsRead() throws {
        let path = directory.appendingPathComponent("bom.yaml").path
        try (Data([0xEF, 0xBB, 0xBF]) + Data((history + "horizon: 2\n").utf8)).write(to: URL(fileURLWithPath: path))
        let spec = try ScenarioReader.load(path: path)
        XCTAssertEqual(spec.scenario.horizon, 2)
        XCTAssertEqual(spec.marks.horizon, SourceMark(file: path, line: 3, column: 10))
    }

    func testYearsAndSelectorsTakeOneValueOrAList() throws {
        let spec = try load(history + """
            adjustments:
              changes:
                - project: 门户网站
                  unit: [A, B]
                  change: 5%
                  years: 2026
            """)
        XCTAssertEqual(spec.scenario.changes, [BudgetChange(selector: ProjectSelector(units: ["A", "B"], projects: ["门户网站"],
                                                                                      mark: spec.scenario.changes.first?.selector.mark),
                                                            change: Decimal(string: "0.05")!, years: [2026])])
        XCTAssertEqual(spec.scenario.changes.first?.selector.mark?.line, 5)
        XCTAssertEqual(spec.scenario.changes.first?.selector.mark?.column, 7)
    }
}
