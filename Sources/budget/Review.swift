import ArgumentParser
import BudgetCore
import Forecasting
import Import
import Reports
import Store

extension Budget {
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Review requested amounts: accept, query or cut, with the reasons.",
            discussion: """
                Reviews the declarations (绩效目标申报表) stored for --year (default: the latest year with \
                declarations), or the requests in --requests FILE (CSV, or an .xlsx workbook read sheet by sheet), with the columns unit, project, year, \
                requested (Chinese headers accepted: 实施单位, 项目名称, 年度, 项目当年预算/申请金额; department \
                optional). Verdicts: accept (within the recommendation); query (above the recommendation but \
                inside the forecast interval, or an increase after execution below 60% that the recommendation \
                allows); cut (above the interval, or such an increase above the recommendation). Rows are sorted \
                by the money at stake (requested − recommended, largest first; --sort to change), and the text \
                view ends with the totals per unit, per department and overall.

                Examples:
                  budget review --requests Scenarios/requests-2024.csv
                  budget review --requests 申报数.csv --format csv > 审核.csv
                  budget review --requests 申报汇总.csv --header-row 4   # rows 1–3: a title
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var panelOptions: PanelOptions
        @OptionGroup var rulesOptions: RulesOptions

        @Option(help: "The year whose stored declarations to review (default: the latest year with declarations).")
        var year: Int?

        @Option(help: ArgumentHelp("A CSV of requests to review instead of the stored declarations.", valueName: "FILE"))
        var requests: String?

        @Flag(name: .customLong("skip-invalid"), help: "With --requests: leave out the rows in error (each listed on standard error) and review the others.")
        var skipInvalid = false

        /// `--header-row`, `--sheet`: with --requests.
        @OptionGroup var table: TableOptions

        @Option(help: "Row order: stake (requested − recommended, largest first), name (department, unit, project), verdict (cut, query, accept; then stake) or requested (largest first).")
        var sort: ReviewOrder = .stake

        @Option(help: "Output format: text, csv, json or xlsx (a workbook: redirect it to a file).")
        var format: OutputFormat = .text

        @OptionGroup var presentationOptions: PresentationOptions

        enum ReviewOrder: String, ExpressibleByArgument, CaseIterable {
            case stake, name, verdict, requested
        }

        /// One reviewed request, as listed.
        struct Row {
            /// The matched project's data source; nil for a request not in the store.
            var dataSource: String? = nil
            let department: String?
            let unit: String?
            let project: String
            let year: Int
            let requested: Money
            let recommended: Money?
            let budgetHigh: Money?
            let lastBudget: Money?
            let lastExecuted: Money?
            let lastRate: Double?
            let change: Double?
            let verdict: Verdict
            let reasons: [Clause]
            /// requested − recommended; nil when the request could not be judged (no recommendation).
            var stake: Money? { recommended.map { requested - $0 } }
        }

        /// One request located in a planning run (or not found in the store: then the projects of the same name
        /// in other units, or the several it could be, for the reason).
        struct Item {
            var request: Request
            var index: Int?
            var sameName: [ProjectRef] = []
            /// The request matches several projects (`sameName`), not none.
            var ambiguous = false
        }

        func validate() throws {
            if table.headerRow != nil && requests == nil { throw ValidationError("--header-row goes with --requests FILE") }
            if table.sheet != nil && requests == nil { throw ValidationError("--sheet goes with --requests FILE") }
        }

        func run() throws {
            let presentation = presentationOptions.presentation
            let wording = Wording.of(presentation.language)
            let rules = try rulesOptions.load()
            let file = try requests.map { path in
                try withExitCodes { try RequestReader.read(path: path, options: .init(skipInvalid: skipInvalid, headerRow: table.headerRow, sheet: table.sheet)) }
            }
            for note in file?.notes ?? [] { printError("\(note)") }
            for row in file?.skipped ?? [] { printError("skipped: \(row)") }
            let fileRequests = file?.requests
            var plans: [Int: PlanningRun] = [:]
            var items: [Item] = []
            try withStore(store) { opened in
                try withExitCodes {
                    if let fileRequests {
                        for year in Set(fileRequests.map(\.year)).sorted() {
                            plans[year] = try PlanningRun(store: opened, options: panelOptions, year: year)
                        }
                        for request in fileRequests {
                            let plan = plans[request.year]!
                            let found = try opened.findProjects(named: request.project, unit: request.unit, department: request.department)
                            let ids = Set(found.map(\.id))
                            let index = ids.count == 1 ? plan.input.records.firstIndex { ids.contains($0.id) } : nil
                            let sameName = ids.count > 1 ? found : ids.isEmpty ? try opened.findProjects(named: request.project) : []
                            items.append(Item(request: request, index: index, sameName: sameName, ambiguous: ids.count > 1))
                        }
                    } else {
                        let input = try ForecastInput.load(opened, panelOptions)
                        let declared = input.selected.map { input.records[$0] }.flatMap { r in r.years.compactMap { $0.requested != nil ? $0.year : nil } }
                        guard let year = year ?? declared.max() else {
                            throw ForecastingError.noData("no declarations in the store to review: import 绩效目标申报表 forms, or give --requests FILE")
                        }
                        let plan = try PlanningRun(store: opened, options: panelOptions, year: year)
                        plans[year] = plan
                        for i in plan.input.selected {
                            let record = plan.input.records[i]
                            guard let requested = plan.storedRequest(i) else { continue }
                            items.append(Item(request: Request(department: record.department, unit: record.unit,
                                                               project: record.name, year: year, requested: requested, line: 0),
                                              index: i))
                        }
                        if items.isEmpty { throw ForecastingError.noData("no declarations for \(year) in the selection") }
                    }
                }
            }
            let recommender = Recommender(rules: rules)
            let reviewer = Reviewer(rules: rules)
            if format == .text {
                for plan in plans.values.sorted(by: { $0.year < $1.year }) { printProse(plan.header(in: wording), maxWidth: presentationOptions.tableWidth) }
                printProse(wording.text(.rulesLine, ["rules": .text(wording.text([rules.summary], unit: presentation.unit))], unit: presentation.unit),
                           maxWidth: presentationOptions.tableWidth)
            }
            var rows: [Row] = []
            for item in items {
                let request = item.request
                guard let index = item.index, let plan = plans[request.year] else {
                    rows.append(Row(department: request.department, unit: request.unit, project: request.project, year: request.year,
                                    requested: request.requested, recommended: nil, budgetHigh: nil, lastBudget: nil, lastExecuted: nil,
                                    lastRate: nil, change: nil, verdict: .query, reasons: [Self.notFound(item)]))
                    continue
                }
                let s = plan.input.panel.series[index]
                let input = plan.recommendationInput(index, requested: request.requested)
                let recommendation = recommender.recommend(input)
                let forecast = plan.forecasts[index]
                let review = reviewer.review(requested: request.requested, input: input, recommendation: recommendation,
                                             budgetHigh: forecast.isNew ? .nan : forecast.budgetHigh, level: plan.forecaster.settings.level)
                rows.append(Row(dataSource: s.dataSource, department: s.department, unit: s.unit, project: s.name, year: request.year, requested: request.requested,
                                recommended: recommendation.amount, budgetHigh: forecast.isNew ? nil : Money(rounding: forecast.budgetHigh),
                                lastBudget: input.lastBudget, lastExecuted: input.lastExecuted, lastRate: input.lastRate,
                                change: review.change, verdict: review.verdict, reasons: review.reasonClauses))
            }
            rows = Self.sorted(rows, by: sort)
            var listing = Listing(columns: [
                .init("department", minWidth: 6), .init("unit", minWidth: 8), .init("project", minWidth: 16),
                .init("data_source"), .init("year", alignment: .right), .init("requested", alignment: .right),
                .init("recommended", alignment: .right), .init("at_stake", title: "at stake", alignment: .right),
                .init("budget_high", alignment: .right),
                .init("last_budget", alignment: .right), .init("last_executed", alignment: .right),
                .init("last_rate", title: "rate", alignment: .right, droppable: true),
                .init("change_pct", title: "change", alignment: .right, droppable: true),
                .init("verdict"), .init("reasons", minWidth: 30),
            ])
            for row in rows {
                listing.append([
                    .text(row.department), .text(row.unit), .text(row.project), .text(row.dataSource), .integer(row.year),
                    .money(row.requested),
                    .money(row.recommended), .money(row.stake), .money(row.budgetHigh), .money(row.lastBudget),
                    .money(row.lastExecuted), .rate(row.lastRate), .rate(row.change), .word(row.verdict.rawValue),
                    .text(wording.text(row.reasons, unit: presentation.unit)),
                ])
            }
            if format == .text {
                for line in Self.summaryLines(rows, wording: wording, unit: presentation.unit) { printProse(line, maxWidth: presentationOptions.tableWidth) }
            }
            // The text view keeps what a reviewer decides on (the verdict must never be cut); CSV and JSON keep all.
            let shown = format == .text
                ? listing.selecting(["department", "unit", "project", "year", "requested", "recommended", "at_stake", "last_rate",
                                     "change_pct", "verdict", "reasons"])
                : listing
            try emitReport(shown, format: format, presentation: presentation, maxWidth: presentationOptions.tableWidth,
                           shared: ["department", "unit", "year"], trailing: ["reasons"])
            if format == .text {
                print("\n" + Self.totals(rows, presentation: presentation).text(maxWidth: presentationOptions.tableWidth), terminator: "")
            }
        }

        /// Why a request has no project to be judged by: a new project, a name found only under other units, or
        /// a name several projects share.
        static func notFound(_ item: Item) -> Clause {
            let line: Clause.Value = .number(String(item.request.line))
            guard !item.sameName.isEmpty else { return Clause(.reviewNotInStore, ["line": line]) }
            // A common name (San Diego's `Personnel`) is in ~90 units: the first three and how many more.
            let names = Array(Set(item.sameName.map { $0.unit.isEmpty ? $0.department : $0.unit })).sorted()
            let units = Clause.Value.text(names.prefix(3).joined(separator: ", ") + (names.count > 3 ? " (+\(names.count - 3))" : ""))
            return item.ambiguous
                ? Clause(.reviewNameAmbiguous, ["line": line, "count": .number(String(item.sameName.count)), "units": units])
                : Clause(.reviewNameElsewhere, ["line": line, "units": units])
        }

        /// The rows in the order asked for; ties keep the order of the requests.
        static func sorted(_ rows: [Row], by order: ReviewOrder) -> [Row] {
            let stakeFirst: (Row, Row) -> Bool = { a, b in
                switch (a.stake, b.stake) {
                case let (x?, y?): x > y
                case (_?, nil): true
                default: false
                }
            }
            let indexed = Array(rows.enumerated())
            let sorted = indexed.sorted { a, b in
                let (x, y) = (a.element, b.element)
                switch order {
                case .stake:
                    if stakeFirst(x, y) != stakeFirst(y, x) { return stakeFirst(x, y) }
                case .requested:
                    if x.requested != y.requested { return x.requested > y.requested }
                case .verdict:
                    let rank: (Verdict) -> Int = { [.cut: 0, .query: 1, .accept: 2][$0]! }
                    if rank(x.verdict) != rank(y.verdict) { return rank(x.verdict) < rank(y.verdict) }
                    if stakeFirst(x, y) != stakeFirst(y, x) { return stakeFirst(x, y) }
                case .name:
                    let kx = [x.department ?? "", x.unit ?? "", x.project], ky = [y.department ?? "", y.unit ?? "", y.project]
                    if kx != ky { return kx.lexicographicallyPrecedes(ky) }
                }
                return a.offset < b.offset
            }
            return sorted.map(\.element)
        }

        /// The data sources of the rows in order of first appearance, when the requests found in the store
        /// belong to several (their amounts may be in different currencies and are never added together); then
        /// the requests not in the store form a group of their own, "". Nil with one source or none.
        static func severalSources(_ rows: [Row]) -> [String]? {
            var seen: [String] = []
            for row in rows where !seen.contains(row.dataSource ?? "") { seen.append(row.dataSource ?? "") }
            return seen.filter { !$0.isEmpty }.count > 1 ? seen : nil
        }

        /// "N requests: requested X, recommended Y, at stake Z (requested − recommended, over the M judged); verdicts";
        /// with several data sources, one such line per source ("source: …") and a sentence that there is no
        /// grand total.
        static func summaryLines(_ rows: [Row], wording: Wording = .english, unit: AmountUnit = .yuan) -> [String] {
            guard let sources = severalSources(rows) else { return [summaryLine(rows, wording: wording, unit: unit)] }
            let lines = sources.map { source in
                (source.isEmpty ? wording.word("not in the store") : source) + (wording.language == .zh ? "：" : ": ")
                    + summaryLine(rows.filter { ($0.dataSource ?? "") == source }, wording: wording, unit: unit)
            }
            let count = sources.filter { !$0.isEmpty }.count
            return lines + [wording.text(.summarySeveralSources, ["count": .number(String(count))], unit: unit)]
        }

        static func summaryLine(_ rows: [Row], wording: Wording = .english, unit: AmountUnit = .yuan) -> String {
            let judged = rows.filter { $0.recommended != nil }
            func count(_ verdict: Verdict) -> Clause.Value { .number(String(rows.filter { $0.verdict == verdict }.count)) }
            let partial = judged.count == rows.count ? "" : wording.text(.reviewSummaryPartial, [
                "judged": .number(String(judged.count)), "missing": .number(String(rows.count - judged.count))], unit: unit)
            return wording.text(.reviewSummary, [
                "count": .number(String(rows.count)), "requests": .text(rows.count == 1 ? "request" : "requests"),
                "requested": .money(rows.map(\.requested).sum()), "recommended": .money(judged.compactMap(\.recommended).sum()),
                "stake": .money(judged.compactMap(\.stake).sum()), "partial": .text(partial),
                "accept": count(.accept), "query": count(.query), "cut": count(.cut)], unit: unit)
        }

        /// Totals per unit, per department and overall: requests, requested, recommended and at stake (over
        /// the judged requests), and the verdicts; when some requests could not be judged (not in the store), a
        /// `not judged` column holds what they request, so that requested − not judged − recommended = at stake; departments by the money at stake, largest first. With
        /// several data sources, each source's departments end in that source's total and there is no grand
        /// total (amounts of two jurisdictions are not added).
        static func totals(_ rows: [Row], presentation: Presentation = .standard) -> Listing {
            struct Sums {
                var count = 0, requested = Money.zero, unjudged = Money.zero, recommended = Money.zero, stake = Money.zero
                var verdicts: [Verdict: Int] = [:]
                mutating func add(_ row: Row) {
                    count += 1
                    requested += row.requested
                    if let r = row.recommended, let s = row.stake { recommended += r; stake += s } else { unjudged += row.requested }
                    verdicts[row.verdict, default: 0] += 1
                }
            }
            let wording = Wording.of(presentation.language)
            let someUnjudged = rows.contains { $0.recommended == nil }
            var listing = Listing(columns: [
                .init("totals_group", title: "totals: department / unit", minWidth: 12), .init("requests", alignment: .right),
                .init("requested", alignment: .right)]
                + (someUnjudged ? [.init("not_judged", title: "not judged", alignment: .right)] : []) + [
                .init("recommended", alignment: .right),
                .init("at_stake", title: "at stake", alignment: .right), .init("accept", alignment: .right),
                .init("query", alignment: .right), .init("cut", alignment: .right),
            ], presentation: presentation)
            func append(_ name: Listing.Cell, _ sums: Sums) {
                listing.append([name, .integer(sums.count), .money(sums.requested)] + (someUnjudged ? [.money(sums.unjudged)] : [])
                               + [.money(sums.recommended), .money(sums.stake), .integer(sums.verdicts[.accept] ?? 0),
                                  .integer(sums.verdicts[.query] ?? 0), .integer(sums.verdicts[.cut] ?? 0)])
            }
            let sources = severalSources(rows)
            for source in sources ?? [""] {
                var departments: [String: Sums] = [:], units: [String: [String: Sums]] = [:], all = Sums()
                for row in rows where sources == nil || (row.dataSource ?? "") == source {
                    let department = row.department ?? "", unit = row.unit ?? ""
                    departments[department, default: Sums()].add(row)
                    units[department, default: [:]][unit, default: Sums()].add(row)
                    all.add(row)
                }
                for (department, sums) in departments.sorted(by: { ($1.value.stake, $0.key) < ($0.value.stake, $1.key) }) {
                    append(department.isEmpty ? .word("(no department)") : .text(department), sums)
                    for (unit, unitSums) in units[department]!.sorted(by: { ($1.value.stake, $0.key) < ($0.value.stake, $1.key) }) {
                        append(.text("  " + (unit.isEmpty ? wording.word("(no unit)") : unit)), unitSums)
                    }
                }
                if sources == nil {
                    append(.word("total"), all)
                } else {
                    let name = source.isEmpty ? wording.word("not in the store") : source
                    append(.text(wording.text(.summaryTotalOfSource, ["source": .text(name)], unit: presentation.unit)), all)
                }
            }
            return listing
        }
    }
}
