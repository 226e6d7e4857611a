import Foundation
import LinearAlgebra
import XCTest

/// Multi-column problems solved by numpy.linalg.lstsq (SVD) — see Fixtures/make_fixtures.py,
/// which also computes the exact solution of the stored data in rational arithmetic.
final class NumpyComparisonTests: XCTestCase {
    struct Fixture: Decodable {
        struct Case: Decodable {
            var name: String
            var a_rows: [[Double]]
            var b: [Double]
            var solution: [Double]
            var fitted: [Double]
            var rank: Int
            var residual_sum_of_squares: Double
            var exact_solution: [Double]?
            var exact_residual_sum_of_squares: Double?
        }
        var numpy_version: String
        var cases: [Case]
    }

    private func fixtureCase(_ name: String) throws -> Fixture.Case {
        let data = try Data(contentsOf: fixtureURL("lstsq_numpy.json"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: data)
        XCTAssertFalse(fixture.numpy_version.isEmpty)
        return try XCTUnwrap(fixture.cases.first { $0.name == name }, "no case \(name)")
    }

    private func assertRelativelyClose(
        _ actual: [Double], _ expected: [Double], tolerance: Double, _ what: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(actual.count, expected.count, what, file: file, line: line)
        for (k, (x, e)) in zip(actual, expected).enumerated() {
            XCTAssertLessThanOrEqual(abs(x - e), tolerance * abs(e),
                                     "\(what)[\(k)]: \(x) vs \(e)", file: file, line: line)
        }
    }

    /// Well-conditioned 15 × 3: agree with numpy to 1e-10 relative, componentwise.
    func testWellScaledMatchesNumpy() throws {
        let c = try fixtureCase("well_scaled_15x3")
        let solution = try LeastSquares.solve(Matrix(rows: c.a_rows), c.b)
        XCTAssertEqual(solution.rank, c.rank)
        assertRelativelyClose(solution.coefficients, c.solution, tolerance: 1e-10, "x")
        assertRelativelyClose([solution.residualSumOfSquares], [c.residual_sum_of_squares],
                              tolerance: 1e-10, "RSS")
        assertRelativelyClose(solution.coefficients, try XCTUnwrap(c.exact_solution),
                              tolerance: 1e-12, "x vs exact")
    }

    /// 12 × 4 with column scales from 1e-3 to 1e5 (raw condition ≈ 3e7, ≈ 8 after scaling).
    /// numpy's unscaled SVD solution is only good to ≈ 3e-10 here, so the coefficients are
    /// compared with the exact solution (1e-12) and with numpy at 1e-9.
    func testBadlyScaledMatchesExactSolution() throws {
        let c = try fixtureCase("full_rank_12x4_badly_scaled")
        let solution = try LeastSquares.solve(Matrix(rows: c.a_rows), c.b)
        XCTAssertEqual(solution.rank, c.rank)
        assertRelativelyClose(solution.coefficients, try XCTUnwrap(c.exact_solution),
                              tolerance: 1e-12, "x vs exact")
        assertRelativelyClose(solution.coefficients, c.solution, tolerance: 1e-9, "x vs numpy")
        assertRelativelyClose([solution.residualSumOfSquares], [c.residual_sum_of_squares],
                              tolerance: 1e-10, "RSS")
    }

    /// Rank-deficient 10 × 4 (column 3 = column 0 + 2·column 1): same rank, RSS and fitted values
    /// as numpy (the minimum-norm coefficients themselves differ because our norm is scaled).
    func testRankDeficientMatchesNumpyRankAndFit() throws {
        let c = try fixtureCase("rank_deficient_10x4")
        let a = try Matrix(rows: c.a_rows)
        let solution = try LeastSquares.solve(a, c.b)
        XCTAssertEqual(c.rank, 3)
        XCTAssertEqual(solution.rank, 3)
        let fitted = (0..<a.rows).map { i in
            (0..<a.columns).reduce(0.0) { $0 + a[i, $1] * solution.coefficients[$1] }
        }
        assertRelativelyClose(fitted, c.fitted, tolerance: 1e-10, "fitted")
        assertRelativelyClose([solution.residualSumOfSquares], [c.residual_sum_of_squares],
                              tolerance: 1e-10, "RSS")
    }

    /// numpy's lstsq is an SVD solver (gelsd): on the rank-deficient case its minimum-norm solution itself
    /// must match, not only the fit.
    func testSVDSolverMatchesNumpysMinimumNormSolution() throws {
        for name in ["rank_deficient_10x4", "well_scaled_15x3"] {
            guard let c = try? fixtureCase(name) else { continue }
            let solution = try LeastSquares.solveBySVD(try Matrix(rows: c.a_rows), c.b)
            XCTAssertEqual(solution.rank, c.rank, name)
            assertRelativelyClose(solution.coefficients, c.solution, tolerance: 1e-10, "\(name) minimum-norm solution")
            assertRelativelyClose([solution.residualSumOfSquares], [c.residual_sum_of_squares], tolerance: 1e-9, "\(name) RSS")
        }
    }
}
