import Foundation
import XCTest

import Reports

/// Expected bytes are written out by hand from RFC 4180 and the GB18030 code tables.
final class CSVWriterTests: XCTestCase {
    private let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    private func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

    func testQuotesOnlyFieldsThatNeedIt() throws {
        let data = try CSVWriter.data(
            header: ["plain", "comma", "quote", "newline", "cr", "empty", "spaces"],
            rows: [["深圳", "a,b", "say \"hi\"", "line1\nline2", "x\ry", "", " padded "]],
            encoding: .utf8(bom: false))
        let expected =
            "plain,comma,quote,newline,cr,empty,spaces\r\n"
            + "深圳,\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",\"x\ry\",, padded \r\n"
        XCTAssertEqual(Array(data), utf8(expected))
    }

    func testCRLFInsideAFieldIsQuoted() throws {
        // "\r\n" is a single Character in Swift; the writer must still see the CR and LF.
        let data = try CSVWriter.data(header: ["note"], rows: [["a\r\nb"]], encoding: .utf8(bom: false))
        XCTAssertEqual(Array(data), utf8("note\r\n\"a\r\nb\"\r\n"))
    }

    func testQuoteFollowedByCombiningMarkIsDoubled() throws {
        // `"` + U+0301 is one Character; the quote inside it must still be doubled.
        let data = try CSVWriter.data(header: ["q"], rows: [["\"\u{301}"]], encoding: .utf8(bom: false))
        XCTAssertEqual(Array(data), utf8("q\r\n\"\"\"\u{301}\"\r\n"))
    }

    func testEveryRecordEndsWithCRLF() throws {
        let data = try CSVWriter.data(header: ["a", "b"], rows: [["1", "2"], ["3", "4"]], encoding: .utf8(bom: false))
        XCTAssertEqual(Array(data), [0x61, 0x2C, 0x62, 0x0D, 0x0A, 0x31, 0x2C, 0x32, 0x0D, 0x0A, 0x33, 0x2C, 0x34, 0x0D, 0x0A])
        XCTAssertEqual(Array(data.suffix(2)), [0x0D, 0x0A])
    }

    func testBOMPresentForUTF8WithBOM() throws {
        let data = try CSVWriter.data(header: ["单位"], rows: [["深圳"]], encoding: .utf8(bom: true))
        XCTAssertEqual(Array(data), [0xEF, 0xBB, 0xBF] + utf8("单位\r\n深圳\r\n"))
    }

    func testBOMAbsentForPlainUTF8() throws {
        let data = try CSVWriter.data(header: ["单位"], rows: [["深圳"]], encoding: .utf8(bom: false))
        XCTAssertEqual(Array(data), utf8("单位\r\n深圳\r\n"))
        XCTAssertEqual(data.first, 0xE5)  // first byte of 单 (U+5355 = E5 8D 95)
    }

    func testBOMWrittenOnceAcrossChunksAndForAnEmptyFile() throws {
        var chunks: [Data] = []
        let writer = CSVWriter(encoding: .utf8(bom: true), chunkSize: 8) { chunks.append($0) }
        for index in 0..<10 {
            try writer.write(row: ["第\(index)行", "\(index)"])
        }
        try writer.finish()
        let all = chunks.reduce(Data(), +)
        XCTAssertEqual(Array(all.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertEqual(all.count, 3 + 10 * utf8("第0行,0\r\n").count)
        XCTAssertFalse(all.dropFirst(3).starts(with: [0xEF, 0xBB, 0xBF]))

        var empty = Data()
        let emptyWriter = CSVWriter(encoding: .utf8(bom: true)) { empty.append($0) }
        try emptyWriter.finish()
        XCTAssertEqual(Array(empty), [0xEF, 0xBB, 0xBF])
    }

    func testStreamsInChunksOfAtLeastChunkSize() throws {
        var chunks: [Data] = []
        let writer = CSVWriter(encoding: .utf8(bom: false), chunkSize: 100) { chunks.append($0) }
        let row = ["深圳市商务局", "82,694.30", "世贸事务管理-贸易摩擦应对事务"]
        // Each record is 76 bytes (18 + 1 + 11 + 1 + 18 + 1 + 24 + 2), so every second one fills a chunk and the 51st is left for finish().
        for _ in 0..<51 {
            try writer.write(row: row)
        }
        XCTAssertFalse(chunks.isEmpty, "full chunks are handed on before finish()")
        let beforeFinish = chunks.count
        try writer.finish()
        XCTAssertEqual(chunks.count, beforeFinish + 1, "finish() hands on the remainder")
        for chunk in chunks.dropLast() {
            XCTAssertGreaterThanOrEqual(chunk.count, 100)
        }
        let record = utf8("深圳市商务局,\"82,694.30\",世贸事务管理-贸易摩擦应对事务\r\n")
        XCTAssertEqual(record.count, 76)
        XCTAssertEqual(chunks.count, 26)
        XCTAssertEqual(chunks.reduce(Data(), +), Data(Array(repeating: record, count: 51).joined()))
        XCTAssertEqual(writer.rowCount, 51)
    }

    func testDefaultChunkSizeIs64KiB() throws {
        var sizes: [Int] = []
        let writer = CSVWriter(encoding: .utf8(bom: false)) { sizes.append($0.count) }
        let record = String(repeating: "x", count: 998)  // 1,000 bytes with CRLF
        for _ in 0..<200 {
            try writer.write(row: [record])
        }
        try writer.finish()
        // 66 records (66,000 bytes) are the first to reach 65,536; 200,000 bytes make 3 chunks and a rest.
        XCTAssertEqual(sizes, [66_000, 66_000, 66_000, 2_000])
    }

    func testWritesToAFileHandle() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString).csv")
        XCTAssertTrue(FileManager.default.createFile(atPath: url.path, contents: nil))
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        let writer = CSVWriter(encoding: .utf8(bom: true), fileHandle: handle)
        try writer.write(row: ["单位", "金额"])
        try writer.write(row: ["深圳市商务局", "82,694.30"])
        try writer.finish()
        try handle.close()
        let written = try Data(contentsOf: url)
        XCTAssertEqual(Array(written), [0xEF, 0xBB, 0xBF] + utf8("单位,金额\r\n深圳市商务局,\"82,694.30\"\r\n"))
    }

    func testGB18030BytesOfShenzhen() throws {
        let data = try CSVWriter.data(header: ["深圳"], rows: [], encoding: .gb18030)
        // GB2312 row 41 (C9) cell 78 (EE) is 深, row 59 (DB) cell 90 (DA) is 圳.
        XCTAssertEqual(Array(data), [0xC9, 0xEE, 0xDB, 0xDA, 0x0D, 0x0A])
        XCTAssertEqual(String(data: data, encoding: gb18030), "深圳\r\n")
    }

    func testGB18030RoundTripsChineseKangxiAndEuro() throws {
        let rows = [["深圳市商务局", "世贸事务管理-贸易摩擦应对事务", "⽬", "€"]]
        let data = try CSVWriter.data(header: ["单位", "项目", "部首", "符号"], rows: rows, encoding: .gb18030)
        let text = try XCTUnwrap(String(data: data, encoding: gb18030))
        let expected = "单位,项目,部首,符号\r\n深圳市商务局,世贸事务管理-贸易摩擦应对事务,⽬,€\r\n"
        XCTAssertTrue(text.unicodeScalars.elementsEqual(expected.unicodeScalars), "decoded: \(text)")
        // GB18030-2005: U+2F6C is the four-byte sequence 81 39 96 30, € is A2 E3 (as Python's codec gives).
        let bytes = Array(data)
        XCTAssertNotNil(bytes.firstRange(of: [0x2C, 0x81, 0x39, 0x96, 0x30, 0x2C]))
        XCTAssertEqual(Array(bytes.suffix(4)), [0xA2, 0xE3, 0x0D, 0x0A])
    }

    func testUnencodableCharacterThrowsNamingRowAndCharacter() throws {
        // Foundation writes U+E5E5 (a private-use code point) as A3 A0 but reads that back as U+3000, so
        // the character cannot be kept in GB18030 here.
        let probe = "\u{E5E5}".data(using: gb18030).flatMap { String(data: $0, encoding: gb18030) }
        try XCTSkipIf(probe == "\u{E5E5}", "this platform's GB18030 keeps U+E5E5")

        var written = Data()
        let writer = CSVWriter(encoding: .gb18030) { written.append($0) }
        try writer.write(row: ["单位", "名称"])
        try writer.write(row: ["深圳", "好"])
        XCTAssertThrowsError(try writer.write(row: ["深圳", "坏\u{E5E5}字"])) { error in
            XCTAssertEqual(
                error as? ReportError,
                .unencodableCharacter("\u{E5E5}", row: 3, column: 2, encoding: "GB18030"))
            let message = String(describing: error)
            XCTAssertTrue(message.contains("Row 3"), message)
            XCTAssertTrue(message.contains("column 2"), message)
            XCTAssertTrue(message.contains("U+E5E5"), message)
        }
        try writer.finish()
        // The failed row left nothing behind; the rows before it are intact.
        XCTAssertEqual(String(data: written, encoding: gb18030), "单位,名称\r\n深圳,好\r\n")
    }

    func testFieldCountMismatchIsReported() {
        XCTAssertThrowsError(
            try CSVWriter.data(header: ["a", "b"], rows: [["1", "2"], ["3"]], encoding: .utf8(bom: true))
        ) { error in
            XCTAssertEqual(error as? ReportError, .fieldCountMismatch(row: 3, expected: 2, actual: 1))
        }
    }

    func testWriteAfterFinishThrows() throws {
        let writer = CSVWriter(encoding: .utf8(bom: false)) { _ in }
        try writer.finish()
        try writer.finish()  // a second finish does nothing
        XCTAssertThrowsError(try writer.write(row: ["x"])) { error in
            XCTAssertEqual(error as? ReportError, .writerFinished)
        }
    }

    func testOutputErrorsPropagate() {
        struct DiskFull: Error {}
        let writer = CSVWriter(encoding: .utf8(bom: false), chunkSize: 1) { _ in throw DiskFull() }
        XCTAssertThrowsError(try writer.write(row: ["x"])) { error in
            XCTAssertTrue(error is DiskFull)
        }
    }

    func testEncodingNames() {
        XCTAssertEqual(CSVEncoding(name: "utf8"), .utf8(bom: false))
        XCTAssertEqual(CSVEncoding(name: "UTF-8"), .utf8(bom: false))
        XCTAssertEqual(CSVEncoding(name: "utf8-bom"), .utf8(bom: true))
        XCTAssertEqual(CSVEncoding(name: " UTF-8-BOM "), .utf8(bom: true))
        XCTAssertEqual(CSVEncoding(name: "gb18030"), .gb18030)
        XCTAssertEqual(CSVEncoding(name: "GBK"), .gb18030)
        XCTAssertNil(CSVEncoding(name: "latin1"))
        XCTAssertNil(CSVEncoding(name: ""))
        for encoding in [CSVEncoding.utf8(bom: false), .utf8(bom: true), .gb18030] {
            XCTAssertEqual(CSVEncoding(name: encoding.name), encoding)
        }
    }
}
