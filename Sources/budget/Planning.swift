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

    /// Forecasts `year` (default: the year after the last closed year in the selection).
    init(store: BudgetStore, options: PanelOptions, year: Int?) throws {
        input = try ForecastInput.load(store, options)
        guard let year = year ?? input.lastClosedYear.map({ $0 + 1 }) else {
            throw ForecastingError.noData("no closed year in the selection: give --year")
        }
        self.year = year
        forecaster = try Forecaster(panel: input.panel, year: year, settings: options.settings)
        var requests: [Int: Double] = [:]
        for (i, record) in input.records.enumerated() {
            if let requested = record.request(for: year) { requests[i] = requested.yuanValue }
        }
        forecasts = forecaster.forecastAll(requests: requests)
    }

    /// The forecasts of the selected projects, in selection order (the others are peers only).
    var selectedForecasts: [ProjectForecast] { input.selected.map { forecasts[$0] } }

    /// The request stored for project i's forecast year (绩效目标申报表), if any.
    func storedRequest(_ i: Int) -> Money? { input.records[i].request(for: year) }

    /// The recommendation input of project i: its last closed years before the forecast year (exceptional
    /// years left out, like the models do) and its forecast.
    func recommendationInput(_ i: Int, requested: Money? = nil) -> RecommendationInput {
        input.records[i].recommendationInput(for: year, excluding: Set(input.panel.series[i].excludedYears),
                                             forecastExecuted: forecasts[i].executed, forecastRate: forecasts[i].rate,
                                             requested: requested ?? storedRequest(i), staleSince: forecasts[i].staleSince)
    }

    /// A header line: what the forecast was made from.
    var header: String {
        let s = input.panel.series
        return "Forecast \(year): \(input.selected.count) of \(s.count) projects of the data source, \(forecaster.record.cases.count) backtest cases over origins "
            + (forecaster.record.origins.isEmpty ? "none" : "\(forecaster.record.origins.first!)–\(forecaster.record.origins.last!)")
            + ", interval level \(forecaster.settings.level)"
    }
}
