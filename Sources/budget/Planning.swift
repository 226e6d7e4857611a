import BudgetCore
import Forecasting
import Store

/// A forecast of one year for the selected projects, with everything `recommend` and `review` need:
/// the exact figures of each project's last closed years, its requests, scores and deviation reasons.
struct PlanningRun {
    let input: ForecastInput
    let year: Int
    let forecaster: Forecaster
    let forecasts: [ProjectForecast]
    /// Deviation reasons per project id and year.
    let reasons: [Int64: [Int: [String]]]

    /// Forecasts `year` (default: the year after the last closed year in the selection).
    init(store: BudgetStore, options: PanelOptions, year: Int?) throws {
        input = try ForecastInput.load(store, options)
        reasons = try store.deviationReasons()
        guard let year = year ?? input.lastClosedYear.map({ $0 + 1 }) else {
            throw ForecastingError.noData("no closed year in the selection: give --year")
        }
        self.year = year
        forecaster = try Forecaster(panel: input.panel, year: year, settings: options.settings)
        var requests: [Int: Double] = [:]
        for (i, history) in input.histories.enumerated() {
            if let requested = history.years.first(where: { $0.year == year })?.declaration?.requested {
                requests[i] = requested.yuanValue
            }
        }
        forecasts = forecaster.forecastAll(requests: requests)
    }

    /// The request stored for project i's forecast year (绩效目标申报表), if any.
    func storedRequest(_ i: Int) -> Money? {
        input.histories[i].years.first { $0.year == year }?.declaration?.requested
    }

    /// The recommendation input of project i: its last closed years before the forecast year (exceptional
    /// years left out, like the models do) and its forecast.
    func recommendationInput(_ i: Int, requested: Money? = nil) -> RecommendationInput {
        let history = input.histories[i]
        let excluded = Set(input.panel.series[i].excludedYears)
        let closed = history.years.filter { $0.status == .closed && $0.year < year && !excluded.contains($0.year) }
        let last = closed.last
        let forecast = forecasts[i]
        return RecommendationInput(
            lastYear: last?.year,
            lastBudget: last.flatMap { $0.figures.adjustedBudget ?? $0.figures.initialBudget },
            lastExecuted: last?.figures.executed,
            earlierExecuted: closed.dropLast().reversed().compactMap { $0.figures.executed },
            totalScore: last?.figures.totalScore,
            deviationReasons: last.flatMap { reasons[history.project.id]?[$0.year] } ?? [],
            forecastExecuted: forecast.executed,
            forecastRate: forecast.rate,
            requested: requested ?? storedRequest(i))
    }

    /// A header line: what the forecast was made from.
    var header: String {
        let s = input.panel.series
        return "Forecast \(year): \(s.count) projects, \(forecaster.record.cases.count) backtest cases over origins "
            + (forecaster.record.origins.isEmpty ? "none" : "\(forecaster.record.origins.first!)–\(forecaster.record.origins.last!)")
            + ", interval level \(forecaster.settings.level)"
    }
}
