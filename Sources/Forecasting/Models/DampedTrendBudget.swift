import Foundation

/// Damped trend (Gardner–McKenzie) on the logarithm of the budget, with fixed smoothing parameters:
/// level ℓ and trend b are updated by ℓₜ = α·yₜ + (1−α)(ℓₜ₋₁ + φ·bₜ₋₁), bₜ = β(ℓₜ − ℓₜ₋₁) + (1−β)·φ·bₜ₋₁,
/// and the h-step forecast is ℓ + (φ + … + φʰ)·b. With fewer than ten points per project the parameters
/// cannot be estimated per project, so they are fixed (α = 0.8, β = 0.2, φ = 0.8 by default): the last
/// budget dominates, and a growth trend is followed but fades. Budgets ≤ 0 are skipped.
public struct DampedTrendBudget: PerProjectModel {
    public var alpha: Double
    public var beta: Double
    public var phi: Double

    public init(alpha: Double = 0.8, beta: Double = 0.2, phi: Double = 0.8) {
        self.alpha = alpha
        self.beta = beta
        self.phi = phi
    }

    public var name: String { "damped" }
    public var target: Target { .budget }
    public var summary: String { "damped trend on log budget (α \(alpha), β \(beta), φ \(phi))" }

    public func forecast(_ panel: Panel, series: Int, year: Int) -> Double? {
        let history = panel.series[series].history(before: year)
        var level = Double.nan, trend = 0.0, lastYear = 0
        var points = 0
        for observation in history where observation.budget > 0 {
            let y = log(observation.budget)
            if points == 0 {
                level = y
            } else {
                let gap = Double(observation.year - lastYear)
                let previous = level
                level = alpha * y + (1 - alpha) * (level + phi * trend * gap)
                trend = beta * (level - previous) / gap + (1 - beta) * phi * trend
            }
            lastYear = observation.year
            points += 1
        }
        guard points >= 2 else { return nil }
        let h = year - lastYear
        var damping = 0.0, power = 1.0
        for _ in 0..<max(h, 1) { power *= phi; damping += power }
        return exp(level + damping * trend)
    }
}
