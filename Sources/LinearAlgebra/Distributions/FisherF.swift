#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fisher's F distribution (Snedecor's F) with d₁ > 0 numerator and d₂ > 0 denominator degrees
/// of freedom (not necessarily integers): the law of (χ²_d₁/d₁)/(χ²_d₂/d₂).
///
/// All functions go through the regularized incomplete beta (`IncompleteBeta`) with a = d₁/2,
/// b = d₂/2 and x = d₁F/(d₁F + d₂):
///
///     cdf(F) = I_x(d₁/2, d₂/2),      sf(F) = 1 − I_x(d₁/2, d₂/2) = I_(1−x)(d₂/2, d₁/2),
///
/// the complement being computed directly, so **sf keeps full relative accuracy in the far upper
/// tail** (down to 10⁻³⁰⁰). x, 1 − x = d₂/(d₁F + d₂), their logarithms and
/// λ = a(1−x) − b·x = a·(1 − x)·(1 − F) are formed from F, d₁, d₂ with a few roundings each. (Passing
/// only a rounded x would cost up to ≈ 10⁻¹¹ relative in the tails for d₁, d₂ ≈ 10⁶, because
/// I_x is then extremely sensitive to x; λ carries that sensitivity without cancellation.)
///
/// Accuracy contract (tested against SciPy and mpmath, see `DistributionTests`): relative error
/// ≤ 10⁻¹² (observed ≤ a few 10⁻¹³) for 1 ≤ d₁, d₂ ≤ 10⁶ and 10⁻⁶ ≤ F ≤ 10⁴ for `cdf` and `sf`
/// whenever the result is ≥ 10⁻³⁰⁰, and for `quantile(p)`, `isf(q)` with p, q in
/// [10⁻³⁰⁰, 1 − 10⁻¹²] (the quantile is the root of the accurately computed cdf or sf in the tail
/// whose probability is ≤ ½).
///
/// Invalid parameters give NaN, never a trap: d₁ or d₂ NaN, ≤ 0 or +∞ makes every function return
/// NaN; so do a NaN argument and a probability outside [0, 1].
public struct FisherF: Sendable {
    /// d₁.
    public let numeratorDegreesOfFreedom: Double
    /// d₂.
    public let denominatorDegreesOfFreedom: Double

    /// The F(d₁, d₂) distribution. Invalid degrees of freedom (NaN, ≤ 0, +∞) are stored as given;
    /// every function then returns NaN.
    public init(numeratorDegreesOfFreedom d1: Double, denominatorDegreesOfFreedom d2: Double) {
        numeratorDegreesOfFreedom = d1
        denominatorDegreesOfFreedom = d2
    }

    private var isValid: Bool {
        IncompleteBeta.validParameters(numeratorDegreesOfFreedom, denominatorDegreesOfFreedom)
    }

    /// P(X ≤ f). 0 for f ≤ 0 (including −∞), 1 at +∞; NaN for NaN f or invalid parameters.
    public func cdf(_ f: Double) -> Double {
        guard isValid, !f.isNaN else { return .nan }
        if f <= 0 { return 0 }
        if f == .infinity { return 1 }
        return evaluate(f).lower
    }

    /// P(X > f) = 1 − cdf(f), computed directly (full relative accuracy in the far upper tail).
    /// 1 for f ≤ 0, 0 at +∞; NaN for NaN f or invalid parameters.
    public func sf(_ f: Double) -> Double {
        guard isValid, !f.isNaN else { return .nan }
        if f <= 0 { return 1 }
        if f == .infinity { return 0 }
        return evaluate(f).upper
    }

    /// The f with cdf(f) = p. quantile(0) = 0, quantile(1) = +∞; NaN for p outside [0, 1], NaN p
    /// or invalid parameters. For p > ½ the upper tail 1 − p is formed exactly; for tiny upper
    /// tails use `isf`.
    public func quantile(_ p: Double) -> Double {
        guard isValid, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        let (a, b) = parameters
        return value(at: IncompleteBeta.inversePoint(p: p, a: a, b: b))
    }

    /// The inverse survival function: the f with sf(f) = q, with full relative accuracy for tiny
    /// q (e.g. 10⁻³⁰⁰). isf(0) = +∞, isf(1) = 0; NaN for q outside [0, 1], NaN q or invalid
    /// parameters.
    public func isf(_ q: Double) -> Double {
        guard isValid, q >= 0, q <= 1 else { return .nan }
        if q == 0 { return .infinity }
        if q == 1 { return 0 }
        let (a, b) = parameters
        return value(at: IncompleteBeta.inverseComplementPoint(q: q, a: a, b: b))
    }

    // MARK: - Implementation

    private var parameters: (a: Double, b: Double) {
        (0.5 * numeratorDegreesOfFreedom, 0.5 * denominatorDegreesOfFreedom)
    }

    /// I_x(d₁/2, d₂/2) and its complement at 0 < f < ∞.
    private func evaluate(_ f: Double) -> IncompleteBeta.Evaluation {
        let (a, b) = parameters
        return IncompleteBeta.evaluate(a: a, b: b, at: point(f))
    }

    /// x = r/(1+r), y = 1/(1+r) with r = d₁f/d₂ (or from 1/r when r > 1), their logarithms, and
    /// λ = a·y − b·x = a·y·(1 − f) = −b·x·(f − 1)/f, all without overflow.
    private func point(_ f: Double) -> BetaPoint {
        let d1 = numeratorDegreesOfFreedom
        let d2 = denominatorDegreesOfFreedom
        let (a, b) = parameters
        let r = f * (d1 / d2)
        let x: Double, y: Double, logX: Double, logY: Double
        if r <= 1 {
            x = r / (1 + r)
            y = 1 / (1 + r)
            let logR = r >= Double.leastNormalMagnitude ? log(r) : log(f) + log(d1) - log(d2)
            logX = logR - log1p(r)
            logY = -log1p(r)
        } else {
            let q = (d2 / d1) / f
            x = 1 / (1 + q)
            y = q / (1 + q)
            let logQ = q >= Double.leastNormalMagnitude ? log(q) : log(d2) - log(d1) - log(f)
            logX = -log1p(q)
            logY = logQ - log1p(q)
        }
        // f − 1 is exact for f in [½, 2] (Sterbenz), so λ is accurate to a few ulps everywhere.
        let lambda = f <= 1 ? a * y * (1 - f) : -b * x * ((f - 1) / f)
        return BetaPoint(x: x, y: y, logX: logX, logY: logY, lambda: lambda)
    }

    /// f = (d₂/d₁)·x/(1 − x) from a point found by the inverse incomplete beta.
    private func value(at point: BetaPoint) -> Double {
        let d1 = numeratorDegreesOfFreedom
        let d2 = denominatorDegreesOfFreedom
        if point.x >= Double.leastNormalMagnitude && point.y >= Double.leastNormalMagnitude {
            return (point.x / point.y) * (d2 / d1)
        }
        return exp(log(d2) - log(d1) + point.logX - point.logY)
    }
}
