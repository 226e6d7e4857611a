import Foundation
import XCTest

/// Issue 12's D9 (money overflow wrapped to the opposite sign) and D13 (out-of-range values accepted without
/// a word), on the real binary: every bound is checked where the value comes in, with a message naming it.
final class InputBoundsTests: CLITestCase {
    /// A store with the bundled Shenzhen sample history.

    func testD9AHugeScenarioChangeIsRefusedWhereItIsWritten() throws {
        _ = try sampleStore()
        let yaml = try write("""
            history:
              store: s.sqlite
            base_year: 2020
            horizon: 1
            adjustments:
              changes:
                - {project: 世贸事务管理-贸易摩擦应对事务, change: "2000000000000"}

            """, to: "d9.yaml")
        let result = try budget(["scenario", "run", yaml, "--out-dir", path("out")])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("d9.yaml:7:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("+1000%"), result.stderr)
        XCTAssertFalse(result.stdout.contains("-10,374"), "no wrapped amount")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out/d9")), "no report from a refused scenario")
    }

    func testD9ChangesThatMultiplyBeyondAnyBudgetAreAnErrorNotAWrap() throws {
        _ = try sampleStore()
        let yaml = try write("""
            history:
              store: s.sqlite
            base_year: 2020
            horizon: 3
            growth: 1000%
            adjustments:
              changes:
                - {project: 世贸事务管理-贸易摩擦应对事务, change: 1000%}
                - {project: 世贸事务管理-贸易摩擦应对事务, change: 1000%}
                - {project: 世贸事务管理-贸易摩擦应对事务, change: 1000%}
                - {project: 世贸事务管理-贸易摩擦应对事务, change: 1000%}
                - {project: 世贸事务管理-贸易摩擦应对事务, change: 1000%}
                - {project: 世贸事务管理-贸易摩擦应对事务, change: 1000%}
                - {project: 世贸事务管理-贸易摩擦应对事务, change: 1000%}
                - {project: 世贸事务管理-贸易摩擦应对事务, change: 1000%}
                - {project: 世贸事务管理-贸易摩擦应对事务, change: 1000%}

            """, to: "many.yaml")
        let result = try budget(["scenario", "run", yaml, "--out-dir", path("out")])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("世贸事务管理-贸易摩擦应对事务"), result.stderr)
        XCTAssertTrue(result.stderr.contains("beyond"), result.stderr)
        XCTAssertFalse(result.stdout.contains("recommended -"), result.stdout)
    }

    func testD9ATinyTargetRateIsRefused() throws {
        let db = try sampleStore()
        let rules = try write("target_rate: 0.000000000001\n", to: "rules.yaml")
        let result = try budget(["recommend", "--db", db, "--rules", rules])
        XCTAssertNotEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stderr.contains("target_rate"), result.stderr)
        XCTAssertTrue(result.stderr.contains("0.01"), result.stderr)
        XCTAssertFalse(result.stdout.contains("20,325,592,629"), result.stdout)
    }

    func testD9AFigureBeyondTenTrillionYuanIsAnInputError() throws {
        let csv = try write("project,year,executed\n甲,2020,\"20,000,000,000,000.00\"\n", to: "big.csv")
        let result = try budget(["import", "--db", path("b.sqlite"), csv])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("big.csv:2:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("'executed'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("10 万亿"), result.stderr)
    }

    func testD13YearsOutsideTheRangeAreRefusedEverywhere() throws {
        let csv = try write("project,year,executed\n甲,2150,1.00\n", to: "y.csv")
        let imported = try budget(["import", "--db", path("y.sqlite"), csv])
        XCTAssertEqual(imported.status, 1, imported.stderr)
        XCTAssertTrue(imported.stderr.contains("1900–2100"), imported.stderr)

        let closedThrough = try budget(["import", "--db", path("y.sqlite"), "--closed-through", "99999", csv])
        XCTAssertNotEqual(closedThrough.status, 0)
        XCTAssertTrue(closedThrough.stderr.contains("--closed-through 99999"), closedThrough.stderr)

        let db = try sampleStore()
        for arguments in [["forecast", "--year", "1"], ["forecast", "--year", "99999"], ["recommend", "--year", "1"],
                          ["review", "--year", "2035"]] {
            let result = try budget(arguments + ["--db", db])
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.stdout)")
            XCTAssertTrue(result.stderr.contains("--year \(arguments[2])"), "\(arguments): \(result.stderr)")
            XCTAssertFalse(result.stdout.contains("0.00"), "\(arguments): no table of zero budgets")
        }
    }

    func testD13AScenarioWhoseBaseYearLeavesNoProjectIsAnError() throws {
        _ = try sampleStore()
        let yaml = try write("history:\n  store: s.sqlite\nbase_year: 2099\nhorizon: 1\n", to: "late.yaml")
        let result = try budget(["scenario", "run", yaml, "--out-dir", path("out")])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("base year 2099"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out/late")), "no empty report set")
    }

    func testD13NegativeScoresAreRefused() throws {
        let csv = try write("project,year,executed,execution_score,total_score\n甲,2020,1.00,-5,80\n乙,2020,1.00,5,-100\n", to: "s.csv")
        let result = try budget(["import", "--db", path("n.sqlite"), csv])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("s.csv:2:") && result.stderr.contains("'execution_score'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("s.csv:3:") && result.stderr.contains("'total_score'"), result.stderr)
    }

    func testD13ADuplicateRegressionColumnIsAnError() throws {
        let csv = try write("y,x,x\n1,2,3\n2,3,5\n3,5,6\n4,6,9\n", to: "r.csv")
        let result = try budget(["regress", "--csv", csv, "--y", "y", "--x", "x"])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stderr.contains("\"x\" 2 times (columns 2, 3)"), result.stderr)
    }
}
