import Foundation

/// Per-project trend: a straight line through the logarithms of the last ``window`` known budgets (at
/// least ``minimumYears``), extended to the forecast year. Exact least squares in closed form (one
/// regressor); budgets ≤ 0 are left out of the line.
public struct TrendBudget: PerProjectModel {
    public var window: Int
    public var minimumYears: Int

    public init(window: Int = 6, minimumYears: Int = 3) {
        self.window = window
        self.minimumYears = minimumYears
    }

    public var name: String { "trend" }
    public var target: Target { .budget }
    public var summary: String { "log-linear trend through the last \(window) budgets (at least \(minimumYears))" }

    public func forecast(_ panel: Panel, series: Int, year: Int) -> Double? {
        let history = panel.series[series].history(before: year)
        var xs: [Double] = []
        var ys: [Double] = []
        xs.reserveCapacity(window)
        ys.reserveCapacity(window)
        for observation in history.reversed() where observation.budget > 0 {
            xs.append(Double(observation.year))
            ys.append(log(observation.budget))
            if xs.count == window { break }
        }
        guard xs.count >= minimumYears else { return nil }
        let n = Double(xs.count)
        let mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for i in xs.indices { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) * (xs[i] - mx) }
        let slope = sxx > 0 ? sxy / sxx : 0
        return exp(my + slope * (Double(year) - mx))
    }
}
