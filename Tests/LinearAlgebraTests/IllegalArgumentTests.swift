import LinearAlgebra
import XCTest

/// LAPACK's reference xerbla_ would print a message and end the process with status 0 — which
/// would silently stop the test run. These tests check that our replacement is the one called.
final class IllegalArgumentTests: XCTestCase {
    /// Checked first (alphabetically): if this fails, the tests below would end the test process
    /// with status 0, which `swift test` reports as success.
    func testAAErrorHandlerOverridesLiblapack() {
        XCTAssertTrue(LAPACK.errorHandlerIsInstalled)
    }

    /// A 3 × 2 problem, column-major, with lda = 1 < m = 3: DGELSY must reject argument 5 (LDA).
    func testIllegalLeadingDimensionThrowsAndProcessContinues() {
        var a: [Double] = [1, 1, 1, 1, 2, 3]
        var b: [Double] = [1, 2, 2]
        var jpvt = [Int32](repeating: 0, count: 2)
        let callsBefore = LAPACK.errorHandlerCallsOnCurrentThread

        XCTAssertThrowsError(
            try LAPACK.dgelsy(m: 3, n: 2, nrhs: 1, a: &a, lda: 1, b: &b, ldb: 3,
                              jpvt: &jpvt, rcond: 1e-12)
        ) { error in
            XCTAssertEqual(error as? LinearAlgebraError,
                           .illegalArgument(routine: "DGELSY", position: 5))
        }
        // Still running, and our handler (not liblapack's) was called exactly once
        // (the workspace query is where DGELSY checks its arguments).
        XCTAssertEqual(LAPACK.errorHandlerCallsOnCurrentThread, callsBefore + 1)
        XCTAssertEqual(b, [1, 2, 2], "B must be untouched after an argument error")
    }

    func testIllegalLeadingDimensionOfB() {
        var a: [Double] = [1, 1, 1, 1, 2, 3]
        var b: [Double] = [1, 2, 2]
        var jpvt = [Int32](repeating: 0, count: 2)
        XCTAssertThrowsError(
            try LAPACK.dgelsy(m: 3, n: 2, nrhs: 1, a: &a, lda: 3, b: &b, ldb: 2,
                              jpvt: &jpvt, rcond: 1e-12)
        ) { error in
            XCTAssertEqual(error as? LinearAlgebraError,
                           .illegalArgument(routine: "DGELSY", position: 7))
        }
    }

    func testNegativeRowCount() {
        var a: [Double] = [1]
        var b: [Double] = [1]
        var jpvt: [Int32] = [0]
        XCTAssertThrowsError(
            try LAPACK.dgelsy(m: -1, n: 1, nrhs: 1, a: &a, lda: 1, b: &b, ldb: 1,
                              jpvt: &jpvt, rcond: 1e-12)
        ) { error in
            XCTAssertEqual(error as? LinearAlgebraError,
                           .illegalArgument(routine: "DGELSY", position: 1))
        }
    }

    /// After an argument error, the record is cleared and a valid call succeeds.
    func testValidCallAfterIllegalArgumentSucceeds() throws {
        var a: [Double] = [1, 1, 1, 1, 2, 3]
        var b: [Double] = [1, 2, 2]
        var jpvt = [Int32](repeating: 0, count: 2)
        XCTAssertThrowsError(
            try LAPACK.dgelsy(m: 3, n: 2, nrhs: 1, a: &a, lda: 1, b: &b, ldb: 3,
                              jpvt: &jpvt, rcond: 1e-12))

        // y = 1, 2, 2 at x = 1, 2, 3: least-squares line 2/3 + x/2, residuals 1/6, −1/3, 1/6.
        let rank = try LAPACK.dgelsy(m: 3, n: 2, nrhs: 1, a: &a, lda: 3, b: &b, ldb: 3,
                                     jpvt: &jpvt, rcond: 1e-12)
        XCTAssertEqual(rank, 2)
        XCTAssertEqual(b[0], 2.0 / 3.0, accuracy: 1e-14)
        XCTAssertEqual(b[1], 0.5, accuracy: 1e-14)

        let solution = try LeastSquares.solve(
            Matrix(rows: [[1, 1], [1, 2], [1, 3]]), [1, 2, 2])
        XCTAssertEqual(solution.rank, 2)
        XCTAssertEqual(solution.coefficients[0], 2.0 / 3.0, accuracy: 1e-14)
        XCTAssertEqual(solution.coefficients[1], 0.5, accuracy: 1e-14)
        XCTAssertEqual(solution.residualSumOfSquares, 1.0 / 6.0, accuracy: 1e-14)
    }

    /// An array too short for legal dimensions is caught before LAPACK can overrun it.
    func testShortArrayIsDimensionMismatchNotMemoryCorruption() {
        var a: [Double] = [1, 1, 1, 1, 2]  // needs 6
        var b: [Double] = [1, 2, 2]
        var jpvt = [Int32](repeating: 0, count: 2)
        XCTAssertThrowsError(
            try LAPACK.dgelsy(m: 3, n: 2, nrhs: 1, a: &a, lda: 3, b: &b, ldb: 3,
                              jpvt: &jpvt, rcond: 1e-12)
        ) { error in
            guard case .dimensionMismatch? = error as? LinearAlgebraError else {
                return XCTFail("expected dimensionMismatch, got \(error)")
            }
        }
    }
}
