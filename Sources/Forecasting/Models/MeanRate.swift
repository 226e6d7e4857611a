/// Mean rate: the plain mean of every closed year's execution rate (a baseline).
public struct MeanRate: PerProjectModel {
    public init() {}
    public var name: String { "mean" }
    public var target: Target { .rate }
    public var summary: String { "next rate = mean of the closed years' rates" }

    public func forecast(_ panel: Panel, series: Int, year: Int) -> Double? {
        var sum = 0.0, count = 0
        for observation in panel.series[series].history(before: year) where !observation.rate.isNaN {
            sum += observation.fittedRate
            count += 1
        }
        return count > 0 ? sum / Double(count) : nil
    }
}
