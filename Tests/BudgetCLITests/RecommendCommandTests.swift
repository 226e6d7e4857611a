import Foundation
import XCTest

/// `budget recommend` and `budget review` on the real binary, with the sample forms.
final class RecommendCommandTests: CLITestCase {
    func scenario(_ name: String) -> String { Self.packageRoot.appendingPathComponent("Scenarios/\(name)").path }

    static let tradeFriction = "世贸事务管理-贸易摩擦应对事务"

    /// A store with the 2020 Shenzhen self-evaluations (003).
    func shenzhenStore() throws -> String {
        let db = path("shenzhen.sqlite")
        let result = try budget(["import", "--db", db, scenario("003_2df205466e1d5f98.txt")])
        XCTAssertEqual(result.status, 0, result.stderr)
        return db
    }

    /// Parses CSV output (RFC 4180: quoted fields, doubled quotes, CRLF or LF), dropping a UTF-8 BOM; the
    /// rows as dictionaries keyed by the header.
    func parseCSV(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [[String: String]] {
        var scalars = Substring(text)
        if scalars.hasPrefix("\u{FEFF}") { scalars = scalars.dropFirst() }
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(scalars.unicodeScalars)[...]
        var fieldStarted = false
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { chars.removeFirst(); field.unicodeScalars.append("\"") } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true; fieldStarted = true
            case ",": record.append(field); field = ""; fieldStarted = false
            case "\r" where chars.first == "\n": break
            case "\n", "\r":
                record.append(field); records.append(record); record = []; field = ""; fieldStarted = false
            default: field.unicodeScalars.append(c); fieldStarted = true
            }
        }
        XCTAssertFalse(quoted, "an unterminated quoted field", file: file, line: line)
        if fieldStarted || !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        guard let header = records.first else {
            XCTFail("no header in \(text)", file: file, line: line)
            return []
        }
        return records.dropFirst().map { fields in
            XCTAssertEqual(fields.count, header.count, "fields of \(fields)", file: file, line: line)
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }
    }

    func testTheCSVParserReadsQuotedFields() {
        let rows = parseCSV("\u{FEFF}a,b,c\r\n1,\"x, \"\"y\"\"\",\r\n\"2\",\"\",z\r\n")
        XCTAssertEqual(rows, [["a": "1", "b": "x, \"y\"", "c": ""], ["a": "2", "b": "", "c": "z"]])
    }

    // MARK: recommend

    /// 2020: 82,694.30 of 230,000.00 (36.0 %): below 60 %, cap = 82,694.30 × 1.05 ÷ 0.95 = 91,398.96.
    func testTheTradeFrictionProjectIsCappedBelowItsBudget() throws {
        let db = try shenzhenStore()
        let result = try budget(["recommend", "--db", db, "--department", "深圳市商务局", "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("\u{FEFF}"), "Excel's BOM")
        let rows = parseCSV(result.stdout)
        XCTAssertEqual(rows.count, 9, result.stdout)
        let row = try XCTUnwrap(rows.first { $0["project"] == Self.tradeFriction }, result.stdout)
        XCTAssertEqual(row["year"], "2021")
        XCTAssertEqual(row["last_year"], "2020")
        XCTAssertEqual(row["last_budget"], "230000.00")
        XCTAssertEqual(row["last_executed"], "82694.30")
        XCTAssertEqual(row["rule"], "below 60.0%")
        let recommended = try XCTUnwrap(Decimal(string: try XCTUnwrap(row["recommended"]), locale: Locale(identifier: "en_US_POSIX")))
        XCTAssertLessThan(recommended, 230_000)
        XCTAssertLessThanOrEqual(recommended, Decimal(string: "91398.96")!, "at most the cap")
        let explanation = try XCTUnwrap(row["explanation"])
        XCTAssertTrue(explanation.contains("82,694.30 × 1.05 ÷ 0.95 = 91,398.96"), explanation)
        XCTAssertTrue(explanation.contains("(36.0%)"), explanation)
        XCTAssertTrue(explanation.contains("rule \"below 60.0%\""), "doubled quotes undone: \(explanation)")
        for row in rows {
            XCTAssertEqual(row["department"], "深圳市商务局")
            XCTAssertFalse(row["rule", default: ""].isEmpty, "\(row)")
            XCTAssertFalse(row["explanation", default: ""].isEmpty, "\(row)")
        }
    }

    /// `--round-to 100` (百元): the same project's recommendation, whatever the rules give, rounded down to whole
    /// hundreds and said so; `--round-to 10000` in 万元 and Chinese ends in 按1.00万元向下取整. A step finer than
    /// the fen is a usage error (64).
    func testRoundToRoundsTheRecommendationDownAndSaysSo() throws {
        let db = try shenzhenStore()
        let plain = try budget(["recommend", "--db", db, "--department", "深圳市商务局", "--format", "csv"])
        let rounded = try budget(["recommend", "--db", db, "--department", "深圳市商务局", "--format", "csv", "--round-to", "100"])
        XCTAssertEqual(rounded.status, 0, rounded.stderr)
        let before = try XCTUnwrap(parseCSV(plain.stdout).first { $0["project"] == Self.tradeFriction })
        let after = try XCTUnwrap(parseCSV(rounded.stdout).first { $0["project"] == Self.tradeFriction })
        func fen(_ text: String?) throws -> Int64 { try XCTUnwrap(ReviewViewTests.fen(try XCTUnwrap(text)) as Int64?) }
        let exact = try fen(before["recommended"])
        XCTAssertEqual(try fen(after["recommended"]), exact / 10_000 * 10_000)
        XCTAssertNotEqual(exact % 10_000, 0, "the case must round: \(exact)")
        let shown = try XCTUnwrap(after["recommended"])
        XCTAssertTrue(try XCTUnwrap(after["explanation"]).hasSuffix("; rounded down to a multiple of 100.00: \(Self.grouped(shown))"),
                      after["explanation"] ?? "")
        let zh = try budget(["recommend", "--db", db, "--department", "深圳市商务局", "--round-to", "10000", "--lang", "zh",
                             "--amount-unit", "wan", "--wide"])
        XCTAssertEqual(zh.status, 0, zh.stderr)
        XCTAssertTrue(zh.stdout.contains("按1.00万元向下取整："), zh.stdout)
        XCTAssertTrue(zh.stdout.contains("建议数按1.00万元向下取整"), "the rules line in the output's unit: \(zh.stdout)")
        XCTAssertEqual(try budget(["recommend", "--db", db, "--round-to", "0.001"]).status, 64)
    }

    static func grouped(_ plain: String) -> String {
        let parts = plain.split(separator: ".", maxSplits: 1).map(String.init)
        var digits = Array(parts[0]), out = ""
        while digits.count > 3 { out = "," + String(digits.suffix(3)) + out; digits.removeLast(3) }
        return String(digits) + out + (parts.count > 1 ? "." + parts[1] : "")
    }

    func testAMisspelledRulesKeyIsAnErrorNamingFileLineColumnAndKey() throws {
        let db = try shenzhenStore()
        let rules = try write("target_rat: 0.9\n", to: "rules.yaml")
        let result = try budget(["recommend", "--db", db, "--rules", rules, "--format", "csv"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(rules):1:1"), result.stderr)
        XCTAssertTrue(result.stderr.contains("target_rat"), result.stderr)
        XCTAssertTrue(result.stderr.contains("target_rate"), "the keys are listed: \(result.stderr)")
        XCTAssertEqual(result.stdout, "", "nothing runs")
    }

    func testAMisspelledKeyOnTheThirdLineIsLocatedThere() throws {
        let db = try shenzhenStore()
        let rules = try write("target_rate: 0.95\nallowed_growth: 0.05\n  \nlow_executon: 0.5\n", to: "rules.yaml")
        let result = try budget(["recommend", "--db", db, "--rules", rules])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(rules):4:1"), result.stderr)
        XCTAssertTrue(result.stderr.contains("low_executon"), result.stderr)
    }

    func testAnOutOfRangeRuleIsAnError() throws {
        let db = try shenzhenStore()
        let rules = try write("target_rate: 0\n", to: "rules.yaml")
        let result = try budget(["recommend", "--db", db, "--rules", rules])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains(rules), result.stderr)
        XCTAssertTrue(result.stderr.contains("target_rate"), result.stderr)
    }

    /// allowed_growth 0.10: cap = 82,694.30 × 1.10 ÷ 0.95 = 90,963.73 ÷ 0.95 = 95,751.2947… → 95,751.29.
    func testAllowedGrowthFromARulesFileChangesTheCap() throws {
        let db = try shenzhenStore()
        let rules = try write("allowed_growth: 0.10\n", to: "rules.yaml")
        let result = try budget(["recommend", "--db", db, "--rules", rules, "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let row = try XCTUnwrap(parseCSV(result.stdout).first { $0["project"] == Self.tradeFriction }, result.stdout)
        let explanation = try XCTUnwrap(row["explanation"])
        XCTAssertTrue(explanation.contains("= 95,751.29"), explanation)
        XCTAssertTrue(explanation.contains("82,694.30 × 1.1 ÷ 0.95 = 95,751.29"), explanation)
        XCTAssertFalse(explanation.contains("91,398.96"), explanation)

        let text = try budget(["recommend", "--db", db, "--rules", rules])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("allowed growth 10%"), "the header prints the rules: \(text.stdout)")
    }

    // MARK: review

    /// The 2019 declarations of 002 (and 000's 2020 ones, not reviewed for 2019).
    func testReviewOfStoredDeclarations() throws {
        let db = path("shanghai.sqlite")
        let imported = try budget(["import", "--db", db, scenario("000_546769cc8a0ec3c8.txt"), scenario("002_ed3a86db11c65d94.txt")])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let result = try budget(["review", "--db", db, "--year", "2019", "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = parseCSV(result.stdout)
        XCTAssertEqual(rows.count, 5, "002's five declared sub-projects: \(result.stdout)")
        for row in rows {
            XCTAssertEqual(row["year"], "2019", "\(row)")
            XCTAssertTrue(["accept", "query", "cut"].contains(row["verdict"] ?? ""), "\(row)")
            XCTAssertFalse(row["reasons", default: ""].isEmpty, "\(row)")
        }
        let newProject = try XCTUnwrap(rows.first { $0["project"] == "上海市单用途预付卡信息管理系统(2019升级改造)" }, result.stdout)
        XCTAssertEqual(newProject["verdict"], "query")
        XCTAssertEqual(newProject["requested"], "1843294.00")
        XCTAssertEqual(newProject["last_budget"], "")
        XCTAssertEqual(newProject["change_pct"], "")
        XCTAssertFalse(rows.contains { $0["project"] == "全球贸易投资监控预警系统" }, "a 2020 declaration is not reviewed for 2019")
    }

    /// 255,300.00 = 230,000.00 × 1.11 after 36 % execution: an increase after low execution.
    func testARequestsFileWithChineseHeaders() throws {
        let db = try shenzhenStore()
        let requests = try write("""
            实施单位,项目名称,年度,申请金额
            深圳市商务发展促进中心,世贸事务管理-贸易摩擦应对事务,2021,"255,300.00"

            """, to: "requests.csv")
        let result = try budget(["review", "--db", db, "--requests", requests, "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = parseCSV(result.stdout)
        XCTAssertEqual(rows.count, 1, result.stdout)
        let row = try XCTUnwrap(rows.first)
        XCTAssertEqual(row["project"], Self.tradeFriction)
        XCTAssertEqual(row["year"], "2021")
        XCTAssertEqual(row["requested"], "255300.00")
        XCTAssertEqual(row["last_budget"], "230000.00")
        XCTAssertEqual(row["change_pct"], "0.1100")
        XCTAssertNotEqual(row["verdict"], "accept", "\(row)")
        XCTAssertTrue(["query", "cut"].contains(row["verdict"] ?? ""), "\(row)")
        XCTAssertFalse(row["reasons", default: ""].isEmpty)
    }

    /// A project the store does not know is a query, with its line.
    func testARequestForAnUnknownProjectIsAQuery() throws {
        let db = try shenzhenStore()
        let requests = try write("实施单位,项目名称,年度,申请金额\n深圳市商务发展促进中心,全新的项目,2021,1000.00\n", to: "requests.csv")
        let result = try budget(["review", "--db", db, "--requests", requests, "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let row = try XCTUnwrap(parseCSV(result.stdout).first, result.stdout)
        XCTAssertEqual(row["verdict"], "query")
        XCTAssertTrue(row["reasons", default: ""].contains("line 2"), "\(row)")
    }

    func testABadAmountInARequestsFileIsAnErrorNamingFileLineAndColumn() throws {
        let db = try shenzhenStore()
        let requests = try write("""
            实施单位,项目名称,年度,申请金额
            深圳市商务发展促进中心,世贸事务管理-贸易摩擦应对事务,2021,255300.00
            深圳市商务发展促进中心,世贸事务管理-反倾销,2021,12x

            """, to: "requests.csv")
        let result = try budget(["review", "--db", db, "--requests", requests, "--format", "csv"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(requests):3:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("requested"), result.stderr)
        XCTAssertTrue(result.stderr.contains("12x"), result.stderr)
        XCTAssertEqual(result.stdout, "", "nothing is reviewed from a half-read file")
    }
}
