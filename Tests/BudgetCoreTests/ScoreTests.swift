import XCTest

@testable import BudgetCore

final class ScoreTests: XCTestCase {
    func testParsesDecimal() throws {
        let score = try XCTUnwrap(Score(text: "8.60"))
        XCTAssertEqual(score.value, Decimal(86) / Decimal(10))
    }

    func testParsesInteger() throws {
        XCTAssertEqual(try XCTUnwrap(Score(text: "100")).value, Decimal(100))
    }

    func testParsesNegative() throws {
        XCTAssertEqual(try XCTUnwrap(Score(text: "-1.5")).value, Decimal(-15) / Decimal(10))
    }

    func testParsesWithSurroundingSpaces() throws {
        XCTAssertEqual(try XCTUnwrap(Score(text: " 8.6 ")).value, Decimal(86) / Decimal(10))
    }

    func testRejectsTwoPoints() {
        XCTAssertNil(Score(text: "8.6.0"))
    }

    func testRejectsLetters() {
        XCTAssertNil(Score(text: "abc"))
        XCTAssertNil(Score(text: "8.6分"))
        XCTAssertNil(Score(text: "1e2"))
    }

    func testRejectsGrouping() {
        XCTAssertNil(Score(text: "1,000"))
    }

    func testRejectsMisplacedSignsAndEmpty() {
        XCTAssertNil(Score(text: ""))
        XCTAssertNil(Score(text: "-"))
        XCTAssertNil(Score(text: "."))
        XCTAssertNil(Score(text: "1-"))
        XCTAssertNil(Score(text: "+-1"))
    }

    func testCanonicalTextDropsTrailingZeros() throws {
        XCTAssertEqual(try XCTUnwrap(Score(text: "8.60")).text, "8.6")
        XCTAssertEqual(try XCTUnwrap(Score(text: "100")).text, "100")
        XCTAssertEqual(try XCTUnwrap(Score(text: "100.00")).text, "100")
        XCTAssertEqual(try XCTUnwrap(Score(text: "-1.5")).text, "-1.5")
        XCTAssertEqual(try XCTUnwrap(Score(text: "0")).text, "0")
    }

    func testCanonicalTextRoundsToSixDecimals() throws {
        // 0.1234567 → 0.123457 (seventh decimal 7 rounds the sixth up).
        XCTAssertEqual(try XCTUnwrap(Score(text: "0.1234567")).text, "0.123457")
    }

    func testEqualValuesWrittenDifferentlyAreEqualAndHashEqually() throws {
        let a = try XCTUnwrap(Score(text: "8.60"))
        let b = try XCTUnwrap(Score(text: "8.6"))
        XCTAssertEqual(a, b)
        XCTAssertEqual(Set([a, b]).count, 1)
    }

    func testOrdering() throws {
        XCTAssertLessThan(try XCTUnwrap(Score(text: "8.6")), try XCTUnwrap(Score(text: "10")))
        XCTAssertLessThan(try XCTUnwrap(Score(text: "-1.5")), try XCTUnwrap(Score(text: "0")))
    }
}
