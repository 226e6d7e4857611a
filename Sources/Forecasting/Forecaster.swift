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
/// the chosen models' own out-of-sample errors in that record (``EmpiricalInterval``).
///
/// With a `horizon` h > 1 the forecast uses the data through `year − h` only (a budget already set for
/// `year` is still used), and the record is of h-step forecasts, so the model choice and the intervals
/// are those of forecasting h years ahead.
public struct Forecaster: Sendable {
    /// The panel as the forecast sees it (through `year − horizon`, plus `year` itself).
    public let panel: Panel
    public let settings: ForecastSettings
    public let year: Int
    public let horizon: Int
    /// The rolling-origin record of the years through `year − horizon`, at the same horizon.
    public let record: RollingOrigin
    let fitted: FittedModels

    public init(panel: Panel, year: Int, settings: ForecastSettings = ForecastSettings(), horizon: Int = 1) throws {
        self.panel = horizon == 1 ? panel : panel.truncated(through: year - horizon, keeping: year)
        self.settings = settings
        self.year = year
        self.horizon = horizon
        record = try RollingOrigin(panel: panel, settings: settings, through: year - horizon, horizon: horizon)
        fitted = try RollingOrigin.fitModels(self.panel, settings: settings, before: year)
    }

    /// The fitted models' summaries (for the report header).
    public var modelSummaries: [(name: String, target: Target, summary: String)] {
        (fitted.budget + fitted.rate).map { ($0.name, $0.target, $0.summary) }
    }

    /// Forecasts every project. `requests[i]` is project i's request for ``year`` (used as the budget of
    /// a project with no history).
    public func forecastAll(requests: [Int: Double] = [:]) -> [ProjectForecast] {
        let origin = Int32(record.origins.count)
        let R = settings.rateModels.count
        // Intervals of the chosen models from their own earlier errors, built for the models in use only.
        var budgetIntervals: [Int: EmpiricalInterval] = [:]
        var rateIntervals: [Int: EmpiricalInterval] = [:]
        var executedIntervals: [Int: EmpiricalInterval] = [:]
        func budgetBounds(_ b: Int, _ i: Int) -> (low: Double, high: Double)? {
            if budgetIntervals[b] == nil { budgetIntervals[b] = EmpiricalInterval(record, target: .budget) { record.budgetForecast(case: $0, model: b) } }
            return budgetIntervals[b]!.bounds(series: i, before: origin)
        }
        func rateBounds(_ r: Int, _ i: Int) -> (low: Double, high: Double)? {
            if rateIntervals[r] == nil { rateIntervals[r] = EmpiricalInterval(record, target: .rate) { record.rateForecast(case: $0, model: r) } }
            return rateIntervals[r]!.bounds(series: i, before: origin)
        }
        func executedBounds(_ b: Int, _ r: Int, _ i: Int) -> (low: Double, high: Double)? {
            let k = b * R + r
            if executedIntervals[k] == nil {
                executedIntervals[k] = EmpiricalInterval(record, target: .executed) {
                    record.budgetForecast(case: $0, model: b) * record.rateForecast(case: $0, model: r)
                }
            }
            return executedIntervals[k]!.bounds(series: i, before: origin)
        }
        var results: [ProjectForecast] = []
        results.reserveCapacity(panel.series.count)
        for i in panel.series.indices {
            let s = panel.series[i]
            let history = s.history(before: year)
            let rated = history.ratedCount
            var notes: [String] = []
            let selection = record.select(series: i)
            let (budgets, rates) = RollingOrigin.forecasts(fitted, panel: panel, series: i, year: year)
            var rateIndex = selection.rateModel
            var budgetModel = settings.budgetModels[selection.budgetModel].name
            var rateModel = settings.rateModels[selection.rateModel].name
            var budget = budgets[selection.budgetModel]
            var rate = rates[selection.rateModel]
            if rated < settings.minimumHistory {
                // Too short for the backtest's choice: the peers speak (empirical Bayes) for the rate.
                let shrunk = settings.rateModels.firstIndex { $0.name == "shrunk" } ?? settings.defaultRateModel
                rate = rates[shrunk]
                rateIndex = shrunk
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
            if !rate.isNaN, let bounds = rateBounds(rateIndex, i) {
                (forecast.rateLow, forecast.rateHigh) = ErrorScale.difference.interval(forecast: rate, bounds: bounds)
            }
            if budgetKnown || isNew {
                forecast.budgetLow = budget
                forecast.budgetHigh = budget
                forecast.executedLow = budget * forecast.rateLow
                forecast.executedHigh = budget * forecast.rateHigh
            } else {
                if let bounds = budgetBounds(selection.budgetModel, i) {
                    (forecast.budgetLow, forecast.budgetHigh) = ErrorScale.ratio.interval(forecast: budget, bounds: bounds)
                }
                if !forecast.executed.isNaN, let bounds = executedBounds(selection.budgetModel, rateIndex, i) {
                    (forecast.executedLow, forecast.executedHigh) = ErrorScale.ratio.interval(forecast: forecast.executed, bounds: bounds)
                }
            }
            results.append(forecast)
        }
        return results
    }
}
