/// Naive rate: next year's execution rate is the last closed year's (the baseline for the rate target).
public struct LastRate: PerProjectModel {
    public init() {}
    public var name: String { "last" }
    public var target: Target { .rate }
    public var summary: String { "next rate = last closed year's rate" }

    public func forecast(_ panel: Panel, series: Int, year: Int) -> Double? {
        panel.series[series].history(before: year).lastRated?.fittedRate
    }
}
