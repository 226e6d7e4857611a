import XCTest

@testable import BudgetCore

final class NameKeyTests: XCTestCase {
    // MARK: matchKey

    func testKangxiRadicalMatchesStandardIdeograph() {
        XCTAssertEqual("\u{2F6C}", "⽬")
        XCTAssertEqual(NameKey.matchKey("⽬"), NameKey.matchKey("目"))
        XCTAssertEqual(NameKey.matchKey("项⽬"), NameKey.matchKey("项目"))
        XCTAssertEqual(NameKey.matchKey("项⽬"), "项目")
    }

    func testFullWidthParenthesesMatchASCII() {
        XCTAssertEqual(NameKey.matchKey("贸易摩擦应对（2020）"), NameKey.matchKey("贸易摩擦应对(2020)"))
        XCTAssertEqual(NameKey.matchKey("贸易摩擦应对（2020）"), "贸易摩擦应对(2020)")
    }

    func testLenticularBracketsMatchParentheses() {
        XCTAssertEqual(NameKey.matchKey("【专项】经费"), NameKey.matchKey("(专项)经费"))
        XCTAssertEqual(NameKey.matchKey("〔专项〕经费"), "(专项)经费")
        XCTAssertEqual(NameKey.matchKey("［专项］经费"), "(专项)经费")
        XCTAssertEqual(NameKey.matchKey("[专项]经费"), "(专项)经费")
    }

    func testSpacesAreRemoved() {
        XCTAssertEqual(NameKey.matchKey("世贸事务管理 - 贸易摩擦应对事务"),
                       NameKey.matchKey("世贸事务管理-贸易摩擦应对事务"))
        XCTAssertEqual(NameKey.matchKey("世贸事务管理 - 贸易摩擦应对事务"), "世贸事务管理-贸易摩擦应对事务")
        XCTAssertEqual(NameKey.matchKey("深圳市\u{3000}商务局"), "深圳市商务局")
        XCTAssertEqual(NameKey.matchKey(" 深圳市\t商务局\n"), "深圳市商务局")
        XCTAssertEqual(NameKey.matchKey("深圳市\u{200B}商务局"), "深圳市商务局")
    }

    func testDashVariantsMatchHyphen() {
        let expected = "世贸事务管理-贸易摩擦应对事务"
        for dash in ["—", "–", "－", "‐", "−"] {
            XCTAssertEqual(NameKey.matchKey("世贸事务管理\(dash)贸易摩擦应对事务"), expected, "dash \(dash)")
        }
    }

    func testDocumentedExampleSharesAKey() {
        XCTAssertEqual(NameKey.matchKey("世贸事务管理 - 贸易摩擦应对事务（2020）"),
                       NameKey.matchKey("世贸事务管理-贸易摩擦应对事务(2020)"))
    }

    func testLatinLettersIgnoreCase() {
        XCTAssertEqual(NameKey.matchKey("Personnel"), NameKey.matchKey("PERSONNEL"))
        XCTAssertEqual(NameKey.matchKey("PERSONNEL"), "personnel")
        XCTAssertEqual(NameKey.matchKey("ＰＥＲＳＯＮＮＥＬ"), "personnel")  // full-width Latin
    }

    func testFullWidthDigitsMatchASCII() {
        XCTAssertEqual(NameKey.matchKey("２０２０年"), "2020年")
    }

    func testDifferentNamesDiffer() {
        XCTAssertNotEqual(NameKey.matchKey("世贸事务管理"), NameKey.matchKey("商务事务管理"))
        XCTAssertNotEqual(NameKey.matchKey("项目(2020)"), NameKey.matchKey("项目(2021)"))
        XCTAssertNotEqual(NameKey.matchKey("项目A"), NameKey.matchKey("项目B"))
        XCTAssertNotEqual(NameKey.matchKey("项目"), NameKey.matchKey("项目-"))
    }

    // MARK: displayName

    func testDisplayNameKeepsFullWidthBrackets() {
        XCTAssertEqual(NameKey.displayName("贸易摩擦应对（2020）"), "贸易摩擦应对（2020）")
        XCTAssertEqual(NameKey.displayName("【专项】经费"), "【专项】经费")
    }

    func testDisplayNameReplacesKangxiRadical() {
        XCTAssertEqual(NameKey.displayName("项⽬"), "项目")
        XCTAssertEqual(Array(NameKey.displayName("项⽬").unicodeScalars).map(\.value), [0x9879, 0x76EE])
    }

    func testDisplayNameReplacesCompatibilityIdeograph() {
        // U+F900 is the compatibility form of 豈 U+8C48.
        XCTAssertEqual(Array(NameKey.displayName("\u{F900}").unicodeScalars).map(\.value), [0x8C48])
    }

    func testDisplayNameCollapsesWhitespaceRuns() {
        XCTAssertEqual(NameKey.displayName("世贸事务管理   -  贸易摩擦应对事务"), "世贸事务管理 - 贸易摩擦应对事务")
        XCTAssertEqual(NameKey.displayName("深圳市\t\n商务局"), "深圳市 商务局")
    }

    func testDisplayNameTrims() {
        XCTAssertEqual(NameKey.displayName("  深圳市商务局 \t\n"), "深圳市商务局")
        XCTAssertEqual(NameKey.displayName("   "), "")
        XCTAssertEqual(NameKey.displayName(""), "")
    }

    func testDisplayNameKeepsOtherCharactersAsWritten() {
        // No case folding, no dash folding, no full-width digit folding.
        XCTAssertEqual(NameKey.displayName("Personnel－２０２０"), "Personnel－２０２０")
    }
}

/// Bugs found by review: radicals without NFKC mappings (U+2E80–U+2EFF) must still match their ideographs.
final class RadicalSupplementTests: XCTestCase {
    func testCJKRadicalsSupplementMatchesStandardIdeographs() {
        // Expected pairs from Unicode's EquivalentUnifiedIdeograph.txt: U+2ED3 ⻓ → U+957F 长, U+2ED4 ⻔ → U+95E8 门,
        // U+2EC5 ⻅ → U+89C1 见.
        XCTAssertEqual(NameKey.matchKey("\u{2ED3}期"), NameKey.matchKey("长期"))
        XCTAssertEqual(NameKey.matchKey("部\u{2ED4}"), NameKey.matchKey("部门"))
        XCTAssertEqual(NameKey.displayName("意\u{2EC5}"), "意见")
        XCTAssertNotEqual(NameKey.matchKey("\u{2ED3}期"), NameKey.matchKey("短期"))
    }
}
