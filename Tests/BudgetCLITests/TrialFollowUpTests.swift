import Foundation
import XCTest

/// Issue 12, a second pass of the bad-input trial on the fixed binary: names with control characters where
/// the first fixes did not look (alias, --data-source, a file's name, a scenario's new project), negative
/// requests, the summary of a failed import, a header-only file, and a checkpoint that fails on a full disk.
final class TrialFollowUpTests: CLITestCase {

    func export(_ db: String) throws -> String { try budget(["export", "--db", db, "--no-bom"]).stdout }

    func testControlCharactersInAliasesAndDataSourceNamesAreRefused() throws {
        let db = try sampleStore()
        let before = try export(db)
        let aliases = try sqlite(db, "SELECT count(*) FROM project_alias")
        let alias = try budget(["alias", "--db", db, "贸易摩擦应对事务", "X\u{1B}[31mY"])
        XCTAssertNotEqual(alias.status, 0, alias.stdout)
        XCTAssertTrue(alias.stderr.contains("the alias contains a control character (U+001B) at character 2"), alias.stderr)
        XCTAssertEqual(try sqlite(db, "SELECT count(*) FROM project_alias"), aliases)
        let csv = try write("project,year,executed\r\nA1,2020,1.00\r\n", to: "x.csv")
        let source = try budget(["import", "--db", db, "--data-source", "S\u{1B}[2J", csv])
        XCTAssertEqual(source.status, 64, source.stderr)
        XCTAssertTrue(source.stderr.contains("--data-source: the name contains a control character (U+001B) at character 2"), source.stderr)
        XCTAssertEqual(try export(db), before)
        // A file's name is not a typed name: the default data source leaves out what a name may not hold.
        let oddName = try write("project,year,executed\r\nA1,2020,1.00\r\n", to: "odd\u{1B}[31m.csv")
        let fresh = path("fresh.sqlite")
        XCTAssertEqual(try budget(["import", "--db", fresh, oddName]).status, 0)
        XCTAssertEqual(try sqlite(fresh, "SELECT DISTINCT d.data_source FROM department d JOIN unit u ON u.department_id = d.id JOIN project p ON p.unit_id = u.id WHERE p.name = 'A1'"),
                       "odd[31m\n")
    }

    func testAScenarioNewProjectNameWithAnEscapeIsAnErrorAtItsLine() throws {
        let history = Self.sampleHistory
        let yaml = try write("""
            description: escape in a new project
            history:
              files: [\(history)]
            adjustments:
              new_projects:
                - {name: "N\\e[31mX", department: 深圳市商务局, requests: {2021: 1000}}
            """, to: "escape.yaml")
        let result = try budget(["scenario", "run", yaml, "--out-dir", path("out")])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("escape.yaml:6:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("the name contains a control character (U+001B) at character 2"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out")))
    }

    func testANegativeRequestIsAnErrorNamingItsLine() throws {
        let db = try sampleStore()
        let requests = try write("项目名称,年度,申请金额\r\n世贸事务管理-贸易摩擦应对事务,2021,-5.00\r\n", to: "req.csv")
        let result = try budget(["review", "--db", db, "--requests", requests])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stderr.contains("req.csv:2: requested: \"-5.00\" is negative"), result.stderr)
        let short = try write("项目名称,年度,申请金额\r\n世贸事务管理-贸易摩擦应对事务,2021\r\n", to: "short.csv")
        XCTAssertTrue(try budget(["review", "--db", db, "--requests", short]).stderr.contains("short.csv:2: row: the row has 2 fields"))
    }

    func testAFailedImportDoesNotCountRowsAsNewAndAHeaderOnlyFileIsWarnedAbout() throws {
        let db = try sampleStore()
        let bad = try write("project,year,executed\r\nA1,2020,1.00\r\nA2,2020,x\r\n", to: "bad.csv")
        let failed = try budget(["import", "--db", db, bad])
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.stdout.contains("bad.csv: 2 rows read; not imported (see the errors)"), failed.stdout)
        XCTAssertFalse(failed.stdout.contains("new"), failed.stdout)
        let header = try write("project,year,executed\r\n", to: "header.csv")
        let empty = try budget(["import", "--db", db, header])
        XCTAssertEqual(empty.status, 0)
        XCTAssertTrue(empty.stderr.contains("header.csv:1: warning: the file has a header and no rows"), empty.stderr)
        XCTAssertFalse(empty.stdout.contains("every row is already in the store"), empty.stdout)
    }

    /// A disk too full for the closing checkpoint: the import is committed (in the log), and says so.
    func testACheckpointThatFailsOnAFullDiskIsAWarningNotSilence() throws {
        try withSmallFileSystem(size: "300k") { small in
            let sample = Self.sampleHistory
            let db = small + "/s.sqlite"
            let result = try budget(["import", "--db", db, sample])
            XCTAssertEqual(result.status, 0, result.stderr)
            guard FileManager.default.fileExists(atPath: db + "-wal"), (try? FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? Int) ?? 0 > 0 else {
                throw XCTSkip("the checkpoint fitted on this file system")
            }
            XCTAssertTrue(result.stderr.contains("warning: the store \(db) could not be written: the disk is full; what it holds is safe in its log \(db)-wal"), result.stderr)
            XCTAssertEqual(try budget(["projects", "--db", db]).status, 0, "the store reads with its log")
        }
    }

    /// Accounts with only an initial (adopted) budget, as San Diego's: `history`'s rate is executed ÷ that
    /// budget (the one forecasts use), not `-`; the request of an unknown amount names the cell once.
    func testHistoryRateFallsBackToTheInitialBudget() throws {
        let db = path("h.sqlite")
        let city = try write("""
            department,unit,project,year,initial_budget,executed
            Parks,Parks,Non-Personnel,2019,1000000,1007000
            Parks,Parks,Non-Personnel,2020,1000000,950000

            """, to: "city.csv")
        XCTAssertEqual(try budget(["import", "--db", db, city]).status, 0)
        let csv = try ScenarioCommandTests.parseRFC4180(try budget(["history", "--db", db, "Non-Personnel", "--format", "csv"]).stdout
            .replacingOccurrences(of: "\u{FEFF}", with: "")).rows
        XCTAssertEqual(csv.map { $0["rate"] }, ["1.0070", "0.9500"])
        XCTAssertEqual(csv.map { $0["rate_vs_initial"] }, ["1.0070", "0.9500"])
        let requests = try write("department,unit,project,year,requested\nParks,Parks,Non-Personnel,2021,abc\n", to: "r.csv")
        let review = try budget(["review", "--db", db, "--requests", requests])
        XCTAssertEqual(review.status, 1)
        XCTAssertTrue(review.stderr.contains("r.csv:2: requested: \"abc\" is not an amount: unexpected 'a'\n"), review.stderr)
    }
    /// Trial 3.3-a5: a history in 万元 read as 元 (no unit line) and then 元 figures of the same projects: the
    /// 10,000× warning is material, so import lists it before any other warning however many there are, and
    /// `check --material` gives it alone (CSV `material` = 1, first).
    func testAUnitScaleWarningIsListedFirstAndByCheckMaterial() throws {
        let db = path("m.sqlite")
        let wan = try write("""
            实施单位,项目名称,年度,年初预算数,全年执行数
            服务中心,会议服务,2019,23.00,8.27
            服务中心,培训费,2019,10.00,9.50

            """, to: "wan.csv")
        XCTAssertEqual(try budget(["import", "--db", db, wan]).status, 0)
        var rows = ["实施单位,项目名称,年度,年初预算数,全年预算数,全年执行数"]
        rows += ["服务中心,会议服务,2020,230000.00,230000.00,82694.30", "服务中心,培训费,2020,100000.00,100000.00,95000.00"]
        // Twelve rows whose executed amount is above their budget: twelve ordinary warnings before the material one.
        rows += (1...12).map { "服务中心,项目\($0),2020,1000.00,1000.00,\(1200 + $0).00" }
        let yuan = try write(rows.joined(separator: "\n") + "\n", to: "yuan.csv")
        let second = try budget(["import", "--db", db, yuan])
        XCTAssertEqual(second.status, 0, second.stderr)
        let lines = second.stderr.components(separatedBy: "\n")
        let heading = try XCTUnwrap(lines.firstIndex { $0.contains(" warnings, ") }, second.stderr)
        XCTAssertTrue(lines[heading].contains("1 that may mean amounts are wrong first"), lines[heading])
        XCTAssertTrue(lines[heading + 1].contains("about 10,000 times"), second.stderr)
        let material = try budget(["check", "--db", db, "--material"])
        XCTAssertTrue(material.stdout.hasPrefix("Findings that may mean amounts are wrong (1: "), material.stdout)
        XCTAssertFalse(material.stdout.contains("above"), "the ordinary warnings are left out: \(material.stdout)")
        let csv = try ScenarioCommandTests.parseRFC4180(try budget(["check", "--db", db, "--format", "csv"]).stdout
            .replacingOccurrences(of: "\u{FEFF}", with: "")).rows
        XCTAssertEqual(csv.count, 13)
        XCTAssertEqual(csv.map { $0["material"] }, ["1"] + Array(repeating: "0", count: 12))
    }
    /// Trial 3.3-b1/b2: the sample history and the bundled forms leave the OCR-garbled 对口交流组宗合事务 next to
    /// 对口交流综合事务 with the same 2020 figures; `check` names the pair with the merge command (material, so
    /// first), and after that merge the pair is gone.
    func testCheckNamesAProbableDuplicateWithTheMergeCommand() throws {
        let db = try sampleStore()
        for form in ["000_546769cc8a0ec3c8.txt", "001_71f3a326dc5c2b88.txt", "002_ed3a86db11c65d94.txt", "003_2df205466e1d5f98.txt"] {
            XCTAssertEqual(try budget(["import", "--db", db, Self.packageRoot.appendingPathComponent("Scenarios/\(form)").path]).status, 0)
        }
        let check = try budget(["check", "--db", db, "--material", "--wide"])
        XCTAssertEqual(check.status, 0, check.stderr)
        let merge = "`budget alias --merge \"世贸事务管理-对口交流综合事务\" \"世贸事务管理-对口交流组宗合事务\"`"
        XCTAssertTrue(check.stdout.contains("深圳市商务发展促进中心 / 世贸事务管理-对口交流组宗合事务 (2020)\n  warning: project: probably the same project as “世贸事务管理-对口交流综合事务” of the same unit: names 2 characters apart, the same 2020 budget 180,000.00 and executed 137,923.74; if so, \(merge) folds it in"),
                      check.stdout)
        XCTAssertEqual(try budget(["alias", "--db", db, "--merge", "世贸事务管理-对口交流综合事务", "世贸事务管理-对口交流组宗合事务"]).status, 0)
        XCTAssertFalse(try budget(["check", "--db", db, "--material"]).stdout.contains("probably the same project"))
    }
    /// Trial 3.3-e1/e3 and 9-U2-4: a store too short to backtest says so in words, and why there are no
    /// intervals; a request naming a project under another unit is told where the project of that name is.
    func testTheHeaderSaysWhyThereAreNoIntervalsAndAReviewNamesTheOtherUnit() throws {
        let db = try sampleStore()
        let recommend = try budget(["recommend", "--db", db, "--wide"])
        XCTAssertTrue(recommend.stdout.hasPrefix("Forecast 2021: 9 of 9 projects of the data source, no backtest cases (no project has a closed year with enough history before it to test a forecast on), so no intervals\n"),
                      recommend.stdout)
        let zh = try budget(["recommend", "--db", db, "--wide", "--lang", "zh"])
        XCTAssertTrue(zh.stdout.hasPrefix("2021年预测：数据来源9个项目中列出9个；历史年度太少，无法回测检验预测，故不给预测区间\n"), zh.stdout)
        let requests = try write("""
            department,unit,project,year,requested
            深圳市商务局,深圳市商务局,世贸事务管理-贸易摩擦应对事务,2021,300000
            深圳市商务局,深圳市商务局,全新项目,2021,5000

            """, to: "units.csv")
        let review = try budget(["review", "--db", db, "--requests", requests, "--wide"])
        XCTAssertEqual(review.status, 0, review.stderr)
        XCTAssertTrue(review.stdout.contains("世贸事务管理-贸易摩擦应对事务: not in the store under the unit given (line 2), but a project of this name is under 深圳市商务发展促进中心: if it is that one, correct the request's unit"),
                      review.stdout)
        XCTAssertTrue(review.stdout.contains("全新项目: not in the store (line 3): a new project with no record to judge by"), review.stdout)
    }
    /// Trial 6-7 and 9-U1-5 (what a 申报表's 上年绩效 section needs): `history --details` gives the year's total
    /// score, the funding split and the performance indicators with their deviation reasons, as the 2020
    /// self-evaluation of 贸易摩擦应对事务 prints them (Scenarios/003_…txt); an .xlsx gets them as a sheet; CSV
    /// and JSON hold one table and refuse it (64).
    func testHistoryDetailsGiveScoresFundingAndIndicators() throws {
        let db = try sampleStore()
        let form = Self.packageRoot.appendingPathComponent("Scenarios/003_2df205466e1d5f98.txt").path
        XCTAssertEqual(try budget(["import", "--db", db, form]).status, 0)
        let zh = try budget(["history", "--db", db, "贸易摩擦应对事务", "--details", "--lang", "zh", "--wide"])
        XCTAssertEqual(zh.status, 0, zh.stderr)
        XCTAssertTrue(zh.stdout.contains("\n2020年自评：总分91.6；全年预算资金来源：当年财政拨款230,000.00元、上年结转资金0.00元、其他资金0.00元\n"), zh.stdout)
        XCTAssertTrue(zh.stdout.contains("一级指标  "), zh.stdout)
        XCTAssertTrue(zh.stdout.contains("偏差原因分析及改进措施"), zh.stdout)
        let cost = try XCTUnwrap(zh.stdout.split(separator: "\n").first { $0.contains("实际资金投入金额") }, zh.stdout)
        XCTAssertEqual(cost.split(separator: " ").map(String.init), ["产出指标", "成本指标", "实际资金投入金额", "≥20万元", "82694.30", "6", "5", "因疫情调减"])
        let book = try budget(["history", "--db", db, "贸易摩擦应对事务", "--details", "--format", "xlsx"])
        XCTAssertEqual(book.status, 0, book.stderr)
        try book.stdoutData.write(to: URL(fileURLWithPath: path("h.xlsx")))
        let sheets = try XLSXReader.dump(path("h.xlsx")).sheets
        XCTAssertEqual(sheets.map(\.name), ["years", "indicators"])
        XCTAssertEqual(sheets[1].rows.count, 13, "the header and the form's 12 indicator rows")
        XCTAssertEqual(try budget(["history", "--db", db, "贸易摩擦应对事务", "--details", "--format", "csv"]).status, 64)
    }
    /// A request for a name five units share, under a unit that has none: the hint names three units and how
    /// many more (San Diego's `Personnel` is in ~90 units; the trial walk's P5).
    func testTheOtherUnitsHintNamesThreeAndCountsTheRest() throws {
        let db = path("u.sqlite")
        let history = try write((["department,unit,project,year,initial_budget,executed"]
            + ["A", "B", "C", "D", "E"].map { "Dept,Unit \($0),Personnel,2020,1000,900" }).joined(separator: "\n") + "\n", to: "p.csv")
        XCTAssertEqual(try budget(["import", "--db", db, history]).status, 0)
        let requests = try write("department,unit,project,year,requested\nDept,Unit Z,Personnel,2021,1000\n", to: "r.csv")
        let review = try budget(["review", "--db", db, "--requests", requests, "--wide"])
        XCTAssertTrue(review.stdout.contains("but a project of this name is under Unit A, Unit B, Unit C (+2): if it is that one"), review.stdout)
    }
}





