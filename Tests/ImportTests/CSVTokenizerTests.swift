import XCTest
@testable import Import

final class CSVTokenizerTests: XCTestCase {
    struct Record: Equatable {
        var line: Int
        var fields: [String]
    }

    /// Every record of `bytes`, with field texts as `text(of:)` gives them.
    private func records(_ bytes: [UInt8]) throws -> [Record] {
        var tokenizer = CSVTokenizer(bytes: bytes)
        var fields: [CSVTokenizer.Field] = []
        var out: [Record] = []
        while let line = try tokenizer.next(into: &fields) {
            out.append(Record(line: line, fields: fields.map { tokenizer.text(of: $0) }))
        }
        return out
    }

    private func records(_ text: String) throws -> [Record] { try records(utf8(text)) }

    /// The raw bytes of each field (no trimming), to see exactly where a field ends.
    private func rawFields(_ text: String) throws -> [[String]] {
        let bytes = utf8(text)
        var tokenizer = CSVTokenizer(bytes: bytes)
        var fields: [CSVTokenizer.Field] = []
        var out: [[String]] = []
        while try tokenizer.next(into: &fields) != nil {
            out.append(fields.map { String(decoding: bytes[$0.range], as: UTF8.self) })
        }
        return out
    }

    func testPlainFields() throws {
        XCTAssertEqual(try records("a,b,c\n1,22,333\n"), [
            Record(line: 1, fields: ["a", "b", "c"]),
            Record(line: 2, fields: ["1", "22", "333"]),
        ])
    }

    func testEmptyFieldsAreKept() throws {
        XCTAssertEqual(try records(",x,\n"), [Record(line: 1, fields: ["", "x", ""])])
    }

    func testQuotedFieldWithCommaAndDoubledQuote() throws {
        let bytes = utf8("\"82,694.30\",\"he said \"\"hi\"\"\",plain\n")
        var tokenizer = CSVTokenizer(bytes: bytes)
        var fields: [CSVTokenizer.Field] = []
        XCTAssertEqual(try tokenizer.next(into: &fields), 1)
        XCTAssertEqual(fields.map { tokenizer.text(of: $0) }, ["82,694.30", "he said \"hi\"", "plain"])
        XCTAssertEqual(fields.map(\.hasEscapedQuote), [false, true, false])
        XCTAssertNil(try tokenizer.next(into: &fields))
    }

    func testEmbeddedLFAdvancesTheNextRecordsLine() throws {
        let text = "h1,h2\n\"first\nsecond\nthird\",x\nnext,y\n"
        XCTAssertEqual(try records(text), [
            Record(line: 1, fields: ["h1", "h2"]),
            Record(line: 2, fields: ["first\nsecond\nthird", "x"]),
            Record(line: 5, fields: ["next", "y"]),
        ])
    }

    func testEmbeddedCRLFAdvancesTheNextRecordsLine() throws {
        let text = "h1,h2\r\n\"a\r\nb\",x\r\nnext,y\r\n"
        XCTAssertEqual(try records(text), [
            Record(line: 1, fields: ["h1", "h2"]),
            Record(line: 2, fields: ["a\r\nb", "x"]),
            Record(line: 4, fields: ["next", "y"]),
        ])
    }

    func testCRLFLineEndsLeaveNoCRInLastField() throws {
        XCTAssertEqual(try rawFields("a,b\r\nc,d\r\n\"q\"\r\ne,\"f\"\r\n"), [["a", "b"], ["c", "d"], ["q"], ["e", "f"]])
        XCTAssertEqual(try records("a,b\r\nc,d\r\n").map(\.line), [1, 2])
    }

    func testCRLFWithoutFinalNewlineLeavesNoCR() throws {
        XCTAssertEqual(try rawFields("a,b\r\nc,d\r"), [["a", "b"], ["c", "d"]])
    }

    func testLoneCRIsALineEnd() throws {
        // Old Mac files end lines with CR alone; read as one header line, they imported nothing without a word.
        XCTAssertEqual(try records("project,year\r甲,2020\r乙,2021\r"), [
            Record(line: 1, fields: ["project", "year"]),
            Record(line: 2, fields: ["甲", "2020"]),
            Record(line: 3, fields: ["乙", "2021"]),
        ])
        XCTAssertEqual(try records("a\r\rb\r\n\"x\ry\"\rc"), [
            Record(line: 1, fields: ["a"]),
            Record(line: 3, fields: ["b"]),
            Record(line: 4, fields: ["x\ry"]),
            Record(line: 6, fields: ["c"]),
        ])
    }

    func testTextAfterAClosingQuoteIsAnError() throws {
        // `"1,000"500` was read as 1,000 (the 500 dropped); it must name the line and the field.
        for text in ["h1,h2,h3\n甲,\"1,000\"500,x\n", "h1,h2,h3\n甲,\"1,000\" 500,x\n", "h1,h2,h3\n甲,\"坏\"引号,x\n"] {
            XCTAssertThrowsError(try records(text), text) { error in
                guard let syntax = error as? CSVTokenizer.SyntaxError else { return XCTFail("unexpected error \(error)") }
                XCTAssertEqual(syntax.line, 2, text)
                XCTAssertEqual(syntax.field, 2, text)
                guard case .textAfterClosingQuote = syntax.kind else { return XCTFail("\(syntax.kind)") }
                XCTAssertTrue(syntax.description.contains("field 2"), syntax.description)
            }
        }
    }

    func testSpacesAfterAClosingQuoteAreAllowed() throws {
        XCTAssertEqual(try records("\"a\"  ,\"b\"\t\r\n").first?.fields, ["a", "b"])
    }

    func testBlankLinesAreSkippedButCounted() throws {
        let text = "a,b\n\n\r\nc,d\n\n\ne,f\n\n"
        XCTAssertEqual(try records(text), [
            Record(line: 1, fields: ["a", "b"]),
            Record(line: 4, fields: ["c", "d"]),
            Record(line: 7, fields: ["e", "f"]),
        ])
    }

    func testLeadingBlankLines() throws {
        XCTAssertEqual(try records("\n\nh\n"), [Record(line: 3, fields: ["h"])])
    }

    func testEmptyInputHasNoRecord() throws {
        XCTAssertEqual(try records(""), [])
        XCTAssertEqual(try records("\n\r\n\n"), [])
    }

    func testUnterminatedQuoteNamesTheLineWhereTheFieldBegan() throws {
        // The record on line 2 spans lines 2–3; the bad field begins on line 4 and runs to the end (line 6).
        let text = "h1,h2\n\"x\ny\",1\n2,\"never\nclosed\nat all"
        XCTAssertThrowsError(try records(text)) { error in
            guard let unterminated = error as? CSVTokenizer.SyntaxError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(unterminated.line, 4)
            XCTAssertEqual(unterminated.field, 2)
            XCTAssertEqual(unterminated.kind, .unterminatedQuote)
        }
    }

    func testUnterminatedQuoteOnFirstLine() throws {
        XCTAssertThrowsError(try records("\"abc")) { error in
            XCTAssertEqual((error as? CSVTokenizer.SyntaxError)?.line, 1)
        }
    }

    func testRecordsBeforeAnUnterminatedQuoteAreReturned() throws {
        var tokenizer = CSVTokenizer(bytes: utf8("a,b\n\"open\n"))
        var fields: [CSVTokenizer.Field] = []
        XCTAssertEqual(try tokenizer.next(into: &fields), 1)
        XCTAssertThrowsError(try tokenizer.next(into: &fields))
    }

    func testTrailingRecordWithoutFinalNewline() throws {
        XCTAssertEqual(try records("a,b\nc,d"), [
            Record(line: 1, fields: ["a", "b"]),
            Record(line: 2, fields: ["c", "d"]),
        ])
        XCTAssertEqual(try records("a,b\nc,"), [
            Record(line: 1, fields: ["a", "b"]),
            Record(line: 2, fields: ["c", ""]),
        ])
        XCTAssertEqual(try records("a\n\"q,\"\"r\"\"\""), [
            Record(line: 1, fields: ["a"]),
            Record(line: 2, fields: ["q,\"r\""]),
        ])
    }

    func testTextTrimsSpacesAndTabs() throws {
        XCTAssertEqual(try records("  a  ,\tb\t, \t c d \t \n").first?.fields, ["a", "b", "c d"])
    }

    func testTextKeepsInnerSpacesOfQuotedField() throws {
        XCTAssertEqual(try records("\"  x  y  \"\n").first?.fields, ["x  y"])
    }

    func testIsBlank() throws {
        let bytes = utf8("  ,\t, x \n")
        var tokenizer = CSVTokenizer(bytes: bytes)
        var fields: [CSVTokenizer.Field] = []
        _ = try tokenizer.next(into: &fields)
        XCTAssertEqual(fields.map { tokenizer.isBlank($0) }, [true, true, false])
    }

    func testMultibyteFieldsKeepTheirText() throws {
        XCTAssertEqual(try records("项目名称,年度\n世贸事务管理-贸易摩擦应对事务,2020年\n"), [
            Record(line: 1, fields: ["项目名称", "年度"]),
            Record(line: 2, fields: ["世贸事务管理-贸易摩擦应对事务", "2020年"]),
        ])
    }
}
