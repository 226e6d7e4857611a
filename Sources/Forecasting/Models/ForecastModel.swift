/// What a model forecasts.
public enum Target: String, Sendable, CaseIterable {
    /// Next year's full-year budget (元).
    case budget
    /// The share of that budget that will be executed.
    case rate
    /// The executed amount (元) = budget × rate.
    case executed
}

/// A forecasting method, in the manner of fable: one file per model, every model answering the same verbs.
///
/// - ``fit(_:before:)`` learns from every observation of the panel before the origin year (per-project
///   models have nothing to learn and return themselves; pooled models fit their regressions on LAPACK);
/// - the fitted model's ``FittedModel/forecast(_:series:year:)`` gives a point forecast for a year from the
///   series' observations before that year;
/// - ``FittedModel/fittedValues(_:series:)`` and ``FittedModel/residuals(_:series:)`` are the one-step
///   in-sample forecasts and their errors;
/// - intervals come from the empirical distribution of out-of-sample errors (``EmpiricalInterval``), not
///   from the model, so every model's interval is honest in the same way;
/// - ``FittedModel/summary`` states the fitted parameters in words.
public protocol ForecastModel: Sendable {
    /// The name printed in every output row (`last`, `trend`, `shrunk` …).
    var name: String { get }
    var target: Target { get }
    /// Learns from the observations before `origin`. Throws only when a regression fails outright.
    func fit(_ panel: Panel, before origin: Int) throws -> any FittedModel
}

public protocol FittedModel: Sendable {
    var name: String { get }
    var target: Target { get }
    /// The point forecast of series `series` for `year`, using only its observations before `year`;
    /// `nil` when the model cannot forecast it (too little history).
    func forecast(_ panel: Panel, series: Int, year: Int) -> Double?
    /// The fitted parameters in words, for `--explain` output and the notes.
    var summary: String { get }
}

extension FittedModel {
    /// One-step in-sample forecasts: for each observed year, the forecast from the years before it.
    public func fittedValues(_ panel: Panel, series: Int) -> [(year: Int, value: Double)] {
        panel.series[series].observations.compactMap { observation in
            forecast(panel, series: series, year: observation.year).map { (observation.year, $0) }
        }
    }

    /// Actual − fitted for every year with both.
    public func residuals(_ panel: Panel, series: Int) -> [(year: Int, value: Double)] {
        let observations = panel.series[series].observations
        return fittedValues(panel, series: series).compactMap { fitted in
            guard let actual = observations.first(where: { $0.year == fitted.year }) else { return nil }
            let value = target == .rate ? actual.fittedRate : (target == .budget ? actual.budget : actual.executed)
            return value.isFinite ? (fitted.year, value - fitted.value) : nil
        }
    }
}

/// A per-project model has nothing to fit: it is its own fitted model.
public protocol PerProjectModel: ForecastModel, FittedModel {}

extension PerProjectModel {
    public func fit(_ panel: Panel, before origin: Int) throws -> any FittedModel { self }
}

/// Growth compounding over a gap: budgets one year apart grow by `g`, two years apart by `g²` …
@inlinable func compound(_ growth: Double, years: Int) -> Double {
    years <= 1 ? growth : Foundation.pow(growth, Double(years))
}

import Foundation
