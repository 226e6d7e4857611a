import Foundation
import XCTest

/// Issue 12's silent-wrong-data defects of CSV input (D5, D6, D7, D10, D11, D15), on the real binary: each
/// input is refused with file:line and field and the store is left as it was — or, for CR-only line ends
/// (D10), read as the file means.
final class MalformedCSVTests: CLITestCase {
    /// Imports `bytes` as `name` into a store that already holds one project, expecting a refusal whose
    /// message holds every string of `expected`; the store must be byte-for-byte unchanged.
    private func assertRefused(_ bytes: [UInt8], name: String = "bad.csv", expected: [String],
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let db = path("h.sqlite")
        if !FileManager.default.fileExists(atPath: db) {
            let seed = try write("project,year,executed\n已有项目,2019,5.00\n", to: "seed.csv")
            XCTAssertEqual(try budget(["import", "--db", db, seed]).status, 0, file: file, line: line)
        }
        let before = try fileData("h.sqlite")
        let input = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let result = try budget(["import", "--db", db, input])
        XCTAssertEqual(result.status, 1, result.stderr, file: file, line: line)
        for text in expected { XCTAssertTrue(result.stderr.contains(text), "\(text) in \(result.stderr)", file: file, line: line) }
        XCTAssertEqual(try fileData("h.sqlite"), before, "the store must be unchanged", file: file, line: line)
    }

    func testD5TextAfterAClosingQuoteIsAnErrorNotADroppedTail() throws {
        try assertRefused(Array("project,year,initial_budget,executed\r\n甲,2020,\"1,000\"500,100.00\r\n".utf8),
                          expected: ["bad.csv:2:", "'initial_budget'", "\"1,000\"500", "closing quote"])
        try assertRefused(Array("project,year,executed\r\n\"坏\"引号,2020,1.00\r\n".utf8),
                          expected: ["bad.csv:2:", "'project'", "closing quote"])
    }

    func testD5InARequestsFileIsAnErrorNotAVerdict() throws {
        let db = path("r.sqlite")
        let seed = try write("project,year,initial_budget,executed\n甲,2019,230000.00,82694.30\n甲,2020,230000.00,82694.30\n", to: "seed.csv")
        XCTAssertEqual(try budget(["import", "--db", db, seed]).status, 0)
        let requests = try write("project,year,requested\n甲,2021,\"230,000\"00\n", to: "requests.csv")
        let result = try budget(["review", "--db", db, "--requests", requests])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("requests.csv:2:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("closing quote"), result.stderr)
        XCTAssertEqual(result.stdout, "", "no verdict from a misread request")
    }

    func testD6ARowWithTooFewFieldsIsAnError() throws {
        // A file cut mid-row: `截断,2020,100.00,1` stored adjusted_budget 1.00 and executed unknown.
        try assertRefused(Array("project,year,initial_budget,adjusted_budget,executed\r\n截断,2020,100.00,1".utf8),
                          expected: ["bad.csv:2:", "4 fields", "the header has 5"])
    }

    func testD6RowsMayOmitTrailingFieldsOnlyWhereTheHeaderHasNoName() throws {
        let db = path("ok.sqlite")
        let csv = try write("project,year,executed,,\n甲,2020,1.00\n", to: "ok.csv")
        let result = try budget(["import", "--db", db, csv])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testD7ANulByteIsAnErrorAndTwoNamesNeverCollide() throws {
        try assertRefused(Array("project,year,executed\r\n含".utf8) + [0] + Array("A,2020,100.00\r\n".utf8),
                          expected: ["bad.csv:2:", "NUL"])
    }

    func testD10CROnlyLineEndsAreRead() throws {
        let db = path("cr.sqlite")
        let csv = path("cr.csv")
        try Data("project,year,initial_budget,executed\r甲,2020,1.00,1.00\r乙,2021,2.00,3.00\r".utf8).write(to: URL(fileURLWithPath: csv))
        let result = try budget(["import", "--db", db, csv])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("2 rows read: 2 new"), result.stdout)
        XCTAssertEqual(try sqlite(db, "SELECT COUNT(*) FROM project"), "2\n")
    }

    func testD11GB18030BytesThatAreAlsoValidUTF8AreNotGuessed() throws {
        // 专业之业 / 位 in GB18030 is valid UTF-8 (Hebrew and Cyrillic letters): refuse, show both, ask.
        let gb: [UInt8] = [0x70, 0x72, 0x6F, 0x6A, 0x65, 0x63, 0x74, 0x2C, 0x75, 0x6E, 0x69, 0x74, 0x2C, 0x79, 0x65, 0x61, 0x72,
                           0x2C, 0x65, 0x78, 0x65, 0x63, 0x75, 0x74, 0x65, 0x64, 0x0D, 0x0A,
                           0xD7, 0xA8, 0xD2, 0xB5, 0xD6, 0xAE, 0xD2, 0xB5, 0x2C, 0xCE, 0xBB, 0x2C,
                           0x32, 0x30, 0x32, 0x30, 0x2C, 0x31, 0x30, 0x30, 0x2E, 0x30, 0x30, 0x0D, 0x0A]
        try assertRefused(gb, expected: ["bad.csv:2:", "专业之业", "--encoding"])
        // With the encoding given, the file imports as GB18030.
        let db = path("gb.sqlite")
        let result = try budget(["import", "--db", db, "--encoding", "gb18030", path("bad.csv")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try sqlite(db, "SELECT name FROM project"), "专业之业\n")
    }

    func testD15NamesWithControlsBidiOrInvisibleCharactersAreRefused() throws {
        let cases: [(String, String)] = [
            ("\u{1B}[31m红色", "U+001B"), ("甲\u{202E}乙", "U+202E"), ("甲\u{200B}乙", "U+200B"),
        ]
        for (index, (name, code)) in cases.enumerated() {
            try assertRefused(Array("project,year,executed\n\(name),2020,1.00\n".utf8), name: "bad\(index).csv",
                              expected: ["bad\(index).csv:2:", "'project'", code])
        }
        try assertRefused(Array("project,unit,year,executed\n甲,\(String(repeating: "单", count: 201)),2020,1.00\n".utf8),
                          name: "long.csv", expected: ["long.csv:2:", "'unit'", "at most 200"])
    }
}
