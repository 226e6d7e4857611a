import Foundation
import XCTest

/// `budget scenario run` and `budget scenario compare` on the real binary with the shipped scenarios.
///
/// One baseline run is shared by the class (made once, in its own working directory, without `--out-dir`,
/// so it also shows the default folder `Reports/baseline/`). Report files are checked with tools written
/// here: a strict RFC 4180 parser, and a display-width function from the East Asian Wide/Fullwidth ranges,
/// both independent of the Reports module.
final class ScenarioCommandTests: CLITestCase {
    static var scenarios: URL { packageRoot.appendingPathComponent("Scenarios") }
    static func scenario(_ name: String) -> String { scenarios.appendingPathComponent(name).path }

    static let reportNames = ["summary", "projects", "review", "credibility", "checks", "backtest"]
    /// The 14 files of a report set.
    static let reportFiles = Set(reportNames.flatMap { ["\($0).txt", "\($0).csv"] } + ["report.xlsx", "run.txt"])

    // MARK: the shared baseline run

    /// The working directory of the shared run, its result, and the folder it wrote.
    nonisolated(unsafe) static var sharedDirectory: URL?
    nonisolated(unsafe) static var sharedResult: Result?
    nonisolated(unsafe) static var sharedError: String?

    override class func setUp() {
        super.setUp()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("budget-scenario-\(UUID().uuidString)")
        sharedDirectory = directory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            sharedResult = try runBudget(["scenario", "run", scenario("baseline.yaml")], in: directory)
        } catch {
            sharedError = "\(error)"
        }
    }

    override class func tearDown() {
        if let sharedDirectory { try? FileManager.default.removeItem(at: sharedDirectory) }
        super.tearDown()
    }

    /// The shared baseline run's report folder (`<cwd>/Reports/baseline`), after checking the run succeeded.
    func baseline(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let result = try XCTUnwrap(Self.sharedResult, "the shared baseline run did not start: \(Self.sharedError ?? "-")", file: file, line: line)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        guard result.status == 0 else { throw XCTSkip("the shared baseline run failed") }
        return try XCTUnwrap(Self.sharedDirectory, file: file, line: line).appendingPathComponent("Reports/baseline")
    }

    func files(in directory: URL) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
    }

    func text(_ url: URL) throws -> String {
        let data = try Data(contentsOf: url)
        return try XCTUnwrap(String(data: data, encoding: .utf8), "\(url.lastPathComponent) is not UTF-8")
    }

    // MARK: running the shipped scenarios

    func testAllFourShippedScenariosRunAndWriteTheirReportSet() throws {
        // baseline: the shared run, in <cwd>/Reports/baseline.
        let shared = try baseline()
        XCTAssertEqual(try files(in: shared), Self.reportFiles)
        XCTAssertTrue(Self.sharedResult!.stdout.contains("Reports in Reports/baseline/: "), Self.sharedResult!.stdout)
        for name in ["austerity", "pandemic-shock", "medium-term"] {
            let out = path("out-\(name)")
            let result = try budget(["scenario", "run", Self.scenario("\(name).yaml"), "--out-dir", out])
            XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
            XCTAssertTrue(result.stdout.contains("Scenario \(name): "), result.stdout)
            XCTAssertTrue(result.stdout.contains("Reports in \(out)/: "), "stdout names the folder: \(result.stdout)")
            for file in Self.reportFiles { XCTAssertTrue(result.stdout.contains(file), "\(file) named in \(result.stdout)") }
            XCTAssertEqual(try files(in: URL(fileURLWithPath: out)), Self.reportFiles, name)
            for file in Self.reportFiles {
                let size = try FileManager.default.attributesOfItem(atPath: "\(out)/\(file)")[.size] as? Int ?? 0
                XCTAssertGreaterThan(size, 3, "\(name)/\(file) is empty")
            }
        }
        // Nothing but the three folders (and no staging folder) is left in the working directory.
        XCTAssertEqual(Set(try files(in: directory).filter { !$0.hasPrefix("stderr-") }),
                       Set(["out-austerity", "out-pandemic-shock", "out-medium-term"]))
        // medium-term plans three years with 2% growth: its run.txt says so.
        let run = try text(URL(fileURLWithPath: path("out-medium-term/run.txt")))
        XCTAssertTrue(run.contains("horizon 3 (2024–2026)"), run)
        XCTAssertTrue(run.contains("growth 2.0%/year"), run)
    }

    /// Without `--out-dir` the reports go to `Reports/<stem>/` under the working directory.
    func testTheDefaultFolderIsReportsSlashTheStemUnderTheWorkingDirectory() throws {
        let folder = try baseline()
        let cwd = try XCTUnwrap(Self.sharedDirectory)
        XCTAssertEqual(try files(in: cwd), ["Reports"])
        XCTAssertEqual(try files(in: cwd.appendingPathComponent("Reports")), ["baseline"])
        XCTAssertEqual(try files(in: folder), Self.reportFiles)
        XCTAssertTrue(Self.sharedResult!.stdout.contains("Reports in Reports/baseline/"), Self.sharedResult!.stdout)
    }

    /// The lines the command prints agree with the reports it wrote: the project count with projects.csv,
    /// the recommended total and the last budgets with summary.csv's total row.
    func testTheCommandLineSummaryAgreesWithTheReports() throws {
        let folder = try baseline()
        let stdout = Self.sharedResult!.stdout
        let projects = try Self.parseRFC4180(try text(folder.appendingPathComponent("projects.csv")).replacingOccurrences(of: "\u{FEFF}", with: ""))
        XCTAssertTrue(stdout.hasPrefix("Scenario baseline: \(projects.rows.count) projects, base year 2023, 2024.\n"), stdout)
        let summary = try Self.parseRFC4180(try text(folder.appendingPathComponent("summary.csv")).replacingOccurrences(of: "\u{FEFF}", with: ""))
        let total = try XCTUnwrap(summary.rows.first { $0["level"] == "total" })
        /// 1234567.80 → 1,234,567.80 (written here, not the engine's formatter).
        func grouped(_ plain: String) throws -> String {
            let fen = try Self.fen(plain)
            var whole = String(fen / 100), groups: [String] = []
            while whole.count > 3 {
                groups.insert(String(whole.suffix(3)), at: 0)
                whole.removeLast(3)
            }
            groups.insert(whole, at: 0)
            let cents = fen % 100
            return groups.joined(separator: ",") + (cents < 10 ? ".0\(cents)" : ".\(cents)")
        }
        let recommended = try grouped(total["recommended"]!), last = try grouped(total["last_budget"]!)
        XCTAssertTrue(stdout.contains("2024: recommended \(recommended) against last budgets \(last) "), "\(recommended) / \(last) in \(stdout)")
        // The change on the summary's basis (the planner trial found −2.0% in summary.txt against +10.6% here).
        let change = String(format: "%.1f%%", try XCTUnwrap(Double(total["change_pct"]!)) * 100)
        XCTAssertTrue(stdout.contains("(\(change) on the "), "\(change) in \(stdout)")
    }

    /// The command's "Review:" line counts the verdicts of review.csv.
    static let reviewCountBug = false

    func testTheCommandLineReviewCountsAreThoseOfReviewCSV() throws {
        let folder = try baseline()
        let review = try Self.parseRFC4180(try text(folder.appendingPathComponent("review.csv")).replacingOccurrences(of: "\u{FEFF}", with: ""))
        let counts = Dictionary(grouping: review.rows.map { $0["verdict"] ?? "" }, by: { $0 }).mapValues(\.count)
        let expected = "Review of \(review.rows.count) requests: \(counts["accept"] ?? 0) accept, \(counts["query"] ?? 0) query, \(counts["cut"] ?? 0) cut."
        let stdout = Self.sharedResult!.stdout
        if Self.reviewCountBug {
            XCTAssertTrue(stdout.contains("Review: 2 accept, 3 query, 0 cut."), "the bug below looks fixed: set reviewCountBug to false; \(stdout)")
            throw XCTSkip("""
                bug: `budget scenario run` prints "Review: 2 accept, 3 query, 0 cut." while review.txt and review.csv \
                count \(expected.dropFirst(8).dropLast()) — ScenarioCommand.swift:63 counts run.rows' reviews only, \
                leaving out the request that names no project (跨境电商公共服务平台, requests-2024.csv:7), which the \
                review report lists as query
                """)
        }
        XCTAssertTrue(stdout.contains(expected), "\(expected) in \(stdout)")
    }

    // MARK: compare

    /// baseline vs austerity (−10% on Non-Personnel and 办公设备采购): only those projects differ, each by
    /// exactly × 0.9 to the fen, and the total's difference is the sum of the projects'.
    func testCompareBaselineAndAusterityDiffersOnlyOnTheCutProjects() throws {
        let out = path("cmp")
        let result = try budget(["scenario", "compare", Self.scenario("baseline.yaml"), Self.scenario("austerity.yaml"), "--out-dir", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Written to \(out)/compare.txt and compare.csv"), result.stdout)
        XCTAssertEqual(try files(in: URL(fileURLWithPath: out)), ["compare.txt", "compare.csv"])
        let compareText = try text(URL(fileURLWithPath: "\(out)/compare.txt"))
        XCTAssertEqual(result.stdout.prefix(compareText.count), Substring(compareText), "stdout prints the report")
        for line in compareText.split(separator: "\n") {
            XCTAssertLessThanOrEqual(Self.displayWidth(line), 120, String(line))
        }

        let data = try Data(contentsOf: URL(fileURLWithPath: "\(out)/compare.csv"))
        XCTAssertEqual(Array(data.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 BOM")
        let table = try Self.parseRFC4180(try XCTUnwrap(String(data: data.dropFirst(3), encoding: .utf8)))
        XCTAssertEqual(table.header, try Self.documentedHeaders()["compare"], "the columns documented in Reports/README.md")
        XCTAssertEqual(table.header, ["level", "data_source", "department", "unit", "project", "year", "a_recommended", "b_recommended",
                                      "difference", "difference_pct", "a_forecast_executed", "b_forecast_executed", "b_adjustments"])
        let cut: Set<String> = ["Non-Personnel", "办公设备采购"]
        var projectDifferences: [String: Int64] = [:]
        var cutRows = 0, otherRows = 0
        for row in table.rows where row["level"] == "project" {
            let project = row["project"]!, year = row["year"]!
            let a = try Self.fen(row["a_recommended"]!), b = try Self.fen(row["b_recommended"]!)
            let difference = try Self.fen(row["difference"]!)
            XCTAssertEqual(difference, b - a, "difference = b − a: \(row)")
            projectDifferences[row["data_source"]! + "|" + year, default: 0] += difference
            if cut.contains(project) {
                cutRows += 1
                // b = a × 9 ÷ 10, half a fen away from zero, in integers.
                XCTAssertEqual(b, Self.roundedDivision(a * 9, 10), "\(row["unit"]!)/\(project): × 0.9 to the fen")
                if a != 0 { XCTAssertNotEqual(difference, 0, "\(row["unit"]!)/\(project) must differ") }
                XCTAssertEqual(row["b_adjustments"], "一般性支出压减 -10.0%", "\(row)")
            } else {
                otherRows += 1
                XCTAssertEqual(difference, 0, "only the cut projects differ: \(row)")
                XCTAssertEqual(a, b, "\(row)")
            }
        }
        XCTAssertGreaterThan(cutRows, 20, "San Diego's Non-Personnel lines and 办公设备采购")
        XCTAssertTrue(table.rows.contains { $0["project"] == "办公设备采购" && $0["level"] == "project" })
        XCTAssertGreaterThan(otherRows, 20)
        // Horizon 1: one total row per data source (San Diego's dollars are not added to the forms' 元).
        let totals = table.rows.filter { $0["level"] == "total" }
        XCTAssertEqual(Set(totals.map { $0["data_source"]! }), Set(table.rows.map { $0["data_source"]! }), "a total per data source")
        XCTAssertEqual(totals.count, Set(totals.map { $0["data_source"]! }).count, "horizon 1: one total row per data source")
        XCTAssertGreaterThan(totals.count, 1, "the baseline's projects come from San Diego and the Chinese forms")
        for total in totals {
            let key = total["data_source"]! + "|" + total["year"]!
            XCTAssertEqual(try Self.fen(total["difference"]!), projectDifferences[key], "total difference = Σ project differences")
            XCTAssertLessThanOrEqual(try Self.fen(total["difference"]!), 0)
            XCTAssertEqual(try Self.fen(total["difference"]!),
                           try Self.fen(total["b_recommended"]!) - Self.fen(total["a_recommended"]!))
        }
        // compare.txt lists the departments that differ by |B − A|, largest first (the trial's 5.3-g1): the
        // department lines of the text, in order, against the CSV's differences.
        let departments = try table.rows.filter { $0["level"] == "department" && $0["difference"] != "0.00" }
            .map { (name: $0["department"]!, difference: abs(try Self.fen($0["difference"]!))) }
        let section = try XCTUnwrap(compareText.components(separatedBy: "By department: ").dropFirst().first?
            .components(separatedBy: "\n\n").first)
        let order = section.split(separator: "\n").compactMap { line in departments.first { line.hasPrefix($0.name + " ") } }
        XCTAssertEqual(order.count, departments.count, section)
        XCTAssertEqual(order.map(\.difference), order.map(\.difference).sorted(by: >), section)
        let byName = try budget(["scenario", "compare", Self.scenario("baseline.yaml"), Self.scenario("austerity.yaml"),
                                 "--out-dir", path("cmp2"), "--sort", "name"])
        XCTAssertEqual(byName.status, 0, byName.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("cmp2/compare.csv"))), data, "the CSV keeps name order")
        XCTAssertNotEqual(try text(URL(fileURLWithPath: path("cmp2/compare.txt"))), compareText)
    }

    // MARK: text reports

    /// Every table of projects, summary, review and credibility: each line as wide as its separator, by
    /// display width, and the two-space column gaps at the same display columns on every line.
    func testTextTablesAlignChineseNamesByDisplayWidth() throws {
        let folder = try baseline()
        var rowsWithChinese = 0, tablesChecked = 0
        for name in ["projects", "summary", "review", "credibility"] {
            let report = try text(folder.appendingPathComponent("\(name).txt"))
            let tables = Self.tables(in: report)
            XCTAssertFalse(tables.isEmpty, "\(name).txt has tables")
            for table in tables {
                tablesChecked += 1
                let width = table.separator.count
                for line in table.headerLines { XCTAssertEqual(Self.cells(line).count, width, "\(name): header \(table.header)") }
                XCTAssertFalse(table.rows.isEmpty, "\(name): a table without rows under \(table.header)")
                let rows = table.rows.map(Self.cells)
                for (row, cells) in zip(table.rows, rows) {
                    XCTAssertEqual(cells.count, width, "\(name): row as wide as the separator (\(width)): \(row)")
                    if cells.contains(.wide) { rowsWithChinese += 1 }
                }
                // Column gaps: between two header titles (runs of at least two blanks apart) there must be a
                // position p where every row has two blanks at p and p + 1.
                let titles = Self.titleSpans(table.headerCells)
                XCTAssertGreaterThan(titles.count, 1, "\(name): \(table.header)")
                for (left, right) in zip(titles, titles.dropFirst()) {
                    let candidates = left.upperBound...max(left.upperBound, right.lowerBound - 2)
                    let gap = candidates.first { p in
                        rows.allSatisfy { $0.count > p + 1 && $0[p] == .blank && $0[p + 1] == .blank }
                    }
                    XCTAssertNotNil(gap, "\(name): no common gap between \(left) and \(right) under \(table.header):\n"
                                    + table.rows.joined(separator: "\n"))
                }
            }
        }
        XCTAssertGreaterThan(tablesChecked, 5)
        XCTAssertGreaterThan(rowsWithChinese, 0, "at least one checked row has Chinese characters")
    }

    func testNoLineOfAnyTextReportIsWiderThan120() throws {
        let folder = try baseline()
        for name in Self.reportFiles where name.hasSuffix(".txt") {
            let report = try text(folder.appendingPathComponent(name))
            XCTAssertTrue(report.hasSuffix("\n"), name)
            for line in report.split(separator: "\n", omittingEmptySubsequences: false) {
                XCTAssertLessThanOrEqual(Self.displayWidth(line), 120, "\(name): \(line)")
            }
        }
    }

    /// Amounts are what a reader comes for: a text table should not cut them with `…`.
    static let amountsAreCutInProjectsTxt = false

    func testNoAmountIsCutInATextTable() throws {
        let folder = try baseline()
        let cutNumber = try NSRegularExpression(pattern: "(?:^|\\s)-?[0-9][0-9,.]*…")
        var cut: [String] = []
        for name in ["projects", "summary", "review", "credibility", "backtest"] {
            let report = try text(folder.appendingPathComponent("\(name).txt"))
            for table in Self.tables(in: report) {
                for row in table.rows {
                    let text = String(row)
                    if cutNumber.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil { cut.append("\(name): \(text)") }
                }
            }
        }
        if Self.amountsAreCutInProjectsTxt {
            XCTAssertFalse(cut.isEmpty, "the bug below looks fixed: set amountsAreCutInProjectsTxt to false")
            throw XCTSkip("""
                bug: projects.txt cuts amounts (\(cut.count) rows), e.g. `1,865,000.…` (unit 上海WTO事务咨询中心) and \
                `68,441,444…` (City Attorney), although the text columns could still give (project at 12 cells, rule \
                at 10): TextTable.layout step 3 shrinks the widest column whatever its alignment, while Listing.text \
                promises a number is cut only when nothing else can give
                """)
        }
        XCTAssertEqual(cut, [], "amounts cut in text tables")
    }

    // MARK: CSV reports

    /// The column lists documented in Reports/README.md: each "### `NAME.csv`" heading followed by a
    /// ```csv block whose one line is the header.
    static func documentedHeaders() throws -> [String: [String]] {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("Reports/README.md"), encoding: .utf8)
        var result: [String: [String]] = [:]
        var name: String?
        var inBlock = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### `"), let end = line.range(of: ".csv`") {
                name = String(line[line.index(line.startIndex, offsetBy: 5)..<end.lowerBound])
            } else if line == "```csv" {
                inBlock = true
            } else if inBlock, let current = name {
                result[current] = line.split(separator: ",").map(String.init)
                inBlock = false
                name = nil
            }
        }
        return result
    }

    /// The columns of each report's CSV, as written (the test also requires Reports/README.md to document them).
    static let headers: [String: [String]] = [
        "summary": ["level", "data_source", "department", "unit", "year", "projects", "last_budget", "last_executed", "last_rate",
                    "forecast_budget", "forecast_executed", "forecast_executed_low", "forecast_executed_high",
                    "forecast_rate", "recommended", "change_pct"],
        "projects": ["department", "unit", "project", "category", "data_source", "year", "horizon", "history_years", "last_year",
                     "last_budget", "last_executed", "last_rate", "method", "budget", "budget_low", "budget_high",
                     "execution_rate", "execution_rate_low", "execution_rate_high", "executed", "executed_low",
                     "executed_high", "recommended", "change_pct", "rule", "explanation", "adjustments", "notes"],
        "review": ["department", "unit", "project", "data_source", "year", "requested", "recommended", "at_stake", "budget_high",
                   "last_budget", "last_executed", "last_rate", "change_pct", "verdict", "reasons"],
        "credibility": ["level", "data_source", "department", "unit", "year", "in_window", "lines", "original_budget", "adjusted_budget",
                        "executed", "pi1_outturn", "pi1_band", "pi2_composition", "pi2_band", "pi1_outturn_adjusted",
                        "pi1_adjusted_band", "pi2_composition_adjusted", "pi2_adjusted_band", "pi1_grade", "pi2_grade",
                        "pi1_adjusted_grade", "pi2_adjusted_grade"],
        "checks": ["unit", "project", "year", "severity", "material", "field", "message", "file", "line"],
        "backtest": ["horizon", "target", "method", "n", "mae", "mdape", "mase", "coverage", "level"],
    ]

    /// Columns holding amounts in 元: two decimals, no grouping, or empty when unknown.
    static let amountColumns: Set<String> = [
        "last_budget", "last_executed", "forecast_budget", "forecast_executed", "forecast_executed_low",
        "forecast_executed_high", "recommended", "budget", "budget_low", "budget_high", "executed", "executed_low",
        "executed_high", "requested", "original_budget", "adjusted_budget", "at_stake",
    ]
    /// Columns holding ratios: fractions with four decimals, or empty.
    static let rateColumns: Set<String> = [
        "last_rate", "forecast_rate", "change_pct", "execution_rate", "execution_rate_low", "execution_rate_high",
        "pi1_outturn", "pi2_composition", "pi1_outturn_adjusted", "pi2_composition_adjusted", "mdape", "coverage",
    ]

    func testCSVReportsAreUTF8WithBOMAndParseWithTheDocumentedColumns() throws {
        let folder = try baseline()
        let amount = try NSRegularExpression(pattern: "^-?[0-9]+\\.[0-9]{2}$")
        let rate = try NSRegularExpression(pattern: "^-?[0-9]+\\.[0-9]{4}$")
        func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        var amountsChecked = 0
        for name in Self.reportNames {
            let data = try Data(contentsOf: folder.appendingPathComponent("\(name).csv"))
            XCTAssertEqual(Array(data.prefix(3)), [0xEF, 0xBB, 0xBF], "\(name).csv starts with the UTF-8 BOM")
            let text = try XCTUnwrap(String(data: data.dropFirst(3), encoding: .utf8), "\(name).csv decodes as UTF-8")
            let table = try Self.parseRFC4180(text)
            XCTAssertEqual(table.header, Self.headers[name], "\(name).csv header")
            XCTAssertEqual(table.header, try Self.documentedHeaders()[name], "\(name).csv: the columns documented in Reports/README.md")
            XCTAssertEqual(Set(table.header).count, table.header.count, "\(name).csv: column names are unique")
            for record in table.records {
                XCTAssertEqual(record.count, table.header.count, "\(name).csv: \(record)")
            }
            XCTAssertFalse(table.rows.isEmpty, "\(name).csv has rows")
            for row in table.rows {
                for (column, value) in row where !value.isEmpty {
                    if Self.amountColumns.contains(column) {
                        XCTAssertTrue(matches(amount, value), "\(name).csv \(column) = \(value): two decimals, no grouping")
                        amountsChecked += 1
                    } else if Self.rateColumns.contains(column) {
                        XCTAssertTrue(matches(rate, value), "\(name).csv \(column) = \(value): a fraction with four decimals")
                    }
                }
            }
        }
        XCTAssertGreaterThan(amountsChecked, 1_000)
        // projects.csv keeps the Chinese names whole, and the explanations (with commas and quotes) in one field.
        let projects = try Self.parseRFC4180(try XCTUnwrap(String(data: try Data(contentsOf: folder.appendingPathComponent("projects.csv")).dropFirst(3), encoding: .utf8)))
        XCTAssertTrue(projects.rows.contains { $0["project"] == "世贸事务管理-贸易摩擦应对事务" })
        XCTAssertTrue(projects.rows.contains { ($0["explanation"] ?? "").contains("rule \"at least 90.0%\"") },
                      "doubled quotes inside a quoted field come back as one quote")
    }

    /// `--encoding gb18030`: no BOM, and Python's gb18030 codec reads the same text as the UTF-8 files.
    func testGB18030CSVsDecodeToTheSameTextAsTheUTF8Ones() throws {
        let folder = try baseline()
        let out = path("gb")
        let result = try budget(["scenario", "run", Self.scenario("baseline.yaml"), "--out-dir", out, "--encoding", "gb18030"])
        XCTAssertEqual(result.status, 0, result.stderr)
        var differingBytes = 0
        for name in Self.reportNames {
            let gb = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name).csv"))
            XCTAssertNotEqual(Array(gb.prefix(3)), [0xEF, 0xBB, 0xBF], "\(name).csv: no BOM in GB18030")
            let utf8 = try Data(contentsOf: folder.appendingPathComponent("\(name).csv"))
            let expected = try XCTUnwrap(String(data: utf8.dropFirst(3), encoding: .utf8))
            let decoded = try Self.python(decodingGB18030: "\(out)/\(name).csv")
            XCTAssertEqual(decoded, expected, "\(name).csv")
            if gb != utf8.dropFirst(3) { differingBytes += 1 }
        }
        XCTAssertGreaterThan(differingBytes, 2, "the Chinese text is really re-encoded")
    }

    /// The file decoded by Python's gb18030 codec (strict errors), as a Swift string.
    static func python(decodingGB18030 path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c",
                             "import sys; sys.stdout.buffer.write(open(sys.argv[1], 'rb').read().decode('gb18030').encode('utf-8'))",
                             path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "python3 could not decode \(path) as GB18030")
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: errors

    /// Copies the shipped data files into the test's directory and writes `yaml` next to them.
    func scenarioCopy(_ name: String, _ yaml: String) throws -> String {
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.scenarios.path)
        where file.hasSuffix(".csv") || file.hasSuffix(".txt") {
            try FileManager.default.copyItem(atPath: Self.scenario(file), toPath: path(file))
        }
        return try write(yaml, to: name)
    }

    /// The 1-based number of the first line of `text` that starts with `prefix`.
    func lineNumber(of prefix: String, in text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return try XCTUnwrap(lines.firstIndex { $0.hasPrefix(prefix) }, "no line \(prefix)", file: file, line: line) + 1
    }

    func assertNothingWritten(besides expected: Set<String>, out: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "\(out) must not exist", file: file, line: line)
        XCTAssertEqual(Set(try files(in: directory).filter { !$0.hasPrefix("stderr-") }), expected, "nothing else written", file: file, line: line)
    }

    func testAMisspelledKeyIsReportedWithItsLineAndNothingIsWritten() throws {
        let original = try text(URL(fileURLWithPath: Self.scenario("baseline.yaml")))
        XCTAssertTrue(original.contains("\nhorizon: 1\n"))
        let yaml = original.replacingOccurrences(of: "\nhorizon: 1\n", with: "\nhorizn: 1\n")
        let scenarioPath = try scenarioCopy("typo.yaml", yaml)
        let before = try files(in: directory)
        let keyLine = try lineNumber(of: "horizn:", in: yaml)
        let out = path("out")
        let result = try budget(["scenario", "run", scenarioPath, "--out-dir", out])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(scenarioPath):\(keyLine):"), "file and line \(keyLine): \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("horizn"), result.stderr)
        XCTAssertFalse(result.stdout.contains("Reports in"), result.stdout)
        try assertNothingWritten(besides: Set(before.filter { !$0.hasPrefix("stderr-") }), out: out)
    }

    /// A scope entry naming a unit the history does not have: `file:line:column` of the entry, exit 1,
    /// nothing written.
    func testAScopeUnitThatDoesNotExistIsReportedWithItsPositionAndNothingIsWritten() throws {
        let original = try text(URL(fileURLWithPath: Self.scenario("baseline.yaml")))
        let anchor = "  - unit: [上海WTO事务咨询中心, 上海市商务委员会]\n"
        XCTAssertTrue(original.contains(anchor))
        let entry = "  - unit: [并不存在的单位]"
        let yaml = original.replacingOccurrences(of: anchor, with: anchor + entry + "\n")
        let scenarioPath = try scenarioCopy("nounit.yaml", yaml)
        let before = Set(try files(in: directory).filter { !$0.hasPrefix("stderr-") })
        let entryLine = try lineNumber(of: entry, in: yaml)
        let column = entry.distance(from: entry.startIndex, to: entry.range(of: "unit")!.lowerBound) + 1
        let out = path("out")
        let result = try budget(["scenario", "run", scenarioPath, "--out-dir", out])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(scenarioPath):\(entryLine):\(column): "), "file:line:column: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("并不存在的单位"), result.stderr)
        try assertNothingWritten(besides: before, out: out)
    }

    // MARK: the RFC 4180 parser (its own test: a checker that cannot fail is a defect)

    func testTheRFC4180ParserReadsQuotesDoubledQuotesAndCRLF() throws {
        let table = try Self.parseRFC4180("a,b,c\r\n1,\"x, \"\"y\"\"\",\r\n\"line\r\nbreak\",,z\r\n")
        XCTAssertEqual(table.header, ["a", "b", "c"])
        XCTAssertEqual(table.records, [["a", "b", "c"], ["1", "x, \"y\"", ""], ["line\r\nbreak", "", "z"]])
        XCTAssertEqual(try Self.parseRFC4180("a\r\n1").records, [["a"], ["1"]], "the last CRLF is optional")
        XCTAssertThrowsError(try Self.parseRFC4180("a,b\n1,2\r\n"), "a bare LF ends no record")
        XCTAssertThrowsError(try Self.parseRFC4180("a\r\nx\"y\r\n"), "a quote inside an unquoted field")
        XCTAssertThrowsError(try Self.parseRFC4180("a\r\n\"x\"y\r\n"), "text after a closing quote")
        XCTAssertThrowsError(try Self.parseRFC4180("a\r\n\"x\r\n"), "an unterminated quoted field")
    }

    func testTheDisplayWidthCountsCJKAsTwoAndCombiningMarksAsZero() {
        XCTAssertEqual(Self.displayWidth("深圳市商务局"), 12)
        XCTAssertEqual(Self.displayWidth("WTO事务"), 7)
        XCTAssertEqual(Self.displayWidth("（２０２０）"), 12, "fullwidth forms")
        XCTAssertEqual(Self.displayWidth("e\u{301}"), 1, "a combining accent takes no cell")
        XCTAssertEqual(Self.displayWidth("⽬"), 2, "a Kangxi radical is wide")
        XCTAssertEqual(Self.displayWidth("1,865,000.…"), 11)
    }
}

// MARK: - tools written for these tests

extension ScenarioCommandTests {
    struct CSVError: Error, CustomStringConvertible {
        var description: String
    }

    struct CSVTable {
        var records: [[String]]
        var header: [String] { records.first ?? [] }
        /// The records after the header, keyed by the header's names.
        var rows: [[String: String]] {
            records.dropFirst().map { Dictionary(zip(header, $0), uniquingKeysWith: { a, _ in a }) }
        }
    }

    /// A strict RFC 4180 reader: records end with CRLF (the last one may end the file instead), fields are
    /// separated by commas, a field that starts with `"` runs to the next lone `"` (`""` is a quote, commas
    /// and line breaks are data), and anything else — a bare CR or LF, a quote inside an unquoted field,
    /// text after a closing quote, an unterminated quote — is an error.
    static func parseRFC4180(_ text: String) throws -> CSVTable {
        let s = Array(text.unicodeScalars)
        var records: [[String]] = []
        var record: [String] = []
        var i = 0
        var line = 1
        func fail(_ message: String) -> CSVError { CSVError(description: "CSV line \(line): \(message)") }
        while i < s.count {
            var field = String.UnicodeScalarView()
            if s[i] == "\"" {
                i += 1
                while true {
                    guard i < s.count else { throw fail("unterminated quoted field") }
                    if s[i] == "\"" {
                        if i + 1 < s.count && s[i + 1] == "\"" {
                            field.append("\"")
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if s[i] == "\n" { line += 1 }
                    field.append(s[i])
                    i += 1
                }
            } else {
                while i < s.count && s[i] != "," && s[i] != "\r" {
                    if s[i] == "\"" { throw fail("a quote inside an unquoted field") }
                    if s[i] == "\n" { throw fail("a bare LF") }
                    field.append(s[i])
                    i += 1
                }
            }
            record.append(String(field))
            if i == s.count {
                records.append(record)
                record = []
            } else if s[i] == "," {
                i += 1
                if i == s.count { record.append(""); records.append(record); record = [] }
            } else if s[i] == "\r" && i + 1 < s.count && s[i + 1] == "\n" {
                records.append(record)
                record = []
                i += 2
                line += 1
            } else {
                throw fail("unexpected \(s[i].escaped(asASCII: true)) after a field")
            }
        }
        return CSVTable(records: records)
    }

    /// Half away from zero of n ÷ d (d > 0), in integers.
    static func roundedDivision(_ n: Int64, _ d: Int64) -> Int64 {
        let (q, r) = n.quotientAndRemainder(dividingBy: d)
        return 2 * abs(r) >= d ? q + (n < 0 ? -1 : 1) : q
    }

    /// "-1234.50" → -123450 fen; exactly two decimals, no grouping.
    static func fen(_ text: String) throws -> Int64 {
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, let whole = Int64(parts[0]), let cents = Int64(parts[1]),
              parts[0].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isASCII) else {
            throw CSVError(description: "not an amount with two decimals: \(text)")
        }
        return (negative ? -1 : 1) * (whole * 100 + cents)
    }

    enum Cell: Equatable { case blank, filled, wide }

    /// East Asian Wide and Fullwidth ranges: two cells.
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD: true
        default: false
        }
    }

    /// The display cells of a line: a space is blank, a wide character two `.wide` cells, a combining mark none.
    static func cells(_ line: Substring) -> [Cell] {
        var cells: [Cell] = []
        for scalar in line.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: continue
            default: break
            }
            if scalar == " " {
                cells.append(.blank)
            } else if isWide(scalar.value) {
                cells += [.wide, .wide]
            } else {
                cells.append(.filled)
            }
        }
        return cells
    }

    static func displayWidth(_ line: Substring) -> Int { cells(line).count }
    static func displayWidth(_ line: String) -> Int { cells(Substring(line)).count }

    /// The header's titles as cell ranges: runs of non-blank cells with single blanks inside, separated by
    /// at least two blanks.
    static func titleSpans(_ cells: [Cell]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var i = 0
        while i < cells.count {
            guard cells[i] != .blank else { i += 1; continue }
            let start = i
            while i < cells.count && !(cells[i] == .blank && (i + 1 == cells.count || cells[i + 1] == .blank)) { i += 1 }
            spans.append(start..<i)
        }
        return spans
    }

    struct TextTableLines {
        /// The header's lines: one, or more where titles wrap (`forecast` / `executed`).
        var headerLines: [Substring]
        var separator: Substring
        var rows: [Substring]
        var header: String { headerLines.joined(separator: "\n") }
        /// The header's lines laid over each other: a cell is filled where any line's is.
        var headerCells: [Cell] {
            let lines = headerLines.map(ScenarioCommandTests.cells)
            return (0..<(lines.map(\.count).max() ?? 0)).map { p in
                lines.lazy.compactMap { $0.count > p && $0[p] != .blank ? $0[p] : nil }.first ?? .blank
            }
        }
    }

    /// The tables of a text report: header lines, a line of only `-`, then the rows up to a blank line. A header
    /// line above the last one belongs to the header when it has two titles or more (runs two blanks apart),
    /// which a sentence introducing the table does not.
    static func tables(in text: String) -> [TextTableLines] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var tables: [TextTableLines] = []
        for i in lines.indices.dropFirst() where !lines[i].isEmpty && lines[i].allSatisfy({ $0 == "-" }) && !lines[i - 1].isEmpty {
            let rows = lines[(i + 1)...].prefix { !$0.isEmpty }
            var first = i - 1
            while first > 0, titleSpans(cells(lines[first - 1])).count > 1 { first -= 1 }
            tables.append(TextTableLines(headerLines: Array(lines[first..<i]), separator: lines[i], rows: Array(rows)))
        }
        return tables
    }
}
