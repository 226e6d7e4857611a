@testable import BudgetCore
import XCTest

import Reports

/// Expected widths are worked out by hand from UAX #11 (EastAsianWidth W/F = 2 cells).
final class DisplayWidthTests: XCTestCase {
    func testChineseCharactersTakeTwoCellsEach() {
        XCTAssertEqual(DisplayWidth.of("深圳市"), 6)
        XCTAssertEqual(DisplayWidth.of("深圳市商务局"), 12)
    }

    func testASCIITakesOneCellEach() {
        XCTAssertEqual(DisplayWidth.of("abc"), 3)
        XCTAssertEqual(DisplayWidth.of(""), 0)
        XCTAssertEqual(DisplayWidth.of("82,694.30"), 9)
    }

    func testHalfwidthKatakanaTakesOneCell() {
        XCTAssertEqual(DisplayWidth.of("ｱ"), 1)  // U+FF71, East Asian Halfwidth
    }

    func testFullwidthLatinTakesTwoCells() {
        XCTAssertEqual(DisplayWidth.of("Ａ"), 2)  // U+FF21
    }

    func testCombiningMarkAddsNothing() {
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1)
        XCTAssertEqual(DisplayWidth.of("\u{301}" as Unicode.Scalar), 0)
    }

    func testKangxiRadicalTakesTwoCells() {
        XCTAssertEqual(DisplayWidth.of("⽬"), 2)  // U+2F6C, as PDF extraction leaves it for 目
    }

    func testMixedChineseAndASCII() {
        XCTAssertEqual(DisplayWidth.of("世贸事务管理-贸易摩擦应对事务"), 14 * 2 + 1)
        XCTAssertEqual(DisplayWidth.of("2020年预算"), 4 + 3 * 2)
    }

    func testRangeBoundaries() {
        let cases: [(UInt32, Int, String)] = [
            (0x0000, 0, "NUL"),
            (0x0009, 0, "tab"),
            (0x007F, 0, "DEL"),
            (0x0085, 0, "C1 next line"),
            (0x00AD, 1, "soft hyphen"),
            (0x00B7, 1, "middle dot (Ambiguous)"),
            (0x2026, 1, "ellipsis (Ambiguous)"),
            (0x20AC, 1, "euro sign (Ambiguous)"),
            (0x200B, 0, "zero width space"),
            (0x200D, 0, "zero width joiner"),
            (0xFE0F, 0, "variation selector 16"),
            (0xFEFF, 0, "BOM / zero width no-break space"),
            (0x1100, 2, "Hangul choseong kiyeok"),
            (0x1160, 0, "Hangul jungseong filler"),
            (0x2E80, 2, "first CJK radical"),
            (0x2F00, 2, "first Kangxi radical"),
            (0x2FD5, 2, "last Kangxi radical"),
            (0x3000, 2, "ideographic space"),
            (0x3001, 2, "ideographic comma"),
            (0x302A, 0, "ideographic level tone mark (combining)"),
            (0x303E, 2, "ideographic variation indicator"),
            (0x303F, 1, "ideographic half fill space (Neutral)"),
            (0x3042, 2, "hiragana a"),
            (0x30A2, 2, "katakana a"),
            (0x3099, 0, "combining kana voiced mark"),
            (0x3400, 2, "CJK Ext A first"),
            (0x4DC0, 2, "Yijing hexagram"),
            (0x4E00, 2, "CJK first"),
            (0x9FFF, 2, "CJK block end"),
            (0xAC00, 2, "Hangul syllable ga"),
            (0xD7A3, 2, "Hangul syllable last"),
            (0xF900, 2, "CJK compatibility ideograph"),
            (0xFE30, 2, "vertical two dot leader"),
            (0xFF01, 2, "fullwidth exclamation"),
            (0xFF08, 2, "fullwidth left parenthesis"),
            (0xFF60, 2, "fullwidth right white parenthesis"),
            (0xFF61, 1, "halfwidth ideographic full stop"),
            (0xFFE0, 2, "fullwidth cent"),
            (0xFFE5, 2, "fullwidth yen"),
            (0xFFE6, 2, "fullwidth won"),
            (0xFFE8, 1, "halfwidth forms light vertical"),
            (0x1F600, 2, "grinning face"),
            (0x20000, 2, "CJK Ext B first"),
            (0x2A700, 2, "CJK Ext C first"),
            (0x2F800, 2, "CJK compatibility supplement"),
            (0x31350, 2, "CJK Ext H first"),
            (0x0041, 1, "A"),
            (0x00E9, 1, "e acute"),
            (0x0416, 1, "Cyrillic Zhe (Ambiguous)"),
        ]
        for (value, expected, name) in cases {
            let scalar = Unicode.Scalar(value)!
            XCTAssertEqual(DisplayWidth.of(scalar), expected, "U+\(String(value, radix: 16)) \(name)")
        }
    }

    func testGraphemeClustersCountOnce() {
        XCTAssertEqual(DisplayWidth.of("👍🏽"), 2)  // thumbs up + skin tone
        XCTAssertEqual(DisplayWidth.of("🇨🇳"), 2)  // regional indicator pair
        XCTAssertEqual(DisplayWidth.of("👨‍👩‍👧"), 2)  // ZWJ family
        XCTAssertEqual(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}"), 2)  // 각 spelled with conjoining Jamo
        XCTAssertEqual(DisplayWidth.of("a\r\nb"), 2)
    }

    func testTruncateLongChineseName() {
        let cut = DisplayWidth.truncate("世贸事务管理-贸易摩擦应对事务", toWidth: 10)
        XCTAssertLessThanOrEqual(DisplayWidth.of(cut), 10)
        XCTAssertTrue(cut.hasSuffix("…"))
        // 9 cells before the ellipsis: 世贸事务 is 8, adding 管 would make 10.
        XCTAssertEqual(cut, "世贸事务…")
    }

    func testTruncateDropsWideCharacterThatDoesNotFit() {
        XCTAssertEqual(DisplayWidth.truncate("ab深圳", toWidth: 4), "ab…")  // 深 would need cells 3–4
        XCTAssertEqual(DisplayWidth.truncate("深圳市", toWidth: 4), "深…")
        XCTAssertEqual(DisplayWidth.truncate("深圳市", toWidth: 5), "深圳…")
    }

    func testTruncateLeavesFittingTextAlone() {
        XCTAssertEqual(DisplayWidth.truncate("深圳市", toWidth: 6), "深圳市")
        XCTAssertEqual(DisplayWidth.truncate("abc", toWidth: 10), "abc")
    }

    func testTruncateKeepsCombiningMarkWithItsBase() {
        let cut = DisplayWidth.truncate("e\u{301}e\u{301}e\u{301}", toWidth: 2)
        XCTAssertEqual(Array(cut.unicodeScalars), ["e", "\u{301}", "…"])
    }

    func testTruncateToTinyWidths() {
        XCTAssertEqual(DisplayWidth.truncate("深圳", toWidth: 0), "")
        XCTAssertEqual(DisplayWidth.truncate("深圳", toWidth: 1), "…")
        XCTAssertEqual(DisplayWidth.truncate("深圳", toWidth: -3), "")
    }

    func testPad() {
        XCTAssertEqual(DisplayWidth.pad("深圳", toWidth: 6, alignment: .left), "深圳  ")
        XCTAssertEqual(DisplayWidth.pad("深圳", toWidth: 6, alignment: .right), "  深圳")
        XCTAssertEqual(DisplayWidth.pad("12.50", toWidth: 8, alignment: .right), "   12.50")
        XCTAssertEqual(DisplayWidth.pad("深圳市", toWidth: 4, alignment: .left), "深圳市")  // never cut
    }

    /// The fast path (ASCII and common CJK without grapheme breaking) gives the general rule's width.
    func testFastPathAgreesWithTheClusterRule() {
        let pieces = ["a", "Z", " ", "项", "目", "（", "）", "，", "。", "　", "〜", "ｱ", "é", "e\u{301}", "\u{302A}", "〮",
                      "👍🏽", "❤️", "한", "\u{1100}\u{1161}", "\t", "\u{200B}", "中\u{FE0F}", "💰", "Ä", "𠀋"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            XCTAssertEqual(DisplayWidth.of(text), DisplayWidth.clusterWidth(of: text), text.debugDescription)
        }
    }

    // MARK: wrap — breaks worked out by hand; joined, the pieces always give the text back.

    func testWrapBreaksAfterThePrefixOfAChineseName() {
        XCTAssertEqual(DisplayWidth.wrap("世贸事务管理-WTO事务系列服务体系", toWidth: 16), ["世贸事务管理-", "WTO事务系列服务", "体系"])
    }

    func testWrapMovesAWholeWordOrNumberToTheNextLine() {
        // No space or dash in the second half of `Agency Redevelo`: the word moves whole.
        XCTAssertEqual(DisplayWidth.wrap("Agency Redevelopment", toWidth: 15), ["Agency ", "Redevelopment"])
        // 90.0% began in the line's first half and fits on a line: it moves whole, it is not split.
        XCTAssertEqual(DisplayWidth.wrap("执行率90.0%，偏低", toWidth: 8), ["执行率", "90.0%，", "偏低"])
        // A word wider than the line is split where the line is full (`diego.budget` is 12 cells).
        XCTAssertEqual(DisplayWidth.wrap("san-diego.budget", toWidth: 11), ["san-diego.b", "udget"])
    }

    func testWrapLeavesNoCharacterAloneOnTheLastLine() {
        // 11 characters in 20 cells: greedily 10 + 1; evened out, 6 + 5 on the same two lines.
        XCTAssertEqual(DisplayWidth.wrap("深圳市商务发展促进中心", toWidth: 20), ["深圳市商务发", "展促进中心"])
        // A Latin word wider than the line: not `Department` / `s`.
        XCTAssertEqual(DisplayWidth.wrap("Departments", toWidth: 10), ["Depart", "ments"])
        // Two characters or more on the last line: as full as the rules allow, as before.
        XCTAssertEqual(DisplayWidth.wrap("深圳市商务发展促进中心", toWidth: 18), ["深圳市商务发展促进", "中心"])
        // One line more would be needed to even out a single character: left as it is.
        XCTAssertEqual(DisplayWidth.wrap("中心", toWidth: 1), ["中", "心"])
    }

    func testWrapLosesNothing() {
        for text in ["Redevelopment Agency / Housing Successor", "中国（上海）国际技术进出口交易会经费", "a", "1,234,567.89 元"] {
            for width in 1...12 {
                let lines = DisplayWidth.wrap(text, toWidth: width)
                XCTAssertEqual(lines.joined(), text, "\(text) at \(width)")
                for line in lines where line.count > 1 { XCTAssertLessThanOrEqual(DisplayWidth.of(line), width, "\(lines)") }
            }
        }
    }
}
