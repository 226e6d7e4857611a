#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private typealias Exact = IncompleteBeta.ExactArithmetic

/// Fisher's F distribution (Snedecor's F) with d₁ > 0 numerator and d₂ > 0 denominator degrees
/// of freedom (not necessarily integers): the law of (χ²_d₁/d₁)/(χ²_d₂/d₂).
///
/// All functions go through the regularized incomplete beta (`IncompleteBeta`) with a = d₁/2,
/// b = d₂/2 and x = d₁F/(d₁F + d₂):
///
///     cdf(F) = I_x(d₁/2, d₂/2),      sf(F) = 1 − I_x(d₁/2, d₂/2) = I_(1−x)(d₂/2, d₁/2),
///
/// the complement being computed directly, so **sf keeps full relative accuracy in the far upper
/// tail** (down to 10⁻³⁰⁰). x, 1 − x = d₂/(d₁F + d₂) (in double-double arithmetic), their
/// logarithms and λ = a(1−x) − b·x = a·(1 − x)·(1 − F) are formed from F, d₁, d₂ directly. (Passing
/// only a rounded x costs up to a few 10⁻¹¹ relative when d₁ or d₂ is ≈ 10⁶, because I_x is then
/// extremely sensitive to x; SciPy 1.17, which does that, is off by up to 3·10⁻¹¹ there.)
///
/// Accuracy contract (tested against SciPy and a 50-digit mpmath reference, see
/// `DistributionTests`): relative error ≤ 10⁻¹² for 1 ≤ d₁, d₂ ≤ 10⁶ (integers or not) and
/// 10⁻⁶ ≤ F ≤ 10⁴ for `cdf` and `sf` whenever the result is ≥ 10⁻³⁰⁰ (below that it is subnormal or
/// 0 and only absolutely accurate), and for `quantile(p)`, `isf(q)` with p, q in
/// [10⁻³⁰⁰, 1 − 10⁻¹²] whenever the quantile is representable (for d₂ = 1, isf(10⁻²⁰⁰) ≈ 10⁴⁰⁰
/// returns +∞). Observed: ≤ 1.5·10⁻¹³, the largest errors being in tails below 10⁻²⁰⁰, and a few ε
/// for results of moderate size. The quantile is the root of the accurately computed cdf or sf
/// in the tail whose probability is ≤ ½.
///
/// Invalid parameters give NaN, never a trap: d₁ or d₂ NaN, ≤ 0 or +∞, or both d₁ and d₂ above
/// 2⁵¹ ≈ 2.3·10¹⁵ (`IncompleteBeta.largestSmallerParameter`), makes every function return NaN; so do
/// a NaN argument and a probability outside [0, 1].
public struct FisherF: Sendable {
    /// d₁.
    public let numeratorDegreesOfFreedom: Double
    /// d₂.
    public let denominatorDegreesOfFreedom: Double

    /// The F(d₁, d₂) distribution. Invalid degrees of freedom (see above) are stored as given;
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

    /// x = d₁f/(d₁f + d₂), y = d₂/(d₁f + d₂), their logarithms, and
    /// λ = a·y − b·x = a·y·(1 − f) = −b·x·(f − 1)/f, for 0 < f < ∞, without overflow.
    ///
    /// x and y are formed in double-double arithmetic (d₁f by an exact two-product, d₁f + d₂ by a
    /// two-sum) and λ from them, also as a double-double, so that the front factor — whose
    /// logarithm has λ as its derivative with respect to log f — is not perturbed by the rounding
    /// of x (for d₁ = d₂ = 10⁶ in the tails a rounded x alone would cost ≈ 10⁻¹¹). The logarithms
    /// (needed only where x or y is subnormal) come from r = d₁f/d₂ or 1/r, whichever is ≤ 1.
    private func point(_ f: Double) -> IncompleteBeta.Point {
        let d1 = numeratorDegreesOfFreedom
        let d2 = denominatorDegreesOfFreedom
        let (a, b) = parameters
        let r = f * (d1 / d2)
        var x: Double, y: Double
        let logX: Double, logY: Double
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
        let (product, productLow) = Exact.twoProduct(d1, f)
        let (denominator, sumLow) = Exact.twoSum(product, d2)
        let denominatorLow = sumLow + productLow
        guard product.isNormal, denominator.isFinite else {
            // d₁f underflows or overflows: x or y is then so small that single precision suffices.
            let lambda = f <= 1 ? a * y * (1 - f) : -b * x * ((f - 1) / f)
            return IncompleteBeta.Point(x: x, y: y, logX: logX, logY: logY, lambda: lambda)
        }
        x = product / denominator
        let xLow = (product.addingProduct(-x, denominator) + productLow - x * denominatorLow) / denominator
        y = d2 / denominator
        let yLow = (d2.addingProduct(-y, denominator) - y * denominatorLow) / denominator
        // λ as a double-double: c·(h + l) with c = a, h + l = y·(1 − f) for f ≤ 1, and
        // c = −b, h + l = x·(f − 1)/f for f > 1.
        let c: Double, h: Double, l: Double
        if f <= 1 {
            let (w, wLow) = Exact.twoSum(1, -f)
            let (yw, ywLow) = Exact.twoProduct(y, w)
            (h, l) = Exact.fastTwoSum(yw, ywLow + y * wLow + yLow * w)
            c = a
        } else {
            let (g, gSumLow) = Exact.twoSum(f, -1)
            let quotient = g / f
            let quotientLow = (g.addingProduct(-quotient, f) + gSumLow) / f
            let (xq, xqLow) = Exact.twoProduct(x, quotient)
            (h, l) = Exact.fastTwoSum(xq, xqLow + x * quotientLow + xLow * quotient)
            c = -b
        }
        let (lambda, lambdaError) = Exact.twoProduct(c, h)
        return IncompleteBeta.Point(x: x, y: y, xLow: xLow, yLow: yLow, logX: logX, logY: logY,
                         lambda: lambda, lambdaLow: lambdaError + c * l)
    }

    /// f = (d₂/d₁)·x/(1 − x) from a point found by the inverse incomplete beta.
    private func value(at point: IncompleteBeta.Point) -> Double {
        let d1 = numeratorDegreesOfFreedom
        let d2 = denominatorDegreesOfFreedom
        if point.x >= Double.leastNormalMagnitude && point.y >= Double.leastNormalMagnitude {
            return (point.x / point.y) * (d2 / d1)
        }
        return exp(log(d2) - log(d1) + point.logX - point.logY)
    }
}
