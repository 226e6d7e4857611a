import XCTest

final class DoctorTests: CLITestCase {
    /// Reference LAPACK's xerbla_ would end the process with status 0 on the illegal call `doctor` makes;
    /// the line reporting the error (and the exit status 0 with everything after it) proves it returned.
    func testDoctorSurvivesLAPACKIllegalArgument() throws {
        let result = try budget(["doctor", "--db", path("d.sqlite")])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("LAPACK least squares (DGELSY): ok"), result.stdout)
        XCTAssertTrue(result.stdout.contains("LAPACK illegal-argument path: ok, returns an error"), result.stdout)
        XCTAssertTrue(result.stdout.contains("DGELSY"), result.stdout)
        XCTAssertTrue(result.stdout.contains("5"), result.stdout)
    }

    func testHistoryOfUnknownProjectExitsThree() throws {
        let file = try write("project,year,executed\nA,2019,1\n", to: "a.csv")
        XCTAssertEqual(try budget(["import", "--db", path("h.sqlite"), file]).status, 0)
        let result = try budget(["history", "--db", path("h.sqlite"), "不存在的项目"])
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stderr.contains("no project matches"), result.stderr)
    }
}

final class AliasCommandTests: CLITestCase {
    func testAliasLetsAShorterNameFindAndImportIntoTheSameProject() throws {
        let first = try write("""
            unit,project,year,adjusted_budget,executed
            深圳市商务发展促进中心,世贸事务管理-贸易摩擦应对事务,2020,"230,000.00","82,694.30"
            """, to: "2020.csv")
        XCTAssertEqual(try budget(["import", "--db", path("h.sqlite"), first]).status, 0)
        let added = try budget(["alias", "--db", path("h.sqlite"), "世贸事务管理-贸易摩擦应对事务", "贸易摩擦应对事务"])
        XCTAssertEqual(added.status, 0, added.stderr)
        // A later form uses the short name: it lands on the same project.
        let second = try write("""
            unit,project,year,adjusted_budget,executed
            深圳市商务发展促进中心,贸易摩擦应对事务,2021,"200,000.00","150,000.00"
            """, to: "2021.csv")
        XCTAssertEqual(try budget(["import", "--db", path("h.sqlite"), second]).status, 0)
        let history = try budget(["history", "--db", path("h.sqlite"), "贸易摩擦应对事务", "--format", "csv"])
        XCTAssertEqual(history.status, 0, history.stderr)
        XCTAssertEqual(history.stdout.split(separator: "\r\n").count, 3, "header + 2020 + 2021: \(history.stdout)")
        let list = try budget(["alias", "--db", path("h.sqlite"), "世贸事务管理-贸易摩擦应对事务"])
        XCTAssertEqual(list.stdout, "贸易摩擦应对事务\n")
    }

    func testAliasThatNamesAnotherProjectIsRefused() throws {
        let file = try write("unit,project,year,executed\nU,甲,2020,1\nU,乙,2020,2\n", to: "a.csv")
        XCTAssertEqual(try budget(["import", "--db", path("h.sqlite"), file]).status, 0)
        let refused = try budget(["alias", "--db", path("h.sqlite"), "甲", "乙"])
        XCTAssertEqual(refused.status, 3)
        XCTAssertTrue(refused.stderr.contains("already names the project \"乙\""), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("`budget alias --merge \"甲\" \"乙\"` folds it into this one"), "the way out: \(refused.stderr)")
    }
}
