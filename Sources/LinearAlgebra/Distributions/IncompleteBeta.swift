#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The regularized incomplete beta function and its inverse.
///
/// Definitions, for a > 0, b > 0 and 0 ≤ x ≤ 1:
///
///     I_x(a, b) = B(a, b)⁻¹ ∫₀ˣ s^(a−1) (1 − s)^(b−1) ds,      B(a, b) = Γ(a)Γ(b)/Γ(a+b),
///
/// the cumulative distribution function of the Beta(a, b) distribution, and its complement
/// 1 − I_x(a, b) = I_(1−x)(b, a).
///
/// Method. With y = 1 − x and the *front factor* x^a·y^b / B(a, b),
///
///     I_x(a, b) = (x^a y^b / B(a, b)) / K,
///
/// where K is the continued fraction of DiDonato & Morris (ACM TOMS 708, `bfrac`; the form used
/// by Boost's `ibeta_fraction2`), evaluated by the modified Lentz algorithm. Its partial
/// numerators and denominators involve λ = a·y − b·x = a − (a+b)·x rather than x alone, so that
/// no term suffers cancellation near the mean a/(a+b). The fraction converges quickly for
/// x ≤ (a+1)/(a+b+2); beyond that point the symmetry I_x(a, b) = 1 − I_y(b, a) is used, and the
/// *complement is computed directly* as I_y(b, a) (never as 1 − I_x(a, b)), so that both tails
/// keep full relative accuracy down to the underflow threshold.
///
/// The front factor is computed as
///
///     log(x^a y^b / B(a,b)) = ½·log(a·b / (2π(a+b))) + δ(a+b) − δ(a) − δ(b)
///                             − a·ρ(−λ/a) − b·ρ(λ/b),
///
/// where ρ(e) = e − log(1 + e) ≥ 0 (evaluated without cancellation for small e) and δ is the
/// remainder of Stirling's series, lnΓ(z) = (z − ½)·ln z − z + ½·ln 2π + δ(z) (asymptotic
/// series for z ≥ 10, the exact recurrence δ(z) = δ(z+1) + (z+½)·log1p(1/z) − 1 summed without
/// cancellation below, `lgamma` only for z < 1). This avoids the catastrophic cancellation of
/// a·log x + b·log y − log B(a, b) when a or b is large (for a = b = 5·10⁵ each of those terms
/// is ≈ 7·10⁵, so the naive form would lose ≈ 10⁻¹⁰ relative): here every term is either small or
/// is computed from λ to relative accuracy, and the absolute error of the logarithm is of order
/// ε·(1 + |log of the result|), i.e. a relative error of a few 10⁻¹⁴ even for results near
/// 10⁻³⁰⁰. (ε = 2⁻⁵² ≈ 2.2·10⁻¹⁶.)
///
/// Accuracy. Over 0.5 ≤ a, b ≤ 5·10⁵ the relative error of I_x and of its complement is below
/// 10⁻¹³ except where the function is intrinsically ill-conditioned with respect to x itself:
/// the relative condition number x·I′/I grows like a·(distance from the mean in standard
/// deviations), so an *input* x that already carries a rounding error (for example x computed as
/// d₁F/(d₁F + d₂)) cannot give more than about ε·x·I′/I. The distributions in this module
/// (`StudentT`, `FisherF`) therefore pass λ, x, 1 − x and their logarithms computed directly from
/// their own arguments (internal entry points), and reach ≈ 10⁻¹³ relative error where the public
/// x-based functions here would be limited by the rounding of x.
///
/// Inverse. x such that I_x(a, b) = p (or 1 − I_x(a, b) = q) is found by Halley's method (Newton
/// when the Halley correction is not safe) on u = log x for the equation log I = log p, always
/// solving in the tail whose probability is ≤ ½ (the other tail is solved as I_y(b, a) = 1 − p).
/// The initial guess is that of Abramowitz & Stegun 26.5.22 (a, b ≥ 1) or the two-tail power
/// approximation of Numerical Recipes' `invbetai`, both formed in logarithms so that answers far
/// below the least positive Double (x ≈ 10⁻⁴⁰⁰, which arise for t quantiles with small ν) are still
/// found. Every iterate is kept inside a bracket of the root, and a step that would leave it is
/// replaced by a bisection step, so the iteration cannot diverge.
///
/// Invalid arguments — a or b not finite and positive, x outside [0, 1], p outside [0, 1], or
/// NaN — give NaN; nothing traps.
public enum IncompleteBeta {
    /// I_x(a, b), the regularized incomplete beta function.
    ///
    /// I_0 = 0 and I_1 = 1. See the type's documentation for the method and the accuracy.
    /// - Returns: NaN if a or b is not finite and positive, or x is NaN or outside [0, 1].
    public static func regularized(x: Double, a: Double, b: Double) -> Double {
        guard validParameters(a, b), x >= 0, x <= 1 else { return .nan }
        return evaluate(a: a, b: b, at: BetaPoint(x: x, a: a, b: b)).lower
    }

    /// 1 − I_x(a, b) = I_(1−x)(b, a), computed directly (no cancellation; full relative accuracy
    /// when it is tiny, e.g. 10⁻³⁰⁰).
    /// - Returns: NaN if a or b is not finite and positive, or x is NaN or outside [0, 1].
    public static func complement(x: Double, a: Double, b: Double) -> Double {
        guard validParameters(a, b), x >= 0, x <= 1 else { return .nan }
        return evaluate(a: a, b: b, at: BetaPoint(x: x, a: a, b: b)).upper
    }

    /// log(x^a · (1 − x)^b / B(a, b)), the logarithm of the front factor of the continued
    /// fraction (x·f(x)·(1 − x) with f the Beta(a, b) density), without the cancellation of the
    /// naive a·log x + b·log(1 − x) − log B(a, b) (see the type's documentation).
    /// - Returns: −∞ for x = 0 or 1; NaN for invalid arguments.
    public static func logFrontFactor(x: Double, a: Double, b: Double) -> Double {
        guard validParameters(a, b), x >= 0, x <= 1 else { return .nan }
        if x == 0 || x == 1 { return -.infinity }
        return logFront(a: a, b: b, at: BetaPoint(x: x, a: a, b: b))
    }

    /// The x in [0, 1] with I_x(a, b) = p.
    ///
    /// inverse(0) = 0, inverse(1) = 1. The result is accurate to a few ulps relative (it is the
    /// root of the accurately computed I_x); for p > ½ the *complement* 1 − x is what is found
    /// directly, so x itself is exact to a few ulps of 1 there (use `inverseComplement` with
    /// q = 1 − p for small upper tails).
    /// - Returns: NaN if a or b is not finite and positive, or p is NaN or outside [0, 1].
    public static func inverse(p: Double, a: Double, b: Double) -> Double {
        guard validParameters(a, b), p >= 0, p <= 1 else { return .nan }
        return inversePoint(p: p, a: a, b: b).x
    }

    /// The x in [0, 1] with 1 − I_x(a, b) = q (q tiny: x close to 1 with 1 − x found directly).
    ///
    /// inverseComplement(0) = 1, inverseComplement(1) = 0.
    /// - Returns: NaN if a or b is not finite and positive, or q is NaN or outside [0, 1].
    public static func inverseComplement(q: Double, a: Double, b: Double) -> Double {
        guard validParameters(a, b), q >= 0, q <= 1 else { return .nan }
        return inverseComplementPoint(q: q, a: a, b: b).x
    }

    // MARK: - Internal entry points (used by the distributions)

    static func validParameters(_ a: Double, _ b: Double) -> Bool {
        a > 0 && b > 0 && a.isFinite && b.isFinite
    }

    /// I_x(a, b), its complement, their logarithms and the log front factor at one point.
    struct Evaluation {
        /// I_x(a, b).
        var lower: Double
        /// 1 − I_x(a, b).
        var upper: Double
        /// log I_x(a, b), finite even where `lower` underflows.
        var logLower: Double
        /// log(1 − I_x(a, b)), finite even where `upper` underflows.
        var logUpper: Double
        /// log(x^a y^b / B(a, b)).
        var logFront: Double
    }

    /// Evaluates I_x(a, b) and 1 − I_x(a, b) at `point` (a, b assumed valid).
    static func evaluate(a: Double, b: Double, at point: BetaPoint) -> Evaluation {
        if point.x == 0 && point.logX == -.infinity {
            return Evaluation(lower: 0, upper: 1, logLower: -.infinity, logUpper: 0, logFront: -.infinity)
        }
        if point.y == 0 && point.logY == -.infinity {
            return Evaluation(lower: 1, upper: 0, logLower: 0, logUpper: -.infinity, logFront: -.infinity)
        }
        let front = logFront(a: a, b: b, at: point)
        // x ≤ (a+1)/(a+b+2)  ⇔  λ ≥ 2x − 1: the continued fraction for I_x(a, b) converges fast.
        if point.lambda >= 2 * point.x - 1 {
            let logLower = front - log(continuedFraction(a: a, b: b, at: point))
            let lower = exp(logLower)
            return Evaluation(lower: lower, upper: 1 - lower, logLower: logLower,
                              logUpper: log1p(-lower), logFront: front)
        } else {
            let logUpper = front - log(continuedFraction(a: b, b: a, at: point.swapped))
            let upper = exp(logUpper)
            return Evaluation(lower: 1 - upper, upper: upper, logLower: log1p(-upper),
                              logUpper: logUpper, logFront: front)
        }
    }

    /// The point x with I_x(a, b) = p (a, b valid, p in [0, 1]).
    static func inversePoint(p: Double, a: Double, b: Double) -> BetaPoint {
        if p == 0 { return BetaPoint(x: 0, a: a, b: b) }
        if p == 1 { return BetaPoint(x: 1, a: a, b: b) }
        if p <= 0.5 { return solveLowerTail(a: a, b: b, p: p) }
        return solveLowerTail(a: b, b: a, p: 1 - p).swapped  // 1 − p is exact for p ≥ ½
    }

    /// The point x with 1 − I_x(a, b) = q (a, b valid, q in [0, 1]).
    static func inverseComplementPoint(q: Double, a: Double, b: Double) -> BetaPoint {
        if q == 0 { return BetaPoint(x: 1, a: a, b: b) }
        if q == 1 { return BetaPoint(x: 0, a: a, b: b) }
        if q <= 0.5 { return solveLowerTail(a: b, b: a, p: q).swapped }
        return solveLowerTail(a: a, b: b, p: 1 - q)
    }

    // MARK: - Front factor

    /// ½·log(2π).
    static let halfLogTwoPi = 0.918_938_533_204_672_741_78

    /// log(x^a y^b / B(a, b)) (see the type's documentation). x and y must not both be 0.
    static func logFront(a: Double, b: Double, at point: BetaPoint) -> Double {
        let sum = a + b
        let e1 = -point.lambda / a   // x/x₀ − 1, x₀ = a/(a+b)
        let e2 = point.lambda / b    // y/y₀ − 1, y₀ = b/(a+b)
        let t1 = a * rho(e1, logOnePlus: logRatio(point.x, point.logX, numerator: sum, denominator: a))
        let t2 = b * rho(e2, logOnePlus: logRatio(point.y, point.logY, numerator: sum, denominator: b))
        let scale = 0.5 * log(a * (b / sum)) - halfLogTwoPi
        let delta = stirlingRemainder(sum) - stirlingRemainder(a) - stirlingRemainder(b)
        return scale + delta - t1 - t2
    }

    /// log(v·numerator/denominator) for v ∈ [0, 1] given with its logarithm: the product when v
    /// is a normal number (a few ulps), the sum of logarithms when v is subnormal or 0.
    private static func logRatio(_ v: Double, _ logV: Double, numerator: Double, denominator: Double) -> Double {
        if v >= Double.leastNormalMagnitude {
            return log(v * (numerator / denominator))
        }
        return logV + log(numerator / denominator)
    }

    /// ρ(e) = e − log(1 + e) ≥ 0, for e ≥ −1, with full relative accuracy.
    ///
    /// `logOnePlus` is log(1 + e) computed independently from quantities that are accurate
    /// when 1 + e is small (it is used only for e < −½, where forming 1 + e from e would lose
    /// the relative accuracy of 1 + e).
    static func rho(_ e: Double, logOnePlus: @autoclosure () -> Double) -> Double {
        if abs(e) <= 0.375 {
            // With r = e/(2+e): log(1+e) = 2·atanh(r) = 2(r + r³/3 + r⁵/5 + …) and e − 2r = e·r,
            // so ρ(e) = e·r − 2r³(1/3 + r²/5 + r⁴/7 + …): no cancellation (|r| ≤ 0.231).
            let r = e / (2 + e)
            let r2 = r * r
            var series = 0.0
            var k = 31.0
            while k >= 3 {  // Horner; r²⁸/31 < 10⁻¹⁹ for |r| ≤ 0.231
                series = 1 / k + r2 * series
                k -= 2
            }
            return e * e / (2 + e) - 2 * r * r2 * series
        }
        if e > -0.5 { return e - log1p(e) }
        return e - logOnePlus()
    }

    /// δ(z) = lnΓ(z) − (z − ½)·ln z + z − ½·ln 2π, the remainder of Stirling's series (z > 0),
    /// to an absolute error of a few ε.
    static func stirlingRemainder(_ z: Double) -> Double {
        if z >= 10 {
            // δ(z) = Σ B₂ₖ / (2k(2k−1) z^(2k−1)); nine terms give < 10⁻¹⁸ absolute at z = 10.
            let w = 1 / (z * z)
            var s = 43867.0 / 244188.0
            s = -3617.0 / 122400.0 + w * s
            s = 1.0 / 156.0 + w * s
            s = -691.0 / 360360.0 + w * s
            s = 1.0 / 1188.0 + w * s
            s = -1.0 / 1680.0 + w * s
            s = 1.0 / 1260.0 + w * s
            s = -1.0 / 360.0 + w * s
            s = 1.0 / 12.0 + w * s
            return s / z
        }
        if z >= 1 {
            // δ(w) − δ(w+1) = (w + ½)·log1p(1/w) − 1 = s²/3 + s⁴/5 + s⁶/7 + …, s = 1/(2w+1) ≤ ⅓.
            var w = z
            var total = 0.0
            while w < 10 {
                let s = 1 / (2 * w + 1)
                let s2 = s * s
                var series = 0.0
                var k = 41.0
                while k >= 3 {  // (1/9)^20 / 41 < 10⁻²⁰
                    series = 1 / k + s2 * series
                    k -= 2
                }
                total += s2 * series
                w += 1
            }
            return stirlingRemainder(w) + total
        }
        // 0 < z < 1: the terms are O(|ln z|), so direct evaluation loses nothing significant.
        var sign: Int32 = 0
        return lgamma_r(z, &sign) - (z - 0.5) * log(z) + z - halfLogTwoPi
    }

    // MARK: - Continued fraction

    /// The continued fraction K with I_x(a, b) = (x^a y^b / B(a, b)) / K, for
    /// x ≤ (a+1)/(a+b+2), by the modified Lentz algorithm.
    ///
    /// K = β₀ + α₁/(β₁ + α₂/(β₂ + …)) with (m ≥ 0)
    ///
    ///     α_m = (a+m−1)(a+b+m−1)·m·(b−m)·x² / (a+2m−1)²,
    ///     β_m = m + m(b−m)x/(a+2m−1) + (a+m)(λ + 1 + m(2−x))/(a+2m+1),
    ///
    /// λ = a·y − b·x (DiDonato & Morris 1992, Algorithm 708, `bfrac`).
    static func continuedFraction(a: Double, b: Double, at point: BetaPoint) -> Double {
        let x = point.x
        let lambda = point.lambda
        let tiny = 1e-300
        // Ratios are formed before products so that no intermediate overflows for huge a, b.
        var f = (a / (a + 1)) * (lambda + 1)
        if f == 0 { f = tiny }
        var c = f
        var d = 0.0
        var m = 1.0
        while m <= 1_000_000 {
            let denominator = a + 2 * m - 1
            let alpha = ((a + m - 1) / denominator) * ((a + b + m - 1) / denominator) * (m * (b - m) * x) * x
            let beta = m + m * (b - m) * x / denominator
                + ((a + m) / (a + 2 * m + 1)) * (lambda + 1 + m * (2 - x))
            d = beta + alpha * d
            if d == 0 { d = tiny }
            c = beta + alpha / c
            if c == 0 { c = tiny }
            d = 1 / d
            let step = c * d
            f *= step
            if abs(step - 1) <= Double.ulpOfOne { break }
            if !step.isFinite { return .nan }
            m += 1
        }
        return f
    }

    // MARK: - Inverse

    /// Solves I_x(a, b) = p for 0 < p ≤ ½ by safeguarded Halley/Newton iteration on u = log x.
    ///
    /// With g(u) = log I_(e^u)(a, b) − log p:
    ///     g′(u) = x·f(x)/I = front/(y·I),     g″(u) = g′·(a − (b−1)·x/y − g′),
    /// where front = x^a y^b / B(a, b) (f the Beta density). g is increasing, log I ≈ a·u + const
    /// in the lower tail, so the iteration in u behaves well even for p = 10⁻³⁰⁰.
    static func solveLowerTail(a: Double, b: Double, p: Double) -> BetaPoint {
        let logP = log(p)
        var lo = -Double.infinity   // g(lo) < 0
        var hi = 0.0                // g(hi) > 0 (x = 1 gives I = 1 > p)
        var u = initialLogX(a: a, b: b, p: p, logP: logP)
        for _ in 0..<200 {
            let point = BetaPoint(logX: u, a: a, b: b)
            let value = evaluate(a: a, b: b, at: point)
            let g = value.logLower - logP
            if g == 0 { break }
            if g < 0 { lo = u } else { hi = u }
            let slope = exp(value.logFront - point.logY - value.logLower)
            var step = -g / slope
            if slope.isFinite, slope > 0 {
                let curvature = slope * (a - (b - 1) * (point.x / point.y) - slope)
                let correction = 1 + step * curvature / (2 * slope)
                if correction.isFinite, correction >= 0.5, correction <= 2 {
                    step /= correction  // Halley
                }
            } else {
                step = .nan
            }
            var next = u + step
            if !(next > lo && next < hi) {
                if lo == -.infinity {
                    next = min(2 * u, u - 1)  // expand downwards
                } else if lo < 2 * hi, hi < 0 {
                    next = -(lo * hi).squareRoot()  // geometric bisection in −u (root may be near 0)
                } else {
                    next = 0.5 * (lo + hi)
                }
            }
            if next == u || abs(next - u) <= 2 * Double.ulpOfOne * abs(u) {
                u = next
                break
            }
            u = next
        }
        return BetaPoint(logX: u, a: a, b: b)
    }

    /// Initial guess for log x with I_x(a, b) = p ≤ ½, in logarithms (Abramowitz & Stegun
    /// 26.5.22 when a, b ≥ 1; otherwise the power approximation of the nearer tail).
    static func initialLogX(a: Double, b: Double, p: Double, logP: Double) -> Double {
        var u: Double
        if a >= 1 && b >= 1 {
            let t = (-2 * logP).squareRoot()
            let z = t - (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481))
            let al = (z * z - 3) / 6
            let h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
            let w = z * (al + h).squareRoot() / h
                - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5.0 / 6 - 2 / (3 * h))
            // x = a / (a + b·e^(2w))
            let logRatio = log(b / a) + 2 * w
            u = logRatio > 30 ? -logRatio : -log1p(exp(logRatio))
        } else {
            let sum = a + b
            let lna = log(a / sum)
            let lnb = log(b / sum)
            let lowerWeight = exp(a * lna) / a
            let upperWeight = exp(b * lnb) / b
            let total = lowerWeight + upperWeight
            if p < lowerWeight / total {
                u = (log(a * total) + logP) / a
            } else {
                let y = exp((log(b * total) + log1p(-p)) / b)
                u = y < 1 ? log1p(-y) : .nan
            }
        }
        if !(u < 0) || !u.isFinite {
            u = -log1p(b / a)  // log of the mean a/(a+b)
        }
        return u
    }
}

/// A point x of [0, 1] together with y = 1 − x, both logarithms, and λ = a·y − b·x for the
/// parameters (a, b) it will be evaluated with — each computed to a few ulps from the caller's own
/// arguments. `x` (or `y`) may underflow to 0 while its logarithm stays finite.
struct BetaPoint {
    var x: Double
    var y: Double
    var logX: Double
    var logY: Double
    /// a·y − b·x for the (a, b) of the evaluation; negated by `swapped`.
    var lambda: Double

    init(x: Double, y: Double, logX: Double, logY: Double, lambda: Double) {
        self.x = x
        self.y = y
        self.logX = logX
        self.logY = logY
        self.lambda = lambda
    }

    /// From x itself (x exact): λ = a − (a+b)·x with a + b carried exactly (two-sum) and a single
    /// rounding of the product (fused multiply-add).
    init(x: Double, a: Double, b: Double) {
        self.x = x
        y = 1 - x
        logX = log(x)
        logY = log1p(-x)
        let sum = a + b
        let bVirtual = sum - a
        let sumError = (a - (sum - bVirtual)) + (b - bVirtual)
        lambda = a.addingProduct(-sum, x) - sumError * x
    }

    /// From u = log x (u ≤ 0): x = eᵘ, y = −expm1(u), both to full relative accuracy.
    init(logX u: Double, a: Double, b: Double) {
        x = exp(u)
        y = -expm1(u)
        logX = u
        logY = u > -0.693_147_180_559_945_3 ? log(-expm1(u)) : log1p(-exp(u))
        lambda = a * y - b * x
    }

    /// The point 1 − x, for the parameters (b, a).
    var swapped: BetaPoint {
        BetaPoint(x: y, y: x, logX: logY, logY: logX, lambda: -lambda)
    }
}
