import XCTest

@testable import BudgetCore

/// Expected fen values are worked out by hand: 元 × 100, and for 万元 / 千元 × 10,000 / × 1,000 first.
final class AmountParserTests: XCTestCase {
    // MARK: Plain and grouped amounts

    func testGroupedAmountWithTwoDecimals() {
        assertAmount("82,694.30", fen: 8_269_430)
    }

    func testGroupedAmountWithSeveralGroups() {
        assertAmount("1,948,101.65", fen: 194_810_165)
    }

    func testUngroupedAmountWithTwoDecimals() {
        assertAmount("56000.00", fen: 5_600_000)
    }

    func testUngroupedAmountWithOneDecimal() {
        assertAmount("1491031.0", fen: 149_103_100)
    }

    func testIntegerAmountAndSmallAmounts() {
        assertAmount("100", fen: 10_000)
        assertAmount("0", fen: 0)
        assertAmount("0.05", fen: 5)
        assertAmount("0.5", fen: 50)
        assertAmount(".5", fen: 50)
        assertAmount("1,000", fen: 100_000)
    }

    func testSurroundingSpacesAndTabsAreIgnored() {
        assertAmount(" 82,694.30 ", fen: 8_269_430)
        assertAmount("\t56000.00\t", fen: 5_600_000)
    }

    func testLeadingZerosDoNotCountTowardsTheDigitLimit() {
        // 20 digits written, only 4 significant.
        assertAmount("0000000000000000012.34", fen: 1_234)
    }

    func testExplicitPlusSign() {
        assertAmount("+5", fen: 500)
    }

    // MARK: Zero marks and unknown

    func testDashMarksAreZero() {
        for mark in ["-", "—", "–", "－", "--", "−", " - "] {
            assertAmount(mark, fen: 0)
        }
    }

    func testDashMarkIsAValueNotUnknown() throws {
        XCTAssertEqual(try AmountParser.parse("—"), .value(.zero, rounded: false))
        XCTAssertEqual(try AmountParser.parse("—").money, Money(fen: 0))
    }

    func testBlankNoneAndNotApplicableAreUnknownNotZero() throws {
        for text in ["", "无", "N/A", "n/a", "NA", "   ", " 无 ", "Ｎ／Ａ", "/"] {
            assertUnknown(text)
        }
        XCTAssertNil(try AmountParser.parse("").money)
        XCTAssertNil(try AmountParser.parse("无").money)
        XCTAssertNotEqual(try AmountParser.parse(""), .value(.zero, rounded: false))
    }

    // MARK: Negatives

    func testParenthesesMeanNegative() {
        assertAmount("(1,000.00)", fen: -100_000)
    }

    func testLeadingMinusMeansNegative() {
        assertAmount("-1,000.00", fen: -100_000)
        assertAmount("-0.05", fen: -5)
    }

    func testParenthesesAndMinusTogetherAreAnError() {
        assertParseError("(-1,000.00)", reasonContains: "two signs")
    }

    func testEmptyParenthesesAreAnError() {
        assertParseError("()", reasonContains: "no digits")
        assertParseError("+", reasonContains: "no digits")
    }

    // MARK: Full-width text

    func testFullWidthDigitsAndPoint() {
        assertAmount("１２３.４５", fen: 12_345)
        assertAmount("１２３．４５", fen: 12_345)
    }

    func testFullWidthComma() {
        assertAmount("１，２３４", fen: 123_400)
    }

    func testFullWidthMinusAndBracketsAreNegative() {
        assertAmount("－1,000.00", fen: -100_000)
        assertAmount("（1,000.00）", fen: -100_000)
    }

    func testFullWidthSpacesAroundAreIgnored() {
        assertAmount("\u{3000}82,694.30\u{3000}", fen: 8_269_430)
    }

    // MARK: Units

    func testWanConvertsExactly() {
        // 5.6 万元 = 56,000.00 元 = 5,600,000 fen; no binary fraction involved.
        assertAmount("5.6", unit: .wan, fen: 5_600_000)
        // Must equal the same amount written in 元.
        XCTAssertEqual(parsedFen("5.6", unit: .wan)?.fen, parsedFen("56,000.00")?.fen)
    }

    func testWanWithFiveDecimalsConvertsExactly() {
        // 1.23456 万元 = 12,345.60 元.
        assertAmount("1.23456", unit: .wan, fen: 1_234_560, rounded: false)
    }

    func testThousandConvertsExactly() {
        // 2.5 千元 = 2,500.00 元.
        assertAmount("2.5", unit: .thousand, fen: 250_000)
        assertAmount("1,000", unit: .thousand, fen: 100_000_000)
    }

    func testWanBelowOneFenIsRounded() {
        // 0.000001 万元 = 0.01 元 exactly; 0.0000005 万元 = 0.005 元 → 0.01 元, rounded.
        assertAmount("0.000001", unit: .wan, fen: 1, rounded: false)
        assertAmount("0.0000005", unit: .wan, fen: 1, rounded: true)
        // 1.12345678 万元 = 11,234.5678 元 → 11,234.57 元.
        assertAmount("1.12345678", unit: .wan, fen: 1_123_457, rounded: true)
    }

    func testUnitLabels() {
        XCTAssertEqual(AmountUnit(label: "元"), .yuan)
        XCTAssertEqual(AmountUnit(label: "万元"), .wan)
        XCTAssertEqual(AmountUnit(label: " 千元 "), .thousand)
        XCTAssertEqual(AmountUnit(label: "WAN"), .wan)
        XCTAssertEqual(AmountUnit(label: "yuan"), .yuan)
        XCTAssertNil(AmountUnit(label: "美元"))
        XCTAssertNil(AmountUnit(label: ""))
        XCTAssertEqual(AmountUnit.wan.yuanPerUnit, 10_000)
        XCTAssertEqual(AmountUnit.thousand.yuanPerUnit, 1_000)
    }

    // MARK: Rounding below one fen

    func testHalfFenRoundsUpAndIsReported() {
        assertAmount("0.005", fen: 1, rounded: true)
    }

    func testNegativeHalfFenRoundsAwayFromZero() {
        assertAmount("-0.005", fen: -1, rounded: true)
        assertAmount("(0.005)", fen: -1, rounded: true)
    }

    func testBelowHalfFenRoundsDownButIsStillReportedAsRounded() {
        assertAmount("0.004", fen: 0, rounded: true)
        assertAmount("0.0149", fen: 1, rounded: true)
    }

    func testHalfFenAboveAnOddFenStillRoundsUp() {
        // Half away from zero, not banker's rounding: 0.015 → 0.02 and 0.025 → 0.03.
        assertAmount("0.015", fen: 2, rounded: true)
        assertAmount("0.025", fen: 3, rounded: true)
        assertAmount("-0.025", fen: -3, rounded: true)
    }

    func testTrailingZerosBelowOneFenAreNotRounding() {
        assertAmount("1.000", fen: 100, rounded: false)
        assertAmount("82694.30000000", fen: 8_269_430, rounded: false)
    }

    // MARK: Errors

    func testLetterInsideAmountIsNamed() {
        assertParseError("12,3x4.00", reasonContains: "'x'")
    }

    func testErrorDescriptionQuotesTextAndReason() {
        do {
            _ = try AmountParser.parse("12,3x4.00")
            XCTFail("accepted")
        } catch {
            XCTAssertEqual(error.description, "\"12,3x4.00\" is not an amount: unexpected 'x'")
        }
    }

    func testShortGroupBeforePointIsAnError() {
        assertParseError("1,23.00", reasonContains: "separator")
    }

    func testLongGroupIsAnError() {
        assertParseError("1,2345", reasonContains: "separator")
        assertParseError("1234,567", reasonContains: "separator")
    }

    func testShortLastGroupIsAnError() {
        assertParseError("1,000,00", reasonContains: "separator")
        assertParseError("1,", reasonContains: "separator")
        assertParseError(",100", reasonContains: "separator")
        assertParseError("1,,000", reasonContains: "separator")
    }

    func testTwoDecimalPointsIsAnError() {
        assertParseError("1.2.3", reasonContains: "two decimal points")
    }

    func testLonePointIsAnError() {
        assertParseError(".", reasonContains: "no digits")
    }

    func testSeparatorAfterPointIsAnError() {
        assertParseError("12,345.6,7", reasonContains: "after the decimal point")
    }

    func testWordsAreAnError() {
        assertParseError("abc", reasonContains: "'a'")
        assertParseError("1e5", reasonContains: "'e'")
        assertParseError("12 34", reasonContains: "unexpected")
        assertParseError("1,234元", reasonContains: "a character that is not a digit")
    }

    func testMoreThanEightDecimalsIsAnError() {
        assertParseError("1.123456789", reasonContains: "8 decimals")
    }

    func testEighteenSignificantDigitsIsAnError() {
        assertParseError("123456789012345678", reasonContains: "too many digits")
        // 2^53 + 1 with fen: must be refused, not approximated.
        assertParseError("9007199254740993.01", reasonContains: "too many digits")
    }

    // MARK: Exactness at the limits (no Double on the way)

    func testLargestFigureIsExactAndOneFenMoreIsRefused() {
        // Money.largestFigure = 10,000,000,000,000.00 元 (10 万亿) = 10^15 fen; an odd fen count just below it
        // proves the digits went through integers only.
        assertAmount("10,000,000,000,000.00", fen: 1_000_000_000_000_000)
        assertAmount("-9999999999999.99", fen: -999_999_999_999_999)
        assertAmount("1000000000", unit: .wan, fen: 1_000_000_000_000_000)
        assertParseError("10000000000000.01", reasonContains: "beyond 10,000,000,000,000.00 元")
        assertParseError("1000000000.01", unit: .wan, reasonContains: "wrong unit")
    }

    func testOneYuanAboveTheLargestIsTooLarge() {
        assertParseError("92233720368547759", reasonContains: "too large")
    }

    func testWanOverflowIsTooLarge() {
        // 10^15 万元 = 10^19 元: beyond Int64 fen.
        assertParseError("1000000000000000", unit: .wan, reasonContains: "too large")
    }
}

/// The byte fast path used by large imports must agree with the general parser, errors included.
final class AmountParserFastPathTests: XCTestCase {
    func testPlainASCIIAgreesWithParseOrDeclines() {
        let cells = ["82694.30", "1,948,101.65", "0", "0.005", "12,3x4.00", "1,23.00", "1.2.3", "99999999999999999",
                     "5.6", "1,000,000", "00012.50", ".5", "1,2345", "7."]
        for unit in AmountUnit.allCases {
            for cell in cells {
                let general = Result { () throws(AmountParseError) in try AmountParser.parse(cell, unit: unit) }
                let fast = Array(cell.utf8).withUnsafeBufferPointer { bytes in
                    Result { () throws(AmountParseError) in try AmountParser.parsePlainASCII(bytes, unit: unit) }
                }
                switch (general, fast) {
                case (_, .success(nil)): break // declined: the importer falls back to the general parser
                case (.success(let a), .success(let b)): XCTAssertEqual(b, a, "\(cell) in \(unit)")
                case (.failure(let a), .failure(let b)): XCTAssertEqual(a, b, "\(cell) in \(unit)")
                default: XCTFail("\(cell) in \(unit): \(general) vs \(fast)")
                }
            }
        }
        // Not plain ASCII digits: the fast path declines and the general parser decides.
        for cell in ["-", "无", "", "-5", "(5)", "１２", ".5", "12,3x4.00"] {
            XCTAssertNil(try Array(cell.utf8).withUnsafeBufferPointer { try AmountParser.parsePlainASCII($0, unit: .yuan) }, cell)
        }
    }
}
