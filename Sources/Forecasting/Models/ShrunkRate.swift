/// The project's own recency-weighted rate shrunk toward its peers by empirical Bayes.
///
/// For the narrowest peer group (unit, department, category, data source) with at least ``minimumPeers`` projects
/// that have a closed year (σ²_within from the narrowest group at or above it with a two-year project;
/// see ``Fitted/peers(of:in:)``):
/// - rᵢ̄ is project i's plain mean rate over its nᵢ closed years, μ the mean of the rᵢ̄ over the group;
/// - σ²_within = Σᵢ Σₖ (rᵢₖ − rᵢ̄)² / Σᵢ (nᵢ − 1), the year-to-year variance within a project;
/// - τ²_between = max(S²_b − σ²_within · mean(1/nᵢ), ``minimumBetweenVariance``), S²_b the sample variance of the
///   rᵢ̄ (the method-of-moments estimate of the spread of true project rates);
/// - the weight of the project's own history is wᵢ = nᵢ / (nᵢ + σ²_within / τ²_between), and the forecast is
///   wᵢ · (recency-weighted own rate, ``WeightedRate``) + (1 − wᵢ) · μ.
///
/// A project with one or two years borrows strength; one with ten years mostly speaks for itself. A project
/// with no closed year gets μ (its peers' rate). Rates are clamped to [0, 2] as ``Observation/fittedRate``.
public struct ShrunkRate: ForecastModel {
    public var decay: Double
    public var minimumPeers: Int
    public static let minimumBetweenVariance = 1e-4 // (1 percentage point)²

    public init(decay: Double = 0.6, minimumPeers: Int = 5) {
        self.decay = decay
        self.minimumPeers = minimumPeers
    }

    public var name: String { "shrunk" }
    public var target: Target { .rate }

    /// The variance components of one peer group.
    public struct GroupEstimate: Sendable, Equatable {
        public var projects: Int
        public var mean: Double
        public var withinVariance: Double
        public var betweenVariance: Double

        /// The weight of a project with `years` closed years: n / (n + σ²_within / τ²_between).
        public func weight(years: Int) -> Double {
            let n = Double(years)
            return n / (n + withinVariance / betweenVariance)
        }
    }

    public func fit(_ panel: Panel, before origin: Int) throws -> any FittedModel {
        // Per series: n, Σr, Σr².
        let count = panel.series.count
        var n = [Int32](repeating: 0, count: count)
        var sum = [Double](repeating: 0, count: count)
        var sumSquares = [Double](repeating: 0, count: count)
        for (i, s) in panel.series.enumerated() {
            for observation in s.history(before: origin) where !observation.rate.isNaN {
                let r = observation.fittedRate
                n[i] += 1; sum[i] += r; sumSquares[i] += r * r
            }
        }
        var sums: [[GroupSums]] = []
        for level in Panel.Level.allCases {
            let groupOf = panel.groups[level.rawValue]
            var levelSums = [GroupSums](repeating: GroupSums(), count: panel.groupCounts[level.rawValue])
            for i in 0..<count where n[i] > 0 {
                let g = Int(groupOf[i]), ni = Double(n[i])
                let mean = sum[i] / ni
                levelSums[g].projects += 1
                levelSums[g].sumOfMeans += mean
                levelSums[g].sumOfSquaredMeans += mean * mean
                levelSums[g].withinSumOfSquares += max(sumSquares[i] - ni * mean * mean, 0)
                levelSums[g].withinDF += Int(n[i]) - 1
                levelSums[g].sumOfInverseN += 1 / ni
            }
            sums.append(levelSums)
        }
        return Fitted(sums: sums, decay: decay, minimumPeers: minimumPeers)
    }

    /// A peer group's sums over its projects with at least one closed year.
    struct GroupSums: Sendable {
        var projects = 0
        var sumOfMeans = 0.0
        var sumOfSquaredMeans = 0.0
        var withinSumOfSquares = 0.0
        var withinDF = 0
        var sumOfInverseN = 0.0
    }

    /// The method-of-moments estimate for a group's sums, with the within-project variance σ²_within
    /// (see the type's documentation).
    static func estimate(_ group: GroupSums, withinVariance: Double) -> GroupEstimate {
        let k = Double(group.projects)
        let mu = group.sumOfMeans / k
        let between = group.projects > 1 ? max(group.sumOfSquaredMeans - k * mu * mu, 0) / (k - 1) : 0
        let tau2 = max(between - withinVariance * group.sumOfInverseN / k, minimumBetweenVariance)
        return GroupEstimate(projects: group.projects, mean: mu, withinVariance: withinVariance, betweenVariance: tau2)
    }

    public struct Fitted: FittedModel {
        /// `sums[level][group]`.
        let sums: [[GroupSums]]
        let decay: Double
        let minimumPeers: Int
        public var name: String { "shrunk" }
        public var target: Target { .rate }
        public var summary: String {
            guard let top = sums.last?.first, top.projects > 0 else { return "no closed year to learn from" }
            let within = top.withinDF > 0 ? top.withinSumOfSquares / Double(top.withinDF) : .nan
            let estimate = ShrunkRate.estimate(top, withinVariance: within.isNaN ? 0 : within)
            return String(format: "empirical Bayes toward peers; first data source: mean %.3f, σ²within %.4f, τ²between %.4f",
                          estimate.mean, within, estimate.betweenVariance)
        }

        /// The peers of series `series`: μ and τ² from the narrowest group with at least `minimumPeers`
        /// projects (the category level only when the project has a category; the data source otherwise),
        /// σ²_within from the narrowest group at or above it where some project has two closed years. With
        /// no such group there is no basis for shrinking: σ²_within = 0, so the own history gets weight 1.
        public func peers(of series: Int, in panel: Panel) -> (level: Panel.Level, estimate: GroupEstimate)? {
            let hasCategory = !panel.series[series].category.isEmpty
            let levels = panel.levels(for: series).filter { $0 != .category || hasCategory }
            guard let level = levels.first(where: { sums[$0.rawValue][panel.group(of: series, at: $0)].projects >= minimumPeers })
                    ?? (sums[Panel.Level.source.rawValue][panel.group(of: series, at: .source)].projects > 0 ? .source : nil) else { return nil }
            let group = sums[level.rawValue][panel.group(of: series, at: level)]
            var within = 0.0
            for wider in levels where wider >= level {
                let candidate = sums[wider.rawValue][panel.group(of: series, at: wider)]
                if candidate.withinDF > 0 { within = candidate.withinSumOfSquares / Double(candidate.withinDF); break }
            }
            return (level, ShrunkRate.estimate(group, withinVariance: within))
        }

        public func forecast(_ panel: Panel, series: Int, year: Int) -> Double? {
            guard let (_, peers) = peers(of: series, in: panel) else { return nil }
            guard let own = WeightedRate.weightedMean(panel.series[series].history(before: year), decay: decay) else {
                return peers.mean
            }
            let w = peers.weight(years: own.count)
            return w * own.mean + (1 - w) * peers.mean
        }

        /// The weight of the series' own history (for explanations), nil when it has no closed year.
        public func ownWeight(_ panel: Panel, series: Int, year: Int) -> Double? {
            let count = panel.series[series].history(before: year).ratedCount
            guard count > 0, let (_, peers) = peers(of: series, in: panel) else { return nil }
            return peers.weight(years: count)
        }
    }
}
