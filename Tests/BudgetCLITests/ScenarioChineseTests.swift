import Foundation
import XCTest

/// `budget scenario run/compare --lang zh --amount-unit wan`: the report set in the forms' terms and in 万元, on the
/// Chinese sample histories (sample-history.csv and the four forms), two years, a growth, a labelled change and a
/// shock, and the 2024 requests.
final class ScenarioChineseTests: CLITestCase {
    static func scenarioFile(_ name: String) -> String { packageRoot.appendingPathComponent("Scenarios/\(name)").path }

    /// The scenario, written into the test's folder (absolute paths to the shipped files).
    func writeScenario(_ name: String = "zh.yaml", adjusted: Bool = true) throws -> String {
        let files = ["sample-history.csv", "000_546769cc8a0ec3c8.txt", "001_71f3a326dc5c2b88.txt", "002_ed3a86db11c65d94.txt",
                     "003_2df205466e1d5f98.txt"].map { "    - \(Self.scenarioFile($0))" }.joined(separator: "\n")
        var yaml = """
            description: 中文测试
            history:
              files:
            \(files)
              aliases:
                - {project: 世贸事务管理-对口交流综合事务, alias: 世贸事务管理-对口交流组宗合事务}
            requests: [\(Self.scenarioFile("requests-2024.csv"))]
            horizon: 2

            """
        if adjusted {
            yaml += """
                growth: 2%
                adjustments:
                  changes:
                    - {department: 深圳市商务局, change: -10%, label: 一般性支出压减}
                  shocks:
                    - project: [海外办事处运作费]
                      rate_multiplier: 0.5

                """
        }
        let url = directory.appendingPathComponent(name)
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func read(_ folder: String, _ name: String) throws -> String {
        try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
    }

    /// RFC 4180 records (quoted fields, doubled quotes), the BOM dropped.
    func records(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false, started = false
        var chars = Array((text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { chars.removeFirst(); field.unicodeScalars.append("\"") } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true; started = true
            case ",": record.append(field); field = ""; started = false
            case "\r" where chars.first == "\n": break
            case "\n", "\r": record.append(field); records.append(record); record = []; field = ""; started = false
            default: field.unicodeScalars.append(c); started = true
            }
        }
        if started || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    func table(_ text: String) -> [[String: String]] {
        let all = records(text)
        guard let header = all.first else { return [] }
        return all.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// English words of three letters or more left in `text`, once the data's names (`names`), paths and file
    /// names, SHA-256s, option names and the allowed terms (PEFA's, the file formats' CSV and UTF-8) are taken out.
    /// Import formats are words of the language (`绩效目标申报表`, `CSV表格`), not `form:declaration`.
    func englishWords(_ text: String, names: Set<String>) -> [String] {
        var rest = text
        for name in names.sorted(by: { $0.count > $1.count }) where !name.isEmpty { rest = rest.replacingOccurrences(of: name, with: " ") }
        let patterns = [#"\S*/\S*"#, #"\S+\.(csv|txt|yaml|xlsx)"#, #"[0-9a-f]{16,}"#, #"--[a-z-]+(=\S+)?"#,
                        #"\b(PEFA|PI-1|PI-2|MASE|SHA-256|CSV|csv|yaml|utf-8|budget)"#]
        for pattern in patterns {
            rest = rest.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        let regex = try! NSRegularExpression(pattern: "[A-Za-z]{3,}")
        func words(_ text: String) -> [String] {
            regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) }
        }
        // A name a table wraps (上海WTO事务咨询中心) is split: its Latin words are the data's too.
        let dataWords = Set(names.flatMap(words))
        return words(rest).filter { !dataWords.contains($0) }
    }

    func testAChineseRunInWanIsInTheFormsTermsFitsAndMatchesTheYuanRun() throws {
        let file = try writeScenario()
        let en = path("en"), zh = path("zh")
        let english = try budget(["scenario", "run", file, "--out-dir", en], environment: ["COLUMNS": "120", "LANG": "C"])
        XCTAssertEqual(english.status, 0, english.stderr)
        let chinese = try budget(["scenario", "run", file, "--lang", "zh", "--amount-unit", "wan", "--out-dir", zh],
                                 environment: ["COLUMNS": "120"])
        XCTAssertEqual(chinese.status, 0, chinese.stderr)
        // The console lines: the run, a total per data source (Shenzhen's and Shanghai's forms are two
        // jurisdictions: `sample-history：2023年：建议数合计…`), the review, where the reports are.
        let lines = chinese.stdout.split(separator: "\n")
        let sources = Set(table(try read(en, "projects.csv")).map { $0["data_source"]! })
        XCTAssertEqual(sources.count, 2, "\(sources)")
        XCTAssertEqual(lines.count, 3 + sources.count, chinese.stdout)
        XCTAssertTrue(lines[0].hasPrefix("情景zh："), chinese.stdout)
        for (line, source) in zip(lines[1...sources.count], sources.sorted()) {
            XCTAssertTrue(line.hasPrefix("\(source)：2023年：建议数合计") && line.contains("万元"), chinese.stdout)
        }
        XCTAssertTrue(lines[sources.count + 1].hasPrefix("审核6项申报：接受"), chinese.stdout)
        XCTAssertTrue(lines[sources.count + 2].hasPrefix("报告已写入"), chinese.stdout)

        // Every text line fits 120 display cells.
        for name in ["summary", "projects", "review", "credibility", "checks", "backtest", "run"] {
            for line in try read(zh, "\(name).txt").split(separator: "\n") {
                XCTAssertLessThanOrEqual(ChineseOutputTests.cells(line), 120, "\(name).txt: \(line)")
            }
        }

        // CSV headers are the forms' terms; verdicts are 接受/质询/核减.
        for name in ["summary", "projects", "review"] {
            let header = records(try read(zh, "\(name).csv")).first ?? []
            XCTAssertFalse(header.isEmpty)
            for field in header {
                XCTAssertNil(field.range(of: "[A-Za-z]{3,}", options: .regularExpression), "\(name).csv header \(field)")
            }
        }
        XCTAssertTrue(records(try read(zh, "projects.csv"))[0].contains("建议数(万元)"))
        XCTAssertTrue(records(try read(zh, "projects.csv"))[0].contains("上年预算数(万元)"))
        let review = table(try read(zh, "review.csv"))
        XCTAssertEqual(review.count, 6)
        for row in review { XCTAssertTrue(["接受", "质询", "核减"].contains(row["审核意见"] ?? ""), "\(row)") }
        XCTAssertEqual(Set(review.map { $0["审核意见"]! }), ["接受", "质询"])

        // No English left in the text reports but the data's names, paths, hashes, option names and PEFA terms.
        let projects = table(try read(en, "projects.csv"))
        var names = Set(projects.flatMap { [$0["department"]!, $0["unit"]!, $0["project"]!, $0["data_source"]!] })
        names.insert("中文测试")
        for name in ["summary", "projects", "review", "backtest", "run"] {
            let words = englishWords(try read(zh, "\(name).txt"), names: names)
            XCTAssertEqual(words, [], "\(name).txt")
        }
        // checks: the findings are the importers' messages (English); the header and the introduction are not.
        // credibility: its body is translated elsewhere; its header is.
        for name in ["checks", "credibility"] {
            let head = try read(zh, "\(name).txt").components(separatedBy: "\n\n").prefix(name == "checks" ? 2 : 1).joined(separator: "\n")
            XCTAssertEqual(englishWords(head, names: names), [], "\(name).txt")
        }
        // The findings' severities and fields are in Chinese, as `budget check --lang zh` gives them.
        let checks = try read(zh, "checks.txt")
        XCTAssertFalse(checks.contains("  warning: "), checks)
        XCTAssertTrue(checks.contains("  警告："), checks)
        XCTAssertTrue(try read(zh, "summary.txt").contains("一般性支出压减"))
        let zhRun = try read(zh, "run.txt"), enRun = try read(en, "run.txt")
        XCTAssertTrue(zhRun.contains("（CSV表格，"), "an import's format in Chinese: \(zhRun)")
        XCTAssertTrue(enRun.contains(" (csv, "), "the machine name in English: \(enRun)")

        // The 万元 figures are the 元 figures ÷ 10,000, rounded half up to 2 decimals — totals too (the 万元 rounding
        // of the 元 total).
        func wan(_ yuan: String) -> String {
            guard let value = Decimal(string: yuan) else { return "" }
            var scaled = value / 10_000, rounded = Decimal()
            NSDecimalRound(&rounded, &scaled, 2, .plain) // half away from zero, as the forms print
            return String(format: "%.2f", NSDecimalNumber(decimal: rounded).doubleValue)
        }
        let zhProjects = table(try read(zh, "projects.csv"))
        XCTAssertEqual(projects.count, zhProjects.count)
        XCTAssertGreaterThan(projects.count, 10)
        for (e, z) in zip(projects, zhProjects) {
            XCTAssertEqual(e["project"], z["项目名称"])
            XCTAssertEqual(wan(e["recommended"]!), z["建议数(万元)"], "\(e["project"]!)")
            XCTAssertEqual(e["last_budget"]!.isEmpty ? "" : wan(e["last_budget"]!), z["上年预算数(万元)"], "\(e["project"]!)")
        }
        let enSummary = table(try read(en, "summary.csv")), zhSummary = table(try read(zh, "summary.csv"))
        XCTAssertEqual(enSummary.count, zhSummary.count)
        for (e, z) in zip(enSummary, zhSummary) {
            XCTAssertEqual(wan(e["recommended"]!), z["建议数(万元)"], "\(e)")
            XCTAssertEqual(wan(e["last_budget"]!), z["上年预算数(万元)"], "\(e)")
        }
        XCTAssertEqual(zhSummary.last?["层级"], "合计")
        XCTAssertEqual(zhSummary.filter { $0["层级"] == "合计" }.count, 2 * 2, "a total per data source and year")
    }

    func testBudgetLangZhChoosesChineseForAScenarioRunAndCompare() throws {
        let file = try writeScenario()
        let plain = try writeScenario("plain.yaml", adjusted: false)
        let out = path("out")
        let result = try budget(["scenario", "run", file, "--out-dir", out], environment: ["BUDGET_LANG": "zh", "COLUMNS": "120"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("情景zh："), result.stdout)
        let header = records(try read(out, "summary.csv"))[0]
        XCTAssertTrue(header.contains("建议数(元)"), "\(header)")

        let compared = path("compare")
        let compare = try budget(["scenario", "compare", plain, file, "--lang", "zh", "--amount-unit", "wan", "--out-dir", compared],
                                 environment: ["COLUMNS": "120"])
        XCTAssertEqual(compare.status, 0, compare.stderr)
        let text = try read(compared, "compare.txt")
        XCTAssertTrue(text.hasPrefix("情景比较：A＝plain，B＝zh"), text)
        XCTAssertTrue(text.contains("一般性支出压减"), text)
        for line in text.split(separator: "\n") { XCTAssertLessThanOrEqual(ChineseOutputTests.cells(line), 120, "\(line)") }
        let projects = table(try read(compared, "compare.csv"))
        let names = Set(projects.flatMap { [$0["主管部门"]!, $0["实施单位"]!, $0["项目名称"]!, $0["数据来源"]!] }).union(["中文测试", "plain"])
        XCTAssertEqual(englishWords(text, names: names), [])
        XCTAssertEqual(Set(projects.map { $0["层级"]! }), ["项目", "实施单位", "主管部门", "合计"], "a project row's level is 项目, not the heading 项目名称")
    }
}
