import XCTest
@testable import Import

/// The General-format and date texts of number cells, and which format codes are dates, against values typed
/// here as Excel shows them.
final class XLSXCellTextTests: XCTestCase {
    func testGeneralFormat() {
        let cases: [(String, String)] = [
            ("141.19999999999999", "141.2"), ("1948101.6499999999", "1948101.65"), ("230000", "230000"),
            ("0.36", "0.36"), ("0.30000000000000004", "0.3"), ("-0", "0"), ("0", "0"), ("007", "7"),
            ("2.3E5", "230000"), ("1.2e-05", "0.000012"), ("-1.1368683772161603E-13", "-0.000000000000113686837721616"),
            ("999999999999999", "999999999999999"), ("123456789012345678", "1.23456789012346E+17"),
            ("1E+15", "1E+15"), ("0.1", "0.1"), ("12345678.123456789", "12345678.1234568"), ("abc", "abc"), ("", ""),
        ]
        for (raw, shown) in cases { XCTAssertEqual(XLSXCellText.general(raw), shown, raw) }
    }

    func testSerialDates() {
        func date(_ serial: Double, _ display: XLSXStyles.DateDisplay = .date, mac: Bool = false) -> String? {
            XLSXCellText.date(serial: serial, display: display, uses1904Dates: mac)
        }
        XCTAssertEqual(date(1), "1900-01-01")
        XCTAssertEqual(date(59), "1900-02-28")
        XCTAssertEqual(date(60), "1900-02-29")
        XCTAssertEqual(date(61), "1900-03-01")
        XCTAssertEqual(date(43891), "2020-03-01")
        XCTAssertEqual(date(43891.5), "2020-03-01 12:00:00")
        XCTAssertEqual(date(43891.999999999), "2020-03-02")   // rounds to the next midnight
        XCTAssertEqual(date(2_958_465), "9999-12-31")
        XCTAssertNil(date(2_958_466))
        XCTAssertNil(date(-1))
        XCTAssertEqual(date(0.75, .time), "18:00:00")
        XCTAssertEqual(date(1.25, .time), "1900-01-01 06:00:00")
        XCTAssertEqual(date(0, mac: true), "1904-01-01")
        XCTAssertEqual(date(42429, mac: true), "2020-03-01")
        XCTAssertEqual(XLSXCellText.isoDate("2020-03-01T14:30:00Z"), "2020-03-01 14:30:00")
        XCTAssertEqual(XLSXCellText.isoDate("2020-03-01T00:00:00"), "2020-03-01")
    }

    func testDateFormatCodes() {
        let dates = ["yyyy-mm-dd", "m/d/yy", "yyyy\"年\"m\"月\"d\"日\"", "[$-804]yyyy\"年\"m\"月\"", "d-mmm", "mmm-yy",
                     "yyyy/m/d\\ h:mm", "[DBNum1][$-804]yyyy\"年\"m\"月\"d\"日\""]
        for code in dates { XCTAssertEqual(XLSXStyles.display(ofFormatCode: code), .date, code) }
        for code in ["h:mm", "[h]:mm:ss", "mm:ss", "h\"时\"mm\"分\""] {
            XCTAssertEqual(XLSXStyles.display(ofFormatCode: code), .time, code)
        }
        let numbers = ["General", "0.00", "#,##0.00_);[Red](#,##0.00)", "0.00 \"d\"", "0.00\\d", "@", "0.0%",
                       "[>=100000]0.0,,\"万\";0", "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)", "0.00E+00", "[Red]0"]
        for code in numbers { XCTAssertNil(XLSXStyles.display(ofFormatCode: code), code) }
        XCTAssertEqual(XLSXStyles.builtInDisplay(14), .date)
        XCTAssertEqual(XLSXStyles.builtInDisplay(57), .date)
        XCTAssertEqual(XLSXStyles.builtInDisplay(46), .time)
        XCTAssertNil(XLSXStyles.builtInDisplay(0))
        XCTAssertNil(XLSXStyles.builtInDisplay(44))
    }

    func testCellReferences() {
        XCTAssertEqual(XLSXSheetReader.position(of: "A1").row, 0)
        XCTAssertEqual(XLSXSheetReader.position(of: "AB12").column, 27)
        XCTAssertEqual(XLSXSheetReader.position(of: "$XFD$1048576").column, 16_383)
        XCTAssertEqual(XLSXSheetReader.position(of: "XFE1").column, XLSXSheetReader.columnLimit)
        XCTAssertNil(XLSXSheetReader.position(of: "12").column)
        XCTAssertNil(XLSXSheetReader.position(of: "A-1").column)
        XCTAssertEqual(XLSXSheetReader.columnName(0), "A")
        XCTAssertEqual(XLSXSheetReader.columnName(27), "AB")
        XCTAssertEqual(XLSXSheetReader.columnName(16_383), "XFD")
    }

    func testUnderscoreEscapes() {
        XCTAssertEqual(XLSXEscapes.decode("a_x000D_b"), "a\rb")
        XCTAssertEqual(XLSXEscapes.decode("_x005F_x000D_"), "_x000D_")
        XCTAssertEqual(XLSXEscapes.decode("_x00zz_ and _x"), "_x00zz_ and _x")
        XCTAssertEqual(XLSXEscapes.decode("_xD83D__xDE00_"), "😀")
    }
}
