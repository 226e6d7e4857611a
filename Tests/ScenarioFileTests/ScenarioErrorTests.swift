import Forecasting
import Foundation
import ScenarioFile
import XCTest

/// Every problem is an error at file:line:column, and nothing is returned.
final class ScenarioErrorTests: ScenarioFileTestCase {
    // MARK: Keys

    func testAMisspelledTopLevelKeyIsNamedWithTheKeysAllowed() throws {
        let error = try problem(history + "horizn: 3\n")
        assertProblem(error, at: 3, 1, """
            unknown key "horizn" in the scenario; the keys are description, history, requests, base_year, horizon, level, \
            target_rate, growth, rules, scope, adjustments (did you mean "horizon"?)
            """, exact: true)
    }

    func testAMisspelledKeyInsideAnAdjustment() throws {
        let flow = try problem(history + "adjustments:\n  changes:\n    - {category: 一般性支出, chnage: -10%}\n")
        assertProblem(flow, at: 5, 25, """
            unknown key "chnage" in a change; the keys are department, unit, category, project, change, years, label (did you mean "change"?)
            """, exact: true)

        let block = try problem(history + """
            adjustments:
              shocks:
                - project: 展会
                  rate_multipler: 0.5
            """)
        assertProblem(block, at: 6, 7, "unknown key \"rate_multipler\" in a shock; the keys are department, unit, category, project, rate_multiplier, fixed_rate, years, label")
    }

    func testAMisspelledKeyInTheHistoryAndInAHistoryFile() throws {
        assertProblem(try problem("history:\n  file: [h.csv]\n"), at: 2, 3, "unknown key \"file\" in history; the keys are store, files, aliases (did you mean \"files\"?)")
        assertProblem(try problem("history:\n  files:\n    - path: h.csv\n      closed_thru: 2023\n"), at: 4, 7,
                      "unknown key \"closed_thru\" in a history file; the keys are path, map, closed_through, open_years")
        assertProblem(try problem("history:\n  files:\n    - path: h.csv\n      map: {executd: actual}\n"), at: 4, 13,
                      "unknown key \"executd\" in map; the keys are department, unit, project")
    }

    func testAMisspelledRuleInsideTheScenario() throws {
        assertProblem(try problem(history + "rules:\n  low_executon: 0.5\n"), at: 4, 3,
                      "unknown key \"low_executon\" in rules; the keys are target_rate, allowed_growth")
    }

    func testADuplicateKeyIsNotValidYAML() throws {
        let error = try problem(history + "horizon: 2\nhorizon: 3\n")
        assertProblem(error, at: 3, 1, "not valid YAML: the key \"horizon\" is written more than once in the same mapping (first here)", exact: true)
    }

    // MARK: Types and ranges

    func testWrongTypesNameTheKeyAndWhatWasExpected() throws {
        assertProblem(try problem(history + "horizon: [3]\n"), at: 3, 10,
                      "horizon must be a whole number of years from 1 to 5 (got a list)", exact: true)
        assertProblem(try problem(history + "base_year: next\n"), at: 3, 12,
                      "base_year must be a year such as 2024 (got \"next\")", exact: true)
        assertProblem(try problem(history + "level: high\n"), at: 3, 8,
                      "level must be a number or a percentage such as 0.95 or 95% (got \"high\")", exact: true)
        assertProblem(try problem(history + "adjustments:\n  changes:\n    - {project: A, change: -5%, years: [2024, soon]}\n"), at: 5, 47,
                      "each year in years must be a year such as 2024 (got \"soon\")", exact: true)
        assertProblem(try problem(history + "adjustments:\n  changes: {project: A}\n"), at: 4, 12,
                      "changes must be a list of entries, e.g. - {category: 一般性支出, change: -10%} (got a mapping)", exact: true)
        assertProblem(try problem(history + "description:\n"), at: 3, 13, "description must be text (got nothing)", exact: true)
        assertProblem(try problem(history + "adjustments:\n  changes:\n    - {project: [], change: 1%}\n"), at: 5, 17,
                      "project must be a name or a list of names (got an empty list, which would select nothing)", exact: true)
        assertProblem(try problem("history:\n  files:\n    - {path: h.csv, skip_invalid: maybe}\n"), at: 3, 35,
                      "skip_invalid must be true or false (got \"maybe\")", exact: true)
        assertProblem(try problem("history:\n  files:\n    - {path: h.csv, encoding: latin1}\n"), at: 3, 31,
                      "encoding must be auto, utf8 or gb18030 (got \"latin1\")", exact: true)
    }

    func testHorizonOutsideOneToFive() throws {
        for bad in ["0", "6", "-1", "2.5"] {
            assertProblem(try problem(history + "level: 0.9\nhorizon: \(bad)\n"), at: 4, 10,
                          "horizon must be a whole number of years from 1 to 5 (got \"\(bad)\")", exact: true)
        }
        XCTAssertEqual(try load(history + "horizon: 5\n").scenario.horizon, 5)
        XCTAssertEqual(try load(history + "horizon: 1\n").scenario.horizon, 1)
    }

    func testLevelMustBeStrictlyBetweenZeroAndOne() throws {
        for bad in ["0", "1", "100%", "-0.2"] {
            assertProblem(try problem(history + "level: \"\(bad)\"\n"), at: 3, 8, "level must be a share strictly between 0 and 1")
        }
        XCTAssertEqual(try load(history + "level: 95%\n").scenario.level, 0.95)
    }

    func testAChangeOfMinusOneHundredPercentOrMore() throws {
        for bad in ["-100%", "-1", "-1.5"] {
            assertProblem(try problem(history + "adjustments:\n  changes:\n    - project: A\n      change: \(bad)\n"), at: 6, 15,
                          "change must be above -100% (a budget cannot be cut by all of it or more) (got \"\(bad)\")", exact: true)
        }
        XCTAssertEqual(try load(history + "adjustments:\n  changes:\n    - {project: A, change: -99.99%}\n").scenario.changes[0].change,
                       Decimal(string: "-0.9999"))
        assertProblem(try problem(history + "growth: -100%\n"), at: 3, 9, "growth must be a yearly growth above -100%")
    }

    func testAShockWithBothEffectsOrNeither() throws {
        let both = try problem(history + "adjustments:\n  shocks:\n    - {project: A, fixed_rate: 0.6, rate_multiplier: 0.5}\n")
        assertProblem(both, at: 5, 37, "a shock has rate_multiplier: or fixed_rate:, not both", exact: true)
        let neither = try problem(history + "adjustments:\n  shocks:\n    - {project: A, years: [2024]}\n")
        assertProblem(neither, at: 5, 7, "a shock needs rate_multiplier:")
        assertProblem(try problem(history + "adjustments:\n  shocks:\n    - {project: A, rate_multiplier: -0.5}\n"), at: 5, 37,
                      "rate_multiplier must be 0 or more")
        assertProblem(try problem(history + "adjustments:\n  shocks:\n    - {project: A, fixed_rate: 250%}\n"), at: 5, 32,
                      "fixed_rate must be a rate from 0 to 200%")
    }

    func testAnAdjustmentMustNameItsProjects() throws {
        assertProblem(try problem(history + "adjustments:\n  changes:\n    - {change: -10%, years: [2024]}\n"), at: 5, 7,
                      "a change must name the projects it applies to (department, unit, category, project)", exact: true)
        assertProblem(try problem(history + "adjustments:\n  shocks:\n    - {rate_multiplier: 0.5}\n"), at: 5, 7,
                      "a shock must name the projects it applies to")
        assertProblem(try problem(history + "scope:\n  - {}\n"), at: 4, 5, "a scope entry must name the projects it covers")
        assertProblem(try problem(history + "scope: 深圳市商务局\n"), at: 3, 8, "scope must be a list of entries, e.g. - department: 深圳市商务局 (got \"深圳市商务局\")", exact: true)
        assertProblem(try problem(history + "rules: [a]\n"), at: 3, 8, "rules must be a mapping of rule keys (target_rate: 0.95 …) or the path of a rules file (got a list)", exact: true)
    }

    func testAnOverrideWithoutProject() throws {
        let error = try problem(history + "adjustments:\n  overrides:\n    - {unit: 上海市外国投资促进中心, amount: 120000}\n")
        assertProblem(error, at: 5, 7, "an override must name its project")
        assertProblem(try problem(history + "adjustments:\n  overrides:\n    - {project: [A, B], amount: 1}\n"), at: 5, 17,
                      "an override fixes one project's amount: name one project (got 2)", exact: true)
        assertProblem(try problem(history + "adjustments:\n  overrides:\n    - {project: A}\n"), at: 5, 7,
                      "an override needs amount: (e.g. amount: \"120,000.00\")", exact: true)
    }

    func testAmounts() throws {
        assertProblem(try problem(history + "adjustments:\n  overrides:\n    - {project: A, amount: -5}\n"), at: 5, 28,
                      "amount must not be negative (got \"-5\")", exact: true)
        assertProblem(try problem(history + "adjustments:\n  overrides:\n    - {project: A, amount: \"12,3x4.00\"}\n"), at: 5, 28,
                      "amount must be an amount in 元 such as 500000 or \"120,000.00\": \"12,3x4.00\" is not an amount")
        assertProblem(try problem(history + "adjustments:\n  overrides:\n    - {project: A, amount: 1.005}\n"), at: 5, 28,
                      "amount must be exact to the fen")
        assertProblem(try problem(history + "adjustments:\n  overrides:\n    - {project: A, amount: 无}\n"), at: 5, 28,
                      "amount must be an amount in 元")
        assertProblem(try problem(history + """
            adjustments:
              new_projects:
                - name: 平台
                  department: 深圳市商务局
                  requests: {2024: 500000, next: 1}
            """), at: 7, 32, "a year in requests must be a year such as 2024 (got \"next\")", exact: true)
    }

    func testTargetRateTwice() throws {
        let error = try problem(history + "rules:\n  target_rate: 0.9\ntarget_rate: 0.95\n")
        let path = directory.appendingPathComponent("x.yaml").path
        assertProblem(error, at: 5, 14, "target_rate is given twice, here and in rules (\(path):4:16); keep one", exact: true)

        try touch("rules.yaml", "idle_years: 3\ntarget_rate: 0.9\n")
        let viaFile = try problem(history + "rules: rules.yaml\ntarget_rate: 0.95\n")
        let rules = directory.appendingPathComponent("rules.yaml").path
        assertProblem(viaFile, at: 4, 14, "target_rate is given twice, here and in rules (\(rules):2:14); keep one", exact: true)
    }

    func testAnOutOfRangeRuleIsPlacedAtItsValue() throws {
        assertProblem(try problem(history + "target_rate: 0\n"), at: 3, 14, "target_rate must be a share between 0 and 1 (got 0)", exact: true)
        assertProblem(try problem(history + "rules:\n  full_execution: 0.5\n  low_execution: 0.7\n"), at: 5, 18,
                      "low_execution (0.7) must not be above full_execution (0.5)", exact: true)
    }

    func testAProblemInANamedRulesFileIsPlacedInThatFile() throws {
        let rules = try touch("strict.yaml", "target_rate: 0.9\nlow_executon: 0.5\n")
        let error = try problem(history + "rules: strict.yaml\n")
        XCTAssertEqual(error.file, rules)
        XCTAssertEqual(error.mark, SourceMark(file: rules, line: 2, column: 1))
        let scenario = directory.appendingPathComponent("x.yaml").path
        XCTAssertTrue(error.description.hasPrefix("\(rules):2:1: unknown key \"low_executon\" in the rules file"), error.description)
        XCTAssertTrue(error.description.hasSuffix("(the rules file named at \(scenario):3:8)"), error.description)
        assertProblem(try problem(history + "rules: missing.yaml\n"), at: 3, 8, "rules file \"missing.yaml\" (")
    }

    // MARK: Years against the horizon

    func testYearsOutsideTheHorizonOfAGivenBaseYear() throws {
        assertProblem(try problem(history + "base_year: 2023\nhorizon: 2\nadjustments:\n  changes:\n    - {project: A, change: 1%, years: [2024, 2026]}\n"),
                      at: 7, 39, "a change is for 2026, outside the horizon 2024–2025 (base year 2023, horizon 2)", exact: true)
        assertProblem(try problem(history + "base_year: 2023\nadjustments:\n  exceptional:\n    - {years: [2020, 2024]}\n"),
                      at: 6, 15, "exceptional year 2024 is after the base year 2023")
        assertProblem(try problem(history + "base_year: 2023\nadjustments:\n  new_projects:\n    - {name: P, department: D, requests: {2024: 1, 2030: 2}}\n"),
                      at: 6, 52, "a new project's request is for 2030, outside the horizon 2024–2026")
        assertProblem(try problem(history + "horizon: 2\nadjustments:\n  changes:\n    - {project: A, change: 1%, years: [2024]}\n    - {project: B, change: 1%, years: [2026]}\n"),
                      at: 7, 39, "a change is for 2026 and a change for 2024 (at \(directory.appendingPathComponent("x.yaml").path):6:39): one 2-year horizon cannot hold both", exact: true)
        assertProblem(try problem(history + "adjustments:\n  changes:\n    - {project: A, change: 1%, years: [2024, 2024]}\n"), at: 5, 46,
                      "years names 2024 twice", exact: true)
    }

    func testTwoOverridesOfOneProjectInTheSameYear() throws {
        assertProblem(try problem(history + "adjustments:\n  overrides:\n    - {project: A, amount: 1, years: [2024]}\n    - {project: a, amount: 2}\n"),
                      at: 6, 7, "a second override of project a for the same years")
        XCTAssertEqual(try load(history + "adjustments:\n  overrides:\n    - {project: A, amount: 1, years: [2024]}\n    - {project: A, amount: 2, years: [2025]}\n")
            .scenario.overrides.count, 2)
    }

    // MARK: History and files

    func testMissingHistoryAndEmptyFile() throws {
        assertProblem(try problem("horizon: 3\n"), at: 1, 1, "the scenario has no history: write history: with store:")
        assertProblem(try problem("# nothing yet\n\n"), at: 1, 1, "the scenario file is empty; it needs at least history:")
        assertProblem(try problem("- a\n- b\n"), at: 1, 1, "the scenario must be a mapping of keys")
        assertProblem(try problem("history: {}\n"), at: 1, 10, "history needs store: (an existing store) or files: (files to import)", exact: true)
        assertProblem(try problem("history:\n  store: s.sqlite\n  files: [h.csv]\n"), at: 3, 3, "history takes store: or files:, not both", exact: true)
        try touch("s.sqlite", "")
        assertProblem(try problem("history:\n  store: s.sqlite\n  aliases: []\n"), at: 3, 3, "aliases go with files:")
    }

    func testAMissingHistoryFileIsNamedWhereItWasWritten() throws {
        try touch("sub/h.csv")
        let error = try problem("history:\n  files:\n    - h.csv\n    - data/missing.csv\n", name: "sub/x.yaml")
        let resolved = directory.appendingPathComponent("sub/data/missing.csv").path
        assertProblem(error, at: 4, 7, "history file \"data/missing.csv\" (\(resolved), relative to the scenario's folder) does not exist",
                      name: "sub/x.yaml", exact: true)
        // h.csv exists in the temporary folder, but not in other/: paths start from the scenario's folder.
        let relative = try problem("history:\n  files: [h.csv]\n", name: "other/y.yaml")
        assertProblem(relative, at: 2, 11, "history file \"h.csv\" (\(directory.appendingPathComponent("other/h.csv").path)", name: "other/y.yaml")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("folder.csv"), withIntermediateDirectories: true)
        assertProblem(try problem("history:\n  files: [folder.csv]\n"), at: 2, 11, "history file \"folder.csv\"")
        XCTAssertTrue(try problem("history:\n  files: [folder.csv]\n").message.hasSuffix("is a folder, not a file"))
        assertProblem(try problem("history:\n  store: none.sqlite\n"), at: 2, 10, "store \"none.sqlite\"")
        assertProblem(try problem(history + "requests: [h.csv, r.csv]\n"), at: 3, 19, "request file \"r.csv\"")
    }

    func testNotValidYAMLKeepsTheParsersPosition() throws {
        let error = try problem(history + "horizon: [3\nlevel: 0.8\n")
        XCTAssertEqual(error.file, directory.appendingPathComponent("x.yaml").path)
        XCTAssertNotNil(error.mark)
        XCTAssertTrue(error.message.hasPrefix("not valid YAML: "), error.message)
        XCTAssertFalse(error.description.contains("\n"), "one line: \(error.description)")
        let tab = try problem(history + "level:\t\t- 0.8\n  - x\n")
        XCTAssertTrue(tab.message.hasPrefix("not valid YAML: "), tab.message)
        XCTAssertEqual(tab.mark?.line, 3, tab.description)
    }

    func testAnUnreadableScenario() throws {
        let path = directory.appendingPathComponent("none.yaml").path
        XCTAssertThrowsError(try ScenarioReader.load(path: path)) { error in
            XCTAssertEqual("\(error)", "\(path): cannot read the scenario file: there is no such file")
        }
        let latin1 = directory.appendingPathComponent("latin1.yaml")
        try Data([0x68, 0x3A, 0x20, 0xE9, 0x0A]).write(to: latin1)
        XCTAssertThrowsError(try ScenarioReader.load(path: latin1.path)) { error in
            XCTAssertEqual("\(error)", "\(latin1.path): cannot read the scenario file: it is not UTF-8 text")
        }
    }
}
