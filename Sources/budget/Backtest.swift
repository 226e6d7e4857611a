import ArgumentParser
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
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var panelOptions: PanelOptions

        @Option(help: "Years ahead: each case forecasts year t from the data through t − horizon (1–5).")
        var horizon: Int = 1

        @Option(help: "First year to score (default: the first year with a case).")
        var from: Int?

        @Option(help: "Output format: text, csv or json.")
        var format: OutputFormat = .text

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
                guard !run.cases.isEmpty else {
                    throw ForecastingError.noData("no project has \(panelOptions.settings.minimumHistory) closed years before a closed year: nothing to backtest")
                }
                let backtest = Forecasting.Backtest(run, from: from)
                if format == .text {
                    print("Backtest\(horizon > 1 ? " \(horizon) years ahead" : ""): \(input.panel.series.count) projects, origins \(run.origins.first!)–\(run.origins.last!), scored from \(backtest.from); \(run.cases.filter { $0.year >= backtest.from }.count) cases; level \(panelOptions.level)")
                }
                var listing = Listing(columns: [
                    .init("target"), .init("method"), .init("n", alignment: .right),
                    .init("mae", alignment: .right), .init("mdape", alignment: .right), .init("mase", alignment: .right),
                    .init("coverage", alignment: .right), .init("level", alignment: .right),
                ])
                for row in backtest.rows {
                    let mae: Listing.Cell = row.target == .rate ? .decimal(row.mae, digits: 4) : .decimal(row.mae, digits: 2)
                    listing.append([.text(row.target.rawValue), .text(row.method), .integer(row.n), mae,
                                    .rate(row.mdape), .decimal(row.mase, digits: 3), .rate(row.coverage),
                                    .decimal(row.level, digits: 2)])
                }
                try emit(listing, format: format)
            }
        }
    }
}
