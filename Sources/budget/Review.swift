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
                declarations), or the requests in --requests FILE, a CSV with the columns unit, project, year, \
                requested (Chinese headers accepted: 实施单位, 项目名称, 年度, 项目当年预算/申请金额; department \
                optional). Verdicts: accept (within the recommendation); query (above the recommendation but \
                inside the forecast interval); cut (above the interval, or an increase after execution below 60%).

                Examples:
                  budget review --requests Scenarios/requests-2024.csv
                  budget review --requests 申报数.csv --format csv > 审核.csv
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var panelOptions: PanelOptions
        @OptionGroup var rulesOptions: RulesOptions

        @Option(help: "The year whose stored declarations to review (default: the latest year with declarations).")
        var year: Int?

        @Option(help: ArgumentHelp("A CSV of requests to review instead of the stored declarations.", valueName: "FILE"))
        var requests: String?

        @Option(help: "Output format: text, csv or json.")
        var format: OutputFormat = .text

        /// One request located in a planning run (or not found in the store).
        struct Item {
            var request: Request
            var index: Int?
        }

        func run() throws {
            let rules = try rulesOptions.load()
            let fileRequests: [Request]? = try requests.map { path in try withExitCodes { try RequestReader.read(path: path) } }
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
                            let found = try opened.findProjects(named: request.project, unit: request.unit)
                            let ids = Set(found.map(\.id))
                            let index = ids.count == 1 ? plan.input.records.firstIndex { ids.contains($0.id) } : nil
                            items.append(Item(request: request, index: index))
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
                for plan in plans.values.sorted(by: { $0.year < $1.year }) { print(plan.header) }
                print("Rules: \(rules.description)")
            }
            var listing = Listing(columns: [
                .init("department", minWidth: 6), .init("unit", minWidth: 8), .init("project", minWidth: 16),
                .init("year", alignment: .right), .init("requested", alignment: .right),
                .init("recommended", alignment: .right), .init("budget_high", alignment: .right),
                .init("last_budget", alignment: .right), .init("last_executed", alignment: .right),
                .init("last_rate", title: "rate", alignment: .right), .init("change_pct", title: "change", alignment: .right),
                .init("verdict"), .init("reasons", minWidth: 30),
            ])
            for item in items {
                let request = item.request
                guard let index = item.index, let plan = plans[request.year] else {
                    listing.append([.text(request.department), .text(request.unit), .text(request.project), .integer(request.year),
                                    .money(request.requested), .money(nil), .money(nil), .money(nil), .money(nil), .rate(nil),
                                    .rate(nil), .text(Verdict.query.rawValue),
                                    .text("not in the store (line \(request.line)): a new project with no record to judge by")])
                    continue
                }
                let s = plan.input.panel.series[index]
                let input = plan.recommendationInput(index, requested: request.requested)
                let recommendation = recommender.recommend(input)
                let forecast = plan.forecasts[index]
                let review = reviewer.review(requested: request.requested, input: input, recommendation: recommendation,
                                             budgetHigh: forecast.isNew ? .nan : forecast.budgetHigh, level: plan.forecaster.settings.level)
                listing.append([
                    .text(s.department), .text(s.unit), .text(s.name), .integer(request.year), .money(request.requested),
                    .money(recommendation.amount), .money(forecast.isNew ? nil : Money(rounding: forecast.budgetHigh)),
                    .money(input.lastBudget), .money(input.lastExecuted),
                    .rate(input.lastRate),
                    .rate(review.change), .text(review.verdict.rawValue), .text(review.reasons.joined(separator: "; ")),
                ])
            }
            try emitReport(listing, format: format, trailing: ["reasons"])
        }
    }
}
