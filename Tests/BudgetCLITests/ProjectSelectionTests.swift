import Foundation
import XCTest

/// From the planner trial (issue 13): `--project` took only full names, while `history` also takes the short
/// name after a Chinese prefix and recorded aliases.
final class ProjectSelectionTests: CLITestCase {
    func testProjectSelectsByNameShortNameAndAliasAlike() throws {
        let db = path("s.sqlite")
        let sample = Self.packageRoot.appendingPathComponent("Scenarios/sample-history.csv").path
        XCTAssertEqual(try budget(["import", "--db", db, sample]).status, 0)
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

    /// The trial's case: 003's OCR reading of 对口交流综合事务 became a second project before the alias existed.
    func testAliasMergeJoinsTheOCRDuplicateAndRecommendCountsItOnce() throws {
        let db = path("m.sqlite")
        let form = Self.packageRoot.appendingPathComponent("Scenarios/003_2df205466e1d5f98.txt").path
        let sample = Self.packageRoot.appendingPathComponent("Scenarios/sample-history.csv").path
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
