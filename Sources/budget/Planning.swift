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

    /// How far past the last closed year a forecast may be asked for (the backtest's longest horizon).
    static let farthestYearsAhead = 5

    /// Forecasts `year` (default: the year after the last closed year in the selection).
    init(store: BudgetStore, options: PanelOptions, year: Int?) throws {
        input = try ForecastInput.load(store, options)
        guard let lastClosed = input.lastClosedYear else {
            throw ForecastingError.noData("no closed year in the selection: nothing to forecast from")
        }
        let year = year ?? lastClosed + 1
        let records = input.records
        let firstClosed = input.selected.compactMap { i in records[i].years.first { $0.status == .closed }?.year }.min() ?? lastClosed
        guard year > firstClosed, year <= lastClosed + Self.farthestYearsAhead else {
            throw ForecastingError.invalidSetting("""
                --year \(year): the selection's closed years are \(firstClosed)–\(lastClosed); a forecast year must come \
                after the first of them and at most \(Self.farthestYearsAhead) years after the last (\(firstClosed + 1)–\(lastClosed + Self.farthestYearsAhead))
                """)
        }
        self.year = year
        forecaster = try Forecaster(panel: input.panel, year: year, settings: options.settings)
        var requests: [Int: Double] = [:]
        for (i, record) in input.records.enumerated() {
            if let requested = record.request(for: year) { requests[i] = requested.yuanValue }
        }
        let forecasts = forecaster.forecastAll(requests: requests)
        self.forecasts = forecasts
        let shown = input.selected.filter { i in
            options.includeStale || forecasts[i].staleSince.map { year - 1 - $0 <= Forecaster.maximumStaleGap } ?? true
        }
        self.shown = shown
        staleLeftOut = input.selected.count - shown.count
    }

    /// The selected projects to list: without those more than ``Forecaster/maximumStaleGap`` years stale,
    /// unless the options ask for them (the others are peers only).
    let shown: [Int]
    /// Selected projects left out as more than ``Forecaster/maximumStaleGap`` years stale.
    let staleLeftOut: Int

    /// The forecasts of the projects listed, in selection order.
    var selectedForecasts: [ProjectForecast] { shown.map { forecasts[$0] } }

    /// The request stored for project i's forecast year (绩效目标申报表), if any.
    func storedRequest(_ i: Int) -> Money? { input.records[i].request(for: year) }

    /// The recommendation input of project i: its last closed years before the forecast year (exceptional
    /// years left out, like the models do) and its forecast.
    func recommendationInput(_ i: Int, requested: Money? = nil) -> RecommendationInput {
        input.records[i].recommendationInput(for: year, excluding: Set(input.panel.series[i].excludedYears),
                                             forecastExecuted: forecasts[i].executed, forecastRate: forecasts[i].rate,
                                             requested: requested ?? storedRequest(i), staleSince: forecasts[i].staleSince)
    }

    /// Says on standard error how many projects were left out as stale (for CSV and JSON, which have no
    /// header line).
    func reportStaleLeftOut() {
        if staleLeftOut > 0 {
            printError("budget: \(staleLeftOut) selected project\(staleLeftOut == 1 ? "" : "s") more than \(Forecaster.maximumStaleGap) years stale left out (--include-stale lists them)")
        }
    }

    /// A header line: what the forecast was made from.
    var header: String { header(in: .english) }

    /// The header line in a language.
    func header(in wording: Wording) -> String {
        let stale = staleLeftOut > 0
            ? wording.text(.staleLeftOut, ["count": .number(String(staleLeftOut)),
                                                    "gap": .number(String(Forecaster.maximumStaleGap))], unit: .yuan)
            : ""
        let origins = forecaster.record.origins
        let sourceCount = Set(input.panel.series.map(\.dataSource)).count
        let sources = sourceCount == 1 ? wording.word("the data source")
            : wording.text(.severalDataSources, ["count": .number(String(sourceCount))], unit: .yuan)
        let cases = forecaster.record.cases.count
        var testing = cases == 0 ? wording.text(.forecastNotBacktested, unit: .yuan) : wording.text(.forecastBacktested, [
            "cases": .number(String(cases)),
            "origins": .text(origins.first.map { "\($0)–\(origins.last ?? $0)" } ?? wording.word("none")),
            "level": .number("\(forecaster.settings.level)"),
        ], unit: .yuan)
        if cases > 0, !shown.isEmpty, shown.allSatisfy({ forecasts[$0].executedLow.isNaN }) {
            testing += wording.text(.forecastNoIntervals, ["minimum": .number(String(forecaster.settings.minimumCalibrationCases))], unit: .yuan)
        }
        return wording.text(.forecastHeader, [
            "testing": .text(testing),
            "sources": .text(sources),
            "year": .year(year), "shown": .number(String(shown.count)), "total": .number(String(input.panel.series.count)),
            "stale": .text(stale),
        ], unit: .yuan)
    }
}
