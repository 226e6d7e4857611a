import Foundation
import XCTest
@testable import Import

final class TextDecodingTests: XCTestCase {
    /// What Fixtures/gb18030-sample.csv holds, as UTF-8 (see Fixtures/make_fixtures.py, which wrote it with
    /// Python's `TEXT.encode("gb18030")`).
    static let gbSampleText = "项目名称,年度,全年执行数\n世贸事务管理-贸易摩擦应对事务,2020,\"82,694.30\"\n"

    private func decode(_ bytes: [UInt8], as choice: InputEncoding) throws -> DecodedText {
        try DecodedText.decode(Data(bytes), as: choice, file: "in.csv")
    }

    /// The line of the `.encoding` error `body` throws, failing the test on any other outcome.
    private func encodingErrorLine(_ body: () throws(ImportError) -> DecodedText,
                                   file: StaticString = #filePath, line: UInt = #line) -> Int? {
        do {
            let decoded = try body()
            XCTFail("decoded as \(decoded.encodingName) instead of throwing", file: file, line: line)
        } catch {
            if case .encoding(let name, let errorLine, _) = error {
                XCTAssertEqual(name, "in.csv", file: file, line: line)
                return errorLine
            }
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return nil
    }

    func testUTF8WithBOMDropsTheBOM() throws {
        let body = utf8("项目名称,年度\n")
        for choice in [InputEncoding.auto, .utf8] {
            let decoded = try decode([0xEF, 0xBB, 0xBF] + body, as: choice)
            XCTAssertEqual(decoded.encodingName, "utf-8-bom", "\(choice)")
            XCTAssertEqual(decoded.bytes, body, "\(choice)")
        }
    }

    func testPlainUTF8() throws {
        let body = utf8("项目名称,年度\n世贸,2020\n")
        for choice in [InputEncoding.auto, .utf8] {
            let decoded = try decode(body, as: choice)
            XCTAssertEqual(decoded.encodingName, "utf-8", "\(choice)")
            XCTAssertEqual(decoded.bytes, body, "\(choice)")
        }
    }

    func testEmptyInputIsUTF8() throws {
        let decoded = try decode([], as: .auto)
        XCTAssertEqual(decoded.encodingName, "utf-8")
        XCTAssertEqual(decoded.bytes, [])
    }

    func testGB18030FixtureDecodesUnderAutoAndExplicitChoice() throws {
        let data = try Data(contentsOf: try importFixtureURL("gb18030-sample.csv"))
        // The fixture must really be GB18030, not UTF-8 (else this test would prove nothing).
        XCTAssertNotEqual(Array(data), utf8(Self.gbSampleText))
        XCTAssertEqual(data.count, 72)
        for choice in [InputEncoding.auto, .gb18030] {
            let decoded = try DecodedText.decode(data, as: choice, file: "gb.csv")
            XCTAssertEqual(decoded.encodingName, "gb18030", "\(choice)")
            XCTAssertEqual(String(decoding: decoded.bytes, as: UTF8.self), Self.gbSampleText, "\(choice)")
        }
    }

    func testGB18030FourByteSequence() throws {
        // Python: "\x80".encode("gb18030") == 81 30 81 30 and "\U00010000".encode("gb18030") == 90 30 81 30.
        let decoded = try decode([0x61, 0x81, 0x30, 0x81, 0x30, 0x90, 0x30, 0x81, 0x30, 0x0A], as: .gb18030)
        XCTAssertEqual(decoded.bytes, [0x61, 0xC2, 0x80, 0xF0, 0x90, 0x80, 0x80, 0x0A])
    }

    func testInvalidUTF8ForcedAsUTF8ThrowsWithLine() {
        let bytes = utf8("a,b\nc,d\ne,") + [0xFF] + utf8("\nf,g\n")
        XCTAssertEqual(encodingErrorLine { () throws(ImportError) in try DecodedText.decode(Data(bytes), as: .utf8, file: "in.csv") }, 3)
    }

    func testInvalidUTF8AfterBOMThrowsEvenUnderAuto() {
        // A BOM says UTF-8; a bad byte after it must not send the file to GB18030. Line counting starts after the BOM.
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + utf8("h\n") + [0xC0, 0x80] + utf8("\n")
        XCTAssertEqual(encodingErrorLine { () throws(ImportError) in try DecodedText.decode(Data(bytes), as: .auto, file: "in.csv") }, 2)
    }

    func testBytesInvalidInBothEncodingsThrowWithLineUnderAuto() {
        // 0xFF is no UTF-8 byte and no GB18030 lead byte.
        let bytes = utf8("项目名称,年度\n世贸,2020\nx,") + [0xFF] + utf8("\n")
        XCTAssertEqual(encodingErrorLine { () throws(ImportError) in try DecodedText.decode(Data(bytes), as: .auto, file: "in.csv") }, 3)
        // 0x80 alone is not GB18030 either.
        let second = utf8("a\nb\nc\nd") + [0x80]
        XCTAssertEqual(encodingErrorLine { () throws(ImportError) in try DecodedText.decode(Data(second), as: .gb18030, file: "in.csv") }, 4)
    }

    func testTruncatedGB18030AtEndOfFileThrowsWithLine() {
        let bytes = utf8("a\nb\n") + [0xC4]
        XCTAssertEqual(encodingErrorLine { () throws(ImportError) in try DecodedText.decode(Data(bytes), as: .auto, file: "in.csv") }, 3)
    }

    func testFirstInvalidUTF8() {
        XCTAssertNil(DecodedText.firstInvalidUTF8([]))
        XCTAssertNil(DecodedText.firstInvalidUTF8(utf8("plain ascii\n")))
        // Valid 2-, 3- and 4-byte sequences, including the emoji U+1F600 (F0 9F 98 80) and U+10FFFF (F4 8F BF BF).
        XCTAssertNil(DecodedText.firstInvalidUTF8(utf8("é项😀")))
        XCTAssertNil(DecodedText.firstInvalidUTF8([0xF0, 0x9F, 0x98, 0x80]))
        XCTAssertNil(DecodedText.firstInvalidUTF8([0xF4, 0x8F, 0xBF, 0xBF]))
        XCTAssertNil(DecodedText.firstInvalidUTF8([0xED, 0x9F, 0xBF])) // U+D7FF, just below the surrogates
        XCTAssertNil(DecodedText.firstInvalidUTF8([0xEE, 0x80, 0x80])) // U+E000, just above them

        // Overlong encodings.
        XCTAssertEqual(DecodedText.firstInvalidUTF8([0xC0, 0x80]), 0)
        XCTAssertEqual(DecodedText.firstInvalidUTF8([0x41, 0xC1, 0xBF]), 1)
        XCTAssertEqual(DecodedText.firstInvalidUTF8([0x41, 0x42, 0xE0, 0x80, 0x80]), 2)
        XCTAssertEqual(DecodedText.firstInvalidUTF8([0xF0, 0x80, 0x80, 0x80]), 0)
        // Surrogates U+D800 and U+DFFF.
        XCTAssertEqual(DecodedText.firstInvalidUTF8([0x61, 0xED, 0xA0, 0x80]), 1)
        XCTAssertEqual(DecodedText.firstInvalidUTF8([0xED, 0xBF, 0xBF]), 0)
        // Above U+10FFFF and bytes that never occur.
        XCTAssertEqual(DecodedText.firstInvalidUTF8([0xF4, 0x90, 0x80, 0x80]), 0)
        XCTAssertEqual(DecodedText.firstInvalidUTF8([0x61, 0xF5, 0x80, 0x80, 0x80]), 1)
        XCTAssertEqual(DecodedText.firstInvalidUTF8([0x61, 0x62, 0xFF]), 2)
        // A lone continuation byte.
        XCTAssertEqual(DecodedText.firstInvalidUTF8([0x61, 0x80]), 1)
        // Truncated sequences: at the end of the input, and cut short by an ASCII byte.
        XCTAssertEqual(DecodedText.firstInvalidUTF8(utf8("ab") + [0xE9, 0xA1]), 2)
        XCTAssertEqual(DecodedText.firstInvalidUTF8(utf8("ab") + [0xF0, 0x9F, 0x98]), 2)
        XCTAssertEqual(DecodedText.firstInvalidUTF8([0xE9, 0xA1, 0x41]), 0)
        XCTAssertEqual(DecodedText.firstInvalidUTF8([0xF0, 0x9F, 0x98, 0x41, 0x42]), 0)
        XCTAssertEqual(DecodedText.firstInvalidUTF8([0xC3]), 0)
        // The first of two problems.
        XCTAssertEqual(DecodedText.firstInvalidUTF8(utf8("😀x") + [0xC0, 0x80, 0xFF]), 5)
    }

    func testLineNumber() {
        let bytes = utf8("a\nb\n\nc")
        XCTAssertEqual(DecodedText.lineNumber(of: 0, in: bytes), 1)
        XCTAssertEqual(DecodedText.lineNumber(of: 1, in: bytes), 1) // the LF itself is on line 1
        XCTAssertEqual(DecodedText.lineNumber(of: 2, in: bytes), 2)
        XCTAssertEqual(DecodedText.lineNumber(of: 5, in: bytes), 4)
    }

    func testEncodingNames() {
        XCTAssertEqual(InputEncoding(name: "UTF-8"), .utf8)
        XCTAssertEqual(InputEncoding(name: "utf-8-sig"), .utf8)
        XCTAssertEqual(InputEncoding(name: "GBK"), .gb18030)
        XCTAssertEqual(InputEncoding(name: "gb_2312"), .gb18030)
        XCTAssertEqual(InputEncoding(name: "Auto"), .auto)
        XCTAssertNil(InputEncoding(name: "latin1"))
    }

    func testUTF16WithByteOrderMarkIsRead() throws {
        let text = "项目名称,年度\n世贸,2020\n"
        for (bom, units) in [([UInt8]([0xFF, 0xFE]), text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
                             ([0xFE, 0xFF], text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })] {
            let decoded = try decode(bom + units, as: .auto)
            XCTAssertEqual(decoded.encodingName, "utf-16")
            XCTAssertEqual(decoded.bytes, utf8(text))
        }
    }

    func testANulByteIsAnErrorOnItsLine() throws {
        XCTAssertEqual(encodingErrorLine { () throws(ImportError) in try DecodedText.decode(Data(utf8("a\nb") + [0] + utf8("c\n")), as: .auto, file: "in.csv") }, 2)
        XCTAssertEqual(encodingErrorLine { () throws(ImportError) in try DecodedText.decode(Data(utf8("a\n") + [0]), as: .utf8, file: "in.csv") }, 2)
    }

    func testAccentedLatinUTF8StaysUTF8() throws {
        // Madrid's labels: valid UTF-8 whose bytes are also valid GB18030 (ó = C3 B3 reads 贸), but Latin letters with
        // accents are plausible text, so UTF-8 is kept without a question.
        let body = utf8("programa,descripción\n1,Administración Financiera y Tributaria\n")
        let decoded = try decode(body, as: .auto)
        XCTAssertEqual(decoded.encodingName, "utf-8")
        XCTAssertEqual(decoded.bytes, body)
    }

    func testGB18030ThatIsAlsoValidUTF8IsAmbiguousUnderAuto() throws {
        // 专业之业 in GB18030: D7 A8 D2 B5 D6 AE D2 B5, valid UTF-8 (Hebrew ר and Cyrillic ҵ…).
        let bytes: [UInt8] = utf8("project\n") + [0xD7, 0xA8, 0xD2, 0xB5, 0xD6, 0xAE, 0xD2, 0xB5] + utf8("\n")
        XCTAssertEqual(encodingErrorLine { () throws(ImportError) in try DecodedText.decode(Data(bytes), as: .auto, file: "in.csv") }, 2)
        XCTAssertEqual(try decode(bytes, as: .gb18030).bytes, utf8("project\n专业之业\n"))
        XCTAssertEqual(try decode(bytes, as: .utf8).encodingName, "utf-8", "an explicit choice is obeyed")
    }
}
