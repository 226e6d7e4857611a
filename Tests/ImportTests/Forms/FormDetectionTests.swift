import BudgetCore
import Foundation
@testable import Import
import XCTest

/// Issue 12: `--format auto` decides from a file's head (D2), and the fast text helpers of the form parsers (D1)
/// give what the library calls they replace give.
final class FormDetectionTests: XCTestCase {
    private static var packageRoot: URL {
        URL(fileURLWithPath: #filePath) // Tests/ImportTests/Forms/<file>
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    private static let seeds = ["000_546769cc8a0ec3c8.txt", "001_71f3a326dc5c2b88.txt", "002_ed3a86db11c65d94.txt", "003_2df205466e1d5f98.txt"]

    private func seedText(_ name: String) throws -> String {
        try String(contentsOf: Self.packageRoot.appendingPathComponent("Scenarios/\(name)"), encoding: .utf8)
    }

    private func decoded(_ text: String) -> DecodedText { DecodedText(bytes: Array(text.utf8), encodingName: "utf-8") }

    // MARK: D2: the head decides

    func testAutoDetectionReadsOnlyTheHeadOfAFile() throws {
        var csv = "project,year,initial_budget,executed\n"
        for row in 0..<2_000 { csv += "项目\(row),2020,100.00,90.00\n" }
        XCTAssertGreaterThan(csv.utf8.count, FormImporter.headBytes)
        // A form title and a 年度资金总额 line past the head do not make a CSV file a form (nor make it be read to
        // its end to find out).
        let late = csv + "财政项目支出绩效自评表\n年度资金总额 1 2 3 10 100% 10\n"
        XCTAssertFalse(FormImporter.recognizes(decoded(late)))
        XCTAssertTrue(FormImporter.recognizes(decoded("财政项目支出绩效自评表\n年度资金总额 1 2 3 10 100% 10\n" + csv)))
    }

    func testFormsAreRecognizedFromTheirHeadAndWhenCutEarly() throws {
        for seed in Self.seeds {
            let text = try seedText(seed)
            XCTAssertTrue(FormImporter.recognizes(decoded(text)), seed)
            XCTAssertEqual(FormImporter.family(forHead: FormImporter.head(of: decoded(text)))?.name,
                           seed.hasPrefix("003") ? "form:self-evaluation-table"
                           : seed.hasPrefix("001") ? "form:self-evaluation-text" : "form:declaration", seed)
        }
        // Cut right after the title (or the first name row): still a form, so the error is about the form.
        XCTAssertEqual(FormImporter.family(forHead: ["", " 财政项目支出绩效自评表", "(2022 年度)"])?.name, "form:self-evaluation-text")
        XCTAssertEqual(FormImporter.family(forHead: [" 财政项⽬⽀出绩效⽬标表", "（2020年度）"])?.name, "form:declaration")
        XCTAssertEqual(FormImporter.family(forHead: ["项目名称\t\t办公设备采购 项目金额\t\t"])?.name, "form:self-evaluation-table")
        // CSV headers naming the same labels are not forms.
        XCTAssertNil(FormImporter.family(forHead: ["项目名称,年度,全年执行数", "甲,2020,1.00"]))
        XCTAssertNil(FormImporter.family(forHead: ["project,year,executed", "财政项目支出绩效自评表 (2020),2020,1.00"]))
    }

    // MARK: D1: the shortcuts give the library's answers

    func testMatchKeysEqualNameKeyOnEveryLineAndCellOfTheSeeds() throws {
        var samples = ["", " ", "ＡＢＣ（１２）", "【世贸】事务－管理", "项目名称：", "*实际完成值", "(万元)", "（元）",
                       "⼼", "⺁", "世贸事务管理 - 贸易摩擦应对事务（2020）", "a\u{301}", "²", "１０％", "«»", "\u{3000}预算"]
        for seed in Self.seeds {
            for line in try seedText(seed).split(separator: "\n", omittingEmptySubsequences: false) {
                samples.append(String(line))
                samples += line.split(separator: "\t").map(String.init)
            }
        }
        for sample in samples {
            XCTAssertEqual(FormText.matchKey(sample), NameKey.matchKey(sample), sample)
            XCTAssertEqual(FormText.labelKey(sample), NameKey.matchKey(sample).replacingOccurrences(of: "*", with: ""), sample)
            XCTAssertEqual(FormText.trimmingSpaces(sample), sample.trimmingCharacters(in: .whitespaces), sample)
            XCTAssertEqual(FormText.trimmingWhitespace(sample), sample.trimmingCharacters(in: .whitespacesAndNewlines), sample)
            XCTAssertEqual(FormText.score(sample), Score(text: sample), sample)
        }
    }

    func testScoresAndSearches() {
        for text in ["8.60", "100", "0", ".5", "5.", "-1.5", "+2", "1.2.3", "", " 9.93 ", "１０", "12345678901234567890.5", "1e3", "_"] {
            XCTAssertEqual(FormText.score(text), Score(text: text), text)
            XCTAssertEqual(FormText.score(text)?.text, Score(text: text)?.text, text)
        }
        XCTAssertTrue("年度资金总额 1 2".has("资金总额"))
        XCTAssertFalse("年度资金".has("资金总额"))
        XCTAssertTrue("abc".has(""))
        XCTAssertEqual(FormText.yearsBeforeNian(in: "完成2020年办公设备采购，2021 年继续；20209年"), [2020, 2021])
        XCTAssertEqual(FormText.firstYearNiandu(in: "(2022年度)")?.year, 2022)
    }

    func testFormsWithWindowsLineEndsReadAsWithUnixOnes() throws {
        // A Swift `String` split at "\n" keeps "\r\n" (one Character) whole: form files written on Windows were one
        // long line. Lines are split on bytes.
        for seed in Self.seeds {
            let unix = try seedText(seed)
            let windows = unix.replacingOccurrences(of: "\n", with: "\r\n")
            func read(_ text: String) throws -> FormParseResult {
                let family = try XCTUnwrap(FormImporter.family(forHead: FormImporter.head(of: decoded(text))), seed)
                return family.parse(FormImporter.lines(of: decoded(text)), nil)
            }
            let (lf, crlf) = (try read(unix), try read(windows))
            XCTAssertEqual(crlf.problems, lf.problems, seed)
            XCTAssertEqual(crlf.forms, lf.forms, seed)
            XCTAssertFalse(lf.forms.isEmpty, seed)
        }
    }

    func testLinesKeepTheirNumbersAndTellAnOpenLastLine() {
        XCTAssertEqual(FormText.lines(of: Array("a\r\nb\nc".utf8)), ["a", "b", "c"])
        XCTAssertEqual(FormText.openLastLine(FormText.lines(of: Array("a\r\nb\nc".utf8))), 3)
        XCTAssertEqual(FormText.lines(of: Array("a\nb\n".utf8)), ["a", "b", ""])
        XCTAssertNil(FormText.openLastLine(FormText.lines(of: Array("a\nb\n".utf8))))
        XCTAssertNil(FormText.openLastLine(FormText.lines(of: Array("a\n \u{A0}".utf8))), "blank text after the last line end")
        XCTAssertEqual(FormText.lines(of: []), [""])
    }
}
