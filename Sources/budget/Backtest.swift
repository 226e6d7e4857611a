import ArgumentParser
import BudgetCore
import Foundation
import Forecasting
import Reports

extension Budget {
    struct Backtest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rolling-origin backtest of the forecasting models: accuracy and interval coverage.",
            discussion: """
                For each year t with at least two earlier closed years, every model is fitted on the years \
                before t and forecasts t. Rows: every model per target (budget, rate, executed), the naive \
                baselines (last budget, last rate, last executed, mean rate) and `selected`, the engine's own \
                choice per peer group made from earlier years only (the figure users get). MAE is in 元 (rate \
                in points); MdAPE leaves out zero actuals; MASE = Σ|error| ÷ Σ|naive error| on the same cases \
                (below 1 beats the naive); coverage = share of outcomes inside the interval at --level.

                Examples:
                  budget backtest --project Personnel --project Non-Personnel
                  budget backtest --horizon 2 --cases cases.csv
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var panelOptions: PanelOptions

        @Option(help: "Years ahead: each case forecasts year t from the data through t − horizon (1–5).")
        var horizon: Int = 1

        @Option(help: "First year to score (default: the first year with a case).")
        var from: Int?

        @Option(help: "Output format: text, csv, json or xlsx (a workbook: redirect it to a file).")
        var format: OutputFormat = .text

        @Option(name: .customLong("cases"), help: ArgumentHelp("Also write every scored case of the executed amount to this CSV file: the project, origin, year, horizon, actual and naive amounts, each executed candidate's forecast and interval, and the selected one (a candidate, or a blend such as mean(growth, combination): the mean of those columns).", valueName: "FILE.csv"))
        var casesFile: String?

        @OptionGroup var presentationOptions: PresentationOptions

        func validate() throws {
            guard (1...5).contains(horizon) else { throw ValidationError("--horizon must be 1 to 5 years") }
        }

        func run() throws {
            let input = try withStore(store) { try ForecastInput.load($0, panelOptions) }
            try withExitCodes {
                guard let last = input.lastClosedYear else {
                    throw ForecastingError.noData("no closed year in the selection: nothing to backtest")
                }
                let run = try RollingOrigin(panel: input.panel, settings: panelOptions.settings, through: last, horizon: horizon)
                let selected = Set(input.selected)
                guard run.cases.contains(where: { selected.contains(Int($0.series)) }) else {
                    throw ForecastingError.noData("no project has \(panelOptions.settings.minimumHistory) closed years before a closed year: nothing to backtest")
                }
                let backtest = Forecasting.Backtest(run, from: from, series: selected)
                let presentation = presentationOptions.presentation
                let wording = Wording.of(presentation.language)
                func say(_ phrase: Phrase, _ values: [String: Clause.Value]) -> String {
                    wording.text(phrase, values, unit: presentation.unit)
                }
                if format == .text {
                    let ahead = horizon > 1 ? say(.backtestAhead, ["horizon": .number(String(horizon))]) : ""
                    printProse(say(.backtestHeader, [
                        "ahead": .text(ahead), "selected": .number(String(input.selected.count)),
                        "peers": .number(String(input.panel.series.count)), "first": .year(run.origins.first!),
                        "last": .year(run.origins.last!), "from": .year(backtest.from),
                        "cases": .number(String(backtest.scored.count)), "level": .number("\(panelOptions.level)"),
                    ]), maxWidth: presentationOptions.tableWidth)
                }
                var listing = Listing(columns: [
                    .init("target", term: "backtest_target"), .init("method"), .init("n", alignment: .right, term: "cases"),
                    .init("mae", alignment: .right), .init("mdape", alignment: .right), .init("mase", alignment: .right),
                    .init("coverage", alignment: .right), .init("level", alignment: .right),
                ])
                // The mean absolute error of amounts: a plain number in English and 元 (as it always was), else an
                // amount, so that its heading names the unit and 万元 applies.
                let maeAsAmount = presentation.language != .en || presentation.unit != .yuan
                for row in backtest.rows {
                    let mae: Listing.Cell = row.target == .rate ? .decimal(row.mae, digits: 4)
                        : maeAsAmount ? .money(row.mae.isFinite ? Money(rounding: row.mae) : nil) : .decimal(row.mae, digits: 2)
                    listing.append([.word(row.target.rawValue), .text(wording.backtestMethod(row.target, row.method)),
                                    .integer(row.n), mae,
                                    .rate(row.mdape), .decimal(row.mase, digits: 3), .rate(row.coverage),
                                    .decimal(row.level, digits: 2)])
                }
                try emit(listing, format: format, presentation: presentation, maxWidth: presentationOptions.tableWidth)
                if let casesFile {
                    try writeCases(backtest, panel: input.panel, to: casesFile)
                    if format == .text {
                        print("")
                        printProse(say(.backtestCasesWritten, ["count": .number(String(backtest.scored.count)), "file": .text(casesFile)]),
                                   maxWidth: presentationOptions.tableWidth)
                    }
                }
            }
        }

        /// Every scored case as CSV (UTF-8 with BOM, RFC 4180), written to a temporary file and moved into
        /// place, so a failure leaves an existing file as it was.
        private func writeCases(_ backtest: Forecasting.Backtest, panel: Panel, to path: String) throws {
            let run = backtest.run
            let methods = run.settings.executedMethods
            var header = ["data_source", "department", "unit", "project", "origin", "year", "horizon", "actual", "naive"]
            for method in methods { header += [method, method + "_low", method + "_high"] }
            header += ["selected_method", "selected", "selected_low", "selected_high"]
            func amount(_ value: Double) -> String { value.isFinite ? String(format: "%.2f", value) : "" }
            var rows: [[String]] = []
            rows.reserveCapacity(backtest.scored.count)
            for (k, c) in backtest.scored.enumerated() {
                let item = run.cases[c]
                let s = panel.series[Int(item.series)]
                var row = [s.dataSource, s.department, s.unit, s.name, String(item.year - run.horizon), String(item.year),
                           String(run.horizon), amount(item.executed), amount(item.lastExecuted)]
                for x in methods.indices {
                    let interval = backtest.executedInterval(scoredCase: k, method: x)
                    row += [amount(run.executedForecast(case: c, model: x)), amount(interval.low), amount(interval.high)]
                }
                let selected = backtest.selectedForecast(scoredCase: k)
                row += [run.selections[c].executedBlend.name(run.settings), amount(selected.forecast),
                        amount(selected.low), amount(selected.high)]
                rows.append(row)
            }
            let data = try CSVWriter.data(header: header, rows: rows, encoding: .utf8(bom: true))
            try withOutputErrors { try OutputFile.write(data, to: path) }
        }
    }
}
