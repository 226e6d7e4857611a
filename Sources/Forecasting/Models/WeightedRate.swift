/// The project's own history, recent years weighing more: the mean of the closed years' rates with weight
/// λᵃ for a year a years older than the last (λ = ``decay``, default 0.6: last year 1, the year before 0.6,
/// then 0.36 …).
public struct WeightedRate: PerProjectModel {
    public var decay: Double

    public init(decay: Double = 0.6) { self.decay = decay }

    public var name: String { "weighted" }
    public var target: Target { .rate }
    public var summary: String { "recency-weighted mean of the project's rates (λ \(decay))" }

    public func forecast(_ panel: Panel, series: Int, year: Int) -> Double? {
        Self.weightedMean(panel.series[series].history(before: year), decay: decay)?.mean
    }

    /// The recency-weighted mean and the number of rates it averages.
    static func weightedMean(_ history: ArraySlice<Observation>, decay: Double) -> (mean: Double, count: Int)? {
        var sum = 0.0, weights = 0.0, weight = 1.0, count = 0
        for observation in history.reversed() where !observation.rate.isNaN {
            sum += weight * observation.fittedRate
            weights += weight
            weight *= decay
            count += 1
        }
        return count > 0 ? (sum / weights, count) : nil
    }
}
