import Foundation
import XCTest

/// Data sources (jurisdictions) on the real binary: `budget import` names them, `--data-source` moves a
/// department, `budget projects` and `budget export` show them, and the export carries them to a new store.
final class DataSourceCommandTests: CLITestCase {
    var sample: String { Self.packageRoot.appendingPathComponent("Scenarios/sample-history.csv").path }
    func seed(_ name: String) -> String { Self.packageRoot.appendingPathComponent("Scenarios/\(name)").path }

    /// `budget projects --format csv`: project name → data_source.
    func dataSources(_ db: String) throws -> [String: String] {
        let result = try budget(["projects", "--db", db, "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = try XCTUnwrap(lines.first)
        let source = try XCTUnwrap(header.firstIndex(of: "data_source"), "no data_source column: \(header)")
        let project = try XCTUnwrap(header.firstIndex(of: "project"))
        return Dictionary(lines.dropFirst().map { ($0[project], $0[source]) }, uniquingKeysWith: { first, _ in first })
    }

    func canonical(department: String, projects: [String]) -> String {
        "department,unit,project,year,adjusted_budget,executed\n"
            + projects.map { "\(department),单位,\($0),2020,\"1,000.00\",900.00\n" }.joined()
    }

    func testACSVImportNamesTheDataSourceAfterTheFile() throws {
        let db = path("h.sqlite")
        XCTAssertEqual(try budget(["import", "--db", db, sample]).status, 0)
        let sources = try dataSources(db)
        XCTAssertEqual(sources.count, 9, "\(sources)")
        XCTAssertEqual(Set(sources.values), ["sample-history"], "the file's name without directory and extension")
        let json = try budget(["projects", "--db", db, "--format", "json"]).stdoutData
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
        XCTAssertEqual(Set(rows.compactMap { $0["data_source"] as? String }), ["sample-history"])
        let text = try budget(["projects", "--db", db]).stdout
        XCTAssertTrue(text.hasPrefix("data source: sample-history\n"), "one source is said once above the table:\n\(text)")

        let stem = try write(canonical(department: "Police", projects: ["Personnel"]), to: "san-diego.budget.csv")
        XCTAssertEqual(try budget(["import", "--db", db, stem]).status, 0)
        XCTAssertEqual(try dataSources(db)["Personnel"], "san-diego.budget", "only the last extension is dropped")
        let mixed = try budget(["projects", "--db", db]).stdout
        XCTAssertTrue(mixed.hasPrefix("data source  "), "two sources: a column\n\(mixed)")
        XCTAssertTrue(mixed.split(separator: "\n").contains { $0.hasPrefix("san-diego") && $0.contains("Police") }, mixed)
    }

    func testDataSourceOptionNamesNewDepartmentsAndMovesAnExistingOne() throws {
        let db = path("h.sqlite")
        let first = try write(canonical(department: "深圳市商务局", projects: ["甲", "乙"]), to: "a.csv")
        let created = try budget(["import", "--db", db, "--data-source", "深圳市", first])
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertEqual(try dataSources(db), ["甲": "深圳市", "乙": "深圳市"])

        // Another file without the option: the existing department keeps its data source.
        let second = try write(canonical(department: "深圳市商务局", projects: ["乙", "丙"]), to: "b.csv")
        let kept = try budget(["import", "--db", db, second])
        XCTAssertEqual(kept.status, 0, kept.stderr)
        XCTAssertFalse(kept.stderr.contains("data_source"), kept.stderr)
        XCTAssertEqual(try dataSources(db)["丙"], "深圳市")

        // Named explicitly, it moves, with a warning; nothing else changes.
        let moved = try budget(["import", "--db", db, "--data-source", "Shenzhen", second])
        XCTAssertEqual(moved.status, 0, moved.stderr)
        XCTAssertTrue(moved.stdout.contains("0 new, 0 updated, 2 unchanged"), moved.stdout)
        XCTAssertTrue(moved.stdout.contains("1 department moved to another data source"), moved.stdout)
        XCTAssertTrue(moved.stdout.contains("Saved to"), moved.stdout)
        XCTAssertTrue(moved.stderr.contains(
            "b.csv:2: warning: field 'data_source': department \"深圳市商务局\" moved from data source \"深圳市\" to data source \"Shenzhen\""),
            moved.stderr)
        XCTAssertEqual(try dataSources(db), ["甲": "Shenzhen", "乙": "Shenzhen", "丙": "Shenzhen"])
        XCTAssertTrue(try budget(["check", "--db", db]).stdout.contains("moved from data source"), "the warning is stored with the batch")

        // The same command again changes nothing, byte for byte.
        let before = try fileData("h.sqlite")
        let again = try budget(["import", "--db", db, "--data-source", "Shenzhen", second])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("no change"), again.stdout)
        XCTAssertEqual(try fileData("h.sqlite"), before)

        XCTAssertEqual(try budget(["import", "--db", db, "--data-source", " ", second]).status, 64)
        let help = try budget(["help", "import"]).stdout
        XCTAssertTrue(help.contains("--data-source <NAME>"), help)
        XCTAssertTrue(help.contains("forecasts never pool peers across data sources"), help)
    }

    func testAFormImportNamesTheDataSourceAfterItsDepartment() throws {
        // 003: 2020 self-evaluations whose 主管部门 is 深圳市商务局.
        let db = path("forms.sqlite")
        let result = try budget(["import", "--db", db, seed("003_2df205466e1d5f98.txt")])
        XCTAssertEqual(result.status, 0, result.stderr)
        let sources = try dataSources(db)
        XCTAssertEqual(sources.count, 9, "\(sources)")
        XCTAssertEqual(Set(sources.values), ["深圳市商务局"])
        // 000: 2020 target declarations, which print no 主管部门: the file's name.
        let declarations = try budget(["import", "--db", path("d.sqlite"), seed("000_546769cc8a0ec3c8.txt")])
        XCTAssertEqual(declarations.status, 0, declarations.stderr)
        XCTAssertEqual(Set(try dataSources(path("d.sqlite")).values), ["000_546769cc8a0ec3c8"])
        // --data-source wins over the form's 主管部门.
        let named = try budget(["import", "--db", path("n.sqlite"), "--data-source", "Shenzhen", seed("003_2df205466e1d5f98.txt")])
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertEqual(Set(try dataSources(path("n.sqlite")).values), ["Shenzhen"])
    }

    func testExportImportKeepsEveryDataSource() throws {
        let db = path("a.sqlite")
        XCTAssertEqual(try budget(["import", "--db", db, sample]).status, 0)
        let police = try write(canonical(department: "Police", projects: ["Personnel"]), to: "san-diego.csv")
        XCTAssertEqual(try budget(["import", "--db", db, police]).status, 0)
        XCTAssertEqual(try budget(["export", "--db", db, "--no-bom", "--out", path("first.csv")]).status, 0)
        let text = String(decoding: try fileData("first.csv"), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("department,unit,project,category,year,status,source,initial_budget,adjusted_budget,executed,"
            + "appropriation,carryover,other_funds,execution_score,total_score,requested,total_budget,prior_budget,prior_executed,"
            + "data_source\r\n"), text)
        XCTAssertTrue(text.contains("Police,单位,Personnel,,2020,closed,reported,,1000.00,900.00,,,,,,,,,,san-diego\r\n"), text)
        XCTAssertTrue(text.contains(",82694.30,230000.00,0.00,0.00,3.6,,,,,,sample-history\r\n"), text)

        // Imported into a new store, the rows keep their data sources (not the export file's name).
        let imported = try budget(["import", "--db", path("b.sqlite"), path("first.csv")])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(try dataSources(path("b.sqlite"))["Personnel"], "san-diego")
        XCTAssertEqual(try dataSources(path("b.sqlite"))["世贸事务管理-贸易摩擦应对事务"], "sample-history")
        XCTAssertEqual(try budget(["export", "--db", path("b.sqlite"), "--no-bom", "--out", path("second.csv")]).status, 0)
        XCTAssertEqual(try fileData("second.csv"), try fileData("first.csv"))

        // A data_source cell is explicit: it moves an existing department (the Chinese label works too).
        let moved = try write("主管部门,实施单位,项目名称,年度,全年执行数,数据来源\nPolice,单位,Personnel,2020,900.00,San Diego\n",
                              to: "moved.csv")
        let result = try budget(["import", "--db", path("b.sqlite"), moved])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("department \"Police\" moved from data source \"san-diego\" to data source \"San Diego\""),
                      result.stderr)
        XCTAssertEqual(try dataSources(path("b.sqlite"))["Personnel"], "San Diego")
    }
}
