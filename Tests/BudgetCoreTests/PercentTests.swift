import XCTest

@testable import BudgetCore

/// `Percent.text` rounds `ratio × 1000` (tenths of a percent) with `.toNearestOrAwayFromZero`.
final class PercentTests: XCTestCase {
    func testTypicalExecutionRate() {
        // 35.954 % → 36.0 %
        XCTAssertEqual(Percent.text(0.35954), "36.0%")
    }

    func testSmallRateRoundsUpToOneTenth() {
        XCTAssertEqual(Percent.text(0.0005), "0.1%")
    }

    func testFullExecution() {
        XCTAssertEqual(Percent.text(1.0), "100.0%")
        XCTAssertEqual(Percent.text(1.5), "150.0%")
    }

    func testDecimalHalfTenthLiteralRoundsUp() {
        XCTAssertEqual(Percent.text(0.8635), "86.4%")
        XCTAssertEqual(Percent.text(0.0045), "0.5%")
    }

    func testBelowHalfTenthRoundsDown() {
        XCTAssertEqual(Percent.text(0.86349), "86.3%")
        XCTAssertEqual(Percent.text(0.0004), "0.0%")
    }

    func testZero() {
        XCTAssertEqual(Percent.text(0), "0.0%")
    }

    func testExactBinaryHalfRoundsAwayFromZero() {
        // 1/16 = 0.0625 and 3/16 = 0.1875 are exact in binary: 62.5 and 187.5 tenths, exact halves.
        XCTAssertEqual(Percent.text(1.0 / 16.0), "6.3%")
        XCTAssertEqual(Percent.text(3.0 / 16.0), "18.8%")
        XCTAssertEqual(Percent.text(1.0 / 8.0), "12.5%")
    }

    func testNegativeExactHalfRoundsAwayFromZero() {
        XCTAssertEqual(Percent.text(-1.0 / 16.0), "-6.3%")
        XCTAssertEqual(Percent.text(-0.25), "-25.0%")
    }

    func testLargeRate() {
        // 2,345.678 % → 2,345.7 % (no grouping).
        XCTAssertEqual(Percent.text(23.45678), "2345.7%")
    }
}

/// Bugs found by review: exact halves that binary floating point holds just below the half, and huge ratios.
final class PercentEdgeTests: XCTestCase {
    func testRatioOfAmountsExactlyHalfwayRoundsUp() {
        // 1,001 fen of 2,000 fen is exactly 50.05 %; every k/2000 for odd k is an exact half of a tenth.
        XCTAssertEqual(Percent.text(Money(fen: 1_001).ratio(to: Money(fen: 2_000))!), "50.1%")
        for k in stride(from: 1, to: 4_000, by: 2) {
            let expectedTenths = (k + 1) / 2 // k/2000 = (k/2) tenths of a percent; halves round up
            let text = Percent.text(Double(k) / 2_000)
            XCTAssertEqual(text, "\(expectedTenths / 10).\(expectedTenths % 10)%", "k = \(k)")
        }
    }

    func testHugeAndNonFiniteRatiosDoNotCrash() {
        XCTAssertEqual(Percent.text(1e16), "1e+18%")
        XCTAssertEqual(Percent.text(.nan), "n/a")
        XCTAssertEqual(Percent.text(.infinity), "n/a")
        let figures = AnnualFigures(adjustedBudget: Money(fen: 1), executed: Money(fen: 10_000_000_000_000_000))
        XCTAssertTrue(FigureChecks.warnings(for: figures).contains { $0.message.hasPrefix("execution rate 1e+18% is over 150.0%") })
    }
}
