import BudgetCore
import Store
import XCTest

/// Every department belongs to one data source (jurisdiction): named by the import that creates it, moved only
/// by an explicit name, and '' in a store made before data sources were recorded.
final class DataSourceTests: StoreTestCase {
    func row(_ line: Int, department: String, unit: String = "单位", project: String, year: Int = 2020,
             executed: Int64 = 100, dataSource: DataSourceName? = nil) -> HistoryRow {
        var row = HistoryRow(line: line, department: department, unit: unit, project: project, year: year,
                             figures: AnnualFigures(adjustedBudget: yuan(200), executed: yuan(executed)))
        row.dataSource = dataSource
        return row
    }

    func dataSource(of project: String) throws -> String {
        try onlyHistory(project).project.dataSource
    }

    func testADepartmentTakesTheDataSourceOfTheImportThatCreatesIt() throws {
        try apply([row(2, department: "深圳市商务局", project: "甲"), row(3, department: "Police", project: "Personnel")],
                  file: "a.csv", dataSource: DataSourceName("sample-history"))
        XCTAssertEqual(try dataSource(of: "甲"), "sample-history")
        XCTAssertEqual(try dataSource(of: "Personnel"), "sample-history")
        // Another file's default name neither renames an existing department nor fails; a new one takes it.
        let second = try apply([row(2, department: "深圳市商务局", project: "乙"), row(3, department: "Fire", project: "Overtime")],
                               file: "b.csv", dataSource: DataSourceName("san-diego"))
        XCTAssertEqual(second.summary.inserted, 2)
        XCTAssertTrue(second.warnings.isEmpty, "\(second.warnings)")
        XCTAssertEqual(try dataSource(of: "乙"), "sample-history")
        XCTAssertEqual(try dataSource(of: "Overtime"), "san-diego")
        XCTAssertEqual(try store.dataSources(), ["sample-history", "san-diego"])
        XCTAssertEqual(try sqlite("SELECT name, data_source FROM department ORDER BY id"),
                       "|\n深圳市商务局|sample-history\nPolice|sample-history\nFire|san-diego\n",
                       "the \"not given\" department holds no project and keeps no name")
    }

    func testTheDepartmentNotGivenIsNamedByTheFirstImportThatUsesIt() throws {
        try apply([row(2, department: "", unit: "", project: "甲")], dataSource: DataSourceName("requests"))
        XCTAssertEqual(try dataSource(of: "甲"), "requests")
        try apply([row(2, department: "", unit: "", project: "乙")], dataSource: DataSourceName("other"))
        XCTAssertEqual(try dataSource(of: "乙"), "requests", "an existing department keeps its data source")
    }

    func testAnExplicitNameMovesAnExistingDepartmentWithAWarning() throws {
        let rows = [row(2, department: "深圳市商务局", project: "甲"), row(3, department: "深圳市商务局", project: "乙", year: 2019)]
        try apply(rows, file: "a.csv", dataSource: DataSourceName("a"))
        let moved = try apply(rows, file: "a.csv", dataSource: DataSourceName("深圳", isExplicit: true))
        XCTAssertEqual(moved.summary.unchanged, 2)
        XCTAssertEqual(moved.summary.dataSourceMoves, 1)
        XCTAssertTrue(moved.summary.changedSomething)
        XCTAssertNotNil(moved.summary.batchID, "a move is a change: the batch is recorded")
        XCTAssertEqual(moved.warnings.map(\.message), ["department \"深圳市商务局\" moved from data source \"a\" to data source \"深圳\""])
        XCTAssertEqual(moved.warnings.first?.field, "data_source")
        XCTAssertEqual(moved.warnings.first?.line, 2)
        XCTAssertEqual(try dataSource(of: "甲"), "深圳")
        XCTAssertEqual(try dataSource(of: "乙"), "深圳")
        // The same explicit name again changes nothing; the file's default name does not move it back.
        let again = try apply(rows, file: "a.csv", dataSource: DataSourceName("深圳", isExplicit: true))
        XCTAssertFalse(again.summary.changedSomething)
        XCTAssertTrue(again.warnings.isEmpty)
        let byDefault = try apply(rows, file: "a.csv", dataSource: DataSourceName("a"))
        XCTAssertFalse(byDefault.summary.changedSomething)
        XCTAssertEqual(try dataSource(of: "甲"), "深圳")
    }

    func testARowsOwnNameWinsAndTwoExplicitNamesForOneDepartmentAreRejected() throws {
        let applied = try apply([
            row(2, department: "Police", project: "Personnel", dataSource: DataSourceName("San Diego", isExplicit: true)),
            row(3, department: "深圳市商务局", project: "甲"),
            row(4, department: "Police", project: "Non-Personnel", dataSource: DataSourceName("San Diego", isExplicit: true)),
            row(5, department: "Police", project: "Overtime", dataSource: DataSourceName("Chula Vista", isExplicit: true)),
        ], file: "mixed.csv", dataSource: DataSourceName("mixed"))
        XCTAssertEqual(applied.rejections.map(\.field), ["data_source"])
        XCTAssertEqual(applied.rejections.first?.message,
                       "department \"Police\" is in data source \"San Diego\" on line 2; this row says \"Chula Vista\"")
        XCTAssertEqual(try dataSource(of: "Personnel"), "San Diego")
        XCTAssertEqual(try dataSource(of: "甲"), "mixed")
        XCTAssertEqual(try store.histories(of: store.findProjects(named: "Overtime")).flatMap(\.years).count, 0,
                       "the rejected row wrote no figures")
    }

    func testProjectRefsCarryTheDataSourceInEveryQuery() throws {
        try apply([row(2, department: "深圳市商务局", project: "甲")], dataSource: DataSourceName("深圳"))
        try apply([row(2, department: "Police", project: "Personnel")], dataSource: DataSourceName("san-diego"))
        XCTAssertEqual(try store.projects().map(\.dataSource), ["san-diego", "深圳"], "ordered by department: Police, 深圳市商务局")
        XCTAssertEqual(try store.projects(department: "深圳").map(\.dataSource), ["深圳"])
        XCTAssertEqual(try store.findProjects(named: "Personnel").map(\.dataSource), ["san-diego"])
        var exported: [String: String] = [:]
        try store.forEachProjectYear { project, _ in exported[project.name] = project.dataSource }
        XCTAssertEqual(exported, ["甲": "深圳", "Personnel": "san-diego"])
    }

    func testAStoreFromBeforeDataSourcesMigratesWithTheUnnamedSource() throws {
        try apply([row(2, department: "深圳市商务局", project: "甲")], dataSource: DataSourceName("深圳"))
        // Turn the file back into a v4 store (no data_source column, v5 not applied), independently of GRDB.
        _ = try sqlite("""
            ALTER TABLE department DROP COLUMN data_source;
            DELETE FROM grdb_migrations WHERE identifier LIKE 'v5:%';
            """)
        XCTAssertEqual(try sqlite("SELECT count(*) FROM pragma_table_info('department') WHERE name = 'data_source'"), "1\n",
                       "reopening the store migrated it again")
        XCTAssertEqual(try store.schemaVersion(), "v6: material findings")
        XCTAssertEqual(try dataSource(of: "甲"), "")
        XCTAssertEqual(try store.dataSources(), [""])
        // The next import's default name leaves the existing department in the unnamed source.
        try apply([row(2, department: "深圳市商务局", project: "乙")], file: "later.csv", dataSource: DataSourceName("later"))
        XCTAssertEqual(try dataSource(of: "乙"), "")
    }
}
