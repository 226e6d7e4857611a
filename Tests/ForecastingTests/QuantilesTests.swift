import XCTest
@testable import Forecasting

/// Split-conformal ranks: low = ⌊(n+1)·α/2⌋, high = ⌈(n+1)·(1−α/2)⌉ (1-based, clamped to 1…n), α = 1 − level.
/// The sorted values are 1…n so that the bound *is* the rank.
final class QuantilesTests: XCTestCase {
    func bounds(n: Int, level: Double) -> (low: Double, high: Double) {
        Quantiles.centralBounds(sorted: (1...n).map(Double.init), level: level)
    }

    func testRanksThatAreNotIntegers() {
        // n = 10, 0.8: 11·0.1 = 1.1 → 1, 11·0.9 = 9.9 → 10
        XCTAssertTrue(bounds(n: 10, level: 0.8) == (1, 10))
        // n = 100, 0.8: 101·0.1 = 10.1 → 10, 101·0.9 = 90.9 → 91
        XCTAssertTrue(bounds(n: 100, level: 0.8) == (10, 91))
        // n = 9, 0.9: 10·0.05 = 0.5 → 0 → clamped to 1; 10·0.95 = 9.5 → 10 → clamped to 9
        XCTAssertTrue(bounds(n: 9, level: 0.9) == (1, 9))
        // n = 50, 0.9: 51·0.05 = 2.55 → 2, 51·0.95 = 48.45 → 49
        XCTAssertTrue(bounds(n: 50, level: 0.9) == (2, 49))
        // n = 9, 0.5: 10·0.25 = 2.5 → 2, 10·0.75 = 7.5 → 8
        XCTAssertTrue(bounds(n: 9, level: 0.5) == (2, 8))
    }

    func testIntegerRanksWithExactArithmetic() {
        // 0.5 has α/2 = 0.25 exactly: n = 19 → 20·0.25 = 5, 20·0.75 = 15; n = 99 → 25, 75.
        XCTAssertTrue(bounds(n: 19, level: 0.5) == (5, 15))
        XCTAssertTrue(bounds(n: 99, level: 0.5) == (25, 75))
        // The brief's example n = 9, 0.8: ⌊10·0.1⌋ = 1 and ⌈10·0.9⌉ = 9 → the extremes.
        XCTAssertTrue(bounds(n: 9, level: 0.8) == (1, 9))
    }

    /// (n+1)·α/2 an integer at the usual levels 0.8 and 0.9: the ranks are exact integers and must not move.
    /// n = 99, 0.8: ⌊100·0.1⌋ = 10, ⌈100·0.9⌉ = 90.
    /// n = 399, 0.8: ⌊400·0.1⌋ = 40, ⌈400·0.9⌉ = 360.
    /// n = 39, 0.9: ⌊40·0.05⌋ = 2, ⌈40·0.95⌉ = 38.
    /// n = 199, 0.9: ⌊200·0.05⌋ = 10, ⌈200·0.95⌉ = 190.
    /// In binary, 1 − 0.8 = 0.19999999999999996 so (n+1)·α/2 lands just below the integer
    /// (100 · 0.09999999999999998 = 9.999999999999998) and the floor loses one rank.
    func testIntegerRanksAtUsualLevels() {
        XCTAssertTrue(bounds(n: 99, level: 0.8) == (10, 90), "\(bounds(n: 99, level: 0.8))")
        XCTAssertTrue(bounds(n: 399, level: 0.8) == (40, 360), "\(bounds(n: 399, level: 0.8))")
        XCTAssertTrue(bounds(n: 39, level: 0.9) == (2, 38), "\(bounds(n: 39, level: 0.9))")
        XCTAssertTrue(bounds(n: 199, level: 0.9) == (10, 190), "\(bounds(n: 199, level: 0.9))")
    }

    func testClampingForTinyN() {
        // n = 1: both ranks clamp to the one value.
        XCTAssertTrue(Quantiles.centralBounds(sorted: [3.5], level: 0.8) == (3.5, 3.5))
        // n = 2, 0.8: 3·0.1 = 0.3 → 0 → 1; 3·0.9 = 2.7 → 3 → 2.
        XCTAssertTrue(bounds(n: 2, level: 0.8) == (1, 2))
        // n = 3, 0.5: 4·0.25 = 1, 4·0.75 = 3 → the extremes without clamping.
        XCTAssertTrue(bounds(n: 3, level: 0.5) == (1, 3))
        // n = 4, 0.2: α/2 = 0.4, 5·0.4 = 2 → 2; 5·0.6 = 3 → 3 (both exact in binary here).
        XCTAssertTrue(bounds(n: 4, level: 0.2) == (2, 3))
    }

    func testBoundsAreOrderStatisticsOfTheGivenValues() {
        // Unequal spacing: the bound is the value at the rank, not an interpolation.
        let sorted = [-4.0, -1, 0, 0.5, 2, 7, 9, 30, 100, 101]  // n = 10, 0.8 → ranks 1 and 10
        XCTAssertTrue(Quantiles.centralBounds(sorted: sorted, level: 0.8) == (-4, 101))
        // 0.5 → 11·0.25 = 2.75 → 2, 11·0.75 = 8.25 → 9
        XCTAssertTrue(Quantiles.centralBounds(sorted: sorted, level: 0.5) == (-1, 100))
    }

    func testMedian() {
        XCTAssertEqual(Quantiles.median([3, 1, 2]), 2)
        XCTAssertEqual(Quantiles.median([4, 1, 3, 2]), 2.5)
        XCTAssertEqual(Quantiles.median([5]), 5)
        XCTAssertTrue(Quantiles.median([]).isNaN)
    }
}
