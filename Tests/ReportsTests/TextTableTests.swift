import BudgetCore
import XCTest

@testable import Reports

/// Column widths and positions here are worked out by hand, and measured with `cells`, a rule written
/// for the characters these tests use (CJK ideographs, Kangxi radicals, CJK punctuation and full-width
/// forms are 2 cells, everything else 1) and independent of `DisplayWidth`.
final class TextTableTests: XCTestCase {
    private func cells(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { sum, scalar in
            let value = scalar.value
            let wide =
                (0x2F00...0x2FDF).contains(value) || (0x3000...0x303E).contains(value)
                || (0x4E00...0x9FFF).contains(value) || (0xFF01...0xFF60).contains(value)
            return sum + (wide ? 2 : 1)
        }
    }

    private func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }

    /// Lines of `text`, which must end with "\n", without their terminators.
    private func lines(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        XCTAssertTrue(text.hasSuffix("\n"), "output must end with a newline", file: file, line: line)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Each cell of `line` (runs separated by two or more spaces) with the display column where it starts.
    private func cellPositions(_ line: String) -> [(text: String, start: Int)] {
        var result: [(String, Int)] = []
        var current = ""
        var currentStart = 0
        var pendingSpaces = 0
        var column = 0
        for character in line {
            if character == " " {
                pendingSpaces += 1
            } else {
                if pendingSpaces >= 2 || current.isEmpty {
                    if !current.isEmpty { result.append((current, currentStart)) }
                    current = String(character)
                    currentStart = column
                } else {
                    current += String(repeating: " ", count: pendingSpaces) + String(character)
                }
                pendingSpaces = 0
            }
            column += cells(String(character))
        }
        if !current.isEmpty { result.append((current, currentStart)) }
        return result
    }

    func testChineseAndASCIINamesAlign() {
        var table = TextTable(columns: [
            .init("单位"), .init("Code"), .init("金额", alignment: .right),
        ])
        table.append(["深圳市商务局", "A1", "82,694.30"])
        table.append(["Finance Bureau", "B22", "230,000.00"])
        table.append(["⽬录", "C", "1,000,000.00"])
        let output = table.render()

        // Widths: 单位 column 14 ("Finance Bureau"), Code 4 ("Code"), 金额 12 ("1,000,000.00");
        // table 14 + 2 + 4 + 2 + 12 = 34.
        let expected = [
            "单位" + spaces(12) + "Code" + spaces(10) + "金额",
            String(repeating: "-", count: 34),
            "深圳市商务局" + spaces(4) + "A1" + spaces(7) + "82,694.30",
            "Finance Bureau" + spaces(2) + "B22" + spaces(5) + "230,000.00",
            "⽬录" + spaces(12) + "C" + spaces(5) + "1,000,000.00",
        ]
        XCTAssertEqual(lines(output), expected)

        for line in lines(output) {
            XCTAssertEqual(cells(line), 34, "line \(line)")
        }
        for line in lines(output) where !line.hasPrefix("-") {
            let positions = cellPositions(line)
            XCTAssertEqual(positions.count, 3, "line \(line)")
            guard positions.count == 3 else { continue }
            XCTAssertEqual(positions[0].start, 0, "first column starts at 0: \(line)")
            XCTAssertEqual(positions[1].start, 16, "second column starts at 14 + 2: \(line)")
            XCTAssertEqual(positions[2].start + cells(positions[2].text), 34, "amounts end at 34: \(line)")
        }
    }

    func testTableForcedToSixtyColumnsWrapsTextAndKeepsNumbersWhole() {
        let longName = "深圳市商务局对外贸易发展专项资金项目经费"  // 20 ideographs, 40 cells
        let longNote = "因疫情影响展会延期举办导致执行率偏低下年将加强管理"  // 25 ideographs, 50 cells
        var table = TextTable(columns: [
            .init("项目名称"), .init("说明"),
            .init("全年预算数", alignment: .right), .init("全年执行数", alignment: .right),
        ])
        table.append([longName, longNote, "230,000.00", "82,694.30"])
        table.append(["⽬录", "无", "9,770,000.00", "500,000.00"])
        let output = table.render(maxWidth: 60)

        // Natural widths 40, 50, 12, 10: 118 cells with gaps, 58 too many. The text columns give them
        // up, widest first: 说明 50 → 40, then both alternately 40 → 16. Numbers keep 12 and 10.
        // So 项目名称 starts at 0, 说明 at 18, 全年预算数 ends at 18 + 16 + 2 + 12 = 48, 全年执行数 at 60.
        // The long cells wrap, 8 ideographs a line: the name on 3 lines, the note (25 ideographs) on 4 — evened
        // out to 7, 7, 7, 4 rather than 8, 8, 8 and one left alone.
        let rendered = lines(output)
        XCTAssertEqual(rendered.count, 2 + 4 + 1)
        for line in rendered {
            XCTAssertEqual(cells(line), 60, "line \(line)")
        }
        for line in [rendered[0], rendered[2], rendered[6]] {
            let positions = cellPositions(line)
            XCTAssertEqual(positions.count, 4, "line \(line)")
            guard positions.count == 4 else { continue }
            XCTAssertEqual(positions[0].start, 0, line)
            XCTAssertEqual(positions[1].start, 18, line)
            XCTAssertEqual(positions[2].start + cells(positions[2].text), 48, line)
            XCTAssertEqual(positions[3].start + cells(positions[3].text), 60, line)
        }
        XCTAssertEqual(cellPositions(rendered[2]).map(\.text), ["深圳市商务局对外", "因疫情影响展会", "230,000.00", "82,694.30"])
        XCTAssertEqual(cellPositions(rendered[3]).map(\.text), ["贸易发展专项资金", "延期举办导致执"])
        XCTAssertEqual(cellPositions(rendered[4]).map(\.text), ["项目经费", "行率偏低下年将"])
        XCTAssertEqual(cellPositions(rendered[5]).map(\.text), ["加强管理"])
        XCTAssertEqual(cellPositions(rendered[5])[0].start, 18, "a continuation stays in its column")
        XCTAssertEqual(cellPositions(rendered[6]).map(\.text), ["⽬录", "无", "9,770,000.00", "500,000.00"])
        // Nothing is lost: the wrapped pieces give the cells back.
        XCTAssertEqual((2...4).map { cellPositions(rendered[$0])[0].text }.joined(), longName)
    }

    func testNumbersAreNeverCut() {
        var table = TextTable(columns: [.init("Name"), .init("Amount", alignment: .right)])
        table.append(["深圳市商务局", "1,234,567.89"])

        // Natural 12 + 2 + 12 = 26; to fit 20 the name column gives 6 cells (wrapping) and the amount none.
        XCTAssertEqual(lines(table.render(maxWidth: 20)), [
            "Name  " + spaces(2) + "      Amount",
            String(repeating: "-", count: 20),
            "深圳市" + spaces(2) + "1,234,567.89",
            "商务局" + spaces(2) + spaces(12),
        ])

        // 10 cannot be met: the name wraps down to one character a line, the amount stays whole.
        let narrow = lines(table.render(maxWidth: 10))
        XCTAssertTrue(narrow.contains { $0.hasSuffix("1,234,567.89") }, "\(narrow)")
        XCTAssertEqual(narrow.filter { !$0.hasPrefix("-") }.map { $0.prefix(1) }.joined().filter { $0 != " " }, "Name深圳市商务局")
        XCTAssertFalse(narrow.joined().contains("…"))
    }
    func testLatinWordsStayWholeWhileAnotherColumnCanGive() {
        var table = TextTable(columns: [.init("Department"), .init("Unit"), .init("Amount", alignment: .right)])
        table.append(["Redevelopment Agency / Housing Successor", "Homelessness Strategies & Solutions", "43,139,483.00"])

        // Natural 40 + 35 + 13 + 4 = 92. At 50 the two text columns share 33 cells, widest first: 17 and 16 —
        // both wider than their longest word (13 and 12), so each line breaks at a space and no word is split.
        let rendered = lines(table.render(maxWidth: 50))
        for line in rendered { XCTAssertEqual(cells(line), 50, line) }
        let firstColumn = rendered.dropFirst(2).map { String($0.prefix(17)).trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(firstColumn.filter { !$0.isEmpty }, ["Redevelopment", "Agency / Housing", "Successor"])
        let secondColumn = rendered.dropFirst(2).map { String($0.dropFirst(19).prefix(16)).trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(secondColumn.filter { !$0.isEmpty }, ["Homelessness", "Strategies &", "Solutions"])

        // At 30 the words cannot all stay whole (13 + 12 + 13 + 4 = 42): the columns go down to their words,
        // then below them, and nothing is lost.
        let narrow = lines(table.render(maxWidth: 30))
        for line in narrow { XCTAssertEqual(cells(line), 30, line) }
        XCTAssertEqual(narrow.filter { $0.hasSuffix("43,139,483.00") }.count, 1, narrow.joined(separator: "\n"))
        let unitPieces = narrow.drop { !$0.hasPrefix("-") }.dropFirst().map { String($0.dropFirst(11).prefix(4)) }
        XCTAssertEqual(unitPieces.joined().filter { $0 != " " }, "HomelessnessStrategies&Solutions")
    }

    func testFitsCountsTheWidestWordOfATextColumn() {
        var table = TextTable(columns: [.init("Name", minWidth: 4), .init("Amount", alignment: .right)])
        table.append(["Redevelopment Agency", "1.00"])
        // Fitting needs the 13-cell word and the 6-cell amount title: 13 + 2 + 6 = 21, not minWidth's 4 + 2 + 6.
        XCTAssertTrue(table.fits(maxWidth: 21))
        XCTAssertFalse(table.fits(maxWidth: 20))
        XCTAssertEqual(TextTable.widestWord(inCell: "世贸事务管理-WTO事务 Transportation/x"), 14)
        XCTAssertEqual(TextTable.widestWord(inCell: "深圳市商务局"), 0)
    }

    func testAnAmountTitleWrapsBeforeANameIsNarrowed() {
        var table = TextTable(columns: [.init("实施单位"), .init("上年预算数(万元)", alignment: .right)])
        table.append(["深圳市商务发展促进中心", "226.00"])
        // Natural 22 + 2 + 16 = 40. At 32 the title gives 8 cells (two lines: a title line costs the table one
        // line, a narrower name a line per row) and the name keeps its 22.
        XCTAssertEqual(lines(table.render(maxWidth: 32)), [
            "实施单位" + spaces(14) + spaces(2) + "上年预算",
            spaces(22) + spaces(2) + "数(万元)",
            String(repeating: "-", count: 32),
            "深圳市商务发展促进中心" + spaces(2) + "  226.00",
        ])
    }

    func testMinWidthWidensAColumn() {
        var table = TextTable(columns: [.init("No", alignment: .right, minWidth: 6), .init("名称")])
        table.append(["1", "深圳"])
        XCTAssertEqual(lines(table.render()), [
            "    No  名称",
            "------------",
            "     1  深圳",
        ])
    }

    func testControlCharactersInCellsStayOnOneLine() {
        var table = TextTable(columns: [.init("A"), .init("B")])
        table.append(["a\nb", "x\ty\r\nz"])
        XCTAssertEqual(lines(table.render()), [
            "A    B    ",
            "----------",
            "a b  x y z",
        ])
    }

    func testEmptyTableHasHeaderAndSeparator() {
        let table = TextTable(columns: [.init("单位"), .init("金额", alignment: .right)])
        XCTAssertEqual(table.render(), "单位  金额\n----------\n")
    }

    func testImpossibleWidthStillAlignsAndLosesNothing() {
        var table = TextTable(columns: [.init("Alpha"), .init("Beta"), .init("Gamma", alignment: .right)])
        table.append(["深圳", "abc", "12.00"])
        let rendered = lines(table.render(maxWidth: 2))
        XCTAssertTrue(rendered.contains { $0.hasSuffix("12.00") }, "\(rendered)")
        XCTAssertFalse(rendered.joined().contains("…"))
    }
}
