import BudgetCore

/// One project's forecast for a year, with intervals at the run's level and the method that made it.
public struct ProjectForecast: Sendable {
    /// Index of the project in the panel.
    public var series: Int
    public var year: Int
    /// The budget model's name, or what stood in for one (`set`, `request`, `none`, a scenario's `override`).
    public var budgetModel: String
    /// The rate model's name.
    public var rateModel: String
    /// `budget-model × rate-model`.
    public var method: String { "\(budgetModel) × \(rateModel)" }
    /// The executed candidates (``ForecastSettings/executedMethods``) whose mean is the executed forecast, best
    /// first; empty where it is budget × rate (the budget already set, or a new project).
    public var executedModels: [String]
    /// How the executed amount was forecast, as a machine name: a candidate (`growth`), a blend
    /// (`mean(growth, pair)`), or `budget × rate`.
    public var executedMethod: String { executedModels.isEmpty ? "budget × rate" : ExecutedBlend.name(executedModels) }
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
    /// Remarks, as clauses shown in the reader's language: a stale history, short or no history, exceptional
    /// years left out, a budget already set, how the model was chosen.
    public var notes: [Clause]
    /// The notes in English, one string each (logs and tests).
    public var englishNotes: [String] { notes.map { [$0].englishText } }
    /// True when the project has no usable history (new project): the budget is its request or 0.
    public var isNew: Bool
    /// The last closed year, when it lies before `year − horizon`: the project's history is stale, and
    /// the forecast is made (and its interval calibrated) that many years ahead. Nil when current.
    public var staleSince: Int?
    /// Years from the last data used to the forecast year (the run's horizon, more for a stale history).
    public var horizon: Int
    /// True when the project's rates are meaningless (``Observation/isRateOutOfRange``): its executed
    /// amount comes from the executed series alone.
    public var ratesOutOfRange: Bool

    /// The execution-rate forecast and its interval as reports show them: none where rates are not meaningful
    /// (``ratesOutOfRange``) — a rate clamped at 200% of a budget of 0 is not a forecast anyone should read.
    public var shownRate: (rate: Double?, low: Double?, high: Double?) {
        ratesOutOfRange ? (nil, nil, nil) : (rate, rateLow, rateHigh)
    }
}

/// Forecasts a year for every project of a panel: models fitted on every year before it, the models chosen
/// per peer group by the rolling-origin record of the earlier years (``RollingOrigin``), intervals from the
/// chosen models' own out-of-sample errors in that record (``EmpiricalInterval``).
///
/// With a `horizon` h > 1 the forecast uses the data through `year − h` only (a budget already set for
/// `year` is still used), and the record is of h-step forecasts, so the model choice and the intervals
/// are those of forecasting h years ahead. A project whose last closed year L lies before `year − h` is
/// stale: it is forecast `year − L` years ahead, with the model choice and intervals of a record at that
/// horizon, and flagged (``ProjectForecast/staleSince``).
///
/// The executed amount is the mean of the chosen executed candidates (``ExecutedBlend``: the naive last
/// executed amount unless other candidates have beaten it on the peer group's earlier cases), except where
/// the year's budget is already set or the project is new, where it is budget × rate — and never budget ×
/// rate for a project whose rates are out of range.
public struct Forecaster: Sendable {
    /// How many years before the base year a history may end and still be planned by default: a project
    /// whose last data is older is listed as ended (scenarios) or left out unless asked for (`forecast`,
    /// `recommend --include-stale`).
    public static let maximumStaleGap = 3

    /// The panel as the forecast sees it (through `year − horizon`, plus `year` itself).
    public let panel: Panel
    public let settings: ForecastSettings
    public let year: Int
    public let horizon: Int
    /// The rolling-origin record of the years through `year − horizon`, at the same horizon.
    public let record: RollingOrigin
    /// Records at longer horizons, for stale projects, by horizon.
    public let staleRecords: [Int: RollingOrigin]
    /// Per series: the horizon it is forecast at (``horizon``, or more when stale).
    let horizons: [Int]
    let fitted: FittedModels

    public init(panel: Panel, year: Int, settings: ForecastSettings = ForecastSettings(), horizon: Int = 1) throws {
        self.panel = horizon == 1 ? panel : panel.truncated(through: year - horizon, keeping: year)
        self.settings = settings
        self.year = year
        self.horizon = horizon
        record = try RollingOrigin(panel: panel, settings: settings, through: year - horizon, horizon: horizon)
        fitted = try RollingOrigin.fitModels(self.panel, settings: settings, before: year)
        let view = self.panel
        let horizons = view.series.indices.map { i -> Int in
            guard let last = view.series[i].history(before: year).lastClosed?.year else { return horizon }
            return max(horizon, year - last)
        }
        self.horizons = horizons
        var staleRecords: [Int: RollingOrigin] = [:]
        for h in Set(horizons) where h > horizon {
            staleRecords[h] = try RollingOrigin(panel: panel, settings: settings, through: year - h, horizon: h)
        }
        self.staleRecords = staleRecords
    }

    /// The fitted models' summaries (for the report header).
    public var modelSummaries: [(name: String, target: Target, summary: String)] {
        (fitted.budget + fitted.rate + fitted.executed).map { ($0.name, $0.target, $0.summary) }
    }

    /// The record whose choices and errors apply to series i.
    func record(for i: Int) -> RollingOrigin {
        horizons[i] == horizon ? record : staleRecords[horizons[i]]!
    }

    /// Forecasts every project. `requests[i]` is project i's request for ``year`` (used as the budget of
    /// a project with no history).
    public func forecastAll(requests: [Int: Double] = [:]) -> [ProjectForecast] {
        var calibrations: [Int: Calibration] = [:]
        var results: [ProjectForecast] = []
        results.reserveCapacity(panel.series.count)
        for i in panel.series.indices {
            let h = horizons[i]
            if calibrations[h] == nil { calibrations[h] = Calibration(record(for: i)) }
            results.append(forecast(series: i, requests: requests, calibration: &calibrations[h]!))
        }
        return results
    }

    private func forecast(series i: Int, requests: [Int: Double], calibration: inout Calibration) -> ProjectForecast {
        let s = panel.series[i]
        let record = calibration.record
        let history = s.history(before: year)
        let rated = history.ratedCount
        let outOfRange = history.ratesOutOfRange
        var notes: [Clause] = []
        let selection = record.select(series: i)
        let (budgets, rates) = RollingOrigin.forecasts(fitted, panel: panel, series: i, year: year)
        var rateIndex = selection.rateModel
        var budgetModel = settings.budgetModels[selection.budgetModel].name
        var rateModel = settings.rateModels[selection.rateModel].name
        var budget = budgets[selection.budgetModel]
        var rate = rates[selection.rateModel]
        let candidates = RollingOrigin.executedCandidates(fitted, panel: panel, series: i, year: year,
                                                          pair: outOfRange ? .nan : budget * rate)
        var staleSince: Int?
        if horizons[i] > horizon, let last = history.lastClosed?.year {
            staleSince = last
            let exceptional = panel.series[i].excludedYears.filter { $0 > last && $0 < year }.sorted()
            notes.append(Clause(.noteStale, ["year": .year(last), "horizon": .number(String(horizons[i])),
                                             "exceptional": .exceptionalYears(exceptional)]))
        }
        if rated < settings.minimumHistory {
            // Too short for the backtest's choice: the peers speak (empirical Bayes) for the rate.
            let shrunk = settings.rateModels.firstIndex { $0.name == "shrunk" } ?? settings.defaultRateModel
            rate = rates[shrunk]
            rateIndex = shrunk
            rateModel = settings.rateModels[shrunk].name
            if rate.isNaN, let peers = fitted.rate[shrunk].forecast(panel, series: i, year: year) { rate = peers }
            if rated == 0 {
                notes.append(Clause(.noteNoClosedYear))
            } else if let weight = (fitted.rate[shrunk] as? ShrunkRate.Fitted)?.ownWeight(panel, series: i, year: year) {
                // The planner trial: "shrunk" was said where the peers differ too much to move the rate at all.
                notes.append(weight < 0.9995 ? Clause(.noteShrunk, ["years": .number(String(rated)), "weight": .rate(weight)])
                                             : Clause(.noteOwnRatePeersDiffer, ["years": .number(String(rated))]))
            } else {
                notes.append(Clause(.noteOwnRateNoPeers, ["years": .number(String(rated))]))
            }
        }
        if outOfRange {
            notes.append(Clause(.noteRatesNotMeaningful, ["limit": .number("\(Int(Observation.maximumFittedRate * 100))%")]))
        }
        var isNew = false
        var budgetKnown = false
        if let current = s.observation(in: year), current.budget.isFinite {
            budget = current.budget
            budgetModel = "set"
            budgetKnown = true
            notes.append(Clause(.noteBudgetSet, ["year": .year(year)]))
        } else if history.lastBudget == nil && history.lastClosed == nil {
            isNew = true
            if let request = requests[i] {
                budget = request
                budgetModel = "request"
                notes.append(Clause(.noteNewFromRequest))
            } else {
                budget = 0
                budgetModel = "none"
                notes.append(Clause(.noteNewNoRequest))
            }
        }
        if !s.excludedYears.isEmpty {
            notes.append(Clause(.noteExceptionalLeftOut, ["years": .number(s.excludedYears.map(String.init).joined(separator: ", "))]))
        }
        if let level = selection.level, rated >= settings.minimumHistory {
            notes.append(Clause(.noteModelChosen, ["cases": .number(String(selection.cases)), "level": level.term]))
        }
        // The executed amount: budget × rate where the budget is known in advance (set, or a new project's
        // request) and rates mean something; otherwise the chosen executed blend.
        let useBudgetTimesRate = (budgetKnown || isNew) && !outOfRange
        let blend = useBudgetTimesRate || history.lastClosed == nil ? nil : selection.executedBlend
        var forecast = ProjectForecast(series: i, year: year, budgetModel: budgetModel, rateModel: rateModel,
                                       executedModels: blend?.names(settings) ?? [],
                                       budget: budget, budgetLow: .nan, budgetHigh: .nan,
                                       rate: rate, rateLow: .nan, rateHigh: .nan,
                                       executed: blend.map { b in b.forecast { candidates[$0] } } ?? budget * rate,
                                       executedLow: .nan, executedHigh: .nan,
                                       historyYears: rated, notes: notes, isNew: isNew, staleSince: staleSince,
                                       horizon: horizons[i], ratesOutOfRange: outOfRange)
        if blend != nil, let level = selection.executedLevel {
            let terms = forecast.executedModels.map { Clause.Value.term(key: Wording.modelKey("executed", $0), fallback: $0) }
            let values: [String: Clause.Value] = ["cases": .number(String(selection.executedCases)), "level": level.term]
            forecast.notes.append(terms.count == 1
                ? Clause(.noteExecutedChosen, values.merging(["method": terms[0]]) { $1 })
                : Clause(.noteExecutedBlend, values.merging(["methods": .list(terms.map { Clause(.listItem, ["text": $0]) })]) { $1 }))
        }
        if !rate.isNaN, let bounds = calibration.rateBounds(rateIndex, i) {
            (forecast.rateLow, forecast.rateHigh) = ErrorScale.difference.interval(forecast: rate, bounds: bounds)
        }
        if budgetKnown || isNew {
            forecast.budgetLow = budget
            forecast.budgetHigh = budget
        } else if let bounds = calibration.budgetBounds(selection.budgetModel, i) {
            (forecast.budgetLow, forecast.budgetHigh) = ErrorScale.ratio.interval(forecast: budget, bounds: bounds)
        }
        if let blend {
            if !forecast.executed.isNaN, let bounds = calibration.executedBounds(blend, i) {
                (forecast.executedLow, forecast.executedHigh) = ErrorScale.ratio.interval(forecast: forecast.executed, bounds: bounds)
            }
        } else {
            forecast.executedLow = budget * forecast.rateLow
            forecast.executedHigh = budget * forecast.rateHigh
        }
        return forecast
    }

    /// The intervals of one record, built for the models in use only.
    struct Calibration {
        let record: RollingOrigin
        private var budget: [Int: EmpiricalInterval] = [:]
        private var rate: [Int: EmpiricalInterval] = [:]
        /// By ``ExecutedBlend/members``.
        private var executed: [[Int]: EmpiricalInterval] = [:]
        private var origin: Int32 { Int32(record.origins.count) }

        init(_ record: RollingOrigin) { self.record = record }

        mutating func budgetBounds(_ b: Int, _ i: Int) -> (low: Double, high: Double)? {
            let record = record
            if budget[b] == nil { budget[b] = EmpiricalInterval(record, target: .budget) { record.budgetForecast(case: $0, model: b) } }
            return budget[b]!.bounds(series: i, before: origin)
        }

        mutating func rateBounds(_ r: Int, _ i: Int) -> (low: Double, high: Double)? {
            let record = record
            if rate[r] == nil { rate[r] = EmpiricalInterval(record, target: .rate) { record.rateForecast(case: $0, model: r) } }
            return rate[r]!.bounds(series: i, before: origin)
        }

        mutating func executedBounds(_ blend: ExecutedBlend, _ i: Int) -> (low: Double, high: Double)? {
            let record = record
            let key = blend.members
            if executed[key] == nil {
                executed[key] = EmpiricalInterval(record, target: .executed) { record.executedForecast(case: $0, blend: blend) }
            }
            return executed[key]!.bounds(series: i, before: origin)
        }
    }
}
