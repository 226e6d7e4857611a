import Foundation

/// A pooled regression of the execution rate on what is known a year ahead, fitted on LAPACK by Huber
/// regression (``RobustRegression``) within the narrowest peer group with at least ``minimumRows`` rows:
/// rₜ = β₀ + β₁·rₜ₋₁ + β₂·(mean of the earlier rates) + β₃·(log Bₜ₋₁ − m) + β₄·(adjusted ÷ initial budget of
/// the last closed year − 1) + β₅·log(years of history). Each row is a closed year with at least one closed
/// year before it. The forecast is clamped to [0, 2] like the rates it is fitted on.
public struct PooledRateRegression: ForecastModel {
    public var minimumRows: Int

    public init(minimumRows: Int = 60) { self.minimumRows = minimumRows }

    public var name: String { "pooled" }
    public var target: Target { .rate }
    static let columns = 6

    /// The regressors for a forecast of `year` from `history` (observations before it), nil without a rate.
    static func features(_ history: ArraySlice<Observation>, center: Double) -> [Double]? {
        var count = 0, sum = 0.0
        var last: Observation?
        for observation in history where !observation.rate.isNaN {
            count += 1
            sum += observation.fittedRate
            last = observation
        }
        guard let last, let lastBudget = history.lastBudget, lastBudget.budget > 0 else { return nil }
        let adjustment = last.initial > 0 ? min(last.budget / last.initial, 10) - 1 : 0
        return [1, last.fittedRate, sum / Double(count), log(lastBudget.budget) - center, adjustment, log(Double(count))]
    }

    public func fit(_ panel: Panel, before origin: Int) throws -> any FittedModel {
        var logSum = 0.0, logCount = 0
        for s in panel.series {
            for observation in s.history(before: origin) where observation.budget > 0 {
                logSum += log(observation.budget); logCount += 1
            }
        }
        let center = logCount > 0 ? logSum / Double(logCount) : 0
        var series: [Int32] = [], x: [Double] = [], y: [Double] = []
        for (index, s) in panel.series.enumerated() {
            let history = s.history(before: origin)
            for position in history.indices where !history[position].rate.isNaN {
                guard let features = Self.features(history[history.startIndex..<position], center: center) else { continue }
                series.append(Int32(index))
                x.append(contentsOf: features)
                y.append(history[position].fittedRate)
            }
        }
        let regression = try GroupedRegression(panel: panel, series: series, x: x, y: y, columns: Self.columns,
                                               minimumRows: minimumRows)
        return Fitted(regression: regression, center: center, rows: y.count)
    }

    struct Fitted: FittedModel {
        let regression: GroupedRegression
        let center: Double
        let rows: Int
        var name: String { "pooled" }
        var target: Target { .rate }
        var summary: String {
            "rate on last rate, mean rate, log budget, adjusted ÷ initial, log years; Huber, \(rows) rows; "
                + "groups fitted: \(regression.fittedGroupsSummary)"
        }

        func forecast(_ panel: Panel, series: Int, year: Int) -> Double? {
            guard let features = PooledRateRegression.features(panel.series[series].history(before: year), center: center),
                  let (_, beta) = regression.coefficients(for: series, in: panel) else { return nil }
            var value = 0.0
            for j in 0..<PooledRateRegression.columns { value += beta[j] * features[j] }
            return min(max(value, 0), Observation.maximumFittedRate)
        }
    }
}
