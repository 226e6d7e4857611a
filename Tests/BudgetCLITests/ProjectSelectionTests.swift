import Foundation
import XCTest

/// From the planner trial (issue 13): `--project` took only full names, while `history` also takes the short
/// name after a Chinese prefix and recorded aliases.
final class ProjectSelectionTests: CLITestCase {
    func testProjectSelectsByNameShortNameAndAliasAlike() throws {
        let db = try sampleStore()
        XCTAssertEqual(try budget(["alias", "--db", db, "世贸事务管理-贸易摩擦应对事务", "摩擦事务"]).status, 0)
        func recommend(_ name: String) throws -> String {
            let result = try budget(["recommend", "--db", db, "--project", name, "--format", "csv"])
            XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
            return result.stdout
        }
        let full = try recommend("世贸事务管理-贸易摩擦应对事务")
        XCTAssertEqual(full.split(separator: "\r\n").count, 2, "the header and one project: \(full)")
        XCTAssertTrue(full.contains("世贸事务管理-贸易摩擦应对事务"), full)
        XCTAssertEqual(try recommend("贸易摩擦应对事务"), full, "the short name")
        XCTAssertEqual(try recommend("摩擦事务"), full, "an alias")
        let none = try budget(["recommend", "--db", db, "--project", "摩擦"])
        XCTAssertEqual(none.status, 3, "part of a name is not a name: \(none.stdout)")
    }

    /// A scenario's selectors name projects as `--project` does: the short name after the prefix and a recorded
    /// alias select the project (the trial's `{project: 贸易摩擦应对事务}` matched nothing).
    func testScenarioSelectorsTakeShortNamesAndAliases() throws {
        let db = try sampleStore()
        XCTAssertEqual(try budget(["alias", "--db", db, "世贸事务管理-进出口预警事务", "预警事务"]).status, 0)
        let yaml = try write("""
            description: short names
            history:
              store: \(db)
            base_year: 2020
            horizon: 1
            scope:
              - department: 深圳市商务局
            adjustments:
              overrides:
                - {project: 贸易摩擦应对事务, amount: "100,000.00"}
                - {project: 预警事务, amount: "150,000.00"}
            """, to: "short.yaml")
        let result = try budget(["scenario", "run", yaml, "--out-dir", path("out")])
        XCTAssertEqual(result.status, 0, result.stderr)
        let projects = try String(contentsOfFile: path("out/projects.csv"), encoding: .utf8).components(separatedBy: "\r\n")
        let trade = try XCTUnwrap(projects.first { $0.contains(",世贸事务管理-贸易摩擦应对事务,") }, "\(projects)")
        XCTAssertTrue(trade.contains(",override × ") && trade.contains(",100000.00,"), trade)
        let warning = try XCTUnwrap(projects.first { $0.contains(",世贸事务管理-进出口预警事务,") }, "\(projects)")
        XCTAssertTrue(warning.contains(",override × ") && warning.contains(",150000.00,"), warning)
    }

    /// The trial's case: 003's OCR reading of 对口交流综合事务 became a second project before the alias existed.
    func testAliasMergeJoinsTheOCRDuplicateAndRecommendCountsItOnce() throws {
        let db = path("m.sqlite")
        let form = Self.packageRoot.appendingPathComponent("Scenarios/003_2df205466e1d5f98.txt").path
        let sample = Self.sampleHistory
        XCTAssertEqual(try budget(["import", "--db", db, form]).status, 0)
        XCTAssertEqual(try budget(["import", "--db", db, sample]).status, 0)
        let plain = try budget(["alias", "--db", db, "世贸事务管理-对口交流综合事务", "世贸事务管理-对口交流组宗合事务"])
        XCTAssertEqual(plain.status, 3, "without --merge the name is taken")
        let before = try budget(["recommend", "--db", db, "--format", "csv"]).stdout
        XCTAssertEqual(before.components(separatedBy: "对口交流").count - 1, 2, "two projects before")
        let merged = try budget(["alias", "--db", db, "--merge", "世贸事务管理-对口交流综合事务", "世贸事务管理-对口交流组宗合事务"])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertTrue(merged.stdout.contains("years both held alike 2020"), merged.stdout)
        let after = try budget(["recommend", "--db", db, "--format", "csv"]).stdout
        XCTAssertEqual(after.components(separatedBy: "对口交流").count - 1, 1, "one project after: \(after)")
        XCTAssertEqual(try budget(["alias", "--db", db, "--merge", "世贸事务管理-对口交流综合事务", "没有这个项目"]).status, 3)
    }
}

/// From the planner trial (issue 13): a new project of the scenario that is also in the requests file was
/// reviewed twice, and an override equal to the request was "cut" while its reason said "within".
final class ScenarioReviewConsistencyTests: CLITestCase {
    func testANewProjectsRequestIsReviewedOnceAndAnOverrideWithinIsNotCut() throws {
        let sample = Self.sampleHistory
        let requests = try write("""
            实施单位,项目名称,年度,申请金额
            深圳市商务发展促进中心,RCEP企业服务中心,2021,"1,500,000.00"
            深圳市商务发展促进中心,跨境电商平台,2021,"300,000.00"
            深圳市商务发展促进中心,世贸事务管理-贸易摩擦应对事务,2021,"300,000.00"

            """, to: "requests.csv")
        let yaml = try write("""
            description: review consistency
            history:
              files: [\(sample)]
            requests: [\(requests)]
            scope:
              - department: 深圳市商务局
            adjustments:
              overrides:
                - {project: 世贸事务管理-贸易摩擦应对事务, amount: "300,000.00", label: 合同约定}
              new_projects:
                - {name: RCEP企业服务中心, department: 深圳市商务局, unit: 深圳市商务发展促进中心, requests: {2021: "1,500,000.00"}}
                - {name: 跨境电商平台, department: 深圳市商务局, unit: 深圳市商务发展促进中心, requests: {2021: "250,000.00"}}
            """, to: "s.yaml")
        let result = try budget(["scenario", "run", yaml, "--out-dir", path("out")])
        XCTAssertEqual(result.status, 0, result.stderr)
        let review = try String(contentsOfFile: path("out/review.csv"), encoding: .utf8)
        let lines = review.components(separatedBy: "\r\n")
        XCTAssertEqual(lines.filter { $0.contains("RCEP企业服务中心") }.count, 1, "the same request once: \(review)")
        let crossBorder = lines.filter { $0.contains("跨境电商平台") }
        XCTAssertEqual(crossBorder.count, 2, "the scenario's 250,000 and the file's different 300,000: \(review)")
        XCTAssertTrue(crossBorder.contains { $0.contains("the scenario's new project 跨境电商平台 requests 250,000.00 for 2021; this file's requests.csv:3 differs") }, review)
        let trade = try XCTUnwrap(lines.first { $0.contains("贸易摩擦应对事务") })
        XCTAssertTrue(trade.contains(",query,"), "an increase after 36% execution that the override allows: \(trade)")
        XCTAssertTrue(trade.contains("within the recommendation 300,000.00"), trade)
        // One reviewer's table: the scenario's review.csv has the columns of `budget review --format csv`, and
        // at_stake = requested − recommended on every judged row.
        let cli = try budget(["review", "--db", try sampleStore("r.sqlite"), "--requests", requests, "--format", "csv"])
        XCTAssertEqual(cli.stdout.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n").first,
                       lines.first?.replacingOccurrences(of: "\u{FEFF}", with: ""))
        for row in try ScenarioCommandTests.parseRFC4180(review.replacingOccurrences(of: "\u{FEFF}", with: "")).rows
        where !(row["recommended"] ?? "").isEmpty {
            XCTAssertEqual(ReviewViewTests.fen(row["at_stake"]!), ReviewViewTests.fen(row["requested"]!) - ReviewViewTests.fen(row["recommended"]!),
                           "\(row)")
        }
        // The console's change is the summary's (projects with a last budget), and says what new projects add.
        XCTAssertTrue(result.stdout.contains("on the 7 projects with a last budget; 2 without one (new, or no budget on record) add "), result.stdout)
    }
}

/// From the planner trial (issue 13): every one-year project said "rate shrunk toward peers" while its rate
/// was its own (0.9977 = 55,871 ÷ 56,000), and scenario explanations named the rule twice.
final class ForecastNoteTests: CLITestCase {
    func testAnUnshrunkRateIsNotCalledShrunkAndTheRuleIsNamedOnce() throws {
        let db = try sampleStore()
        let sample = Self.sampleHistory
        let forecast = try budget(["forecast", "--db", db, "--project", "办公设备采购", "--format", "csv"]).stdout
        XCTAssertTrue(forecast.contains(",0.9977,"), "the own rate, 55,871 ÷ 56,000: \(forecast)")
        XCTAssertTrue(forecast.contains("1 closed year: its own rate (its peers' rates differ too much to shrink toward)"), forecast)
        XCTAssertFalse(forecast.contains("shrunk toward peers"), forecast)
        let yaml = try write("""
            description: growth
            history:
              files: [\(sample)]
            growth: 3%
            """, to: "g.yaml")
        XCTAssertEqual(try budget(["scenario", "run", yaml, "--out-dir", path("out")]).status, 0)
        let projects = try String(contentsOfFile: path("out/projects.txt"), encoding: .utf8)
        let line = try XCTUnwrap(projects.components(separatedBy: "\n").first { $0.contains("办公设备采购: ") && $0.contains("executed") })
        XCTAssertEqual(line.components(separatedBy: "rule \"").count - 1, 1, "the rule named once: \(line)")
    }
}
