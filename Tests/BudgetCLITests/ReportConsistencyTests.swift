import Foundation
import XCTest

/// One source of truth per figure (issue 13, item 7): for every shipped scenario and for the planner trial's
/// scenario, the summary, the console, the projects and the review reports give the same amounts, change,
/// verdicts and counts.
///
/// Every figure is recomputed here from the CSVs the run wrote, with independent arithmetic: amounts are
/// summed in integer fen (``ScenarioCommandTests/fen(_:)``), the CSVs read by the strict RFC 4180 reader
/// ``ScenarioCommandTests/parseRFC4180(_:)``. The runs are made once for the class, two at a time.
final class ReportConsistencyTests: CLITestCase {
    static let shipped = ["baseline", "austerity", "pandemic-shock", "medium-term"]
    static let trialName = "planner-trial"
    static var fixtures: URL { packageRoot.appendingPathComponent("Tests/BudgetCLITests/Fixtures/planner-trial") }

    /// A scenario run's console output and the reports it wrote.
    struct Run {
        var name: String
        var stdout: String
        var summary: [[String: String]]
        var projects: [[String: String]]
        var review: [[String: String]]
        var reviewText: String
    }

    // MARK: the shared runs

    nonisolated(unsafe) static var folder: URL?
    nonisolated(unsafe) static var runs: [String: Run] = [:]
    /// `compare.csv` of baseline against austerity.
    nonisolated(unsafe) static var compare: [[String: String]]?
    nonisolated(unsafe) static var failures: [String] = []

    /// What the runs in ``setUp()`` collect (they run on two threads).
    final class Collected: @unchecked Sendable {
        let lock = NSLock()
        var results: [String: CLITestCase.Result] = [:]
        var failures: [String] = []
        func record(_ name: String, _ result: CLITestCase.Result) { lock.withLock { results[name] = result } }
        func fail(_ message: String) { lock.withLock { failures.append(message) } }
    }

    override class func setUp() {
        super.setUp()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("budget-consistency-\(UUID().uuidString)")
        self.folder = folder
        let collected = Collected()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try makeTrialFolder(in: folder, collected)
        } catch {
            collected.fail("setting up: \(error)")
        }
        let scenarios = packageRoot.appendingPathComponent("Scenarios")
        var jobs: [(name: String, arguments: [String], directory: URL)] = shipped.map { name in
            (name, ["scenario", "run", scenarios.appendingPathComponent("\(name).yaml").path,
                    "--out-dir", folder.appendingPathComponent(name).path], folder)
        }
        jobs.append(("compare", ["scenario", "compare", scenarios.appendingPathComponent("baseline.yaml").path,
                                 scenarios.appendingPathComponent("austerity.yaml").path,
                                 "--out-dir", folder.appendingPathComponent("compare").path], folder))
        jobs.append((trialName, ["scenario", "run", "my-shenzhen-2021.yaml", "--out-dir", folder.appendingPathComponent(trialName).path],
                     folder.appendingPathComponent("trial")))
        let queued = jobs
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            for job in queued.enumerated() where job.offset % 2 == lane {
                do {
                    collected.record(job.element.name, try runBudget(job.element.arguments, in: job.element.directory))
                } catch {
                    collected.fail("\(job.element.name): \(error)")
                }
            }
        }
        for (name, result) in collected.results.sorted(by: { $0.key < $1.key }) {
            guard result.status == 0 else {
                collected.fail("\(name) exited with \(result.status): \(result.stderr)")
                continue
            }
            do {
                let out = folder.appendingPathComponent(name)
                if name == "compare" {
                    compare = try table(out.appendingPathComponent("compare.csv"))
                } else {
                    runs[name] = Run(name: name, stdout: result.stdout,
                                     summary: try table(out.appendingPathComponent("summary.csv")),
                                     projects: try table(out.appendingPathComponent("projects.csv")),
                                     review: try table(out.appendingPathComponent("review.csv")),
                                     reviewText: try String(contentsOf: out.appendingPathComponent("review.txt"), encoding: .utf8))
                }
            } catch {
                collected.fail("\(name): reading its reports: \(error)")
            }
        }
        failures = collected.failures
    }

    override class func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    /// The trial's folder: its scenario and request file (GB18030, bytes kept) from the fixtures, and the store
    /// it names, built as the planner built it: the sample history, then the four forms in turn.
    static func makeTrialFolder(in folder: URL, _ collected: Collected) throws {
        let trial = folder.appendingPathComponent("trial")
        try FileManager.default.createDirectory(at: trial, withIntermediateDirectories: true)
        for name in ["my-shenzhen-2021.yaml", "req2021_gbk_v2.csv"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: trial.appendingPathComponent(name))
        }
        let scenarios = packageRoot.appendingPathComponent("Scenarios")
        let forms = try FileManager.default.contentsOfDirectory(atPath: scenarios.path)
            .filter { ["000_", "001_", "002_", "003_"].contains(String($0.prefix(4))) && $0.hasSuffix(".txt") }.sorted()
        guard forms.count == 4 else { throw CSVError(description: "expected the four forms Scenarios/000–003_*.txt, found \(forms)") }
        for file in ["sample-history.csv"] + forms {
            let result = try runBudget(["import", "--db", "shenzhen.sqlite", scenarios.appendingPathComponent(file).path], in: trial)
            if result.status != 0 { collected.fail("importing \(file): \(result.stderr)") }
        }
    }

    typealias CSVError = ScenarioCommandTests.CSVError

    /// A CSV report's rows keyed by its header (the BOM dropped).
    static func table(_ url: URL) throws -> [[String: String]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try ScenarioCommandTests.parseRFC4180(text.replacingOccurrences(of: "\u{FEFF}", with: "")).rows
    }

    /// Every run, shipped and the trial's, after checking that they all ran.
    func allRuns(file: StaticString = #filePath, line: UInt = #line) throws -> [Run] {
        XCTAssertEqual(Self.failures, [], file: file, line: line)
        let names = Self.shipped + [Self.trialName]
        XCTAssertEqual(Set(Self.runs.keys), Set(names), "every scenario ran", file: file, line: line)
        let runs = names.compactMap { Self.runs[$0] }
        guard !runs.isEmpty else { throw XCTSkip("no scenario ran") }
        return runs
    }

    static func fen(_ text: String?) throws -> Int64 {
        try ScenarioCommandTests.fen(try XCTUnwrap(text, "a missing column"))
    }

    /// fen → "-1234.50", as the CSVs print amounts.
    static func plain(_ fen: Int64) -> String {
        (fen < 0 ? "-" : "") + String(fen.magnitude / 100) + "." + String(format: "%02d", Int(fen.magnitude % 100))
    }

    /// "1,234,567.80" (as the console prints) → fen.
    static func fen(grouped text: Substring) throws -> Int64 {
        try ScenarioCommandTests.fen(text.replacingOccurrences(of: ",", with: ""))
    }

    // MARK: summary against projects

    /// summary.csv's amount → the projects.csv column it sums.
    static let summed = [
        "last_budget": "last_budget", "last_executed": "last_executed", "forecast_budget": "budget",
        "forecast_executed": "executed", "forecast_executed_low": "executed_low",
        "forecast_executed_high": "executed_high", "recommended": "recommended",
    ]

    /// The summary row keys a project row counts in: its data source's total, its department, its unit (each
    /// with the data source and the year: there is no total over several data sources).
    static func groups(of row: [String: String]) -> [String] {
        let year = row["year"] ?? "", department = row["department"] ?? "", unit = row["unit"] ?? ""
        let source = row["data_source"] ?? ""
        return ["total|\(source)||\(year)", "department|\(source)|\(department)||\(year)",
                "unit|\(source)|\(department)|\(unit)|\(year)"]
    }

    static func key(of summaryRow: [String: String]) -> String {
        let level = summaryRow["level"] ?? "", year = summaryRow["year"] ?? "", source = summaryRow["data_source"] ?? ""
        switch level {
        case "total": return "total|\(source)||\(year)"
        case "department": return "department|\(source)|\(summaryRow["department"] ?? "")||\(year)"
        default: return "unit|\(source)|\(summaryRow["department"] ?? "")|\(summaryRow["unit"] ?? "")|\(year)"
        }
    }

    /// Every amount of every summary row (department, unit, total; every year) is the sum of projects.csv's rows
    /// of that group and year, to the fen — what a reviewer adding up projects.csv in Excel gets. The interval
    /// columns are the sums of the projects' bounds, empty only when a project with an executed forecast has none.
    /// (Failed before the fix: baseline had 93 forecast cells a fen off, medium-term 325.)
    func testEverySummaryAmountIsTheSumOfTheProjectRowsAsShown() throws {
        for run in try allRuns() {
            var members: [String: [[String: String]]] = [:]
            for row in run.projects {
                for key in Self.groups(of: row) { members[key, default: []].append(row) }
            }
            XCTAssertEqual(Set(run.summary.map(Self.key)), Set(members.keys), "\(run.name): a summary row per group and year")
            var mismatches: [String] = []
            for row in run.summary {
                let key = Self.key(of: row)
                let rows = members[key] ?? []
                XCTAssertEqual(row["projects"], String(rows.count), "\(run.name) \(key): projects")
                for (column, projectColumn) in Self.summed.sorted(by: { $0.key < $1.key }) {
                    let shown = try XCTUnwrap(row[column], column)
                    if column.hasPrefix("forecast_executed_"), shown.isEmpty {
                        // No group interval: some project with an executed forecast has no interval.
                        XCTAssertTrue(rows.contains { ($0["executed"] ?? "") != "" && (try? Self.fen($0["executed"])) != 0
                                          && (($0["executed_low"] ?? "") == "" || ($0["executed_high"] ?? "") == "") },
                                      "\(run.name) \(key): \(column) is empty though every project has an interval")
                        continue
                    }
                    let counted = column.hasPrefix("forecast_executed_")
                        ? rows.filter { ($0["executed_low"] ?? "") != "" && ($0["executed_high"] ?? "") != "" } : rows
                    var sum: Int64 = 0
                    for project in counted {
                        let value = project[projectColumn] ?? ""
                        if !value.isEmpty { sum += try Self.fen(value) }
                    }
                    if try Self.fen(shown) != sum {
                        mismatches.append("\(key) \(column): summary \(shown), projects sum to \(Self.plain(sum))")
                    }
                }
            }
            XCTAssertEqual(mismatches, [], "\(run.name): \(mismatches.count) summary amounts are not the sum of their project rows")
        }
    }

    /// Rates beside amounts agree with them on the report's basis: change_pct = Σ recommended ÷ Σ last budget − 1
    /// over the group's projects with a last budget above zero (new projects have none; empty when none has),
    /// forecast_rate = forecast_executed ÷ forecast_budget of the row itself; both to the 4 decimals shown.
    func testSummaryChangeAndRateAgreeWithTheAmounts() throws {
        for run in try allRuns() {
            var members: [String: [[String: String]]] = [:]
            for row in run.projects {
                for key in Self.groups(of: row) { members[key, default: []].append(row) }
            }
            for row in run.summary {
                let key = Self.key(of: row)
                var base: Int64 = 0, recommended: Int64 = 0
                for project in members[key] ?? [] where (project["last_budget"] ?? "") != "" {
                    let last = try Self.fen(project["last_budget"])
                    guard last > 0 else { continue }
                    base += last
                    recommended += try Self.fen(project["recommended"])
                }
                let change = try XCTUnwrap(row["change_pct"])
                if base == 0 {
                    XCTAssertEqual(change, "", "\(run.name) \(key): no project with a last budget, no change")
                } else {
                    let expected = Double(recommended) / Double(base) - 1
                    let shown = try XCTUnwrap(Double(change), "\(run.name) \(key): change_pct \(change)")
                    XCTAssertEqual(shown, expected, accuracy: 0.00005 + 1e-12, "\(run.name) \(key): change_pct")
                }
                let budget = try Self.fen(row["forecast_budget"]), executed = try Self.fen(row["forecast_executed"])
                if budget > 0 {
                    let shown = try XCTUnwrap(Double(row["forecast_rate"] ?? ""), "\(run.name) \(key): forecast_rate")
                    XCTAssertEqual(shown, Double(executed) / Double(budget), accuracy: 0.00005 + 1e-12, "\(run.name) \(key): forecast_rate")
                }
            }
        }
    }

    // MARK: console against summary

    /// The console's "YEAR: recommended X against last budgets Y (Z% on the N projects with a last budget; M
    /// without one … add(s) W)." gives summary.csv's total row of the first year: X, Y and Z, with N, M and W
    /// counted and summed from projects.csv. A run over several data sources has a line per source, after its
    /// name (`san-diego-budget-vs-actuals: 2024: recommended …`), and no line adds sources up.
    func testTheConsoleLineGivesTheSummaryTotal() throws {
        var severalSources = 0
        for run in try allRuns() {
            let years = Set(run.summary.compactMap { $0["year"] }).sorted()
            let first = try XCTUnwrap(years.first)
            let totals = run.summary.filter { $0["level"] == "total" && $0["year"] == first }
            XCTAssertFalse(totals.isEmpty, "\(run.name): total rows")
            XCTAssertEqual(Set(totals.map { $0["data_source"] ?? "" }), Set(run.projects.map { $0["data_source"] ?? "" }),
                           "\(run.name): a total per data source")
            if totals.count > 1 { severalSources += 1 }
            for total in totals {
            let source = total["data_source"] ?? ""
            let prefix = totals.count > 1 ? "\(source): \(first): recommended " : "\(first): recommended "
            let line = try XCTUnwrap(run.stdout.split(separator: "\n").first { $0.hasPrefix(prefix) },
                                     "\(run.name): the console line in \(run.stdout)").dropFirst(prefix.count - "\(first): recommended ".count)
            let amount = #"(-?[0-9,]+\.[0-9]{2})"#
            let pattern = try Regex(#"[0-9]{4}: recommended "# + amount + " against last budgets " + amount + #"(?: \((.*)\))?\."#)
            let match = try XCTUnwrap(try pattern.wholeMatch(in: line), "\(run.name): \(line)")
            XCTAssertEqual(try Self.fen(grouped: try XCTUnwrap(match.output[1].substring)), try Self.fen(total["recommended"]),
                           "\(run.name): recommended in \(line)")
            XCTAssertEqual(try Self.fen(grouped: try XCTUnwrap(match.output[2].substring)), try Self.fen(total["last_budget"]),
                           "\(run.name): last budgets in \(line)")

            let rows = run.projects.filter { $0["year"] == first && ($0["data_source"] ?? "") == source }
            var withLast = 0, othersRecommended: Int64 = 0
            for row in rows {
                if (row["last_budget"] ?? "") != "", try Self.fen(row["last_budget"]) > 0 {
                    withLast += 1
                } else {
                    othersRecommended += try Self.fen(row["recommended"])
                }
            }
            let parts = (match.output[3].substring.map(String.init) ?? "").components(separatedBy: "; ")
            let changePart = try XCTUnwrap(parts.first { $0.contains("with a last budget") }, "\(run.name): the change in \(line)")
            let change = try XCTUnwrap(try Regex(#"(-?[0-9.]+)% on the ([0-9]+) projects? with a last budget"#).wholeMatch(in: changePart),
                                       "\(run.name): \(changePart)")
            let percent = try XCTUnwrap(Double(try XCTUnwrap(change.output[1].substring)))
            let summaryChange = try XCTUnwrap(Double(total["change_pct"] ?? ""), "\(run.name): change_pct")
            XCTAssertEqual(percent, summaryChange * 100, accuracy: 0.05 + 0.005 + 1e-9, "\(run.name): \(line) against change_pct \(summaryChange)")
            XCTAssertEqual(change.output[2].substring.map(String.init), String(withLast), "\(run.name): \(line)")
            if let othersPart = parts.first(where: { $0.contains("without one") }) {
                let others = try XCTUnwrap(try Regex(#"([0-9]+) without one \(.*\) adds? "# + amount).wholeMatch(in: othersPart),
                                           "\(run.name): \(othersPart)")
                XCTAssertEqual(others.output[1].substring.map(String.init), String(rows.count - withLast), "\(run.name): \(line)")
                XCTAssertEqual(try Self.fen(grouped: try XCTUnwrap(others.output[2].substring)), othersRecommended, "\(run.name): \(line)")
            } else {
                XCTAssertEqual(rows.count, withLast, "\(run.name): projects without a last budget go unmentioned in \(line)")
            }
            }
        }
        XCTAssertGreaterThan(severalSources, 0, "the baseline runs over San Diego and the Chinese forms: a total each")
    }

    // MARK: review

    /// The console's "Review of N requests: a accept, q query, c cut." and review.txt's counts are review.csv's
    /// rows and verdicts.
    func testTheReviewCountsAgreeEverywhere() throws {
        for run in try allRuns() {
            let verdicts = run.review.map { $0["verdict"] ?? "" }
            XCTAssertEqual(Set(verdicts).subtracting(["accept", "query", "cut"]), [], "\(run.name): verdicts")
            func count(_ verdict: String) -> Int { verdicts.filter { $0 == verdict }.count }
            let counts = "\(count("accept")) accept, \(count("query")) query, \(count("cut")) cut."
            guard !run.review.isEmpty else {
                XCTAssertFalse(run.stdout.contains("Review of"), "\(run.name): \(run.stdout)")
                XCTAssertTrue(run.reviewText.contains("No requests for"), "\(run.name): \(run.reviewText)")
                continue
            }
            XCTAssertTrue(run.stdout.contains("\nReview of \(run.review.count) requests: \(counts)\n"), "\(run.name): \(counts) in \(run.stdout)")
            let text = Self.joiningWrappedLines(run.reviewText, with: " ")
            XCTAssertTrue(text.contains("upper bound (high): \(counts)"), "\(run.name): \(counts) in review.txt: \(text)")
        }
    }

    /// No request is reviewed twice: one review.csv row per project and year. On the trial, every request of its
    /// file (GB18030, read here) has exactly one row, RCEP企业服务中心 — both a new project of the scenario and a
    /// request of the file — included.
    func testNoRequestIsReviewedTwice() throws {
        for run in try allRuns() {
            let keys = run.review.map { [$0["department"] ?? "", $0["unit"] ?? "", $0["project"] ?? "", $0["year"] ?? ""].joined(separator: "|") }
            let repeated = Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            XCTAssertEqual(repeated, [], "\(run.name): reviewed more than once")
        }
        let trial = try XCTUnwrap(Self.runs[Self.trialName], "the trial ran")
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("req2021_gbk_v2.csv"))
        let text = try XCTUnwrap(String(data: data, encoding: String.Encoding(rawValue: 0x8000_0632)), "GB18030")
        let requests = try ScenarioCommandTests.parseRFC4180(text).rows
        XCTAssertEqual(requests.count, 10)
        XCTAssertEqual(trial.review.count, requests.count, "one review row per request")
        for request in requests {
            let project = try XCTUnwrap(request["项目名称"]), year = try XCTUnwrap(request["年度"])
            XCTAssertEqual(trial.review.filter { $0["project"] == project && $0["year"] == year }.count, 1, "\(project) \(year)")
        }
    }

    /// A verdict agrees with its reasons and figures: a cut never says "within the recommendation" and says why
    /// it is a cut (above the upper bound, or an increase after low execution above the recommendation); an
    /// accept gives no reason to query or cut; "within" and "above the recommendation" agree with the amounts,
    /// and a request above the forecast's upper bound (high) is cut.
    func testVerdictsAgreeWithTheirReasonsAndFigures() throws {
        for run in try allRuns() {
            for row in run.review {
                let verdict = row["verdict"] ?? "", reasons = row["reasons"] ?? ""
                let label = "\(run.name): \(row["unit"] ?? "")/\(row["project"] ?? "") \(row["year"] ?? ""): \(verdict) — \(reasons)"
                let within = reasons.contains("within the recommendation"), above = reasons.contains("above the recommendation")
                let aboveBound = reasons.contains("upper bound"), lowIncrease = reasons.contains("an increase after execution below")
                switch verdict {
                case "cut":
                    XCTAssertFalse(within, label)
                    XCTAssertTrue(aboveBound || (lowIncrease && above), label)
                case "accept":
                    XCTAssertFalse(above || aboveBound || lowIncrease || reasons.contains("no closed year"), label)
                default:
                    XCTAssertFalse(aboveBound, label)
                }
                XCTAssertFalse(within && above, label)
                let requested = try Self.fen(row["requested"])
                if let text = row["recommended"], !text.isEmpty {
                    let recommended = try Self.fen(text)
                    if within || verdict == "accept" { XCTAssertLessThanOrEqual(requested, recommended, label) }
                    if above { XCTAssertGreaterThan(requested, recommended, label) }
                }
                if let text = row["budget_high"], !text.isEmpty, requested > (try Self.fen(text)) {
                    XCTAssertEqual(verdict, "cut", label)
                }
            }
        }
    }

    // MARK: compare

    /// `scenario compare`'s unit, department and total rows are the sums of its project rows as shown, for both
    /// runs' recommendations and executed forecasts.
    func testCompareGroupRowsAreTheSumsOfItsProjectRows() throws {
        XCTAssertEqual(Self.failures, [])
        let rows = try XCTUnwrap(Self.compare, "compare ran")
        let columns = ["a_recommended", "b_recommended", "a_forecast_executed", "b_forecast_executed"]
        var sums: [String: [String: Int64]] = [:]
        for row in rows where row["level"] == "project" {
            for key in Self.groups(of: row) {
                for column in columns where (row[column] ?? "") != "" {
                    sums[key, default: [:]][column, default: 0] += try Self.fen(row[column])
                }
            }
        }
        let groups = rows.filter { $0["level"] != "project" }
        XCTAssertEqual(Set(groups.map(Self.key)), Set(sums.keys), "a row per unit, department and total and year")
        var mismatches: [String] = []
        for row in groups {
            for column in columns {
                let sum = sums[Self.key(of: row)]?[column] ?? 0
                if try Self.fen(row[column]) != sum {
                    mismatches.append("\(Self.key(of: row)) \(column): \(row[column] ?? ""), its projects sum to \(Self.plain(sum))")
                }
            }
        }
        XCTAssertEqual(mismatches, [], "\(mismatches.count) compare totals are not the sum of their project rows")
    }
}
