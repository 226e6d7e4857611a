import BudgetCore
import Foundation
import XCTest

@testable import Reports

/// Workbooks written by ``XLSXWriter`` and ``Listing/xlsxSheet(name:presentation:)``, read back by an independent
/// reader: openpyxl, and the raw XML through Python's zipfile (Tests/Scripts/xlsx_read.py).
final class XLSXWriterTests: XCTestCase {
    // MARK: cells

    func testCellsReadBackWithTheirTypesFormatsAndExactValues() throws {
        let sheet = XLSXWriter.Sheet(name: "cells", header: ["text", "integer", "money", "rate", "decimal", "unknown"], rows: [
            [.text("深圳市商务局"), .number("2020", .integer), .number("82694.30", .money), .number(0.36, .rate),
             .number("1.250", .decimal(digits: 3)), .empty],
            [.text("贸易摩擦应对事务"), .number("-5", .integer), .number("-1948101.65", .money), .number(1.5e-05, .rate),
             .number("0.000", .decimal(digits: 3)), .number(Double.nan, .rate)],
        ])
        let book = try Reader.dump(XLSXWriter.workbook([sheet]))
        XCTAssertEqual(book.warnings, [], "openpyxl loads it without warnings")
        let read = try XCTUnwrap(book.sheets.first)
        XCTAssertEqual(read.name, "cells")
        XCTAssertEqual(read.freezePanes, "A2", "the header is frozen")
        XCTAssertEqual(read.autoFilter, "A1:F3")
        XCTAssertEqual(read.rows[0].map(\.value), ["text", "integer", "money", "rate", "decimal", "unknown"].map { $0 as String? })
        XCTAssertTrue(read.rows[0].allSatisfy(\.bold), "the header is bold")
        XCTAssertFalse(read.rows[1].contains { $0.bold })
        let first = read.rows[1], second = read.rows[2]
        XCTAssertEqual(first.map(\.type), ["s", "n", "n", "n", "n", "n"], "an empty cell reads as None of type n")
        XCTAssertEqual(first.map(\.format), ["General", "0", "#,##0.00", "0.0%", "0.000", "General"])
        XCTAssertEqual(first.map(\.raw), [nil, "2020", "82694.30", "0.36", "1.250", nil], "values as given: no Double round trip")
        XCTAssertEqual(first[0].value, "深圳市商务局")
        XCTAssertNil(first[5].value)
        XCTAssertEqual(second.map(\.raw), [nil, "-5", "-1948101.65", "1.5E-05", "0.000", nil], "NaN is an empty cell")
        XCTAssertEqual(second[0].value, "贸易摩擦应对事务")
    }

    func testTextIsEscapedAndCharactersXMLForbidsAreLeftOut() throws {
        let texts = ["a<b&c>\"d'", "x\u{1}y\u{B}z\u{1F}", "keep\tthe\nbreaks\rand tab", "no\u{FFFE}n\u{FFFF}c", "  padded  ",
                     "=1+1", "001", "emoji 👍🏽 and 𠀀 (plane 2)", "项⽬ （全角）"]
        let sheet = XLSXWriter.Sheet(name: "text", header: ["text"], rows: texts.map { [.text($0)] })
        let data = try XLSXWriter.workbook([sheet])
        let book = try Reader.dump(data)
        XCTAssertEqual(book.warnings, [])
        let read = book.sheets[0].rows.dropFirst().map { $0[0] }
        XCTAssertEqual(read.map(\.type), Array(repeating: "s", count: texts.count), "text stays text: no formula, no number")
        XCTAssertEqual(read.map(\.value), ["a<b&c>\"d'", "xyz", "keep\tthe\nbreaks\rand tab", "nonc", "  padded  ",
                                           "=1+1", "001", "emoji 👍🏽 and 𠀀 (plane 2)", "项⽬ （全角）"])
    }

    /// Excel reads `_xHHHH_` in a string as the character U+HHHH; the writer escapes its underscore so Excel shows
    /// the text as typed. openpyxl does not unescape, so the XML itself is checked.
    func testExcelsOwnEscapeIsEscaped() throws {
        let data = try XLSXWriter.workbook([XLSXWriter.Sheet(name: "s", header: ["h"], rows: [[.text("_x0041_ and _x12_")]])])
        let strings = try Reader.part(data, "xl/sharedStrings.xml")
        XCTAssertTrue(strings.contains("<t>_x005F_x0041_ and _x12_</t>"), strings)
    }

    func testTextLongerThanExcelsLimitIsCut() throws {
        let long = String(repeating: "预", count: 40_000)
        let book = try Reader.dump(XLSXWriter.workbook([XLSXWriter.Sheet(name: "s", header: ["h"], rows: [[.text(long)]])]))
        let value = try XCTUnwrap(book.sheets[0].rows[1][0].value)
        XCTAssertEqual(value.utf16.count, 32_767)
        XCTAssertTrue(value.hasSuffix("预…"))
    }

    // MARK: sheets

    func testSheetNamesFollowExcelsRules() throws {
        let wanted = ["预算/执行[2020]:*?\\", "深圳市商务局世贸事务管理贸易摩擦应对事务深圳市商务局世贸事务管理贸易摩擦应对事务", "summary",
                      "Summary", "summary", "History", "'quoted'", "", "深圳市商务局世贸事务管理贸易摩擦应对事务深圳市商务局世贸事务管理贸易摩擦应对事务"]
        var names: [String] = []
        for name in wanted { names.append(XLSXWriter.SheetName.sanitized(name, taken: names)) }
        XCTAssertEqual(names, ["预算_执行_2020_____", "深圳市商务局世贸事务管理贸易摩擦应对事务深圳市商务局世贸事务管", "summary",
                               "Summary (2)", "summary (3)", "History (1)", "quoted", "Sheet",
                               "深圳市商务局世贸事务管理贸易摩擦应对事务深圳市商务局世 (2)"])
        XCTAssertTrue(names.allSatisfy { $0.utf16.count <= 31 })
        let sheets = wanted.map { XLSXWriter.Sheet(name: $0, header: ["h"], rows: []) }
        let book = try Reader.dump(XLSXWriter.workbook(sheets))
        XCTAssertEqual(book.warnings, [])
        XCTAssertEqual(book.sheets.map(\.name), names, "openpyxl reads the same names, Chinese intact")
        XCTAssertTrue(book.sheets.allSatisfy { $0.freezePanes == "A2" })
    }

    func testColumnNames() {
        XCTAssertEqual([0, 1, 25, 26, 27, 51, 52, 701, 702, 16_383].map(XLSXWriter.Worksheet.columnName),
                       ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"])
    }

    func testColumnWidthsCountChineseTwiceAndStopAt60() throws {
        let sheet = XLSXWriter.Sheet(name: "w", header: ["project", "n", "note"], rows: [
            [.text("贸易摩擦应对事务"), .number("12345", .integer), .text(String(repeating: "x", count: 100))],
        ])
        XCTAssertEqual(sheet.contentWidths, [16, 5, 100])
        let book = try Reader.dump(XLSXWriter.workbook([sheet]))
        XCTAssertEqual(book.sheets[0].widths, ["A": 18, "B": 7, "C": 60])
    }

    func testAnEmptyTableIsAHeaderAlone() throws {
        let book = try Reader.dump(XLSXWriter.workbook([XLSXWriter.Sheet(name: "empty", header: ["a", "b"], rows: [])]))
        XCTAssertEqual(book.warnings, [])
        XCTAssertEqual(book.sheets[0].maxRow, 1)
        XCTAssertEqual(book.sheets[0].freezePanes, "A2")
        let none = try Reader.dump(XLSXWriter.workbook([]))
        XCTAssertEqual(none.sheets.map(\.name), ["Sheet1"], "no table: one empty sheet")
    }

    func testTooManyRowsIsAnError() {
        let rows = [[XLSXWriter.Cell]](repeating: [], count: XLSXWriter.maximumRows)
        XCTAssertThrowsError(try XLSXWriter.workbook([XLSXWriter.Sheet(name: "big", header: ["a"], rows: rows)])) { error in
            XCTAssertEqual(error as? ReportError, .sheetTooLarge(sheet: "big", rows: 1_048_577, columns: 1))
            XCTAssertTrue("\(error)".contains("at most 1,048,576 rows"), "\(error)")
        }
    }

    func testTheSameTablesGiveTheSameBytes() throws {
        let sheet = XLSXWriter.Sheet(name: "s", header: ["a"], rows: [[.text("深圳")], [.number("1.00", .money)]])
        let first = try XLSXWriter.workbook([sheet])
        Thread.sleep(forTimeInterval: 1.1)
        XCTAssertEqual(first, try XLSXWriter.workbook([sheet]), "no clock in the file")
    }

    // MARK: listings

    func testListingInYuanAndInWanHoldsTheExactAmount() throws {
        var listing = Listing(columns: [.init("project"), .init("year", alignment: .right), .init("executed", alignment: .right),
                                        .init("rate", alignment: .right), .init("mase", alignment: .right), .init("state")])
        listing.append([.text("贸易摩擦应对事务"), .integer(2020), .money(Money(fen: 8_269_430)), .rate(82_694.30 / 230_000),
                        .decimal(0.97512, digits: 3), .note("open")])
        listing.append([.text(nil), .integer(nil), .money(Money(fen: -1_948_101_65)), .rate(nil), .decimal(.infinity, digits: 3),
                        .text("")])
        let yuan = try Reader.dump(listing.xlsx(sheet: "执行", presentation: .standard)).sheets[0]
        XCTAssertEqual(yuan.name, "执行")
        XCTAssertEqual(yuan.rows[0].map(\.value), ["project", "year", "executed", "rate", "mase", "state"].map { $0 as String? },
                       "headers are the CSV's keys")
        XCTAssertEqual(yuan.rows[1].map(\.raw), [nil, "2020", "82694.30", "\(82_694.30 / 230_000)".uppercased(), "0.975", nil])
        XCTAssertEqual(yuan.rows[1].map(\.format), ["General", "0", "#,##0.00", "0.0%", "0.000", "General"])
        XCTAssertEqual(yuan.rows[2].map(\.raw), [nil, nil, "-1948101.65", nil, nil, nil])
        XCTAssertEqual(yuan.rows[2].map(\.value).map { $0 == nil }, [true, true, false, true, true, true], "unknown → empty")
        // Widths from the shown form: "-1,948,101.65" is 13 wide; "36.0%" 5 (the header "rate" is 4).
        XCTAssertEqual(yuan.widths["C"], 15)
        XCTAssertEqual(yuan.widths["D"], 7)
        XCTAssertEqual(yuan.widths["A"], 18)

        let wan = try Reader.dump(listing.xlsx(sheet: "执行", presentation: Presentation(unit: .wan))).sheets[0]
        XCTAssertEqual(wan.rows[1][2].raw, "8.269430", "the exact amount in 万元, shown with two decimals")
        XCTAssertEqual(wan.rows[1][2].format, "#,##0.00")
        XCTAssertEqual(wan.rows[2][2].raw, "-194.810165")
        XCTAssertEqual(wan.rows[0][2].value, "executed (wan)", "the header names the unit, as the CSV's does")
        XCTAssertEqual(wan.widths["C"], 16, "\"executed (wan)\" (14) is wider than -194.81 (7)")
    }

    func testListingSheetMatchesItsCSV() throws {
        var listing = Listing(columns: [.init("unit"), .init("budget", alignment: .right), .init("rate", alignment: .right)])
        for n in 0..<50 {
            listing.append([.text("单位\(n % 7)"), .money(Money(fen: Int64(n * 123_457 - 2_000_000))), .rate(Double(n) / 37)])
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("t.csv"), xlsx = folder.appendingPathComponent("t.xlsx")
        try listing.csv(encoding: .utf8(bom: true)).write(to: csv)
        try listing.xlsx(sheet: "t").write(to: xlsx)
        let result = try Reader.run(["compare", xlsx.path, "t", csv.path])
        XCTAssertEqual(result["mismatches"] as? [String], [])
        XCTAssertEqual(result["csv_rows"] as? Int, 50)
        XCTAssertEqual(result["xlsx_rows"] as? Int, 50)
        let money = try XCTUnwrap(result["money"] as? [String: [String]])
        XCTAssertEqual(money["budget"]?[0], money["budget"]?[1])
        XCTAssertEqual(result["widths"] as? [Double], (result["expected_widths"] as? [Int])?.map(Double.init))
    }
}

/// Runs Tests/Scripts/xlsx_read.py (python3 with openpyxl). A missing python3 or openpyxl fails the test with a
/// message saying to run `make deps`; it is never skipped.
enum Reader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Cell {
        var value: String?
        var type: String
        var format: String
        var bold: Bool
        var raw: String?
    }

    struct Sheet {
        var name: String
        var freezePanes: String?
        var autoFilter: String?
        var maxRow: Int
        var widths: [String: Double]
        var rows: [[Cell]]
    }

    struct Book {
        var warnings: [String]
        var sheets: [Sheet]
    }

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scripts/xlsx_read.py").path
    }

    /// The script's JSON output for `arguments`.
    static func run(_ arguments: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0: break
        case 127: throw Failure(description: "python3 is not installed: run `make deps`")
        default: throw Failure(description: "Tests/Scripts/xlsx_read.py failed (\(process.terminationStatus)): \(message)")
        }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "xlsx_read.py printed no JSON object: \(String(decoding: data, as: UTF8.self))")
        }
        return object
    }

    /// The workbook `data` as openpyxl reads it.
    static func dump(_ data: Data) throws -> Book {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString).xlsx")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let object = try run(["dump", file.path])
        let sheets = (object["sheets"] as? [[String: Any]] ?? []).map { sheet in
            Sheet(name: sheet["name"] as? String ?? "", freezePanes: sheet["freeze_panes"] as? String,
                  autoFilter: sheet["auto_filter"] as? String, maxRow: sheet["max_row"] as? Int ?? 0,
                  widths: sheet["widths"] as? [String: Double] ?? [:],
                  rows: (sheet["rows"] as? [[[String: Any]]] ?? []).map { row in
                      row.map { cell in
                          Cell(value: cell["v"].flatMap { $0 is NSNull ? nil : "\($0)" }, type: cell["t"] as? String ?? "",
                               format: cell["f"] as? String ?? "", bold: cell["bold"] as? Bool ?? false, raw: cell["raw"] as? String)
                      }
                  })
        }
        return Book(warnings: object["warnings"] as? [String] ?? [], sheets: sheets)
    }

    /// One part of the package, as text (read with Python's zipfile).
    static func part(_ data: Data, _ name: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString).xlsx")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
                             file.path, name]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }
}
