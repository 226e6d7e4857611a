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
