/// One project's forecast for a year, with intervals at the run's level and the method that made it.
public struct ProjectForecast: Sendable {
    /// Index of the project in the panel.
    public var series: Int
    public var year: Int
    /// `budget-model × rate-model`, or what stood in for a model (`set`, `request`, `peers`).
    public var method: String
    public var budget: Double
    public var budgetLow: Double
    public var budgetHigh: Double
    public var rate: Double
    public var rateLow: Double
    public var rateHigh: Double
    public var executed: Double
    public var executedLow: Double
    public var executedHigh: Double
    /// Closed years the forecast learned from.
    public var historyYears: Int
    /// Plain-words remarks: short or no history, exceptional years left out, a budget already set, how
    /// the model was chosen.
    public var notes: [String]
    /// True when the project has no usable history (new project): the budget is its request or 0.
    public var isNew: Bool
}

/// Forecasts a year for every project of a panel: models fitted on every year before it, the model chosen
/// per peer group by the rolling-origin record of the earlier years (``RollingOrigin``), intervals from
/// that record's out-of-sample errors (``EmpiricalInterval``).
public struct Forecaster: Sendable {
    public let panel: Panel
    public let settings: ForecastSettings
    public let year: Int
    /// The rolling-origin record of the years before ``year``.
    public let record: RollingOrigin
    let fitted: FittedModels

    public init(panel: Panel, year: Int, settings: ForecastSettings = ForecastSettings()) throws {
        self.panel = panel
        self.settings = settings
        self.year = year
        record = try RollingOrigin(panel: panel, settings: settings, through: year - 1)
        fitted = try record.fitModels(before: year)
    }

    /// The fitted models' summaries (for the report header).
    public var modelSummaries: [(name: String, target: Target, summary: String)] {
        (fitted.budget + fitted.rate).map { ($0.name, $0.target, $0.summary) }
    }

    /// Forecasts every project. `requests[i]` is project i's request for ``year`` (used as the budget of
    /// a project with no history).
    public func forecastAll(requests: [Int: Double] = [:]) -> [ProjectForecast] {
        let cases = record.cases
        let origin = Int32(record.origins.count)
        let selectedBudget = cases.indices.map { record.budgetForecast(case: $0, model: record.selections[$0].budgetModel) }
        let selectedRate = cases.indices.map { record.rateForecast(case: $0, model: record.selections[$0].rateModel) }
        func calibrator(_ target: Target, _ forecasts: [Double], _ actual: (BacktestCase) -> Double) -> EmpiricalInterval {
            let scale = ErrorScale(target)
            let errors = cases.indices.map { scale.error(forecast: forecasts[$0], actual: actual(cases[$0])) }
            return EmpiricalInterval(panel: panel, cases: cases, errors: errors, level: settings.level,
                                     minimumCases: settings.minimumCalibrationCases)
        }
        var budgetIntervals = calibrator(.budget, selectedBudget) { $0.budget }
        var rateIntervals = calibrator(.rate, selectedRate) { $0.rate }
        var executedIntervals = calibrator(.executed, zip(selectedBudget, selectedRate).map(*)) { $0.executed }

        var results: [ProjectForecast] = []
        results.reserveCapacity(panel.series.count)
        for i in panel.series.indices {
            let s = panel.series[i]
            let history = s.history(before: year)
            let rated = history.ratedCount
            var notes: [String] = []
            let selection = record.select(series: i)
            var (budgets, rates) = RollingOrigin.forecasts(fitted, panel: panel, series: i, year: year)
            var budgetModel = settings.budgetModels[selection.budgetModel].name
            var rateModel = settings.rateModels[selection.rateModel].name
            var budget = budgets[selection.budgetModel]
            var rate = rates[selection.rateModel]
            if rated < settings.minimumHistory {
                // Too short for the backtest's choice: the peers speak (empirical Bayes) for the rate.
                let shrunk = settings.rateModels.firstIndex { $0.name == "shrunk" } ?? settings.defaultRateModel
                rate = rates[shrunk]
                rateModel = settings.rateModels[shrunk].name
                if rate.isNaN, let peers = fitted.rate[shrunk].forecast(panel, series: i, year: year) { rate = peers }
                notes.append(rated == 0 ? "no closed year: peers' execution rate" : "\(rated) closed year: rate shrunk toward peers")
            }
            var isNew = false
            var budgetKnown = false
            if let current = s.observation(in: year), current.budget.isFinite {
                budget = current.budget
                budgetModel = "set"
                budgetKnown = true
                notes.append("budget for \(year) already set")
            } else if history.lastBudget == nil {
                isNew = true
                if let request = requests[i] {
                    budget = request
                    budgetModel = "request"
                    notes.append("new project: budget = request")
                } else {
                    budget = 0
                    budgetModel = "none"
                    notes.append("new project: no history and no request")
                }
            }
            _ = budgets; rates = []
            if !s.excludedYears.isEmpty {
                notes.append("exceptional years left out: " + s.excludedYears.map(String.init).joined(separator: ", "))
            }
            if let level = selection.level, rated >= settings.minimumHistory {
                notes.append("model chosen on \(selection.cases) backtest cases (\(level.label))")
            }
            var forecast = ProjectForecast(series: i, year: year, method: "\(budgetModel) × \(rateModel)",
                                           budget: budget, budgetLow: .nan, budgetHigh: .nan,
                                           rate: rate, rateLow: .nan, rateHigh: .nan,
                                           executed: budget * rate, executedLow: .nan, executedHigh: .nan,
                                           historyYears: rated, notes: notes, isNew: isNew)
            if let bounds = rateIntervals.bounds(series: i, before: origin), !rate.isNaN {
                (forecast.rateLow, forecast.rateHigh) = ErrorScale.difference.interval(forecast: rate, bounds: bounds)
            }
            if budgetKnown || isNew {
                forecast.budgetLow = budget
                forecast.budgetHigh = budget
                forecast.executedLow = budget * forecast.rateLow
                forecast.executedHigh = budget * forecast.rateHigh
            } else {
                if let bounds = budgetIntervals.bounds(series: i, before: origin) {
                    (forecast.budgetLow, forecast.budgetHigh) = ErrorScale.ratio.interval(forecast: budget, bounds: bounds)
                }
                if let bounds = executedIntervals.bounds(series: i, before: origin), !forecast.executed.isNaN {
                    (forecast.executedLow, forecast.executedHigh) = ErrorScale.ratio.interval(forecast: forecast.executed, bounds: bounds)
                }
            }
            results.append(forecast)
        }
        return results
    }
}
