import Foundation
import XCTest
@testable import Import

/// Reads the workbooks of Fixtures/xlsx (made by make_xlsx_fixtures.py, whose values are typed again here in the
/// form Excel shows them) and the planner trial's hist.xlsx.
final class XLSXWorkbookTests: XCTestCase {
    private func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: try importFixtureURL("xlsx/" + name))
    }

    private func workbook(_ name: String) throws -> XLSXWorkbook {
        try XLSXWorkbook.read(try fixture(name), file: name)
    }

    /// The reason of the `.unreadable` error reading `data` throws; fails when it reads or throws another error.
    private func unreadableReason(_ data: Data, file: String = "book.xlsx", line: UInt = #line) -> String {
        do {
            _ = try XLSXWorkbook.read(data, file: file)
            XCTFail("read without error", line: line)
        } catch .unreadable(let errorFile, let reason) {
            XCTAssertEqual(errorFile, file, line: line)
            return reason
        } catch {
            XCTFail("unexpected error \(error)", line: line)
        }
        return ""
    }

    // MARK: Workbooks that read

    /// The planner trial's input: inline strings, no styles or shared strings, written by a non-Excel tool.
    func testTrialHistoryWorkbookReads() throws {
        let book = try workbook("hist.xlsx")
        XCTAssertEqual(book.sheets.map(\.name), ["Sheet1"])
        let rows = book.sheets[0].rows
        XCTAssertEqual(rows[0], ["项目名称", "年度", "年初预算数", "全年预算数", "全年执行数"])
        XCTAssertEqual(rows[1], ["世贸事务管理-贸易摩擦应对事务", "2019", "230000", "230000", "219000"])
        XCTAssertEqual(book.sheets[0].notes, [])
    }

    /// Inline and rich text, spaces and a line break kept; numbers in General format from Excel's 17-digit
    /// form; booleans; an error cell; an empty row kept; missing cells up to column AB.
    func testTextNumbersBooleansAndErrors() throws {
        let sheet = try workbook("strings-numbers.xlsx").sheets[0]
        XCTAssertEqual(sheet.name, "数值")
        let expected: [[String]] = [
            ["项目名称", "金额", "说明"],
            ["世贸事务管理-贸易摩擦应对事务", "141.2", "  两端空格  "],
            ["含逗号,和\"引号\"", "1948101.65", "多行\n文本"],
            ["整数", "230000", "0.3"],
            [],
            ["TRUE", "FALSE", "#DIV/0!"],
            ["0.333333333333333", "-0.000012", "1.23456789012346E+17"],
            ["远处"] + Array(repeating: "", count: 26) + ["AB列"],
            ["100.1", "2020", "-12345.678"],
        ]
        XCTAssertEqual(sheet.rows.count, expected.count)
        for (index, row) in expected.enumerated() where index < sheet.rows.count {
            XCTAssertEqual(sheet.rows[index], row, "row \(index + 1)")
        }
        XCTAssertEqual(sheet.notes, [])
    }

    /// Date formats (built-in 14, custom, Chinese, with a time, locale in brackets) as ISO dates; a year typed
    /// as a number, a colour format and a quoted "d" stay numbers; Excel's phantom 1900-02-29.
    func testDates() throws {
        let rows = try workbook("dates.xlsx").sheets[0].rows
        let column = rows.dropFirst().map { $0.first ?? "" }
        XCTAssertEqual(column, [
            "2020-03-01", "2019-12-31", "2020-03-01 14:30:00", "2021-01-15", "2020", "43891", "14:30:00",
            "1900-02-29", "1900-03-01", "1900-02-28", "12.5", "2022-06-30",
        ])
    }

    func testDatesIn1904System() throws {
        XCTAssertEqual(try workbook("dates1904.xlsx").sheets[0].rows, [["2020-03-01"]])
    }

    /// A two-row header whose 项目资金 is merged over F3:H3 flattens; 部门 merged down A5:A7 fills every row.
    func testMergedCellsFillTheirRange() throws {
        let rows = try workbook("merged.xlsx").sheets[0].rows
        XCTAssertEqual(rows.count, 7)
        XCTAssertEqual(rows[0], Array(repeating: "深圳市商务局2021年部门预算", count: 8))
        XCTAssertEqual(rows[1], [])
        XCTAssertEqual(rows[2], ["部门", "单位", "项目名称", "功能科目", "经济科目", "项目资金", "项目资金", "项目资金"])
        XCTAssertEqual(rows[3], ["部门", "单位", "项目名称", "功能科目", "经济科目", "年初预算数", "全年预算数", "全年执行数"])
        XCTAssertEqual(rows[4], ["深圳市商务局", "深圳市商务局本级", "世贸事务管理-贸易摩擦应对事务", "2010199", "30201", "230000", "230000", "219000"])
        XCTAssertEqual(rows[5], ["深圳市商务局", "深圳市商务局本级", "会展业发展专项资金", "2011308", "30227", "1948101.65", "1948101.65", "1500000"])
        XCTAssertEqual(rows[6], ["深圳市商务局", "深圳市商务局机关服务中心", "机关后勤保障", "2010150", "30205", "82694.3", "82694.3", "80000"])
    }

    /// Two sheets with Chinese names in workbook order, shared strings full of unit and project names (one
    /// with a character outside the BMP), empty rows in the middle kept.
    func testChineseTextSheets() throws {
        let units = ["深圳市商务局本级", "深圳市商务局机关服务中心", "深圳市口岸办公室", "深圳市经济贸易和信息化委员会（原）",
                     "深圳市电子商务促进中心", "深圳市国际商会秘书处"]
        let projects = ["世贸事务管理-贸易摩擦应对事务", "商贸流通业扶持资金（含𠀾字）", "外贸稳增长专项：展会补贴，第二批",
                        "粤港澳大湾区经贸合作交流", "“一带一路”经贸活动", "消费券发放及核销服务费"]
        let book = try workbook("gb-text.xlsx")
        XCTAssertEqual(book.sheets.map(\.name), ["部门收入", "部门支出"])
        let income = book.sheets[0].rows
        XCTAssertEqual(income.count, 31)
        XCTAssertEqual(income.first, ["单位名称", "项目名称", "年度", "金额"])
        for index in 0..<30 where index + 1 < income.count {
            XCTAssertEqual(income[index + 1], [units[index % 6], projects[index % 6], "\(2015 + index % 6)", "\(1000 * (index + 1)).5"])
        }
        XCTAssertEqual(book.sheets[1].rows, [["单位名称", "项目名称"], [units[0], projects[0]], [], [], [units[1], projects[1]]])
    }

    /// What Excel saves: formulas with cached values (number, string, boolean, error), formulas without one
    /// (notes, at most 10), shared strings with rich runs, a phonetic run left out and _x000D_ escapes,
    /// cells and rows without r, date styles from styles.xml; sheets in workbook order, not part order; a
    /// sheet written with an x: prefix; the chart sheet left out.
    func testExcelSavedWorkbookWithFormulas() throws {
        let book = try workbook("formulas.xlsx")
        XCTAssertEqual(book.sheets.map(\.name), ["计算", "前缀"])
        let sheet = book.sheets[0]
        XCTAssertEqual(sheet.rows, [
            ["单价", "数量", "金额", "深圳市商务局 本级", "第一行\r\n第二行 _x000D_"],
            ["70.6", "2", "141.2", "合计：141.2", "TRUE", "#DIV/0!"],
            ["2020-03-01", "2020-03-01 14:30:00", "43891", "", "内联富文本", "0"],
        ])
        let columns = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]
        XCTAssertEqual(sheet.notes, columns.map { "\($0)5: a formula with no saved value (open and save the file in Excel)" } + ["and 2 more"])
        XCTAssertEqual(book.sheets[1].rows, [["前缀", "1948101.65"]])
    }

    /// A 12 MB sheet part (Excel writes sheetData on one line): libxml2 takes it only fed in chunks.
    func testSheetPartLargerThanTenMegabytes() throws {
        let rows = try workbook("large.xlsx").sheets[0].rows
        XCTAssertEqual(rows.count, 50_000)
        let expected = ["深圳市商务局本级", "2020", "141.2", "230000", "0.36", "2020-03-01", "深圳市商务局本级2020", "TRUE"]
        XCTAssertEqual(rows.first, expected)
        XCTAssertEqual(rows.last, expected)
        XCTAssertEqual(Set(rows.map { $0 == expected }), [true])
    }

    // MARK: CSV bytes

    func testCSVBytesQuoteCommasQuotesAndLineBreaks() {
        let sheet = XLSXWorkbook.Sheet(name: "S", rows: [["a", "b,c"], [], ["say \"hi\"", "x\ry", "1\n2"], ["", "end"]])
        XCTAssertEqual(String(decoding: sheet.csvBytes(), as: UTF8.self),
                       "a,\"b,c\"\r\n\r\n\"say \"\"hi\"\"\",\"x\ry\",\"1\n2\"\r\n,end\r\n")
        XCTAssertEqual(XLSXWorkbook.Sheet(name: "empty", rows: []).csvBytes(), [])
    }

    /// UTF-8 without BOM; the CSV reader sees each non-empty row on the line of its row number.
    func testCSVLineNumbersAreRowNumbers() throws {
        let sheet = try workbook("gb-text.xlsx").sheets[1]
        let bytes = sheet.csvBytes()
        XCTAssertEqual(Array(bytes.prefix(3)), utf8("单"))
        var tokenizer = CSVTokenizer(bytes: bytes)
        var fields: [CSVTokenizer.Field] = []
        var records: [(line: Int, fields: [String])] = []
        while let line = try tokenizer.next(into: &fields) { records.append((line, fields.map { tokenizer.text(of: $0) })) }
        XCTAssertEqual(records.map(\.line), [1, 2, 5])
        XCTAssertEqual(records.last?.fields, ["深圳市商务局机关服务中心", "商贸流通业扶持资金（含𠀾字）"])
    }

    // MARK: Files that are not readable workbooks

    func testOldExcelOrPasswordProtectedFile() {
        let ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504))
        XCTAssertFalse(XLSXWorkbook.looksLikeZip(ole))
        XCTAssertEqual(unreadableReason(ole, file: "预算.xls"),
                       "an Excel 97–2003 .xls file or a password-protected workbook: save it as .xlsx (or CSV UTF-8)")
    }

    func testRandomBytesAreNotAWorkbook() {
        var generator = SplitMix64(seed: 13)
        let noise = Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        XCTAssertFalse(XLSXWorkbook.looksLikeZip(noise))
        XCTAssertTrue(unreadableReason(noise).contains("not a zip file"))
        XCTAssertEqual(unreadableReason(Data()), "the file is empty")
        XCTAssertTrue(unreadableReason(Data("<html><table><tr><td>1</td></tr></table></html>".utf8)).contains("web page"))
    }

    func testZipWithoutWorkbook() throws {
        let data = try fixture("no-workbook.xlsx")
        XCTAssertTrue(XLSXWorkbook.looksLikeZip(data))
        XCTAssertEqual(unreadableReason(data), "not an Excel workbook (no xl/workbook.xml)")
    }

    func testWorkbookWithoutSheets() throws {
        XCTAssertEqual(unreadableReason(try fixture("no-sheets.xlsx")), "the workbook has no sheets")
    }

    func testTruncatedWorkbook() throws {
        for name in ["hist.xlsx", "merged.xlsx"] {
            let data = try fixture(name)
            let reason = unreadableReason(data.prefix(data.count / 2))
            XCTAssertTrue(reason.contains("damaged or incomplete"), "\(name): \(reason)")
        }
    }

    func testMalformedSheetXMLNamesPartAndLine() throws {
        let reason = unreadableReason(try fixture("malformed-sheet.xlsx"))
        XCTAssertTrue(reason.contains("xl/worksheets/sheet2.xml is not well-formed XML (line 3"), reason)
    }

    func testBinaryWorkbookIsRefused() throws {
        XCTAssertEqual(unreadableReason(try fixture("binary.xlsb"), file: "b.xlsb"),
                       "an Excel binary workbook (.xlsb): save it as .xlsx (or CSV UTF-8)")
    }

    /// Sizes are checked from the zip directory before anything is inflated.
    func testZipBombGuards() throws {
        let tooLarge = unreadableReason(try fixture("bomb-size.xlsx"))
        XCTAssertTrue(tooLarge.contains("xl/worksheets/sheet1.xml would be 2048 MiB uncompressed, more than the 1 GiB"), tooLarge)
        let ratio = unreadableReason(try fixture("bomb-ratio.xlsx"))
        XCTAssertTrue(ratio.contains("zip bomb"), ratio)
    }
}

/// A small deterministic generator (SplitMix64), for reproducible noise.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
