import LinearAlgebra
import XCTest

final class ValidationTests: XCTestCase {
    private func assertThrows(
        _ expected: (LinearAlgebraError) -> Bool, _ body: () throws -> some Any,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let error = error as? LinearAlgebraError, expected(error) else {
                return XCTFail("unexpected error \(error)", file: file, line: line)
            }
            XCTAssertFalse(error.description.isEmpty)
        }
    }

    private func isDimensionMismatch(_ e: LinearAlgebraError) -> Bool {
        if case .dimensionMismatch = e { return true } else { return false }
    }

    private func isNonFinite(_ e: LinearAlgebraError) -> Bool {
        if case .nonFinite = e { return true } else { return false }
    }

    func testRightHandSideLengthMismatch() throws {
        let a = try Matrix(rows: [[1, 1], [1, 2], [1, 3]])
        assertThrows(isDimensionMismatch) { try LeastSquares.solve(a, [1, 2]) }
        assertThrows(isDimensionMismatch) { try LeastSquares.solve(a, [1, 2, 3, 4]) }
    }

    func testEmptyMatrix() {
        assertThrows(isDimensionMismatch) {
            try LeastSquares.solve(Matrix(rows: 0, columns: 2), [])
        }
        assertThrows(isDimensionMismatch) {
            try LeastSquares.solve(Matrix(rows: 3, columns: 0), [1, 2, 3])
        }
    }

    func testRaggedRowsAndColumns() {
        assertThrows(isDimensionMismatch) { try Matrix(rows: [[1, 2], [3]]) }
        assertThrows(isDimensionMismatch) { try Matrix(columns: [[1, 2], [3]]) }
        assertThrows(isDimensionMismatch) { try Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 3]) }
    }

    func testNaNInMatrix() throws {
        let a = try Matrix(rows: [[1, 1], [1, .nan], [1, 3]])
        assertThrows({ $0 == .nonFinite("A[1, 1] is nan") }) { try LeastSquares.solve(a, [1, 2, 3]) }
    }

    func testNaNAndInfinityInRightHandSide() throws {
        let a = try Matrix(rows: [[1, 1], [1, 2], [1, 3]])
        assertThrows({ $0 == .nonFinite("b[2] is nan") }) { try LeastSquares.solve(a, [1, 2, .nan]) }
        assertThrows(isNonFinite) { try LeastSquares.solve(a, [1, -.infinity, 3]) }
    }

    func testBadRankTolerance() throws {
        let a = try Matrix(rows: [[1, 1], [1, 2], [1, 3]])
        assertThrows(isNonFinite) { try LeastSquares.solve(a, [1, 2, 3], rankTolerance: .nan) }
        assertThrows({ $0 == .illegalArgument(routine: "LeastSquares.solve", position: 3) }) {
            try LeastSquares.solve(a, [1, 2, 3], rankTolerance: -1)
        }
    }
}
