import ArgumentParser
import BudgetCore
import Forecasting
import Reports

extension Budget {
    struct Forecast: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forecast next year's budget, execution rate and executed amount for every project, with intervals.",
            discussion: """
                Models are fitted on every year before --year (default: the year after the last closed year). \
                For each peer group the rolling-origin backtest of the earlier years chooses the budget and \
                rate models (named in the method column, budget × rate); intervals at --level come from the \
                empirical distribution of those out-of-sample errors, not from a normal assumption. \
                Exceptional years (--exclude-year, or marked with `budget exceptional`) are left out of fitting \
                and named in the notes; open years are never read as executed. A project with no history gets \
                its peers' rate and its request (or 0) as budget, flagged in the notes.

                Examples:
                  budget forecast --department 深圳市商务局
                  budget forecast --year 2022 --format csv > forecast.csv
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var panelOptions: PanelOptions

        @Option(help: "The year to forecast (default: the year after the last closed year).")
        var year: Int?

        @Option(help: "Output format: text, csv, json or xlsx (a workbook: redirect it to a file).")
        var format: OutputFormat = .text

        @OptionGroup var presentationOptions: PresentationOptions

        func run() throws {
            let plan = try withStore(store) { opened in try withExitCodes { try PlanningRun(store: opened, options: panelOptions, year: year) } }
            if format == .text {
                printProse(plan.header(in: Wording.of(presentationOptions.presentation.language)), maxWidth: presentationOptions.tableWidth)
            } else {
                plan.reportStaleLeftOut()
            }
            // The text view keeps the forecast and its executed interval; at a narrow width the method, the budget's
            // and rate's intervals and the history's length are left out first (a line says which; CSV keeps all).
            var listing = Listing(columns: [
                .init("department", minWidth: 6), .init("unit", minWidth: 8), .init("project", minWidth: 16),
                .init("year", alignment: .right), .init("method", minWidth: 10, droppable: true),
                .init("budget", alignment: .right), .init("budget_low", title: "low", alignment: .right, droppable: true),
                .init("budget_high", title: "high", alignment: .right, droppable: true),
                .init("execution_rate", title: "rate", alignment: .right),
                .init("execution_rate_low", title: "low", alignment: .right, droppable: true),
                .init("execution_rate_high", title: "high", alignment: .right, droppable: true),
                .init("executed", alignment: .right), .init("executed_low", title: "low", alignment: .right),
                .init("executed_high", title: "high", alignment: .right), .init("executed_method", title: "by", droppable: true),
                .init("history_years", title: "years", alignment: .right, droppable: true), .init("notes", minWidth: 10),
            ])
            let wording = Wording.of(presentationOptions.presentation.language)
            for forecast in plan.selectedForecasts {
                let s = plan.input.panel.series[forecast.series]
                listing.append([
                    .text(s.department), .text(s.unit), .text(s.name), .integer(forecast.year),
                    .text(wording.method(budgetModel: forecast.budgetModel, rateModel: forecast.rateModel)),
                    .money(Money(rounding: forecast.budget)), .money(Money(rounding: forecast.budgetLow)),
                    .money(Money(rounding: forecast.budgetHigh)),
                    .rate(forecast.shownRate.rate), .rate(forecast.shownRate.low), .rate(forecast.shownRate.high),
                    .money(Money(rounding: forecast.executed)), .money(Money(rounding: forecast.executedLow)),
                    .money(Money(rounding: forecast.executedHigh)), .text(wording.executedMethod(forecast.executedModels)),
                    .integer(forecast.historyYears), .text(wording.text(forecast.notes, unit: presentationOptions.presentation.unit)),
                ])
            }
            try emitReport(listing, format: format, presentation: presentationOptions.presentation,
                           maxWidth: presentationOptions.tableWidth, shared: ["department", "unit", "year"], trailing: ["notes"])
        }
    }
}
