import Foundation
import XCTest

/// The acceptance checks of the history store and `budget import`, on the real binary.
final class ImportCommandTests: CLITestCase {
    /// A canonical CSV of `rows` data rows (line 1 is the header, data row k is on line k + 1).
    func canonicalCSV(rows: Int, executedOnLine badLine: Int? = nil, badValue: String = "") -> String {
        var text = "department,unit,project,year,initial_budget,adjusted_budget,executed\n"
        for index in 0..<rows {
            let line = index + 2
            let executed = line == badLine ? "\"\(badValue)\"" : "\(1_000_000 + index * 1_000).00"
            text += "深圳市商务局,深圳市商务发展促进中心,项目\(index / 5),\(2015 + index % 5),\"2,000,000.00\",\"2,000,000.00\",\(executed)\n"
        }
        return text
    }

    func testBadAmountOnLine57NamesLineAndColumnAndLeavesStoreByteIdentical() throws {
        let db = path("h.sqlite")
        let good = try write(canonicalCSV(rows: 60), to: "good.csv")
        XCTAssertEqual(try budget(["import", "--db", db, good]).status, 0)
        let before = try fileData("h.sqlite")

        let bad = try write(canonicalCSV(rows: 80, executedOnLine: 57, badValue: "12,3x4.00"), to: "bad.csv")
        let result = try budget(["import", "--db", db, bad])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("bad.csv:57:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("'executed'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("12,3x4.00"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Nothing was written"), result.stderr)
        XCTAssertEqual(try fileData("h.sqlite"), before, "a failed import must leave the store byte-for-byte unchanged")
        let wal = try? fileData("h.sqlite-wal")
        XCTAssertTrue(wal == nil || wal!.isEmpty, "no committed frames may wait in the WAL")
    }

    func testFailedFirstImportLeavesNoStoreBehind() throws {
        let db = path("new.sqlite")
        let bad = try write(canonicalCSV(rows: 3, executedOnLine: 3, badValue: "1.2.3"), to: "bad.csv")
        XCTAssertEqual(try budget(["import", "--db", db, bad]).status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db))
    }

    func testReimportChangesNothingAndOneChangedFigureRecordsOneRevision() throws {
        let db = path("h.sqlite")
        let csv = canonicalCSV(rows: 10)
        let file = try write(csv, to: "history.csv")
        XCTAssertEqual(try budget(["import", "--db", db, file]).status, 0)
        let before = try fileData("h.sqlite")

        let again = try budget(["import", "--db", db, file])
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.stdout.contains("0 new, 0 updated, 10 unchanged"), again.stdout)
        XCTAssertTrue(again.stdout.contains("no change"), again.stdout)
        XCTAssertEqual(try fileData("h.sqlite"), before, "re-importing an identical file must not touch the store")

        // Project 项目0, year 2016 (data row 2, line 3): executed 1,001,000.00 → 1,001,234.56.
        let changed = csv.replacingOccurrences(of: "项目0,2016,\"2,000,000.00\",\"2,000,000.00\",1001000.00",
                                               with: "项目0,2016,\"2,000,000.00\",\"2,000,000.00\",\"1,001,234.56\"")
        XCTAssertNotEqual(changed, csv)
        let changedFile = try write(changed, to: "history-v2.csv")
        let update = try budget(["import", "--db", db, changedFile])
        XCTAssertEqual(update.status, 0, update.stderr)
        XCTAssertTrue(update.stdout.contains("0 new, 1 updated, 9 unchanged"), update.stdout)
        XCTAssertTrue(update.stdout.contains("1 revisions"), update.stdout)

        let history = try budget(["history", "--db", db, "项目0", "--revisions", "--format", "csv"])
        XCTAssertEqual(history.status, 0, history.stderr)
        let revisionLines = history.stdout.split(separator: "\r\n").filter { $0.contains("history-v2.csv") }
        XCTAssertEqual(revisionLines.count, 1, history.stdout)
        XCTAssertTrue(revisionLines[0].hasSuffix(",2016,executed,1001000.00,1001234.56"), String(revisionLines[0]))

        let text = try budget(["history", "--db", db, "项目0", "--revisions"])
        XCTAssertTrue(text.stdout.contains("Revisions (1)"), text.stdout)
        XCTAssertTrue(text.stdout.contains("1,001,234.56"), text.stdout)
    }

    func testDryRunWritesNothing() throws {
        let db = path("h.sqlite")
        let file = try write(canonicalCSV(rows: 5), to: "a.csv")
        XCTAssertEqual(try budget(["import", "--db", db, file]).status, 0)
        let before = try fileData("h.sqlite")
        let more = try write(canonicalCSV(rows: 8), to: "b.csv")
        let dry = try budget(["import", "--db", db, "--dry-run", more])
        XCTAssertEqual(dry.status, 0)
        XCTAssertTrue(dry.stdout.contains("3 new, 0 updated, 5 unchanged"), dry.stdout)
        XCTAssertTrue(dry.stdout.contains("Dry run"), dry.stdout)
        XCTAssertEqual(try fileData("h.sqlite"), before)
    }

    func testUTF8AndGB18030GiveIdenticalStores() throws {
        let text = try String(contentsOf: Self.packageRoot.appendingPathComponent("Scenarios/sample-history.csv"), encoding: .utf8)
        let utf8 = try write(text, to: "utf8.csv")
        // GB18030 bytes made by Python's codec (independent of the importer, which decodes with iconv).
        let gbPath = path("gb.csv")
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import sys; open(sys.argv[2], 'wb').write(open(sys.argv[1], encoding='utf-8').read().encode('gb18030'))", utf8, gbPath]
        try python.run(); python.waitUntilExit()
        XCTAssertEqual(python.terminationStatus, 0)
        let gbBytes = try fileData("gb.csv")
        XCTAssertNil(String(data: gbBytes, encoding: .utf8), "the GB18030 file must not be valid UTF-8")

        // One data source for the three files (by default each would be named after its file).
        let source = ["--data-source", "sample-history"]
        XCTAssertEqual(try budget(["import", "--db", path("u.sqlite"), utf8] + source).status, 0)
        let gbImport = try budget(["import", "--db", path("g.sqlite"), gbPath] + source)
        XCTAssertEqual(gbImport.status, 0, gbImport.stderr)
        let forced = try budget(["import", "--db", path("f.sqlite"), "--encoding", "gb18030", gbPath] + source)
        XCTAssertEqual(forced.status, 0, forced.stderr)

        let fromUTF8 = try budget(["export", "--db", path("u.sqlite")]).stdoutData
        XCTAssertEqual(try budget(["export", "--db", path("g.sqlite")]).stdoutData, fromUTF8)
        XCTAssertEqual(try budget(["export", "--db", path("f.sqlite")]).stdoutData, fromUTF8)
        XCTAssertTrue(String(decoding: fromUTF8, as: UTF8.self).contains("世贸事务管理-贸易摩擦应对事务"))
        // The stores hold the same rows in every table but the batch provenance (file name, hash, encoding).
        for table in ["department", "unit", "project", "annual_figures", "declaration", "revision"] {
            let rows = "SELECT * FROM \(table) ORDER BY 1, 2"
            XCTAssertEqual(try sqlite(path("u.sqlite"), rows), try sqlite(path("g.sqlite"), rows), table)
        }
    }

    func testExportImportExportIsByteIdentical() throws {
        let sample = Self.packageRoot.appendingPathComponent("Scenarios/sample-history.csv").path
        XCTAssertEqual(try budget(["import", "--db", path("a.sqlite"), sample]).status, 0)
        let first = try budget(["export", "--db", path("a.sqlite"), "--out", path("first.csv")])
        XCTAssertEqual(first.status, 0, first.stderr)
        let imported = try budget(["import", "--db", path("b.sqlite"), path("first.csv")])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(try budget(["export", "--db", path("b.sqlite"), "--out", path("second.csv")]).status, 0)
        let bytes = try fileData("first.csv")
        XCTAssertEqual(try fileData("second.csv"), bytes)
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 with BOM by default")
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("department,unit,project,category,year,status,source,initial_budget,"), text)
        // Hand-checked rows: the trade-friction project, and a declaration whose prior year became declared 2019 figures.
        XCTAssertTrue(text.contains("深圳市商务局,深圳市商务发展促进中心,世贸事务管理-贸易摩擦应对事务,,2020,closed,reported,230000.00,230000.00,82694.30,230000.00,0.00,0.00,3.6,,,,,,sample-history\r\n"), text)
        XCTAssertTrue(text.contains(",上海WTO事务咨询中心,全球贸易投资监控预警系统,经常性专项业务费,2019,closed,declared,,4546200.00,4546200.00,"), text)
        XCTAssertTrue(text.contains(",上海WTO事务咨询中心,全球贸易投资监控预警系统,经常性专项业务费,2020,,,,,,,,,,,4691000.00,4691000.00,4546200.00,4546200.00,sample-history\r\n"), text)
        let noBOM = try budget(["export", "--db", path("a.sqlite"), "--no-bom"]).stdoutData
        XCTAssertEqual(noBOM, bytes.dropFirst(3))
    }

    func testSuspiciousFiguresImportWithWarningsNamingTheLine() throws {
        let csv = """
            project,year,adjusted_budget,executed
            甲项目,2019,"100,000.00","120,000.00"
            乙项目,2019,"100,000.00","160,000.00"
            丙项目,2019,"-5.00",0
            """
        let result = try budget(["import", "--db", path("h.sqlite"), try write(csv, to: "s.csv")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("3 new"), result.stdout)
        XCTAssertTrue(result.stderr.contains("s.csv:2: warning: field 'executed': executed 120,000.00 is above adjusted_budget 100,000.00"), result.stderr)
        XCTAssertTrue(result.stderr.contains("s.csv:3: warning: field 'executed': execution rate 160.0% is over 150.0%"), result.stderr)
        XCTAssertTrue(result.stderr.contains("s.csv:4: warning: field 'adjusted_budget': negative amount -5.00"), result.stderr)
    }

    func testAmountConventionsAndHeaderUnits() throws {
        let csv = """
            项目名称,年度,年初预算数(万元),全年预算数,全年执行数,当年财政拨款
            甲项目,2019,5.6,"56,000.00",-,无
            """
        XCTAssertEqual(try budget(["import", "--db", path("h.sqlite"), try write(csv, to: "u.csv")]).status, 0)
        let export = try budget(["export", "--db", path("h.sqlite"), "--no-bom"]).stdout
        // 5.6 万元 = 56,000.00 元; '-' is zero (closed year, 0% executed); 无 is unknown (empty).
        XCTAssertTrue(export.contains(",甲项目,,2019,closed,reported,56000.00,56000.00,0.00,,,,,,,,,,u\r\n"), export)
    }

    func testColumnMapErrorsNameTheMissingHeader() throws {
        let csv = "name,fy,amount\nX,2020,1\n"
        let result = try budget(["import", "--db", path("h.sqlite"), "--map", "project=name", "--map", "year=fiscal",
                                 "--map", "initial_budget=amount", try write(csv, to: "m.csv")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("m.csv:1: error: field 'year': --map year=fiscal: the header has no column \"fiscal\""), result.stderr)
        let unknown = try budget(["import", "--db", path("h.sqlite"), "--map", "budget=amount", path("m.csv")])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("'budget' is not a canonical column"), unknown.stderr)
    }

    func testSameProjectYearTwiceInOneFileIsAnError() throws {
        let csv = "project,year,executed\nA,2019,1\nB,2019,2\nA,2019,3\n"
        let result = try budget(["import", "--db", path("h.sqlite"), try write(csv, to: "d.csv")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("d.csv:4: error: field 'year': repeats project \"A\" year 2019 of line 2"), result.stderr)
    }

    func testBudgetDBEnvironmentVariableAndDefaultStore() throws {
        let file = try write("project,year,executed\nA,2019,1\n", to: "a.csv")
        XCTAssertEqual(try budget(["import", file], environment: ["BUDGET_DB": path("env.sqlite")]).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("env.sqlite")))
        XCTAssertEqual(try budget(["import", file]).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("budget.sqlite")))
    }

    func testGB18030ExportReimportsToTheSameStore() throws {
        let sample = Self.packageRoot.appendingPathComponent("Scenarios/sample-history.csv").path
        XCTAssertEqual(try budget(["import", "--db", path("a.sqlite"), sample]).status, 0)
        XCTAssertEqual(try budget(["export", "--db", path("a.sqlite"), "--encoding", "gb18030", "--out", path("gb.csv")]).status, 0)
        let gbBytes = try fileData("gb.csv")
        // 深圳 in GB18030 (GB2312 code points) is C9 EE DB DA.
        XCTAssertNotNil(gbBytes.range(of: Data([0xC9, 0xEE, 0xDB, 0xDA])))
        let imported = try budget(["import", "--db", path("b.sqlite"), path("gb.csv")])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(try budget(["export", "--db", path("b.sqlite")]).stdoutData,
                       try budget(["export", "--db", path("a.sqlite")]).stdoutData)
    }

    func testHistoryJSONHasExactAmountsAndNullForUnknown() throws {
        let sample = Self.packageRoot.appendingPathComponent("Scenarios/sample-history.csv").path
        XCTAssertEqual(try budget(["import", "--db", path("a.sqlite"), sample]).status, 0)
        let json = try budget(["history", "--db", path("a.sqlite"), "贸易摩擦应对事务", "--format", "json"]).stdoutData
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0]["executed"] as? String, "82694.30")
        XCTAssertEqual(rows[0]["year"] as? Int, 2020)
        XCTAssertEqual(rows[0]["rate"] as? Double ?? 0, 0.3595, accuracy: 1e-12) // 82,694.30 ÷ 230,000 = 0.35954…
        XCTAssertTrue(rows[0]["requested"] is NSNull)
    }
}
