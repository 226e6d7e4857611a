import LinearAlgebra
import XCTest

final class MatrixAndSolverTests: XCTestCase {
    func testLayoutIsColumnMajor() throws {
        let m = try Matrix(rows: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(m.rows, 2)
        XCTAssertEqual(m.columns, 3)
        XCTAssertEqual(m.elements, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(m[1, 2], 6)
        XCTAssertEqual(m.column(1), [2, 5])
        XCTAssertEqual(m, try Matrix(columns: [[1, 4], [2, 5], [3, 6]]))
        var z = Matrix(rows: 2, columns: 2, repeating: 0)
        z[0, 1] = 7
        XCTAssertEqual(z.elements, [0, 0, 7, 0])
    }

    /// Exactly aliased column (x2 = 2·x1) is detected: rank 1 of 2, fit still exact.
    func testAliasedColumnLowersRank() throws {
        let a = try Matrix(rows: [[1, 2], [2, 4], [3, 6], [4, 8]])
        let s = try LeastSquares.solve(a, [2, 4, 6, 8])
        XCTAssertEqual(s.rank, 1)
        XCTAssertEqual(s.residualSumOfSquares, 0, accuracy: 1e-24)
        XCTAssertEqual(s.coefficients[0] + 2 * s.coefficients[1], 2, accuracy: 1e-14)
    }

    /// Column scaling by powers of two is exact: multiplying a column by 2^±500 (where unscaled
    /// norms of the other column would be negligible or overflow-prone) gives bit-for-bit the same
    /// answer, with that coefficient divided by the same power.
    func testPowerOfTwoColumnScalesGiveIdenticalAnswer() throws {
        let x: [Double] = [1, 2, 3, 4, 5]
        let y: [Double] = [2.1, 3.9, 6.2, 7.8, 10.1]
        let ones = [Double](repeating: 1, count: 5)
        let base = try LeastSquares.solve(Matrix(columns: [ones, x]), y)
        XCTAssertEqual(base.rank, 2)
        for k in [-500, 500] {
            let unit = Double(sign: .plus, exponent: k, significand: 1)
            let scaled = try LeastSquares.solve(Matrix(columns: [ones, x.map { $0 * unit }]), y)
            XCTAssertEqual(scaled.rank, 2)
            XCTAssertEqual(scaled.coefficients[0], base.coefficients[0])
            XCTAssertEqual(scaled.coefficients[1] * unit, base.coefficients[1])
            XCTAssertEqual(scaled.residualSumOfSquares, base.residualSumOfSquares)
        }
    }

    /// Non-power-of-ten units (1e±150): same fit up to rounding of the rescaled data.
    func testExtremeColumnScales() throws {
        let x: [Double] = [1, 2, 3, 4, 5]
        let y: [Double] = [2.1, 3.9, 6.2, 7.8, 10.1]
        let ones = [Double](repeating: 1, count: 5)
        let base = try LeastSquares.solve(Matrix(columns: [ones, x]), y)
        for unit in [1e-150, 1e150] {
            let scaled = try LeastSquares.solve(Matrix(columns: [ones, x.map { $0 * unit }]), y)
            XCTAssertEqual(scaled.rank, 2)
            // The intercept (0.05) is small next to ‖y‖ ≈ 15, so compare it on the scale of the fit.
            XCTAssertEqual(scaled.coefficients[0], base.coefficients[0], accuracy: 1e-13)
            XCTAssertEqual(scaled.coefficients[1] * unit, base.coefficients[1],
                           accuracy: 1e-13 * abs(base.coefficients[1]))
        }
    }
}
