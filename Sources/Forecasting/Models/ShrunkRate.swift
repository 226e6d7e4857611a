/// The project's own recency-weighted rate shrunk toward its peers by empirical Bayes.
///
/// For the narrowest peer group (unit, department, category, all) with at least ``minimumPeers`` projects
/// that have a closed year, and at least one project with two:
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
        var estimates: [[GroupEstimate?]] = []
        for level in Panel.Level.allCases {
            let groupOf = panel.groups[level.rawValue]
            let groups = panel.groupCounts[level.rawValue]
            var k = [Int](repeating: 0, count: groups)
            var meanSum = [Double](repeating: 0, count: groups)
            var meanSquares = [Double](repeating: 0, count: groups)
            var within = [Double](repeating: 0, count: groups)
            var withinDF = [Int](repeating: 0, count: groups)
            var inverseN = [Double](repeating: 0, count: groups)
            for i in 0..<count where n[i] > 0 {
                let g = Int(groupOf[i]), ni = Double(n[i])
                let mean = sum[i] / ni
                k[g] += 1
                meanSum[g] += mean
                meanSquares[g] += mean * mean
                within[g] += max(sumSquares[i] - ni * mean * mean, 0)
                withinDF[g] += Int(n[i]) - 1
                inverseN[g] += 1 / ni
            }
            var level: [GroupEstimate?] = Array(repeating: nil, count: groups)
            for g in 0..<groups where k[g] >= minimumPeers && withinDF[g] > 0 {
                level[g] = Self.estimate(projects: k[g], sumOfMeans: meanSum[g], sumOfSquaredMeans: meanSquares[g],
                                         withinSumOfSquares: within[g], withinDF: withinDF[g], sumOfInverseN: inverseN[g])
            }
            // The top group always gets an estimate when there is any rate at all.
            if level.count == 1, level[0] == nil, k[0] > 0 {
                level[0] = Self.estimate(projects: k[0], sumOfMeans: meanSum[0], sumOfSquaredMeans: meanSquares[0],
                                         withinSumOfSquares: within[0], withinDF: withinDF[0], sumOfInverseN: inverseN[0])
            }
            estimates.append(level)
        }
        return Fitted(estimates: estimates, decay: decay)
    }

    /// The method-of-moments estimate from a group's sums (see the type's documentation).
    static func estimate(projects k: Int, sumOfMeans: Double, sumOfSquaredMeans: Double, withinSumOfSquares: Double,
                         withinDF: Int, sumOfInverseN: Double) -> GroupEstimate {
        let kd = Double(k)
        let mu = sumOfMeans / kd
        let between = k > 1 ? max(sumOfSquaredMeans - kd * mu * mu, 0) / (kd - 1) : 0
        // With no project of two years the within variance is unknown: take the between spread as its guess.
        let withinVariance = withinDF > 0 ? withinSumOfSquares / Double(withinDF) : max(between, minimumBetweenVariance)
        let tau2 = max(between - withinVariance * sumOfInverseN / kd, minimumBetweenVariance)
        return GroupEstimate(projects: k, mean: mu, withinVariance: withinVariance, betweenVariance: tau2)
    }

    public struct Fitted: FittedModel {
        /// `estimates[level][group]`.
        public let estimates: [[GroupEstimate?]]
        let decay: Double
        public var name: String { "shrunk" }
        public var target: Target { .rate }
        public var summary: String {
            guard let top = estimates.last?.first ?? nil else { return "no closed year to learn from" }
            return String(format: "empirical Bayes toward peers; all projects: mean %.3f, σ²within %.4f, τ²between %.4f",
                          top.mean, top.withinVariance, top.betweenVariance)
        }

        /// The narrowest group estimate of series `series`, and its level.
        public func peers(of series: Int, in panel: Panel) -> (level: Panel.Level, estimate: GroupEstimate)? {
            for level in Panel.Level.allCases {
                if let estimate = estimates[level.rawValue][panel.group(of: series, at: level)] { return (level, estimate) }
            }
            return nil
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
