import Foundation
import XCTest

/// `credibility`, `history`, `projects`, `check`, `backtest` and `exceptional --list` in Chinese (issue 13 item 1),
/// on the real binary with the sample history and the four bundled forms: every heading, word and line of prose
/// in the terms of the forms, no English word left but the names the store holds, paths, option names and the
/// PEFA indicator names, every line within 120 cells; English as it was.
final class ChineseReportsTests: CLITestCase {
    /// The sample history, the four bundled forms, and 2020 marked exceptional (疫情) for the trade-friction project.
    func formsStore() throws -> String {
        let db = try sampleStore()
        let forms = try FileManager.default.contentsOfDirectory(atPath: Self.packageRoot.appendingPathComponent("Scenarios").path)
            .filter { $0.hasPrefix("00") && $0.hasSuffix(".txt") }.sorted()
        XCTAssertEqual(forms.count, 4)
        for form in forms {
            // One jurisdiction for the Shenzhen and Shanghai forms, so that the total adds them (two would be
            // scored apart: CredibilityTests).
            let result = try budget(["import", "--db", db, "--data-source", "sample-history",
                                     Self.packageRoot.appendingPathComponent("Scenarios/\(form)").path])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let mark = try budget(["exceptional", "--db", db, "贸易摩擦应对事务", "--year", "2020", "--reason", "疫情"])
        XCTAssertEqual(mark.status, 0, mark.stderr)
        return db
    }

    /// The string values of `keys` in a JSON listing (`--format json`).
    func jsonValues(_ arguments: [String], keys: [String]) throws -> [String] {
        let result = try budget(arguments + ["--format", "json", "--lang", "en"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]])
        return rows.flatMap { row in keys.compactMap { row[$0] as? String } }
    }

    /// The names the store holds (departments, units, projects, categories, data sources): input, shown as written.
    func storeNames(_ db: String) throws -> [String] {
        try jsonValues(["projects", "--db", db], keys: ["department", "unit", "project", "category", "data_source"])
    }

    /// The ASCII words of three letters or more left in `text` once `names` (from the store), paths, option names
    /// (`--include-stale`) and PEFA, PI-1 and PI-2 are taken out: English that should have been Chinese.
    static func englishWords(_ text: String, names: [String]) -> [String] {
        var rest = text
        for name in Set(names).filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            rest = rest.replacingOccurrences(of: name, with: " ")
        }
        for pattern in [#"/[^\s\]，]+"#, #"--[a-z][a-z-]*"#, #"PI-[12]"#, "PEFA"] {
            rest = rest.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        let regex = try! NSRegularExpression(pattern: "[A-Za-z]{3,}")
        return regex.matches(in: rest, range: NSRange(rest.startIndex..., in: rest)).map { String(rest[Range($0.range, in: rest)!]) }
    }

    /// `arguments --lang zh`: exit 0, no English word left (as wide as its content, so that names are whole), and
    /// every line within 120 cells at COLUMNS=120. Returns the output at 120 columns and the wide one.
    @discardableResult
    func assertChinese(_ arguments: [String], names: [String], file: StaticString = #filePath, line: UInt = #line) throws
        -> (narrow: String, wide: String) {
        let narrow = try budget(arguments + ["--lang", "zh"], environment: ["COLUMNS": "120"])
        XCTAssertEqual(narrow.status, 0, narrow.stderr, file: file, line: line)
        for text in narrow.stdout.split(separator: "\n") {
            XCTAssertLessThanOrEqual(ChineseOutputTests.cells(text), 120, "\(arguments[0]): \(text)", file: file, line: line)
        }
        let wide = try budget(arguments + ["--lang", "zh", "--wide"])
        XCTAssertEqual(wide.status, 0, wide.stderr, file: file, line: line)
        XCTAssertEqual(Self.englishWords(wide.stdout, names: names), [], "\(arguments[0]):\n\(wide.stdout)", file: file, line: line)
        XCTAssertFalse(narrow.stdout.contains("…"), "nothing cut: \(narrow.stdout)", file: file, line: line)
        return (narrow.stdout, wide.stdout)
    }

    func testTheCheckerFindsEnglish() {
        XCTAssertEqual(Self.englishWords("合计 total；PI-1 等级 --include-stale /tmp/a.csv 上海WTO事务", names: ["上海WTO事务"]), ["total"])
        XCTAssertEqual(Self.englishWords("PEFA预算可靠性：PI-2支出结构偏差", names: []), [])
    }

    func testCredibilityInChineseWithTheSameFigures() throws {
        let db = try formsStore()
        let (narrow, wide) = try assertChinese(["credibility", "--db", db], names: try storeNames(db))
        let prose = Self.joiningWrappedLines(narrow, with: "")
        for term in ["PEFA预算可靠性：按各主管部门、实施单位截至2022年的最近三个已结年度评价", "PI-1总支出执行偏差：总支出执行率=全年执行数÷预算数",
                     "PI-2支出结构偏差=", "不足两年的不评等级（-）", "对照年初预算数（PEFA口径）：", "对照全年预算数（年中调整后）：",
                     "PI-1按全年预算数评得的等级高于按年初预算数评得的", "合计：对照年初预算数D，对照全年预算数A"] {
            XCTAssertTrue(prose.contains(term), "\(term):\n\(narrow)")
        }
        let header = try XCTUnwrap(wide.split(separator: "\n").first { $0.hasPrefix("主管部门/实施单位") }, wide)
        XCTAssertEqual(header.split(separator: " ", omittingEmptySubsequences: true).joined(separator: "|"),
                       "主管部门/实施单位|年度|PI-1|总支出执行率%|等级|PI-2|支出结构偏差%|等级")
        XCTAssertTrue(wide.contains("\n合计 "), wide)
        XCTAssertTrue(wide.contains("（无主管部门）"), wide)
        XCTAssertTrue(wide.contains("  （无实施单位）"), wide)

        // The same figures in both languages: the table rows' numbers, and the CSV's values (the level a word).
        let english = try budget(["credibility", "--db", db, "--lang", "en", "--wide"]).stdout
        func numbers(_ text: String) -> [String] {
            let rows = text.split(separator: "\n").drop { !$0.hasPrefix("---") }.filter { !$0.hasPrefix("---") }.joined(separator: "\n")
            let regex = try! NSRegularExpression(pattern: #"\d+(\.\d+)?"#)
            return regex.matches(in: rows, range: NSRange(rows.startIndex..., in: rows)).map { String(rows[Range($0.range, in: rows)!]) }
        }
        XCTAssertFalse(numbers(english).isEmpty)
        XCTAssertEqual(numbers(wide), numbers(english))
        let zhCSV = try budget(["credibility", "--db", db, "--format", "csv", "--lang", "zh"]).stdout.components(separatedBy: "\r\n")
        let enCSV = try budget(["credibility", "--db", db, "--format", "csv", "--lang", "en"]).stdout.components(separatedBy: "\r\n")
        XCTAssertEqual(zhCSV.first, "\u{FEFF}层级,数据来源,主管部门,实施单位,年度,计入评价期,项目数,年初预算数(元),全年预算数(元),全年执行数(元),"
                       + "PI-1 总支出执行率（年初预算数）,PI-1 当年档次（年初预算数）,PI-2 支出结构偏差（年初预算数）,PI-2 当年档次（年初预算数）,"
                       + "PI-1 总支出执行率（全年预算数）,PI-1 当年档次（全年预算数）,PI-2 支出结构偏差（全年预算数）,PI-2 当年档次（全年预算数）,"
                       + "PI-1 等级（年初预算数）,PI-2 等级（年初预算数）,PI-1 等级（全年预算数）,PI-2 等级（全年预算数）")
        XCTAssertTrue(enCSV.first?.hasPrefix("\u{FEFF}level,data_source,department,unit,year,in_window,lines,original_budget,") == true, enCSV[0])
        XCTAssertEqual(zhCSV.count, enCSV.count)
        XCTAssertGreaterThan(enCSV.count, 5)
        let levels = ["total": "合计", "department": "主管部门", "unit": "实施单位"]
        for (zh, en) in zip(zhCSV.dropFirst(), enCSV.dropFirst()) {
            let zhFields = zh.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let enFields = en.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(Array(zhFields.dropFirst()), Array(enFields.dropFirst()))
            XCTAssertEqual(zhFields.first, enFields.first.map { levels[$0] ?? $0 })
        }
        XCTAssertTrue(enCSV.contains { $0.hasPrefix("total,sample-history,,,2020,1,10,3969000.00,6994747.00,5411803.37,1.3635,D,") }, enCSV.joined(separator: "\n"))
    }

    func testCredibilityInEnglishIsAsBefore() throws {
        let db = try formsStore()
        let out = try budget(["credibility", "--db", db, "--lang", "en", "--wide"]).stdout
        XCTAssertTrue(out.hasPrefix("PEFA budget reliability over each group's last three closed years up to 2022 (the years shown). PI-1 aggregate outturn"), out)
        XCTAssertTrue(out.contains("\nAgainst the original budget (年初预算数):\ndepartment / unit "), out)
        XCTAssertTrue(out.contains("\nAgainst the adjusted budget (全年预算数):\n"), out)
        XCTAssertTrue(out.contains("PI-1 outturn %  grade  PI-2 composition %  grade"), out)
        XCTAssertTrue(out.contains("\ntotal "), out)
        XCTAssertTrue(out.contains("(no department)"), out)
        XCTAssertTrue(out.contains("  total: D original, A adjusted\n"), out)
    }

    func testBudgetLangChoosesChinese() throws {
        let db = try formsStore()
        let zh = try budget(["credibility", "--db", db], environment: ["BUDGET_LANG": "zh", "LANG": "C.UTF-8"])
        XCTAssertEqual(zh.status, 0, zh.stderr)
        XCTAssertTrue(zh.stdout.contains("对照年初预算数"), zh.stdout)
        let locale = try budget(["check", "--db", db], environment: ["LANG": "zh_CN.UTF-8"])
        XCTAssertTrue(locale.stdout.contains("条核查发现。"), locale.stdout)
    }

    func testHistoryInChinese() throws {
        let db = try formsStore()
        let (narrow, wide) = try assertChinese(["history", "贸易摩擦应对事务", "--db", db, "--revisions"], names: try storeNames(db))
        XCTAssertTrue(wide.contains("年度  状态  来源  年初预算数(元)  全年预算数(元)  全年执行数(元)  执行率  对年初执行率  申报数(元)  特殊年度"), wide)
        XCTAssertTrue(wide.contains("已结  自评"), wide)
        XCTAssertTrue(wide.contains("疫情"), wide)
        XCTAssertTrue(Self.joiningWrappedLines(narrow, with: "").contains("执行率=全年执行数÷全年预算数（无全年预算数时÷年初预算数）；对年初执行率=全年执行数÷年初预算数。未结年度的数字不是最终数。"), narrow)
        XCTAssertTrue(narrow.contains("修订记录（1条）："), narrow)
        XCTAssertTrue(wide.contains("批次  文件"), wide)
        XCTAssertTrue(wide.contains("  总分  "), "the revised field in the terms: \(wide)")
        let csv = try budget(["history", "贸易摩擦应对事务", "--db", db, "--format", "csv", "--lang", "zh"]).stdout
        XCTAssertTrue(csv.contains(",已结,自评,230000.00,230000.00,82694.30,0.3595,0.3595,,疫情"), csv)
    }

    func testProjectsInChinese() throws {
        let db = try formsStore()
        let names = try storeNames(db)
        let (narrow, wide) = try assertChinese(["projects", "--db", db], names: names)
        XCTAssertTrue(wide.contains("数据来源"), wide)
        XCTAssertTrue(wide.contains("起始年度  截止年度  未结年数  最近已结年度"), wide)
        XCTAssertTrue(narrow.contains("共25个项目。最近已结年度=最后一个已结年度；"), narrow)
        let (_, one) = try assertChinese(["projects", "--db", db, "--department", "深圳"], names: names)
        XCTAssertTrue(one.hasPrefix("数据来源：sample-history   主管部门：深圳市商务局"), one)
        XCTAssertTrue(one.contains("共10个项目。"), one)
    }

    func testCheckInChinese() throws {
        let db = try formsStore()
        let names = try storeNames(db)
            + jsonValues(["check", "--db", db], keys: ["message", "file", "unit", "project"])
        let (narrow, wide) = try assertChinese(["check", "--db", db], names: names)
        XCTAssertTrue(wide.contains("  警告：金额单位：the funding table is labelled (万元)"), wide)
        XCTAssertFalse(wide.contains("warning"), wide)
        XCTAssertTrue(wide.contains("，批次#"), wide)
        let count = try jsonValues(["check", "--db", db], keys: ["message"]).count
        XCTAssertTrue(narrow.hasSuffix("\n共\(count)条核查发现。\n"), narrow)
        let csv = try budget(["check", "--db", db, "--format", "csv", "--lang", "zh"]).stdout
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}实施单位,项目名称,年度,级别,可能影响金额,字段,说明,文件,行号,批次\r\n"), csv)
        XCTAssertTrue(csv.contains(",办公设备采购,2020,警告,1,金额单位,"), csv)
        let english = try budget(["check", "--db", db, "--format", "csv", "--lang", "en"]).stdout
        XCTAssertTrue(english.contains(",办公设备采购,2020,warning,1,amount_unit,"), english)
        let text = try budget(["check", "--db", db, "--lang", "en", "--wide"]).stdout
        XCTAssertTrue(text.contains("  warning: amount_unit: the funding table is labelled (万元)"), text)
        XCTAssertTrue(text.hasSuffix("\n\(count) findings.\n"), text)
        let none = try budget(["check", "--db", db, "--year", "2001", "--lang", "zh"])
        XCTAssertEqual(none.stdout, "无核查发现。\n")
    }

    func testBacktestInChineseAndWan() throws {
        let db = try backtestStore()
        let methods = try jsonValues(["backtest", "--db", db], keys: ["method"])
        let cases = path("cases.csv")
        let (narrow, wide) = try assertChinese(["backtest", "--db", db, "--horizon", "2", "--cases", cases],
                                               names: try storeNames(db) + methods)
        XCTAssertTrue(Self.joiningWrappedLines(narrow, with: "").hasPrefix(
            "回测（提前2年预测）：评估3个项目（同类项目：所属数据来源的3个项目），预测起点2018–2022年，自2018年起计分；共15例；区间水平0.8\n"), narrow)
        let header = try XCTUnwrap(wide.split(separator: "\n").first { $0.hasPrefix("预测对象") }, wide)
        XCTAssertEqual(header.split(separator: " ").joined(separator: "|"), "预测对象|方法|例数|平均绝对误差(元)|误差率中位数|平均绝对标度误差|覆盖率|置信水平")
        XCTAssertTrue(wide.contains("\n预算数 "), wide)
        XCTAssertTrue(wide.contains("\n执行率 "), wide)
        XCTAssertTrue(wide.contains("\n全年执行数 "), wide)
        XCTAssertTrue(wide.contains("逐例结果：15行，已写入\(cases)"), wide)
        // The MAE of amounts in 万元: the budget's last-budget naive, 14,333.33 元 a year off two years ahead.
        let yuan = try budget(["backtest", "--db", db, "--horizon", "2", "--format", "csv", "--lang", "en"]).stdout
        XCTAssertTrue(yuan.contains("budget,last,15,14333.33,"), yuan)
        let wan = try budget(["backtest", "--db", db, "--horizon", "2", "--format", "csv", "--lang", "zh", "--amount-unit", "wan"]).stdout
        XCTAssertTrue(wan.hasPrefix("\u{FEFF}预测对象,方法,例数,平均绝对误差(万元),"), wan)
        XCTAssertTrue(wan.contains("预算数,上年预算,15,1.43,"), "the model's name in the language: \(wan)")
        XCTAssertTrue(wan.contains("执行率,收缩执行率,"), wan)
        let english = try budget(["backtest", "--db", db, "--lang", "en", "--wide"]).stdout
        XCTAssertTrue(english.hasPrefix("Backtest: 3 projects scored (peers: the 3 projects of their data source), origins 2017–2022"), english)
        XCTAssertTrue(english.contains("target    method"), english)
        XCTAssertTrue(english.contains("  mae  mdape   mase  coverage  level"), english)
    }

    func testExceptionalListInChinese() throws {
        let db = try formsStore()
        let (narrow, wide) = try assertChinese(["exceptional", "--list", "--db", db], names: try storeNames(db))
        XCTAssertTrue(wide.hasPrefix("主管部门"), wide)
        XCTAssertTrue(wide.contains("实施单位"), wide)
        XCTAssertTrue(wide.contains("项目名称"), wide)
        XCTAssertTrue(wide.contains("年度  原因"), wide)
        XCTAssertTrue(narrow.hasSuffix("\n共1个项目年度标记为特殊年度。\n"), narrow)
        let none = try budget(["exceptional", "--list", "--db", db, "--year", "2019", "--lang", "zh"])
        XCTAssertEqual(none.stdout, "未标记特殊年度。\n")
        let csv = try budget(["exceptional", "--list", "--db", db, "--format", "csv", "--lang", "zh"]).stdout
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}主管部门,实施单位,项目名称,年度,原因\r\n"), csv)
        let english = try budget(["exceptional", "--list", "--db", db, "--lang", "en"]).stdout
        XCTAssertTrue(english.hasSuffix("\n1 exceptional project-years.\n"), english)
    }

    /// Marking and clearing say what they did in Chinese too (--lang applies to the whole command).
    func testExceptionalMarkingInChinese() throws {
        let db = try formsStore()
        func run(_ arguments: [String]) throws -> String {
            let result = try budget(["exceptional", "--db", db] + arguments + ["--lang", "zh"])
            XCTAssertEqual(result.status, 0, result.stderr)
            return result.stdout
        }
        XCTAssertEqual(try run(["--year", "2019", "--year", "2020", "--reason", "疫情"]),
                       "25个项目：已将2019、2020年标记为特殊年度（原因：疫情）；50个项目年度中更改49个，其余原已如此标记\n")
        XCTAssertEqual(try run(["贸易摩擦应对事务", "--year", "2020", "--reason", "疫情"]),
                       "深圳市商务发展促进中心 / 世贸事务管理-贸易摩擦应对事务：2020年已标记为特殊年度（原因：疫情），未作更改\n")
        XCTAssertEqual(try run(["贸易摩擦应对事务", "--year", "2020", "--clear"]),
                       "深圳市商务发展促进中心 / 世贸事务管理-贸易摩擦应对事务：已取消2020年的特殊年度标记（取消1个）\n")
        XCTAssertEqual(try run(["--year", "2018", "--clear"]), "25个项目：2018年未标记为特殊年度，未作更改\n")
        XCTAssertEqual(try run(["--year", "2020", "--year", "2021", "--clear"]),
                       "25个项目：已取消2020、2021年的特殊年度标记（取消24个；其余26个项目年度原未标记）\n")
        XCTAssertEqual(try budget(["exceptional", "--db", db, "--year", "2018", "--clear", "--lang", "en"]).stdout,
                       "2018 not marked exceptional for 25 projects; nothing changed\n")
    }
}
