/// The median of the last three closed years' executed amounts (of two, their mean; of one, itself).
///
/// A one-year spike (an early debt repayment, a one-off purchase) does not carry into next year, as it
/// does in the naive forecast; a steady trend is followed one year late.
public struct MedianExecuted: PerProjectModel {
    public var years: Int

    public init(years: Int = 3) { self.years = max(years, 1) }

    public var name: String { "median\(years)" }
    public var target: Target { .executed }
    public var summary: String { "median of the last \(years) closed years' executed amounts" }

    public func forecast(_ panel: Panel, series: Int, year: Int) -> Double? {
        var recent: [Double] = []
        for observation in panel.series[series].history(before: year).reversed() where observation.executed.isFinite {
            recent.append(observation.executed)
            if recent.count == years { break }
        }
        guard !recent.isEmpty else { return nil }
        return Quantiles.median(recent)
    }
}
