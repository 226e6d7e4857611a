import Forecasting
import Foundation
import ScenarioFile
import XCTest

/// Rule packs read on their own (`--rules FILE`); the CLI tests run the same through `budget recommend`.
final class RulesFileTests: XCTestCase {
    func testEveryKeyExactly() throws {
        let rules = try RulesFile.parse("""
            target_rate: 0.95
            allowed_growth: 5%
            full_execution: 0.90
            low_execution: 0.6
            idle_years: 3
            poor_score: 55.5
            poor_cut: 0.10
            excellent_score: 92
            excellent_keeps_budget_down_to: 0.5
            external_causes: [疫情, 不可抗力]
            round_to: 100
            """, file: "r.yaml")
        XCTAssertEqual(rules.targetRate, Decimal(string: "0.95"))
        XCTAssertEqual(rules.allowedGrowth, Decimal(string: "0.05"))
        XCTAssertEqual(rules.fullExecution, Decimal(string: "0.9"))
        XCTAssertEqual(rules.lowExecution, Decimal(string: "0.6"))
        XCTAssertEqual(rules.idleYears, 3)
        XCTAssertEqual(rules.poorScore, Decimal(string: "55.5"))
        XCTAssertEqual(rules.poorCut, Decimal(string: "0.1"))
        XCTAssertEqual(rules.excellentScore, 92)
        XCTAssertEqual(rules.excellentKeepsBudgetDownTo, Decimal(string: "0.5"))
        XCTAssertEqual(rules.externalCauses, ["疫情", "不可抗力"])
        XCTAssertEqual(rules.roundTo.fen, 10_000)
    }

    func testAnEmptyFileIsTheDefaults() throws {
        XCTAssertEqual(try RulesFile.parse("# nothing\n", file: "r.yaml"), RulePack())
    }

    func testErrorsArePlaced() {
        func message(_ text: String) -> String {
            do { _ = try RulesFile.parse(text, file: "r.yaml"); return "no error" } catch { return error.description }
        }
        XCTAssertEqual(message("target_rate: 0.95\nidle_years: two\n"), "r.yaml:2:13: idle_years must be a whole number of years (got \"two\")")
        XCTAssertEqual(message("poor_score: 60%\n"), "r.yaml:1:13: poor_score must be a number (got \"60%\")")
        XCTAssertEqual(message("external_causes: 疫情\n"), "r.yaml:1:18: external_causes must be a list of words, e.g. [疫情, 不可抗力] (got \"疫情\")")
        XCTAssertEqual(message("0.95\n"), "r.yaml:1:1: the rules file must be a mapping of keys to values, e.g. target_rate: 0.95 (got \"0.95\")")
        XCTAssertEqual(message("idle_years: 0\n"), "r.yaml:1:13: idle_years must be at least 1 (got 0)")
        XCTAssertEqual(message("poor_score: 95\n"), "r.yaml:1:13: poor_score (95) must not be above excellent_score (90)")
        for step in ["50.005", "0", "-100", "100000000.01"] {
            XCTAssertEqual(message("round_to: \(step)\n"),
                           "r.yaml:1:11: round_to must be an amount in yuan, to the fen, from 0.01 to 100000000 (100 = 百元, 10000 = 万元) (got \"\(step)\")")
        }
        XCTAssertEqual(message("round_to: 百元\n"), "r.yaml:1:11: round_to must be a number (got \"百元\")")
        XCTAssertEqual(try RulesFile.parse("round_to: 0.5\n", file: "r.yaml").roundTo.fen, 50)
        XCTAssertTrue(message("target_rate: [0.9\n").hasPrefix("r.yaml:2:1: not valid YAML: "), message("target_rate: [0.9\n"))
    }

    func testLoadNamesAMissingFile() {
        XCTAssertThrowsError(try RulesFile.load(path: "/nonexistent/rules.yaml")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/rules.yaml: cannot read the rules file: there is no such file")
        }
    }
}
