import Foundation
import XCTest

/// Issue 13 item 6, the reviewer's view: money at stake (requested − recommended) per request, rows sorted by
/// it, totals per unit, department and overall, and a one-line summary. Figures are checked against the
/// CSV's own columns, summed here to the fen.
final class ReviewViewTests: CLITestCase {
    func requests() throws -> String {
        try write("""
            实施单位,项目名称,年度,申请金额
            深圳市商务发展促进中心,世贸事务管理-贸易摩擦应对事务,2021,"300,000.00"
            深圳市商务发展促进中心,世贸事务管理-WTO事务系列服务体系,2021,"2,800,000.00"
            深圳市商务发展促进中心,世贸事务管理-对口交流综合事务,2021,"180,000.00"
            深圳市商务局,新项目,2021,"56,000.00"

            """, to: "requests.csv")
    }

    static func fen(_ text: String) -> Int64 {
        let parts = text.split(separator: ".")
        return Int64(parts[0])! * 100 + (parts.count > 1 ? Int64(parts[1])! * (parts[0].hasPrefix("-") ? -1 : 1) : 0)
    }

    func testStakeIsRequestedMinusRecommendedAndRowsAreSortedByIt() throws {
        let db = try sampleStore(), file = try requests()
        let csv = try budget(["review", "--db", db, "--requests", file, "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = lines[0].components(separatedBy: ",")
        let (requested, recommended, stake, project) = (header.firstIndex(of: "requested")!, header.firstIndex(of: "recommended")!,
                                                        header.firstIndex(of: "at_stake")!, header.firstIndex(of: "project")!)
        let rows = lines.dropFirst().map { $0.components(separatedBy: ",") } // no quoted commas in these rows' first columns
        var stakes: [Int64] = []
        for row in rows where !row[recommended].isEmpty {
            XCTAssertEqual(Self.fen(row[stake]), Self.fen(row[requested]) - Self.fen(row[recommended]), row[project])
            stakes.append(Self.fen(row[stake]))
        }
        XCTAssertEqual(stakes.count, 3)
        XCTAssertEqual(stakes, stakes.sorted(by: >), "largest stake first")
        XCTAssertEqual(rows.last?[project], "新项目", "a request with no record (no stake) comes last")
        let byName = try budget(["review", "--db", db, "--requests", file, "--format", "csv", "--sort", "name"]).stdout
        XCTAssertNotEqual(byName, csv.stdout)

        // The text view: the summary line and the totals agree with the CSV to the fen.
        let text = try budget(["review", "--db", db, "--requests", file])
        XCTAssertEqual(text.status, 0, text.stderr)
        func grouped(_ fen: Int64) -> String {
            let formatter = NumberFormatter()
            formatter.numberStyle = .decimal
            formatter.minimumFractionDigits = 2
            formatter.maximumFractionDigits = 2
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.usesGroupingSeparator = true
            formatter.groupingSeparator = ","
            formatter.groupingSize = 3
            return formatter.string(from: NSNumber(value: Double(fen) / 100))!
        }
        let totalRequested = rows.map { Self.fen($0[requested]) }.reduce(0, +)
        let totalRecommended = rows.filter { !$0[recommended].isEmpty }.map { Self.fen($0[recommended]) }.reduce(0, +)
        let totalStake = stakes.reduce(0, +)
        XCTAssertTrue(Self.joiningWrappedLines(text.stdout, with: " ").contains("4 requests: requested \(grouped(totalRequested)), recommended \(grouped(totalRecommended)), at stake \(grouped(totalStake)) (over the 3 judged; 1 not in the store);"),
                      text.stdout)
        let totalLine = try XCTUnwrap(text.stdout.components(separatedBy: "\n").first { $0.hasPrefix("total ") })
        XCTAssertEqual(totalLine.split(separator: " ").map(String.init),
                       ["total", "4", grouped(totalRequested), "56,000.00", grouped(totalRecommended), grouped(totalStake)]
                       + verdictCounts(rows, header), "requested − not judged (新项目) − recommended = at stake")
        XCTAssertEqual(totalRequested - 5_600_000 - totalRecommended, totalStake)
        XCTAssertTrue(text.stdout.contains("  深圳市商务发展促进中心 "), "a unit line under its department: \(text.stdout)")
        let tableHeader = try XCTUnwrap(text.stdout.components(separatedBy: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#  ") })
        XCTAssertTrue(tableHeader.hasSuffix("verdict"), "the verdict is shown, never cut: \(tableHeader)")
    }

    /// Requests of two data sources (the Chinese sample and a city in dollars) are totalled per source: one
    /// summary line and one total row each, no grand total, and the CSV names each row's source.
    func testTwoDataSourcesAreTotalledApartNeverAdded() throws {
        let db = try sampleStore()
        let city = try write("""
            department,unit,project,year,initial_budget,adjusted_budget,executed
            Parks,Parks,Non-Personnel,2018,1000000,1000000,950000
            Parks,Parks,Non-Personnel,2019,1050000,1050000,990000
            Parks,Parks,Non-Personnel,2020,1100000,1100000,1040000

            """, to: "city.csv")
        let imported = try budget(["import", "--db", db, "--data-source", "Springfield", city])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let file = try write("""
            department,unit,project,year,requested
            ,深圳市商务发展促进中心,世贸事务管理-贸易摩擦应对事务,2021,300000.00
            Parks,Parks,Non-Personnel,2021,1200000.00

            """, to: "mixed.csv")
        let csv = try budget(["review", "--db", db, "--requests", file, "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = lines[0].components(separatedBy: ","), rows = lines.dropFirst().map { $0.components(separatedBy: ",") }
        let source = try XCTUnwrap(header.firstIndex(of: "data_source"))
        XCTAssertEqual(Set(rows.map { $0[source] }), ["sample-history", "Springfield"], csv.stdout)

        let text = try budget(["review", "--db", db, "--requests", file])
        XCTAssertEqual(text.status, 0, text.stderr)
        let joined = Self.joiningWrappedLines(text.stdout, with: " ")
        XCTAssertTrue(joined.contains("sample-history: 1 request: requested 300,000.00"), text.stdout)
        XCTAssertTrue(joined.contains("Springfield: 1 request: requested 1,200,000.00"), text.stdout)
        XCTAssertTrue(joined.contains("there is no grand total"), text.stdout)
        let totalLines = text.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("total (") }
        XCTAssertEqual(totalLines.map { $0.split(separator: " ").prefix(4).joined(separator: " ") },
                       ["total (sample-history) 1 300,000.00", "total (Springfield) 1 1,200,000.00"], text.stdout)
    }

    func verdictCounts(_ rows: [[String]], _ header: [String]) -> [String] {
        let verdict = header.firstIndex(of: "verdict")!
        return ["accept", "query", "cut"].map { v in String(rows.filter { $0[verdict] == v }.count) }
    }
}

/// Issue 13 item 6: `budget credibility` gives PI-1/PI-2 without a scenario file: the same table as a
/// scenario's credibility.csv over the same history, and PI-1 = executed ÷ budget from its own columns.
final class CredibilityCommandTests: CLITestCase {
    func testCredibilityMatchesTheScenarioReportAndItsOwnColumns() throws {
        let db = try sampleStore()
        let sample = Self.sampleHistory
        let csv = try budget(["credibility", "--db", db, "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let yaml = try write("description: credibility\nhistory:\n  files: [\(sample)]\n", to: "c.yaml")
        XCTAssertEqual(try budget(["scenario", "run", yaml, "--out-dir", path("out")]).status, 0)
        XCTAssertEqual(csv.stdoutData, try fileData("out/credibility.csv"), "byte for byte")
        let lines = csv.stdout.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n")
        let header = lines[0].components(separatedBy: ",")
        let total2020 = try XCTUnwrap(lines.first { $0.hasPrefix("total,sample-history,,,2020,") }).components(separatedBy: ",")
        func value(_ key: String) -> Double { Double(total2020[header.firstIndex(of: key)!])! }
        XCTAssertEqual(value("pi1_outturn"), (value("executed") / value("original_budget") * 10_000).rounded() / 10_000)
        XCTAssertEqual(value("pi1_outturn_adjusted"), (value("executed") / value("adjusted_budget") * 10_000).rounded() / 10_000)
        let text = try budget(["credibility", "--db", db, "--year", "2020"])
        XCTAssertTrue(text.stdout.contains("Against the original budget (年初预算数):"), text.stdout)
        XCTAssertTrue(text.stdout.components(separatedBy: "\n").allSatisfy { $0.count <= 120 }, "wrapped at 120 columns")
    }
}

/// The planner trial's requests file as Excel saves it (GB18030, 万元 in the header, a 合计 row, an empty
/// row): reviewed, with the total checked; `--skip-invalid` reviews the good rows of a file with a bad one.
final class ReviewRequestsFileTests: CLITestCase {
    func testAGB18030WanFileWithATotalRowIsReviewed() throws {
        let db = try sampleStore()
        let text = """
            主管部门,实施单位,项目名称,年度,申请金额(万元),申请理由\r
            深圳市商务局,深圳市商务发展促进中心,世贸事务管理-贸易摩擦应对事务,2021,30.00,贸易摩擦案件增多\r
            深圳市商务局,深圳市商务发展促进中心,世贸事务管理-进出口预警事务,2021,20.00,\r
            ,,,,,\r
            合计,,,,"60.00",\r

            """
        let gb18030 = try XCTUnwrap(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
        let file = path("req.csv")
        try gb18030.write(to: URL(fileURLWithPath: file))
        let result = try budget(["review", "--db", db, "--requests", file, "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("req.csv:5: warning: field 'requested': a 合计 row (600,000.00), not a project: skipped; the rows above sum to 500,000.00, 100,000.00 apart"), result.stderr)
        XCTAssertTrue(result.stdout.contains(",300000.00,"), "30.00 万元 = 300,000.00 元: \(result.stdout)")
        XCTAssertFalse(result.stdout.contains("合计"), result.stdout)

        let bad = try write("项目名称,年度,申请金额\r\n世贸事务管理-贸易摩擦应对事务,2021,\"300,000.00\"\r\n坏,20x1,1.00\r\n", to: "bad.csv")
        XCTAssertEqual(try budget(["review", "--db", db, "--requests", bad]).status, 1)
        let skipping = try budget(["review", "--db", db, "--requests", bad, "--skip-invalid", "--format", "csv"])
        XCTAssertEqual(skipping.status, 0, skipping.stderr)
        XCTAssertTrue(skipping.stderr.contains("bad.csv:3: error: field 'year': \"20x1\" is not a year"), skipping.stderr)
        XCTAssertEqual(skipping.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 2, "the header and the good row")
    }

    /// A request whose 实施单位 repeats its 主管部门 (the trial's 办公设备采购: `深圳市商务局,深圳市商务局,…`) is the
    /// department's project stored without a unit. Form 003: 2020 executed 55,871.00 of 56,000.00 (99.8%) →
    /// keep, grow with need: 55,871.00 ÷ 0.95 = 58,811.58.
    func testAUnitNamedLikeItsDepartmentFindsTheDepartmentsOwnProject() throws {
        let db = path("s.sqlite")
        let form = Self.packageRoot.appendingPathComponent("Scenarios/003_2df205466e1d5f98.txt").path
        XCTAssertEqual(try budget(["import", "--db", db, form]).status, 0)
        let file = try write("主管部门,实施单位,项目名称,年度,申请金额\r\n深圳市商务局,深圳市商务局,办公设备采购,2021,\"56,000.00\"\r\n",
                             to: "req.csv")
        let result = try budget(["review", "--db", db, "--requests", file, "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let row = try XCTUnwrap(result.stdout.components(separatedBy: "\r\n").first { $0.contains("办公设备采购") }, result.stdout)
        XCTAssertTrue(row.contains(",56000.00,58811.58,"), row)
        XCTAssertTrue(row.contains(",accept,"), row)
        XCTAssertFalse(result.stdout.contains("not in the store"), result.stdout)
    }
}
