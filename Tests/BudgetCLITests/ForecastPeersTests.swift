import Foundation
import XCTest

/// Forecast peers on the real binary: the command-line selection only chooses the rows printed (the peers are
/// every project of the selected projects' data sources), another data source in the store changes nothing,
/// `budget backtest --cases` writes the scored cases its summary is made of, and a scenario flags the
/// projects whose history stops before its base year.
///
/// Rows are compared as the bytes the engine printed (the raw CSV record), so every amount is compared as a
/// string. The CSV reader here is independent of the engine's writer.
final class ForecastPeersTests: CLITestCase {
    static func scenario(_ name: String) -> String { packageRoot.appendingPathComponent("Scenarios/\(name)").path }

    static let department = "深圳市商务局"
    static let tradeFrictionShortName = "贸易摩擦应对事务"
    static let sanDiegoSource = "san-diego-budget-vs-actuals"
    /// The Makefile's SAN_DIEGO_MAP (with `--closed-through 2023`), and `--skip-invalid` as `make demo` adds it.
    static let sanDiegoOptions = ["--map", "department=dept_group", "--map", "unit=dept_name", "--map", "project=account_type",
                                  "--map", "year=fiscal_year", "--map", "initial_budget=budget_amount",
                                  "--map", "executed=actual_amount", "--closed-through", "2023", "--skip-invalid"]
    /// The executed methods of `budget backtest --cases`, in column order.
    static let executedMethods = ["last", "growth", "initial", "median3", "pair", "combination"]

    static let forecastHeader = ["department", "unit", "project", "year", "method", "budget", "budget_low", "budget_high",
                                 "execution_rate", "execution_rate_low", "execution_rate_high", "executed", "executed_low",
                                 "executed_high", "executed_method", "history_years", "notes"]
    static let recommendHeader = ["department", "unit", "project", "year", "last_year", "last_budget", "last_executed",
                                  "last_rate", "recommended", "change_pct", "rule", "explanation"]

    // MARK: CSV, read independently of the engine

    /// One CSV table: the header, and each record with its fields and its raw text (as printed, without the
    /// line end), so that rows can be compared byte for byte.
    struct Table {
        var header: [String]
        var records: [(fields: [String], raw: String)]

        var rows: [[String: String]] {
            records.map { Dictionary(zip(header, $0.fields), uniquingKeysWith: { first, _ in first }) }
        }
    }

    /// RFC 4180 (quoted fields, doubled quotes, CRLF or LF line ends), a leading UTF-8 BOM dropped.
    func parseCSV(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Table {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var records: [(fields: [String], raw: String)] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var raw = String.UnicodeScalarView()
        var quoted = false, started = false
        var i = 0
        func endRecord() {
            fields.append(String(field))
            records.append((fields, String(raw)))
            fields = []; field = .init(); raw = .init(); started = false
        }
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            if quoted {
                raw.append(c)
                if c == "\"" {
                    if i < scalars.count, scalars[i] == "\"" { field.append("\""); raw.append("\""); i += 1 } else { quoted = false }
                } else {
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty:
                quoted = true; started = true; raw.append(c)
            case ",":
                fields.append(String(field)); field = .init(); started = true; raw.append(c)
            case "\r" where i < scalars.count && scalars[i] == "\n":
                i += 1
                endRecord()
            case "\n", "\r":
                endRecord()
            default:
                field.append(c); started = true; raw.append(c)
            }
        }
        XCTAssertFalse(quoted, "an unterminated quoted field", file: file, line: line)
        if started || !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let header = records.first else {
            XCTFail("no header in \(text.prefix(200))", file: file, line: line)
            throw XCTSkip("no CSV header")
        }
        for record in records.dropFirst() where record.fields.count != header.fields.count {
            XCTFail("\(record.fields.count) fields, the header has \(header.fields.count): \(record.raw)", file: file, line: line)
        }
        return Table(header: header.fields, records: Array(records.dropFirst()))
    }

    /// Runs `budget`, asserting exit status 0; its standard output.
    @discardableResult
    func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try budget(arguments)
        XCTAssertEqual(result.status, 0, "budget \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    // MARK: stores

    /// A store with the Chinese sample history as `make demo` imports it: sample-history.csv, the alias of
    /// 003's OCR reading, then the four forms.
    func chineseStore(_ name: String) throws -> String {
        let db = path(name)
        try run(["import", "--db", db, Self.scenario("sample-history.csv")])
        try run(["alias", "--db", db, "世贸事务管理-对口交流综合事务", "世贸事务管理-对口交流组宗合事务"])
        try run(["import", "--db", db] + ["000_546769cc8a0ec3c8.txt", "001_71f3a326dc5c2b88.txt",
                                            "002_ed3a86db11c65d94.txt", "003_2df205466e1d5f98.txt"].map(Self.scenario))
        return db
    }

    /// The Chinese store plus San Diego's budget vs actuals (another data source).
    func storeWithSanDiego(_ name: String) throws -> String {
        let db = try chineseStore(name)
        try run(["import", "--db", db, Self.scenario("san-diego-budget-vs-actuals.csv")] + Self.sanDiegoOptions)
        return db
    }

    /// `budget projects --format csv`.
    func projects(_ db: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: String]] {
        let table = try parseCSV(try run(["projects", "--db", db, "--format", "csv"], file: file, line: line), file: file, line: line)
        for column in ["data_source", "department", "unit", "project", "last_year", "last_closed_year"] {
            XCTAssertTrue(table.header.contains(column), "budget projects has no \(column) column: \(table.header)", file: file, line: line)
        }
        return table.rows
    }

    /// The trade-friction project of 深圳市商务局 (found by its short name): its full name and unit.
    func tradeFriction(_ db: String, file: StaticString = #filePath, line: UInt = #line) throws -> (project: String, unit: String) {
        let matches = try projects(db, file: file, line: line).filter { $0["project", default: ""].contains(Self.tradeFrictionShortName) }
        XCTAssertEqual(matches.count, 1, "\(matches)", file: file, line: line)
        let row = try XCTUnwrap(matches.first, file: file, line: line)
        XCTAssertEqual(row["department"], Self.department, file: file, line: line)
        let unit = try XCTUnwrap(row["unit"], file: file, line: line)
        XCTAssertTrue(unit.hasPrefix("深圳市商务"), unit, file: file, line: line)
        return (try XCTUnwrap(row["project"], file: file, line: line), unit)
    }

    /// `budget forecast|recommend --year 2021 [selection] --format csv`, its header checked.
    func table(_ command: String, _ db: String, _ selection: [String] = [],
               file: StaticString = #filePath, line: UInt = #line) throws -> Table {
        let output = try run([command, "--db", db, "--year", "2021"] + selection + ["--format", "csv"], file: file, line: line)
        XCTAssertTrue(output.hasPrefix("\u{FEFF}"), "\(command) CSV starts with the BOM", file: file, line: line)
        let table = try parseCSV(output, file: file, line: line)
        XCTAssertEqual(table.header, command == "forecast" ? Self.forecastHeader : Self.recommendHeader, command, file: file, line: line)
        return table
    }

    func key(_ table: Table, _ record: (fields: [String], raw: String)) -> String {
        ["department", "unit", "project"].map { name in table.header.firstIndex(of: name).map { record.fields[$0] } ?? "?" }
            .joined(separator: " / ")
    }

    /// The raw record of `project`, which must be printed exactly once.
    func rawRow(of project: String, in table: Table, _ what: String,
                file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let index = try XCTUnwrap(table.header.firstIndex(of: "project"), file: file, line: line)
        let matches = table.records.filter { $0.fields[index] == project }
        XCTAssertEqual(matches.count, 1, "\(what): rows of \(project): \(matches.map(\.raw))", file: file, line: line)
        return try XCTUnwrap(matches.first, "\(what): no row of \(project)", file: file, line: line).raw
    }

    // MARK: 1. the selection chooses rows, not peers

    /// On the Chinese store (as `make demo` builds it before San Diego), then with San Diego added, where
    /// pooling the selection alone would differ from pooling the whole store.
    func testSelectionDoesNotChangeForecastOrRecommendation() throws {
        for db in [try chineseStore("h.sqlite"), try storeWithSanDiego("sd.sqlite")] {
            try checkSelectionDoesNotChangeRows(db)
        }
    }

    func checkSelectionDoesNotChangeRows(_ db: String) throws {
        let (project, unit) = try tradeFriction(db)
        let selections: [(name: String, options: [String])] = [
            ("--project", ["--project", project]),
            ("--unit", ["--unit", unit]),
            ("--department", ["--department", Self.department]),
            ("no filter", []),
        ]
        for command in ["forecast", "recommend"] {
            let all = try table(command, db)
            var unfiltered: [String: String] = [:]
            for record in all.records { unfiltered[key(all, record)] = record.raw }
            XCTAssertEqual(unfiltered.count, all.records.count, "\(command): one row per project")
            let reference = try rawRow(of: project, in: all, "\(command), no filter")
            // The row is a real forecast: year 2021, amounts printed.
            let row = try XCTUnwrap(all.rows.first { $0["project"] == project })
            XCTAssertEqual(row["year"], "2021", reference)
            for column in command == "forecast" ? ["budget", "execution_rate", "executed"] : ["last_budget", "recommended"] {
                XCTAssertFalse(row[column, default: ""].isEmpty, "\(command) \(column): \(reference)")
            }

            for selection in selections {
                let printed = try table(command, db, selection.options)
                let what = "\((db as NSString).lastPathComponent): \(command) \(selection.name)"
                XCTAssertEqual(try rawRow(of: project, in: printed, what), reference, "\(what): the row differs from the unfiltered one")
                let rows = printed.rows
                switch selection.name {
                case "--project": XCTAssertEqual(rows.count, 1, "\(what) prints the one project: \(printed.records.map(\.raw))")
                case "--unit": XCTAssertTrue(rows.allSatisfy { $0["unit"] == unit }, "\(what): \(printed.records.map(\.raw))")
                case "--department":
                    XCTAssertTrue(rows.allSatisfy { $0["department"] == Self.department }, "\(what): \(printed.records.map(\.raw))")
                    XCTAssertGreaterThan(rows.count, 1, what)
                default: XCTAssertEqual(rows.count, all.records.count, what)
                }
                // Every project printed under a selection is printed exactly as without one.
                for record in printed.records {
                    XCTAssertEqual(record.raw, unfiltered[key(printed, record)], "\(what): \(key(printed, record))")
                }
            }
        }
    }

    // MARK: 2. another data source is not a peer

    func testOtherDataSourceDoesNotChangeForecast() throws {
        let chinese = try chineseStore("chinese.sqlite")
        let both = try storeWithSanDiego("both.sqlite")
        let (project, _) = try tradeFriction(chinese)
        XCTAssertEqual(try tradeFriction(both).project, project)

        for command in ["forecast", "recommend"] {
            let alone = try table(command, chinese)
            let mixed = try table(command, both)
            XCTAssertEqual(try rawRow(of: project, in: mixed, "\(command) with San Diego"),
                           try rawRow(of: project, in: alone, "\(command) without San Diego"),
                           "\(command): San Diego in the store changed the trade-friction row")
            // San Diego's projects are forecast too, and no row of the Chinese store changes.
            XCTAssertGreaterThan(mixed.records.count, alone.records.count, command)
            let printed = Set(mixed.records.map(\.raw))
            for record in alone.records {
                XCTAssertTrue(printed.contains(record.raw), "\(command): \(key(alone, record)) differs with San Diego in the store:\n\(record.raw)")
            }
        }

        let rows = try projects(both)
        let sources = Set(rows.compactMap { $0["data_source"] })
        XCTAssertGreaterThanOrEqual(sources.count, 2, "\(sources)")
        XCTAssertTrue(sources.contains(Self.sanDiegoSource), "San Diego is named after its file: \(sources)")
        let tradeSource = try XCTUnwrap(rows.first { $0["project"] == project }?["data_source"])
        let personnel = rows.filter { $0["project"] == "Personnel" }
        XCTAssertFalse(personnel.isEmpty)
        XCTAssertEqual(Set(personnel.compactMap { $0["data_source"] }), [Self.sanDiegoSource])
        XCTAssertNotEqual(tradeSource, Self.sanDiegoSource)
        XCTAssertFalse(tradeSource.isEmpty)
    }

    // MARK: 3. backtest --cases

    func testBacktestCasesFile() throws {
        let db = try storeWithSanDiego("h.sqlite")
        let selection = ["--project", "Personnel", "--project", "Non-Personnel"]
        let casesPath = path("cases.csv")
        try run(["backtest", "--db", db] + selection + ["--cases", casesPath])
        let summary = try parseCSV(try run(["backtest", "--db", db] + selection + ["--format", "csv"])).rows
        func summaryRow(_ method: String) throws -> [String: String] {
            let matches = summary.filter { $0["target"] == "executed" && $0["method"] == method }
            XCTAssertEqual(matches.count, 1, "executed,\(method) in \(summary)")
            return try XCTUnwrap(matches.first)
        }

        let data = try Data(contentsOf: URL(fileURLWithPath: casesPath))
        XCTAssertEqual(Array(data.prefix(3)), [0xEF, 0xBB, 0xBF], "the cases file starts with the UTF-8 BOM")
        // After the BOM (Foundation's UTF-8 decoding may or may not keep it: decode what follows it).
        let text = try XCTUnwrap(String(data: data.dropFirst(3), encoding: .utf8), "the cases file is UTF-8")
        let expectedHeader = "data_source,department,unit,project,origin,year,horizon,actual,naive,"
            + Self.executedMethods.map { "\($0),\($0)_low,\($0)_high" }.joined(separator: ",")
            + ",selected_method,selected,selected_low,selected_high"
        let firstLine = String(String.UnicodeScalarView(text.unicodeScalars.prefix { $0 != "\r" && $0 != "\n" }))
        XCTAssertEqual(firstLine, expectedHeader, "the first line of the cases file")
        let cases = try parseCSV(text)
        XCTAssertEqual(cases.header.joined(separator: ","), expectedHeader)
        let rows = cases.rows

        let selected = try summaryRow("selected")
        let n = try XCTUnwrap(Int(selected["n"] ?? ""), "\(selected)")
        XCTAssertGreaterThan(n, 0)
        XCTAssertEqual(rows.count, n, "one row per scored executed case")

        func amount(_ row: [String: String], _ column: String, file: StaticString = #filePath, line: UInt = #line) throws -> Decimal {
            let text = try XCTUnwrap(row[column], "no \(column)", file: file, line: line)
            return try XCTUnwrap(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), "\(column) = \(text)", file: file, line: line)
        }
        var blends = 0
        for row in rows {
            // One candidate (`growth`), or the mean of two (`mean(growth, combination)`).
            let method = row["selected_method", default: ""]
            let names = method.hasPrefix("mean(") && method.hasSuffix(")")
                ? method.dropFirst(5).dropLast().components(separatedBy: ", ") : [method]
            XCTAssertTrue(names.allSatisfy(Self.executedMethods.contains), "selected_method \(method): \(row)")
            guard names.allSatisfy(Self.executedMethods.contains) else { continue }
            if names.count == 1 {
                XCTAssertEqual(row["selected"], row[method], "selected is the \(method) column: \(row)")
                XCTAssertEqual(row["selected_low"], row["\(method)_low"], "\(row)")
                XCTAssertEqual(row["selected_high"], row["\(method)_high"], "\(row)")
            } else {
                // The mean of the named columns (each rounded to the cent: within a cent).
                blends += 1
                let mean = try names.reduce(Decimal(0)) { $0 + (try amount(row, $1)) } / Decimal(names.count)
                XCTAssertLessThanOrEqual(abs(try amount(row, "selected") - mean), Decimal(string: "0.01")!, "\(row)")
                if !row["selected_low", default: ""].isEmpty {
                    XCTAssertLessThanOrEqual(try amount(row, "selected_low"), try amount(row, "selected"), "\(row)")
                    XCTAssertGreaterThanOrEqual(try amount(row, "selected_high"), try amount(row, "selected"), "\(row)")
                }
            }
            XCTAssertFalse(row["selected", default: ""].isEmpty, "\(row)")
            XCTAssertEqual(row["data_source"], Self.sanDiegoSource, "\(row)")
            XCTAssertTrue(["Personnel", "Non-Personnel"].contains(row["project", default: ""]), "\(row)")
            XCTAssertEqual(row["horizon"], "1", "\(row)")
            XCTAssertEqual(Int(row["year"] ?? ""), Int(row["origin"] ?? "").map { $0 + 1 }, "year = origin + horizon: \(row)")
        }
        XCTAssertGreaterThan(blends, 0, "San Diego's record supports blends of two candidates")

        // MASE and MAE of the engine's choice and of every executed method, recomputed from the cases.
        for method in ["selected"] + Self.executedMethods {
            let scored = rows.filter { !$0[method, default: ""].isEmpty }
            var error = Decimal(0), naiveError = Decimal(0)
            for row in scored {
                let actual = try amount(row, "actual")
                error += abs(try amount(row, method) - actual)
                naiveError += abs(try amount(row, "naive") - actual)
            }
            let reported = try summaryRow(method)
            XCTAssertEqual(reported["n"], "\(scored.count)", "executed,\(method): n")
            guard !scored.isEmpty, naiveError != 0 else { XCTFail("executed,\(method): nothing to score"); continue }
            let mase = NSDecimalNumber(decimal: error / naiveError).doubleValue
            XCTAssertEqual(reported["mase"], String(format: "%.3f", mase), "executed,\(method): Σ|error| ÷ Σ|naive error| from the cases")
            let mae = NSDecimalNumber(decimal: error / Decimal(scored.count)).doubleValue
            XCTAssertEqual(reported["mae"], String(format: "%.2f", mae), "executed,\(method): MAE from the cases")
        }
    }

    // MARK: 4. stale and ended projects in a scenario

    func testBaselineScenarioFlagsStaleProjects() throws {
        let out = path("baseline")
        let stdout = try run(["scenario", "run", Self.scenario("baseline.yaml"), "--out-dir", out])
        let runText = try String(contentsOf: URL(fileURLWithPath: "\(out)/run.txt"), encoding: .utf8)
        let baseText = try XCTUnwrap(runText.firstMatch(of: /base year (\d{4})/), "no base year in run.txt:\n\(runText)").1
        let base = try XCTUnwrap(Int(baseText))
        XCTAssertTrue(stdout.contains("base year \(base)"), stdout)

        let projectsCSV = try String(contentsOf: URL(fileURLWithPath: "\(out)/projects.csv"), encoding: .utf8)
        let table = try parseCSV(projectsCSV)
        for column in ["department", "unit", "project", "year", "horizon", "history_years", "last_year", "notes"] {
            XCTAssertTrue(table.header.contains(column), "projects.csv has no \(column): \(table.header)")
        }
        let planned = table.rows
        XCTAssertFalse(planned.isEmpty)

        // The history, independently: the scenario's files imported into a store of this test.
        let db = try storeWithSanDiego("history.sqlite")
        var history: [String: [String: String]] = [:]
        for row in try projects(db) {
            history[[row["department"] ?? "", row["unit"] ?? "", row["project"] ?? ""].joined(separator: " / ")] = row
        }

        var stale = 0
        for row in planned {
            let name = [row["department"] ?? "", row["unit"] ?? "", row["project"] ?? ""].joined(separator: " / ")
            let notes = row["notes", default: ""]
            let year = try XCTUnwrap(Int(row["year"] ?? ""), name)
            let horizon = try XCTUnwrap(Int(row["horizon"] ?? ""), name)
            XCTAssertEqual(year, base + horizon, "\(name): year = base year + horizon")
            let stored = history[name]
            XCTAssertNotNil(stored, "\(name) is not a project of the scenario's history")

            guard let lastText = row["last_year"], !lastText.isEmpty else {
                // No closed year at all: nothing to be stale since.
                XCTAssertFalse(notes.contains("stale"), "\(name) has no last closed year: \(notes)")
                continue
            }
            let last = try XCTUnwrap(Int(lastText), name)
            XCTAssertLessThanOrEqual(last, base, "\(name): the last closed year up to the base year")
            XCTAssertGreaterThanOrEqual(last, base - 3, "\(name): last closed year \(last) is more than 3 years before \(base), as `forecast` leaves out, yet planned")
            if let closed = stored?["last_closed_year"].flatMap({ Int($0) }), closed <= base {
                XCTAssertEqual(last, closed, "\(name): last_year against budget projects' last_closed_year")
            }
            // Planned: figures (or a request) within the base year and the three before it.
            if let lastFigures = stored?["last_year"].flatMap({ Int($0) }) {
                XCTAssertGreaterThan(lastFigures, base - 4, "\(name): last figures \(lastFigures) are more than 3 years before \(base), yet it is planned")
            }
            if year - last > 3 + horizon {
                XCTAssertTrue(notes.contains("stale"), "\(name): last closed year \(last), \(year - last) years before \(year), not flagged: \(notes)")
            }
            if last < base {
                stale += 1
                XCTAssertTrue(notes.contains("stale (last data \(last))"), "\(name): last closed year \(last) < \(base): \(notes)")
                if let ahead = notes.firstMatch(of: /stale \(last data \d{4}\): forecast (\d+) years ahead/) {
                    XCTAssertEqual(Int(ahead.1), year - last, "\(name): \(notes)")
                }
            } else {
                XCTAssertFalse(notes.contains("stale"), "\(name): last closed year \(last) is the base year: \(notes)")
            }
        }
        XCTAssertGreaterThan(stale, 0, "the baseline has projects whose history stops before \(base) (the 2020 Shenzhen forms)")

        // Ended: no closed year after base − 4 (or, never closed, no figures after it) — not planned.
        let plannedNames = Set(planned.map { [$0["department"] ?? "", $0["unit"] ?? "", $0["project"] ?? ""].joined(separator: " / ") })
        let ended = history.filter { (_, row) in
            (Int(row["last_closed_year"] ?? "") ?? Int(row["last_year"] ?? "")).map { $0 <= base - 4 } ?? false
        }
        XCTAssertTrue(ended.keys.contains { $0.hasPrefix("Redevelopment") }, "San Diego's dissolved agencies ended before \(base - 3)")
        for name in ended.keys.sorted() {
            XCTAssertFalse(plannedNames.contains(name), "\(name): last figures \(ended[name]?["last_year"] ?? "?"), yet planned")
        }
        // summary.txt lists them (the first few, each with its last year): every one is more than 3 years old.
        let summary = try String(contentsOf: URL(fileURLWithPath: "\(out)/summary.txt"), encoding: .utf8)
            .replacing(/\n +/, with: " ")
        let listed = try XCTUnwrap(summary.firstMatch(of: /(\d+) projects? in scope more than 3 years stale[^\n]*taken as ended[^\n]*/),
                                   "summary.txt does not list the ended projects")
        XCTAssertGreaterThan(Int(listed.1) ?? 0, 0, String(listed.0))
        let years = listed.0.matches(of: /\(last (\d{4})\)/).compactMap { Int($0.1) }
        XCTAssertFalse(years.isEmpty, String(listed.0))
        for year in years { XCTAssertLessThanOrEqual(year, base - 4, "listed as ended: \(listed.0)") }
    }

    /// San Diego alone, forecasting FY2024 (base 2023): units dissolved in 2013–2014 are more than 3 years
    /// stale, left out of `forecast` and `recommend` with a word on standard error, listed with
    /// `--include-stale` (flagged), and the other rows are the same either way.
    func testProjectsMoreThanThreeYearsStaleAreLeftOutUnlessAsked() throws {
        let db = path("sd-stale.sqlite")
        try run(["import", "--db", db, Self.scenario("san-diego-budget-vs-actuals.csv")] + Self.sanDiegoOptions)
        let plain = try budget(["forecast", "--db", db, "--format", "csv"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertTrue(plain.stderr.contains("more than 3 years stale left out (--include-stale lists them)"), plain.stderr)
        let shown = try parseCSV(plain.stdout)
        let all = try parseCSV(try run(["forecast", "--db", db, "--format", "csv", "--include-stale"]))
        XCTAssertGreaterThan(all.rows.count, shown.rows.count)
        func staleYear(_ row: [String: String]) -> Int? {
            guard let notes = row["notes"], let range = notes.range(of: "stale (last data ") else { return nil }
            return Int(notes[range.upperBound...].prefix(4))
        }
        XCTAssertTrue(shown.rows.allSatisfy { staleYear($0).map { 2023 - $0 <= 3 } ?? true })
        XCTAssertEqual(all.rows.filter { staleYear($0).map { 2023 - $0 > 3 } ?? false }.count, all.rows.count - shown.rows.count)
        // The rows listed either way are identical: leaving a project out of the listing changes no forecast.
        let allByKey = Dictionary(all.records.map { (key(all, $0), $0.raw) }, uniquingKeysWith: { a, _ in a })
        for record in shown.records { XCTAssertEqual(allByKey[key(shown, record)], record.raw) }
    }
}
