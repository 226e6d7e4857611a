import XCTest

@testable import BudgetCore

final class MoneyTests: XCTestCase {
    func testZero() {
        XCTAssertEqual(Money.zero.plainText, "0.00")
        XCTAssertEqual(Money.zero.groupedText, "0.00")
        XCTAssertFalse(Money.zero.isNegative)
    }

    func testFiveFen() {
        XCTAssertEqual(Money(fen: 5).plainText, "0.05")
        XCTAssertEqual(Money(fen: 5).groupedText, "0.05")
    }

    func testMinusFiveFenKeepsItsSign() {
        XCTAssertEqual(Money(fen: -5).plainText, "-0.05")
        XCTAssertEqual(Money(fen: -5).groupedText, "-0.05")
        XCTAssertTrue(Money(fen: -5).isNegative)
    }

    func testOneHundredTwentyThreeFen() {
        XCTAssertEqual(Money(fen: 123).plainText, "1.23")
        XCTAssertEqual(Money(fen: 123).groupedText, "1.23")
    }

    func testOneMillionYuan() {
        XCTAssertEqual(Money(fen: 100_000_000).plainText, "1000000.00")
        XCTAssertEqual(Money(fen: 100_000_000).groupedText, "1,000,000.00")
    }

    func testGroupingBoundaries() {
        XCTAssertEqual(Money(fen: 99_999).groupedText, "999.99")
        XCTAssertEqual(Money(fen: 100_000).groupedText, "1,000.00")
        XCTAssertEqual(Money(fen: 8_269_430).groupedText, "82,694.30")
        XCTAssertEqual(Money(fen: 8_269_430).plainText, "82694.30")
        XCTAssertEqual(Money(fen: 194_810_165).groupedText, "1,948,101.65")
        XCTAssertEqual(Money(fen: -123_456_789).groupedText, "-1,234,567.89")
        XCTAssertEqual(Money(fen: -500).plainText, "-5.00")
        XCTAssertEqual(Money(fen: 10).plainText, "0.10")
    }

    func testExtremesFormatWithoutTrapping() {
        XCTAssertEqual(Money(fen: .max).groupedText, "92,233,720,368,547,758.07")
        XCTAssertEqual(Money(fen: .min).groupedText, "-92,233,720,368,547,758.08")
        XCTAssertEqual(Money(fen: .min).plainText, "-92233720368547758.08")
    }

    func testDescriptionIsGrouped() {
        XCTAssertEqual(Money(fen: 194_810_165).description, "1,948,101.65")
    }

    func testInitFromWholeYuan() {
        XCTAssertEqual(Money(yuan: 230_000).fen, 23_000_000)
        XCTAssertEqual(Money(yuan: -3).fen, -300)
    }

    func testArithmeticIsExact() {
        // 0.10 + 0.20 == 0.30 exactly (not so in Double).
        XCTAssertEqual(Money(fen: 10) + Money(fen: 20), Money(fen: 30))
        XCTAssertEqual(Money(fen: 10) - Money(fen: 20), Money(fen: -10))
        XCTAssertEqual(-Money(fen: 7), Money(fen: -7))
        var total = Money(fen: 1)
        total += Money(fen: 2)
        XCTAssertEqual(total, Money(fen: 3))
        XCTAssertLessThan(Money(fen: -1), Money.zero)
        XCTAssertGreaterThan(Money(fen: 2), Money(fen: 1))
    }

    func testSum() {
        // 82,694.30 + 1,948,101.65 + (-5.00) = 2,030,790.95
        let amounts = [Money(fen: 8_269_430), Money(fen: 194_810_165), Money(fen: -500)]
        XCTAssertEqual(amounts.sum(), Money(fen: 203_079_095))
        XCTAssertEqual(amounts.sum().groupedText, "2,030,790.95")
    }

    func testSumOfEmptyIsZero() {
        XCTAssertEqual([Money]().sum(), .zero)
    }

    func testSumOfTenThousandDimesIsExact() {
        // 10,000 × 0.10 元 = 1,000.00 元; a Double sum of 0.1 drifts.
        XCTAssertEqual(Array(repeating: Money(fen: 10), count: 10_000).sum(), Money(fen: 100_000))
    }

    func testSumAbove2To53IsExact() {
        // 2^53 fen + 1 fen: not representable as Double, exact as Int64.
        let big = Money(fen: 1 << 53)
        XCTAssertEqual([big, Money(fen: 1)].sum().fen, 9_007_199_254_740_993)
    }

    func testRatioIsNilOnZeroDenominator() {
        XCTAssertNil(Money(fen: 8_269_430).ratio(to: .zero))
        XCTAssertNil(Money.zero.ratio(to: .zero))
    }

    func testRatioOfExecutedToBudget() throws {
        // 82,694.30 / 230,000.00 = 8,269,430 / 23,000,000 = 826,943 / 2,300,000 = 0.359540434782608695…
        let ratio = try XCTUnwrap(Money(fen: 8_269_430).ratio(to: Money(fen: 23_000_000)))
        let numerator: Int64 = 826_943, denominator: Int64 = 2_300_000
        XCTAssertEqual(numerator * 10, 8_269_430)      // the reduced fraction is the same number
        XCTAssertEqual(denominator * 10, 23_000_000)
        XCTAssertEqual(ratio, Double(numerator) / Double(denominator), accuracy: 1e-12)
        XCTAssertEqual(ratio, 0.359540434782608695, accuracy: 1e-12)
        XCTAssertEqual(ratio, 0.35954, accuracy: 1e-5)
    }

    func testRatioKeepsSign() throws {
        XCTAssertEqual(try XCTUnwrap(Money(fen: -50).ratio(to: Money(fen: 200))), -0.25)
        XCTAssertEqual(try XCTUnwrap(Money.zero.ratio(to: Money(fen: 200))), 0)
    }

    func testYuanValue() {
        XCTAssertEqual(Money(fen: 8_269_430).yuanValue, 82_694.30, accuracy: 1e-9)
    }

    /// 万元 as the forms print: two decimals, half away from zero; worked by hand from the seeds' figures.
    func testTextInWan() {
        XCTAssertEqual(Money(fen: 8_269_430).text(in: .wan, grouping: true), "8.27")        // 82,694.30 元
        XCTAssertEqual(Money(fen: 194_810_165).text(in: .wan, grouping: true), "194.81")    // 1,948,101.65 元
        XCTAssertEqual(Money(fen: 205_063_332).text(in: .wan, grouping: false), "205.06")
        XCTAssertEqual(Money(fen: 50_000).text(in: .wan, grouping: false), "0.05")          // 500.00 元: exactly half up
        XCTAssertEqual(Money(fen: 49_999).text(in: .wan, grouping: false), "0.05")          // 499.99 元
        XCTAssertEqual(Money(fen: 49_999_999).text(in: .wan, grouping: false), "50.00")  // 499,999.99 元
        XCTAssertEqual(Money(fen: 4_999).text(in: .wan, grouping: false), "0.00")           // 49.99 元
        XCTAssertEqual(Money(fen: -5_000).text(in: .wan, grouping: false), "-0.01")         // −50 元: half away from zero
        XCTAssertEqual(Money(fen: -4_999).text(in: .wan, grouping: false), "0.00")          // no "-0.00"
        XCTAssertEqual(Money(fen: 123_456_789_012_345).text(in: .wan, grouping: true), "123,456,789.01")
        XCTAssertEqual(Money(fen: 8_269_430).text(in: .yuan, grouping: true), "82,694.30")
    }

    func testExactTextInWan() {
        XCTAssertEqual(Money(fen: 8_269_430).exactText(in: .wan), "8.269430")
        XCTAssertEqual(Money(fen: -1).exactText(in: .wan), "-0.000001")
        XCTAssertEqual(Money(fen: 23_000_000).exactText(in: .wan), "23.000000")
        XCTAssertEqual(Money(fen: 8_269_430).exactText(in: .yuan), "82694.30")
        XCTAssertEqual(Money(fen: 8_269_430).exactText(in: .thousand), "82.69430")
    }
}
