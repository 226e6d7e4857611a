import BudgetCore
import Forecasting
import Foundation

/// The report set of a scenario run: `summary`, `projects`, `review`, `credibility`, `checks`, `backtest`.
/// Each is a text document (provenance header, tables aligned by display width, at most 120 columns,
/// amounts grouped, percentages with one decimal) and a CSV table whose columns are documented in
/// `Reports/README.md`.
public struct ScenarioReports {
    public let run: ScenarioRun
    public let provenance: Provenance
    public var maxWidth = 120
    /// The language and amount unit of the text and CSV reports.
    public var presentation: Presentation

    public init(run: ScenarioRun, provenance: Provenance, presentation: Presentation = .standard) {
        self.run = run
        self.provenance = provenance
        self.presentation = presentation
    }

    var wording: Wording { .of(presentation.language) }

    /// One phrase in the presentation's language and unit.
    func say(_ phrase: Phrase, _ values: [String: Clause.Value] = [:]) -> String {
        wording.text(phrase, values, unit: presentation.unit)
    }

    /// Clauses in the presentation's language and unit (nil when there are none).
    func say(_ clauses: [Clause]) -> String? {
        clauses.isEmpty ? nil : wording.text(clauses, unit: presentation.unit)
    }

    /// A listing in the presentation.
    func listing(_ columns: [Listing.Column]) -> Listing { Listing(columns: columns, presentation: presentation) }

    /// The header every text report starts with.
    func header(_ title: String) -> String {
        let name = say(.scenarioReportTitle, ["name": .text(run.scenario.name),
                                              "title": .text(wording.heading(key: "report_" + title, fallback: title))])
        return name + "\n" + String(repeating: "=", count: min(maxWidth, DisplayWidth.of(name))) + "\n"
            + provenance.text(maxWidth: maxWidth) + "\n"
    }

    /// Prose wrapped at ``maxWidth`` display columns, ending with a newline.
    func paragraph(_ text: String) -> String {
        Provenance.wrap(text, width: maxWidth).joined(separator: "\n") + "\n"
    }

    var yearsText: String { run.years.count == 1 ? "\(run.years[0])" : "\(run.years.first!)–\(run.years.last!)" }

    // MARK: summary

    /// Sums of one group of project rows in one year: of the figures the rows show (forecasts as
    /// ``ShownForecast``, rounded to the fen per project), so that a group's figure is the sum of its rows'.
    struct Totals {
        var projects = 0
        var lastBudget = Money.zero, lastExecuted = Money.zero
        /// Budget and executed of the projects with both known (the rate's basis).
        var ratedBudget = Money.zero, ratedExecuted = Money.zero
        var budget = Money.zero, executed = Money.zero, executedLow = Money.zero, executedHigh = Money.zero
        var intervalsComplete = true
        var recommended = Money.zero
        /// Last budgets of the projects with a last budget (the change's basis) and their recommendations.
        var changeBase = Money.zero, changeRecommended = Money.zero
        var changeProjects = 0

        mutating func add(_ row: ScenarioRow) {
            let input = row.input, forecast = row.forecast
            projects += 1
            if let b = input.lastBudget { lastBudget += b }
            if let e = input.lastExecuted { lastExecuted += e }
            if let b = input.lastBudget, let e = input.lastExecuted, b.fen > 0 {
                ratedBudget += b
                ratedExecuted += e
            }
            let shown = ShownForecast(forecast)
            if let b = shown.budget { budget += b }
            if let e = shown.executed { executed += e }
            if let low = shown.executedLow, let high = shown.executedHigh {
                executedLow += low
                executedHigh += high
            } else if let e = shown.executed, e.fen != 0 {
                intervalsComplete = false
            }
            recommended += row.recommendation.amount
            if let b = input.lastBudget, b.fen > 0 {
                changeBase += b
                changeRecommended += row.recommendation.amount
                changeProjects += 1
            }
        }

        var rate: Double? { ratedExecuted.ratio(to: ratedBudget) }
        var change: Double? { changeRecommended.ratio(to: changeBase).map { $0 - 1 } }
        var forecastRate: Double? { budget.fen > 0 ? executed.ratio(to: budget) : nil }
    }

    /// The first year's totals in one sentence, for the console: the recommended total against the last
    /// budgets, with the change on the summary's basis (the projects with a last budget) and what the
    /// projects without one (new projects, or none recorded) add — so the console and `summary.txt` give the same figure.
    /// A run over several data sources has one sentence per source, on its own line, after the source's name:
    /// their amounts are in different currencies and jurisdictions, and are not added up.
    public func headline() -> String {
        let totals = totals()
        let sources = dataSources
        guard sources.count > 1 else { return headline(totals[GroupKey(total: sources.first ?? "")]) }
        return sources.map { say(.scenarioHeadlineSource, ["source": .text(sourceName($0)),
                                                           "line": .text(headline(totals[GroupKey(total: $0)]))]) }
            .joined(separator: "\n")
    }

    /// The headline sentence of one total.
    private func headline(_ totals: [Int: Totals]?) -> String {
        let first = run.years[0]
        let t = totals?[first] ?? Totals()
        let start = say(.scenarioHeadlineStart, ["year": .year(first), "recommended": .money(t.recommended),
                                                  "last": .money(t.lastBudget)])
        var parts: [Clause] = []
        if let change = t.change {
            parts.append(Clause(t.changeProjects == 1 ? .scenarioHeadlineChangeOne : .scenarioHeadlineChange,
                                ["change": .rate(change), "count": .number(String(t.changeProjects))]))
        }
        let others = t.projects - t.changeProjects
        if others > 0 {
            // Not all are new: a project whose budgets were 0 or never recorded has no last budget either.
            parts.append(Clause(others == 1 ? .scenarioHeadlineOthersOne : .scenarioHeadlineOthers,
                                ["count": .number(String(others)), "amount": .money(t.recommended - t.changeRecommended)]))
        }
        guard let joined = say(parts) else { return say(.scenarioHeadlineAlone, ["start": .text(start)]) }
        return say(.scenarioHeadline, ["start": .text(start), "parts": .text(joined)])
    }

    /// A group of the summary: a data source's total (level 0), a department (1) or a unit (2), each within
    /// its data source (departments of two sources are two groups even with one name).
    struct GroupKey: Hashable, Comparable {
        var level: Int // 0 total, 1 department, 2 unit
        var department: String
        var unit: String
        var source: String
        init(level: Int, department: String, unit: String, source: String) {
            (self.level, self.department, self.unit, self.source) = (level, department, unit, source)
        }
        /// The total of a data source.
        init(total source: String) { self.init(level: 0, department: "", unit: "", source: source) }
        static func < (a: GroupKey, b: GroupKey) -> Bool {
            (a.department, a.level == 0 ? 0 : 1, a.unit, a.source) < (b.department, b.level == 0 ? 0 : 1, b.unit, b.source)
        }
        var levelName: String { ["total", "department", "unit"][level] }
    }

    /// The data sources (jurisdictions) of the run's projects, by name.
    var dataSources: [String] { Set(run.rows.map { run.records[$0.project].dataSource }).sorted() }

    /// A data source as reports name it.
    func sourceName(_ source: String) -> String { source.isEmpty ? wording.word("(no data source)") : source }

    /// Totals per (group, year): each data source's projects (one total when there is one source; never one
    /// over several, whose amounts may be in different currencies), each department, each unit within it.
    func totals() -> [GroupKey: [Int: Totals]] {
        var result: [GroupKey: [Int: Totals]] = [:]
        for row in run.rows {
            let record = run.records[row.project], source = record.dataSource
            for key in [GroupKey(total: source),
                        GroupKey(level: 1, department: record.department, unit: "", source: source),
                        GroupKey(level: 2, department: record.department, unit: record.unit, source: source)] {
                result[key, default: [:]][row.year, default: Totals()].add(row)
            }
        }
        return result
    }

    /// Groups in report order: departments by name, each followed by its units, then the totals by source.
    func orderedGroups(_ keys: some Collection<GroupKey>) -> [GroupKey] {
        let departments = keys.filter { $0.level == 1 }.sorted()
        var ordered: [GroupKey] = []
        for department in departments {
            ordered.append(department)
            ordered += keys.filter { $0.level == 2 && $0.department == department.department && $0.source == department.source }.sorted()
        }
        return ordered + keys.filter { $0.level == 0 }.sorted { $0.source < $1.source }
    }

    /// A group's name in the text reports; a total names its data source when the run has several.
    func label(_ key: GroupKey, severalSources: Bool) -> String {
        switch key.level {
        case 0: severalSources ? say(.summaryTotalOfSource, ["source": .text(sourceName(key.source))]) : wording.word("total")
        case 1: key.department.isEmpty ? wording.word("(no department)") : key.department
        default: "  " + (key.unit.isEmpty ? wording.word("(no unit)") : key.unit)
        }
    }

    public func summary() -> Report {
        let totals = totals()
        let groups = orderedGroups(totals.keys)
        let severalSources = Set(groups.map(\.source)).count > 1
        func label(_ key: GroupKey) -> String { self.label(key, severalSources: severalSources) }
        let first = run.years[0]
        var table = listing([
            .init("level", term: "group_level"), .init("data_source"), .init("department"), .init("unit"), .init("year", alignment: .right),
            .init("projects", alignment: .right), .init("last_budget", alignment: .right),
            .init("last_executed", alignment: .right), .init("last_rate", alignment: .right),
            .init("forecast_budget", alignment: .right), .init("forecast_executed", alignment: .right),
            .init("forecast_executed_low", alignment: .right), .init("forecast_executed_high", alignment: .right),
            .init("forecast_rate", alignment: .right), .init("recommended", alignment: .right),
            .init("change_pct", alignment: .right),
        ])
        for key in groups {
            for year in run.years {
                guard let t = totals[key]?[year] else { continue }
                table.append([.word(key.levelName), .text(key.source), .text(key.department), .text(key.unit), .integer(year),
                              .integer(t.projects), .money(t.lastBudget), .money(t.lastExecuted), .rate(t.rate),
                              .money(t.budget), .money(t.executed),
                              .money(t.intervalsComplete ? t.executedLow : nil),
                              .money(t.intervalsComplete ? t.executedHigh : nil),
                              .rate(t.forecastRate), .money(t.recommended), .rate(t.change)])
            }
        }

        var text = header("summary")
        text += say(.summaryIntro, ["year": .year(first), "base": .year(run.baseYear),
                                    "level": .text(percent(run.scenario.level))])
        if presentation.unit == .wan { text += " " + say(.summaryWanTotals) }
        if severalSources { text += " " + say(.summarySeveralSources, ["count": .number(String(Set(groups.map(\.source)).count))]) }
        text += "\n\n"
        var last = listing([
            .init("department_unit", title: "department / unit", minWidth: 16), .init("n", alignment: .right),
            .init("last_budget", title: "last budget", alignment: .right), .init("last_executed", title: "executed", alignment: .right),
            .init("last_rate", title: "rate", alignment: .right),
            .init("recommended", alignment: .right), .init("change_pct", title: "change", alignment: .right),
        ])
        var ahead = listing([
            .init("department_unit", title: "department / unit", minWidth: 16), .init("forecast_budget", title: "budget", alignment: .right),
            .init("forecast_executed", title: "forecast executed", alignment: .right), .init("low", alignment: .right),
            .init("high", alignment: .right), .init("forecast_rate", title: "rate", alignment: .right),
        ])
        for key in groups {
            guard let t = totals[key]?[first] else { continue }
            last.append([.text(label(key)), .integer(t.projects), .money(t.lastBudget), .money(t.lastExecuted),
                         .rate(t.rate), .money(t.recommended), .rate(t.change)])
            ahead.append([.text(label(key)), .money(t.budget), .money(t.executed),
                          .money(t.intervalsComplete ? t.executedLow : nil),
                          .money(t.intervalsComplete ? t.executedHigh : nil), .rate(t.forecastRate)])
        }
        text += say(.summaryLastHeading, ["year": .year(first)]) + "\n" + last.text(maxWidth: maxWidth)
        text += "\n" + say(.summaryAheadHeading, ["year": .year(first)]) + "\n" + ahead.text(maxWidth: maxWidth)
        if run.years.count > 1 {
            text += "\n" + say(.summaryByYearHeading, ["years": .text(yearsText)]) + "\n"
            var byYear = listing([.init("department_unit", title: "department / unit", minWidth: 14),
                                  .init("last_budget", title: "last budget", alignment: .right)]
                                 + run.years.map { .init(String($0), alignment: .right) })
            for key in groups {
                guard let t = totals[key] else { continue }
                byYear.append([.text(label(key)), .money(t[first]?.lastBudget)] + run.years.map { .money(t[$0]?.recommended) })
            }
            text += byYear.text(maxWidth: maxWidth)
        }
        if !run.ended.isEmpty {
            let names = run.ended.prefix(8).map { record in
                let last = record.years.last { $0.status == .closed && $0.year <= run.baseYear }?.year ?? record.years.last?.year ?? 0
                return Clause(.summaryEndedName, ["unit": .text(record.unit), "name": .text(record.name), "year": .year(last)])
            }
            text += "\n" + say(run.ended.count == 1 ? .summaryEndedOne : .summaryEnded, [
                "count": .number(String(run.ended.count)), "gap": .number(String(Forecaster.maximumStaleGap)),
                "since": .year(run.baseYear - Forecaster.maximumStaleGap), "names": .list(names),
                "more": .text(run.ended.count > 8 ? say(.listMore) : "")]) + "\n"
        }
        text += "\n" + say(.summaryLargestHeading, ["year": .year(first)]) + "\n"
        // New projects too: their difference is the whole recommendation (no last budget, no change).
        func difference(_ row: ScenarioRow) -> Money { row.recommendation.amount - (row.input.lastBudget ?? .zero) }
        let changes = run.rows.filter { $0.year == first }
            .sorted { abs(difference($0).fen) > abs(difference($1).fen) }
            .prefix(10)
        var largest = listing([
            .init("unit", minWidth: 10), .init("project", minWidth: 16), .init("last_budget", title: "last budget", alignment: .right),
            .init("recommended", alignment: .right), .init("difference", alignment: .right),
            .init("change_pct", title: "change", alignment: .right),
            .init("rule", minWidth: 10),
        ])
        for row in changes {
            let record = run.records[row.project]
            largest.append([.text(record.unit), .text(record.name), .money(row.input.lastBudget), .money(row.recommendation.amount),
                            .money(difference(row)), .rate(row.recommendation.change),
                            .text(wording.rule(row.recommendation.ruleParts))])
        }
        text += largest.text(maxWidth: maxWidth)
        return Report(name: "summary", text: text, table: table)
    }

    // MARK: projects

    public func projects() -> Report {
        var table = listing([
            .init("department"), .init("unit"), .init("project"), .init("category"), .init("data_source"),
            .init("year", alignment: .right), .init("horizon", alignment: .right), .init("history_years", alignment: .right),
            .init("last_year", alignment: .right), .init("last_budget", alignment: .right),
            .init("last_executed", alignment: .right), .init("last_rate", alignment: .right), .init("method"),
            .init("budget", alignment: .right), .init("budget_low", alignment: .right), .init("budget_high", alignment: .right),
            .init("execution_rate", alignment: .right), .init("execution_rate_low", alignment: .right),
            .init("execution_rate_high", alignment: .right), .init("executed", alignment: .right),
            .init("executed_low", alignment: .right), .init("executed_high", alignment: .right),
            .init("recommended", alignment: .right), .init("change_pct", alignment: .right), .init("rule"),
            .init("explanation"), .init("adjustments"), .init("notes"),
        ])
        for row in run.rows {
            let record = run.records[row.project], f = row.forecast, shown = ShownForecast(f), input = row.input
            table.append([
                .text(record.department), .text(record.unit), .text(record.name), .text(record.category),
                .text(record.dataSource), .integer(row.year),
                .integer(row.horizon), .integer(f.historyYears), .integer(input.lastYear), .money(input.lastBudget),
                .money(input.lastExecuted), .rate(input.lastRate),
                .text(wording.method(budgetModel: f.budgetModel, rateModel: f.rateModel)),
                .money(shown.budget), .money(shown.budgetLow), .money(shown.budgetHigh),
                .rate(f.shownRate.rate), .rate(f.shownRate.low), .rate(f.shownRate.high),
                .money(shown.executed), .money(shown.executedLow), .money(shown.executedHigh),
                .money(row.recommendation.amount), .rate(row.recommendation.change),
                .text(wording.rule(row.recommendation.ruleParts)),
                .text(say(row.recommendation.clauses) ?? ""), .text(say(row.adjustmentClauses) ?? ""),
                .text(say(f.notes) ?? ""),
            ])
        }
        var text = header("projects")
        text += say(.projectsIntro, ["years": .text(yearsText), "base": .year(run.baseYear),
                                     "level": .text(percent(run.scenario.level))]) + "\n"
        // One section per unit (in order of first appearance), so names keep their room.
        var order: [String] = []
        var sections: [String: [ScenarioRow]] = [:]
        for row in run.rows {
            let record = run.records[row.project]
            let key = record.department + "\u{1F}" + record.unit
            if sections[key] == nil { order.append(key) }
            sections[key, default: []].append(row)
        }
        for key in order {
            let rows = sections[key]!
            var listing = listing([
                .init("department"), .init("unit"), .init("project", minWidth: 16), .init("year", alignment: .right),
                .init("last_budget", title: "last budget", alignment: .right), .init("last_rate", title: "rate", alignment: .right),
                .init("forecast_executed", title: "forecast", alignment: .right), .init("executed_low", title: "low", alignment: .right),
                .init("executed_high", title: "high", alignment: .right),
                .init("recommended", alignment: .right), .init("change_pct", title: "change", alignment: .right),
                .init("explanation"), .init("adjustments"), .init("notes"),
            ])
            for row in rows {
                let record = run.records[row.project], f = row.forecast, shown = ShownForecast(f)
                listing.append([
                    .text(record.department), .text(record.unit), .text(record.name), .integer(row.year),
                    .money(row.input.lastBudget), .rate(row.input.lastRate),
                    .money(shown.executed), .money(shown.executedLow),
                    .money(shown.executedHigh), .money(row.recommendation.amount),
                    .rate(row.recommendation.change),
                    // The explanation names its rule; the scenario's part (growth, changes) is its last step and the
                    // adjustments column (the planner trial found the rule said twice, with and without "+ adjusted").
                    .text(say(row.recommendation.clauses) ?? ""), .text(say(row.adjustmentClauses)),
                    .text(say(f.notes) ?? ""),
                ])
            }
            text += "\n" + listing.reportText(shared: ["department", "unit"], trailing: ["explanation", "adjustments", "notes"],
                                              maxWidth: maxWidth)
        }
        return Report(name: "projects", text: text, table: table)
    }

    // MARK: review

    /// A request that named no project of the run.
    public struct UnmatchedRequest: Sendable {
        public var department: String, unit: String, project: String, year: Int, requested: Money, source: String
        /// Why it is listed, when not simply a project missing from the history.
        public var note: Clause?
        public init(department: String, unit: String, project: String, year: Int, requested: Money, source: String,
                    note: Clause? = nil) {
            self.note = note
            self.department = department
            self.unit = unit
            self.project = project
            self.year = year
            self.requested = requested
            self.source = source
        }
    }

    /// The columns of `budget review`'s CSV, in its order: one reviewer's table whichever command made it.
    public func review(unmatched: [UnmatchedRequest] = []) -> Report {
        var table = listing([
            .init("department"), .init("unit"), .init("project", minWidth: 16), .init("data_source"),
            .init("year", alignment: .right), .init("requested", alignment: .right), .init("recommended", alignment: .right),
            .init("at_stake", title: "at stake", alignment: .right),
            .init("budget_high", title: "high", alignment: .right), .init("last_budget", title: "last budget", alignment: .right),
            .init("last_executed", alignment: .right),
            .init("last_rate", title: "rate", alignment: .right), .init("change_pct", title: "change", alignment: .right),
            .init("verdict"), .init("reasons"),
        ])
        for row in run.rows {
            guard let requested = row.requested, let review = row.review else { continue }
            let record = run.records[row.project]
            table.append([
                .text(record.department), .text(record.unit), .text(record.name), .text(record.dataSource), .integer(row.year),
                .money(requested), .money(row.recommendation.amount), .money(requested - row.recommendation.amount),
                .money(row.reviewHigh.isFinite ? Money(rounding: row.reviewHigh) : nil),
                .money(row.input.lastBudget), .money(row.input.lastExecuted), .rate(row.input.lastRate), .rate(review.change),
                .word(review.verdict.rawValue), .text(say(review.reasonClauses) ?? ""),
            ])
        }
        for request in unmatched {
            table.append([.text(request.department), .text(request.unit), .text(request.project), .text(nil), .integer(request.year),
                          .money(request.requested), .money(nil), .money(nil), .money(nil), .money(nil), .money(nil), .rate(nil),
                          .rate(nil), .word(Verdict.query.rawValue),
                          .text(say([request.note ?? Clause(.reviewNotInHistory, ["source": .text(request.source)])]))])
        }
        var text = header("review")
        if table.rows.isEmpty {
            text += say(.reviewNoRequests, ["years": .text(yearsText)]) + "\n"
        } else {
            let verdict = table.columns.firstIndex { $0.key == "verdict" }!
            let counts = Dictionary(grouping: table.rows.map { Listing.textCell($0[verdict]) }, by: { $0 }).mapValues(\.count)
            func count(_ verdict: Verdict) -> Clause.Value { .number(String(counts[verdict.rawValue] ?? 0)) }
            text += say(.reviewIntro, ["years": .text(yearsText), "level": .text(percent(run.scenario.level)),
                                       "accept": count(.accept), "query": count(.query), "cut": count(.cut)]) + "\n\n"
            let shown = table.selecting(["unit", "project", "year", "requested", "recommended", "budget_high", "last_rate",
                                         "change_pct", "verdict", "reasons"])
            text += shown.reportText(shared: ["unit"], trailing: ["reasons"], maxWidth: maxWidth)
        }
        return Report(name: "review", text: text, table: table)
    }

    // MARK: checks

    public func checks(_ findings: [Finding]) -> Report {
        var table = listing(["unit", "project", "year", "severity", "material", "field", "message", "file", "line"].map { Listing.Column($0) })
        // Material findings (amounts may be wrong) first, as `budget check` lists them.
        let findings = findings.filter(\.material) + findings.filter { !$0.material }
        for finding in findings {
            table.append([.text(finding.unit), .text(finding.project), .integer(finding.year), .word(finding.severity.rawValue),
                          .integer(finding.material ? 1 : 0), finding.field.map { .word($0) } ?? .text(nil), .text(finding.message),
                          .text(finding.file),
                          .integer(finding.line)])
        }
        var text = header("checks")
        text += say(findings.count == 1 ? .checksIntroOne : .checksIntro, ["count": .number(String(findings.count))]) + "\n"
        let materialCount = findings.count { $0.material }
        for (part, heading) in [(findings.prefix(materialCount), Phrase.findingsMaterial), (findings.dropFirst(materialCount), .findingsOther)]
        where !part.isEmpty {
            if materialCount > 0 && materialCount < findings.count {
                text += "\n" + say(heading, ["count": .number(String(part.count))])
            }
            text += "\n" + FindingsText.render(part.map { ($0, nil) }, wording: wording)
        }
        return Report(name: "checks", text: text, table: table)
    }

    // MARK: backtest

    public func backtest() -> Report {
        var table = listing([
            .init("horizon", alignment: .right), .init("target"), .init("method"), .init("n", alignment: .right),
            .init("mae", alignment: .right), .init("mdape", alignment: .right), .init("mase", alignment: .right),
            .init("coverage", alignment: .right), .init("level", alignment: .right),
        ])
        var text = header("backtest")
        text += say(.backtestIntro, ["level": .text(percent(run.scenario.level))]) + "\n"
        for (h, forecaster) in zip(1..., run.forecasters) {
            let record = forecaster.record
            var listing = listing(Array(table.columns.dropFirst()))
            if !record.cases.isEmpty {
                for row in Forecasting.Backtest(record).rows {
                    let mae: Listing.Cell = row.target == .rate ? .decimal(row.mae, digits: 4) : .decimal(row.mae, digits: 2)
                    let cells: [Listing.Cell] = [.word(row.target.rawValue), .text(wording.backtestMethod(row.target, row.method)), .integer(row.n), mae,
                                                 .rate(row.mdape), .decimal(row.mase, digits: 3), .rate(row.coverage),
                                                 .decimal(row.level, digits: 2)]
                    listing.append(cells)
                    table.append([.integer(h)] + cells)
                }
            }
            text += "\n" + say(h == 1 ? .backtestHorizonOne : .backtestHorizon, ["h": .number(String(h)), "year": .year(forecaster.year)])
            if record.cases.isEmpty {
                text += say(.backtestNoCases, ["min": .number(String(forecaster.settings.minimumHistory)), "h": .number(String(h))]) + "\n"
            } else {
                text += say(.backtestCases, ["count": .number(String(record.cases.count)), "first": .year(record.origins.first!),
                                             "last": .year(record.origins.last!)]) + "\n"
                text += listing.text(maxWidth: maxWidth)
            }
        }
        return Report(name: "backtest", text: text, table: table)
    }


    func percent(_ level: Double) -> String { "\(Int((level * 100).rounded()))%" }
}

extension Wording {
    /// A backtest row's method in the language: a model's name, or `budget-model × rate-model` for an executed
    /// pair (``Backtest`` names its rows so).
    public func backtestMethod(_ target: Target, _ method: String) -> String {
        let parts = method.components(separatedBy: " × ")
        if target == .executed, parts.count == 2 { return self.method(budgetModel: parts[0], rateModel: parts[1]) }
        return model(target.rawValue, method)
    }
}
