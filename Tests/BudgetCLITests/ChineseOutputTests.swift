import Foundation
import XCTest

/// Chinese output and amounts in 万元 (issue 13 items 1, 2 and 5), on the real binary with the 2020 Shenzhen
/// self-evaluations (003). Figures worked by hand from the form: the trade-friction project executed
/// 82,694.30 of 230,000.00 (36.0%); need = 82,694.30 ÷ 0.95 = 87,046.63; cap = 82,694.30 × 1.05 ÷ 0.95 =
/// 91,398.96; so 87,046.63 元 = 8.70 万元 (cap 9.14 万元, executed 8.27 万元, budget 23.00 万元).
final class ChineseOutputTests: CLITestCase {
    func shenzhenStore() throws -> String {
        let db = path("shenzhen.sqlite")
        let form = Self.packageRoot.appendingPathComponent("Scenarios/003_2df205466e1d5f98.txt").path
        let result = try budget(["import", "--db", db, form])
        XCTAssertEqual(result.status, 0, result.stderr)
        return db
    }

    static func cells(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v)
            return width + (wide ? 2 : 1)
        }
    }

    /// The acceptance command at 100 and 200 columns: Chinese headings and explanations, 万元, nothing cut.
    func testRecommendInChineseAndWanAtHundredAndTwoHundredColumns() throws {
        let db = try shenzhenStore()
        for width in [100, 200] {
            let result = try budget(["recommend", "--db", db, "--department", "深圳市商务局", "--amount-unit", "wan"],
                                    environment: ["LANG": "zh_CN.UTF-8", "COLUMNS": String(width)])
            XCTAssertEqual(result.status, 0, result.stderr)
            let out = result.stdout
            for line in out.split(separator: "\n") {
                XCTAssertLessThanOrEqual(Self.cells(line), width, "at \(width): every line, prose wrapped: \(line)")
            }
            let prose = Self.joiningWrappedLines(out, with: "")
            XCTAssertTrue(out.contains("主管部门：深圳市商务局"), out)
            XCTAssertTrue(out.contains("项目名称"), out)
            XCTAssertTrue(out.contains("测算说明："), out)
            XCTAssertFalse(out.contains("…"), "nothing cut at \(width):\n\(out)")
            XCTAssertFalse(out.contains("explanation"), out)
            XCTAssertTrue(prose.contains("世贸事务管理-贸易摩擦应对事务：2020年执行8.27万元（预算23.00万元），执行率36.0%；自评偏差原因：“因疫情调减”；执行率低于60.0%："
                                       + "按需求数8.70万元（预测执行数8.27万元÷0.95），低于封顶数8.27万元×1.05÷0.95=9.14万元"), out)
            // The trade-friction row: its amounts whole on one line.
            let row = try XCTUnwrap(out.split(separator: "\n").first { $0.contains("23.00") && $0.contains("8.70") }, out)
            XCTAssertTrue(row.contains("36.0%"), String(row))
            XCTAssertTrue(out.contains("建议数"), out)
            XCTAssertTrue(out.contains("(万元)"), out)
        }
    }

    func testCSVInChineseAndWanHasTheFormsTermsAndReimportableUnits() throws {
        let db = try shenzhenStore()
        let zh = try budget(["recommend", "--db", db, "--format", "csv", "--lang", "zh", "--amount-unit", "万元"]).stdout
        let header = zh.split(separator: "\r\n").first.map(String.init) ?? ""
        XCTAssertTrue(header.hasPrefix("\u{FEFF}主管部门,实施单位,项目名称,年度,上年度,上年预算数(万元),上年执行数(万元),上年执行率,建议数(万元),增减,适用规则,测算说明"), header)
        let trade = try XCTUnwrap(zh.split(separator: "\r\n").first { $0.contains("贸易摩擦") }.map(String.init))
        XCTAssertTrue(trade.contains(",23.00,8.27,0.3595,8.70,"), trade)
        XCTAssertTrue(trade.contains("执行率低于60.0%"), trade)

        let en = try budget(["recommend", "--db", db, "--format", "csv", "--lang", "en", "--amount-unit", "wan"]).stdout
        XCTAssertTrue(en.contains("last_budget (wan),last_executed (wan),last_rate,recommended (wan)"), en)
        let yuan = try budget(["recommend", "--db", db, "--format", "csv", "--lang", "en"]).stdout
        XCTAssertTrue(yuan.contains(",230000.00,82694.30,0.3595,87046.63,"), yuan)
    }

    func testLanguageComesFromBudgetLangThenTheLocale() throws {
        let db = try shenzhenStore()
        let zh = try budget(["recommend", "--db", db], environment: ["LANG": "zh_CN.UTF-8"]).stdout
        XCTAssertTrue(zh.contains("测算说明"), zh)
        let en = try budget(["recommend", "--db", db], environment: ["LANG": "zh_CN.UTF-8", "BUDGET_LANG": "en"]).stdout
        XCTAssertTrue(en.contains("explanation:"), en)
        XCTAssertTrue(en.contains("82,694.30 of 230,000.00 (36.0%)"), en)
        let c = try budget(["recommend", "--db", db], environment: ["LANG": "C.UTF-8"]).stdout
        XCTAssertTrue(c.contains("explanation:"), c)
        let flag = try budget(["recommend", "--db", db, "--lang", "zh"], environment: ["BUDGET_LANG": "en"]).stdout
        XCTAssertTrue(flag.contains("测算说明"), "--lang wins: \(flag)")
    }

    func testUnitWanAsASelectionSaysWhereTheAmountUnitIs() throws {
        let db = try shenzhenStore()
        let result = try budget(["recommend", "--db", db, "--unit", "wan"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("--amount-unit wan"), result.stderr)
        let bad = try budget(["recommend", "--db", db, "--amount-unit", "千元"])
        XCTAssertEqual(bad.status, 64, bad.stderr)
    }

    /// The reviewer's view in Chinese: verdicts 接受/质询/核减, the summary line and totals in 万元, all whole at 100
    /// columns. The request of 300,000.00 for the trade-friction project (+30.4% after 36.0% execution) is above
    /// the recommendation 87,046.63: 核减.
    func testReviewInChineseShowsVerdictsAndTotalsInWan() throws {
        let db = try shenzhenStore()
        let requests = try write("实施单位,项目名称,年度,申请金额(万元)\n深圳市商务发展促进中心,世贸事务管理-贸易摩擦应对事务,2021,30.00\n", to: "req.csv")
        let result = try budget(["review", "--db", db, "--requests", requests, "--lang", "zh", "--amount-unit", "wan"],
                                environment: ["COLUMNS": "100"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = Self.joiningWrappedLines(result.stdout, with: "")
        XCTAssertTrue(out.contains("共1项申报：申报30.00万元，建议8.70万元，申报超建议21.30万元；接受0项，质询0项，核减1项"), out)
        XCTAssertTrue(out.contains("核减"), out)
        XCTAssertTrue(out.contains("审核意见"), out)
        XCTAssertTrue(out.contains("申报30.00万元（较2020年预算23.00万元+30.4%），上年执行率36.0%：执行率低于60.0%仍申请增加"), out)
        XCTAssertTrue(out.contains("合计"), out)
        XCTAssertFalse(out.contains("…"), out)
        for line in result.stdout.split(separator: "\n") {
            XCTAssertLessThanOrEqual(Self.cells(line), 100, "every line, prose wrapped: \(line)")
        }
        let csv = try budget(["review", "--db", db, "--requests", requests, "--format", "csv", "--lang", "zh"]).stdout
        XCTAssertTrue(csv.contains(",核减,"), csv)
        let en = try budget(["review", "--db", db, "--requests", requests, "--format", "csv", "--lang", "en"]).stdout
        XCTAssertTrue(en.contains(",cut,"), en)
    }

    /// `forecast --lang zh`: the method, the executed method and the notes in Chinese (no English word left in
    /// them), the interval columns left out in pairs at 100 columns, and every line within the width.
    func testForecastMethodsAndNotesInChinese() throws {
        let db = try shenzhenStore()
        for width in [100, 200] {
            let result = try budget(["forecast", "--db", db, "--lang", "zh"], environment: ["COLUMNS": String(width)])
            XCTAssertEqual(result.status, 0, result.stderr)
            let out = result.stdout
            for line in out.split(separator: "\n") {
                XCTAssertLessThanOrEqual(Self.cells(line), width, "at \(width): \(line)")
            }
            let prose = Self.joiningWrappedLines(out, with: "")
            // One closed year each (2020): the rate is the project's own (its peers' differ too much to shrink toward).
            XCTAssertTrue(prose.contains("世贸事务管理-贸易摩擦应对事务：1个已结年度：采用自身执行率（同类项目执行率差异过大，不作收缩）"), out)
            let notes = try XCTUnwrap(out.components(separatedBy: "备注：").last)
            XCTAssertNil(notes.range(of: "[A-Za-z]{3,}", options: .regularExpression).flatMap { range -> String? in
                let word = String(notes[range])
                return ["WTO"].contains(word) ? nil : word
            }, "no English in the notes:\n\(notes)")
            XCTAssertFalse(out.contains("shrunk"), out)
            XCTAssertFalse(out.contains("…"), out)
            if width == 200 {
                XCTAssertTrue(out.contains("上年预算×收缩执行率"), out)
                XCTAssertTrue(out.contains("上年执行数"), "the executed method: \(out)")
            } else {
                let left = try XCTUnwrap(out.split(separator: "\n").first { $0.hasPrefix("（此宽度下未显示：") }, out)
                XCTAssertTrue(left.contains("执行率下限, 执行率上限"), "an interval goes whole: \(left)")
            }
        }
        // The English notes are the engine's sentences as before.
        let english = try budget(["forecast", "--db", db, "--lang", "en"], environment: ["COLUMNS": "200"])
        XCTAssertTrue(english.stdout.contains("1 closed year: its own rate (its peers' rates differ too much to shrink toward)"), english.stdout)
        XCTAssertTrue(english.stdout.contains("last × shrunk"), english.stdout)
    }
}
