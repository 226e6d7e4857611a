import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The regularized incomplete beta function, its complement and their inverses.
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
/// by Boost's `ibeta_fraction2`), evaluated by the modified Lentz algorithm. Its terms involve
/// λ = a·y − b·x = a − (a+b)·x rather than x alone, so none suffers cancellation near the mean
/// a/(a+b). The fraction converges quickly for x ≤ (a+1)/(a+b+2) (a few dozen terms, a few hundred
/// near the mean for a, b ≈ 10⁶); beyond that point the symmetry I_x(a, b) = 1 − I_y(b, a) is
/// used and the *complement is computed directly* as I_y(b, a), never as 1 − I_x(a, b), so that
/// both tails keep full relative accuracy down to the underflow threshold.
///
/// The front factor is computed as
///
///     log(x^a y^b / B(a,b)) = ½·log(a·b / (2π(a+b))) + δ(a+b) − δ(a) − δ(b)
///                             − a·ρ(−λ/a) − b·ρ(λ/b),          ρ(e) = e − log(1 + e) ≥ 0,
///
/// δ being the remainder of Stirling's series, lnΓ(z) = (z − ½)·ln z − z + ½·ln 2π + δ(z)
/// (asymptotic series for z ≥ 10, below it the exact recurrence δ(z) = δ(z+1) + (z+½)·log1p(1/z) − 1
/// summed as a series without cancellation). `lgamma` is deliberately not used: the naive
/// a·log x + b·log y − (lgamma(a) + lgamma(b) − lgamma(a+b)) cancels catastrophically when a or b
/// is large (for a = b = 5·10⁵ each term is ≈ 7·10⁵, i.e. a loss of ≈ 10⁻¹⁰ relative). Here the
/// two possibly large terms a·ρ and b·ρ (≈ 700 for results near 10⁻³⁰⁰) are each accurate to about
/// one rounding — λ, −λ/a, λ/b and ρ's leading part e²/(2+e) are carried in double-double
/// arithmetic, ρ uses the series 2·atanh for −¾ ≤ e ≤ 3 and an independently formed
/// log(x/x₀) (double-double ratio) for e < −¾ — and the sum and the final exponential are
/// formed from a double-double logarithm, so the exponential does not amplify its rounding.
///
/// Accuracy (ε = 2⁻⁵² ≈ 2.2·10⁻¹⁶). Measured against a 50-digit evaluation for 0.5 ≤ a, b ≤ 5·10⁵
/// and x anywhere in [0, 1]: relative error of I_x and of its complement ≤ 10⁻¹³ for results down
/// to 10⁻³⁰⁰ (a few ε for results of moderate size); the inverses return x with ≤ 10⁻¹³ relative
/// error when the probability given is that of the tail computed directly (p ≤ ½ for `inverse`,
/// q ≤ ½ for `inverseComplement`; from the other side the rounding of a probability near 1 limits
/// any method). Results below 10⁻³⁰⁰ are subnormal or 0 and only absolutely accurate.
///
/// The functions here take x itself. I_x is extremely sensitive to x when a or b is large
/// (d log I / d log x ≈ λ, up to ≈ 2·10⁴ in the tails for a, b ≈ 5·10⁵), so a caller that first
/// rounds x from other quantities (d₁F/(d₁F + d₂), ν/(ν + t²)) loses up to ≈ 10⁻¹¹. `StudentT` and
/// `FisherF` therefore use internal entry points that take x, 1 − x (double-double), their
/// logarithms and λ computed directly from their own arguments.
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
/// Invalid arguments — a or b not finite and positive, min(a, b) > 2⁵⁰ ≈ 1.1·10¹⁵ (see
/// `largestSmallerParameter`), x outside [0, 1], p outside [0, 1], or NaN — give NaN; nothing
/// traps.
public enum IncompleteBeta {
    /// I_x(a, b), the regularized incomplete beta function.
    ///
    /// I_0 = 0 and I_1 = 1. See the type's documentation for the method and the accuracy.
    /// - Returns: NaN for invalid a, b (see the type's documentation), or x NaN or outside [0, 1].
    public static func regularized(x: Double, a: Double, b: Double) -> Double {
        guard validParameters(a, b), x >= 0, x <= 1 else { return .nan }
        return evaluate(a: a, b: b, at: Point(x: x, a: a, b: b)).lower
    }

    /// 1 − I_x(a, b) = I_(1−x)(b, a), computed directly (no cancellation; full relative accuracy
    /// when it is tiny, e.g. 10⁻³⁰⁰).
    /// - Returns: NaN for invalid a, b (see the type's documentation), or x NaN or outside [0, 1].
    public static func complement(x: Double, a: Double, b: Double) -> Double {
        guard validParameters(a, b), x >= 0, x <= 1 else { return .nan }
        return evaluate(a: a, b: b, at: Point(x: x, a: a, b: b)).upper
    }

    /// log(x^a · (1 − x)^b / B(a, b)), the logarithm of the front factor of the continued
    /// fraction (x·f(x)·(1 − x) with f the Beta(a, b) density), without the cancellation of the
    /// naive a·log x + b·log(1 − x) − log B(a, b) (see the type's documentation).
    /// - Returns: −∞ for x = 0 or 1; NaN for invalid arguments.
    public static func logFrontFactor(x: Double, a: Double, b: Double) -> Double {
        guard validParameters(a, b), x >= 0, x <= 1 else { return .nan }
        if x == 0 || x == 1 { return -.infinity }
        let front = logFront(a: a, b: b, at: Point(x: x, a: a, b: b))
        return front.high + front.low
    }

    /// The x in [0, 1] with I_x(a, b) = p.
    ///
    /// inverse(0) = 0, inverse(1) = 1. For p ≤ ½ the result is the root of the accurately
    /// computed I_x, accurate to ≤ 10⁻¹³ relative (a few ulps unless p is far in the tail); for
    /// p > ½ the *complement* 1 − x is what is found, so x itself is accurate to a few ulps of 1
    /// there (use `inverseComplement` with q = 1 − p for small upper tails).
    /// - Returns: NaN for invalid a, b (see the type's documentation), or p NaN or outside [0, 1].
    public static func inverse(p: Double, a: Double, b: Double) -> Double {
        guard validParameters(a, b), p >= 0, p <= 1 else { return .nan }
        return inversePoint(p: p, a: a, b: b).x
    }

    /// The x in [0, 1] with 1 − I_x(a, b) = q (q tiny: x close to 1 with 1 − x found directly).
    ///
    /// inverseComplement(0) = 1, inverseComplement(1) = 0.
    /// - Returns: NaN for invalid a, b (see the type's documentation), or q NaN or outside [0, 1].
    public static func inverseComplement(q: Double, a: Double, b: Double) -> Double {
        guard validParameters(a, b), q >= 0, q <= 1 else { return .nan }
        return inverseComplementPoint(q: q, a: a, b: b).x
    }

    /// The largest min(a, b) accepted, 2⁵⁰ ≈ 1.1·10¹⁵. Beyond it a + m can no longer be told from a
    /// in the continued fraction's terms, which then lose all accuracy near the mean (at 10¹⁶ the
    /// error near the mean is already ≈ 10⁻¹¹). One huge parameter with a moderate other one
    /// (e.g. Student's t with ν = 10³⁰⁰, a = ν/2, b = ½) is fine.
    public static let largestSmallerParameter = 0x1p50

    // MARK: - Internal entry points (used by the distributions)

    /// a and b finite, positive, and min(a, b) ≤ 2⁵⁰.
    static func validParameters(_ a: Double, _ b: Double) -> Bool {
        a > 0 && b > 0 && a.isFinite && b.isFinite && min(a, b) <= largestSmallerParameter
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
    static func evaluate(a: Double, b: Double, at point: Point) -> Evaluation {
        if point.x == 0 && point.logX == -.infinity {
            return Evaluation(lower: 0, upper: 1, logLower: -.infinity, logUpper: 0, logFront: -.infinity)
        }
        if point.y == 0 && point.logY == -.infinity {
            return Evaluation(lower: 1, upper: 0, logLower: 0, logUpper: -.infinity, logFront: -.infinity)
        }
        let front = logFront(a: a, b: b, at: point)
        // x ≤ (a+1)/(a+b+2)  ⇔  λ ≥ 2x − 1: the continued fraction for I_x(a, b) converges fast.
        let direct = point.lambda >= 2 * point.x - 1
        let fraction = direct
            ? continuedFraction(a: a, b: b, at: point)
            : continuedFraction(a: b, b: a, at: point.swapped)
        // log of the tail computed directly = log front − log K, kept as high + low so that the
        // exponential of a large negative logarithm (≈ −690 near 10⁻³⁰⁰) does not amplify the
        // rounding of the logarithm.
        let (logTail, logTailError) = ExactArithmetic.twoSum(front.high, -log(fraction))
        let logTailLow = logTailError + front.low
        let tail = exp(logTail) * (1 + logTailLow)
        let logFrontValue = front.high + front.low
        if direct {
            return Evaluation(lower: tail, upper: 1 - tail, logLower: logTail + logTailLow,
                              logUpper: log1p(-tail), logFront: logFrontValue)
        }
        return Evaluation(lower: 1 - tail, upper: tail, logLower: log1p(-tail),
                          logUpper: logTail + logTailLow, logFront: logFrontValue)
    }

    /// The point x with I_x(a, b) = p (a, b valid, p in [0, 1]).
    static func inversePoint(p: Double, a: Double, b: Double) -> Point {
        if p == 0 { return Point(x: 0, a: a, b: b) }
        if p == 1 { return Point(x: 1, a: a, b: b) }
        if p <= 0.5 { return solveLowerTail(a: a, b: b, p: p) }
        return solveLowerTail(a: b, b: a, p: 1 - p).swapped  // 1 − p is exact for p ≥ ½
    }

    /// The point x with 1 − I_x(a, b) = q (a, b valid, q in [0, 1]).
    static func inverseComplementPoint(q: Double, a: Double, b: Double) -> Point {
        if q == 0 { return Point(x: 1, a: a, b: b) }
        if q == 1 { return Point(x: 0, a: a, b: b) }
        if q <= 0.5 { return solveLowerTail(a: b, b: a, p: q).swapped }
        return solveLowerTail(a: a, b: b, p: 1 - q)
    }

    // MARK: - Front factor

    /// ½·log(2π).
    static let halfLogTwoPi = 0.918_938_533_204_672_741_78

    /// log(x^a y^b / B(a, b)) (see the type's documentation) as high + low. x and y must not
    /// both be 0.
    ///
    /// e₁ = −λ/a and e₂ = λ/b are formed in double-double arithmetic from λ + λ_low, so the two
    /// large terms a·ρ(e₁) and b·ρ(e₂) (up to ≈ 700 for results near 10⁻³⁰⁰) are each accurate to
    /// about one rounding.
    static func logFront(a: Double, b: Double, at point: Point) -> (high: Double, low: Double) {
        let sum = a + b
        // e₁ = x/x₀ − 1 = −λ/a (x₀ = a/(a+b)) and e₂ = y/y₀ − 1 = λ/b (y₀ = b/(a+b)).
        let e1 = -point.lambda / a
        let e1Low = ((-point.lambda).addingProduct(-e1, a) - point.lambdaLow) / a
        let e2 = point.lambda / b
        let e2Low = (point.lambda.addingProduct(-e2, b) + point.lambdaLow) / b
        let rho1 = rho(e1, e1Low, logOnePlus: logRatio(point.x, point.xLow, point.logX, over: a, sum: sum, b))
        let rho2 = rho(e2, e2Low, logOnePlus: logRatio(point.y, point.yLow, point.logY, over: b, sum: sum, a))
        let scale = 0.5 * log(a * (b / sum)) - halfLogTwoPi
        let delta = stirlingRemainder(sum) - stirlingRemainder(a) - stirlingRemainder(b)
        // scale + delta − a·ρ₁ − b·ρ₂, the products and sums carried as double-doubles.
        let (t1, t1Low) = ExactArithmetic.twoProduct(a, rho1)
        let (t2, t2Low) = ExactArithmetic.twoProduct(b, rho2)
        let (s1, s1Low) = ExactArithmetic.twoSum(scale + delta, -t1)
        let (s2, s2Low) = ExactArithmetic.twoSum(s1, -t2)
        let (high, low) = ExactArithmetic.fastTwoSum(s2, s1Low + s2Low - t1Low - t2Low)
        return (high, low)
    }

    /// log(v·(p + q)/p) = log(v/v₀), v₀ = p/(p+q), for v = vHigh + vLow ∈ [0, 1] given with its
    /// logarithm: when v is a normal number, from the ratio formed in double-double arithmetic (so
    /// the only rounding that matters is that of the final log, ½ ulp of the result); when v is
    /// subnormal or 0, as the sum of logarithms.
    private static func logRatio(_ vHigh: Double, _ vLow: Double, _ logV: Double,
                                 over p: Double, sum: Double, _ q: Double) -> Double {
        guard vHigh >= Double.leastNormalMagnitude else { return logV + log(sum / p) }
        // k = (p + q)/p as kHigh + kLow, with the rounding error of p + q included.
        let sumError = ExactArithmetic.twoSum(p, q).error
        let kHigh = sum / p
        let kLow = (sum.addingProduct(-kHigh, p) + sumError) / p
        let (r, rError) = ExactArithmetic.twoProduct(vHigh, kHigh)
        let rLow = rError + vHigh * kLow + vLow * kHigh
        return log(r) + rLow / r
    }

    /// ρ(e) = e − log(1 + e) ≥ 0 for e + eLow ≥ −1 (e + eLow a double-double), to about one
    /// rounding relative.
    ///
    /// `logOnePlus` is log(1 + e) computed independently from quantities that are accurate
    /// when 1 + e is small (it is used only for e < −¾, where forming 1 + e from e would lose
    /// the relative accuracy of 1 + e).
    static func rho(_ e: Double, _ eLow: Double, logOnePlus: @autoclosure () -> Double) -> Double {
        if e >= -0.75 && e <= 3 {
            // With r = e/(2+e): log(1+e) = 2·atanh(r) = 2(r + r³/3 + r⁵/5 + …) and e − 2r = e·r,
            // so ρ(e) = e²/(2+e) − 2r³(1/3 + r²/5 + r⁴/7 + …): no cancellation (both terms are
            // ≥ 0 for e < 0; for e > 0 the second is at most 26% of the first; |r| ≤ 0.6). The
            // first term is formed in double-double arithmetic.
            let (square, squareLow) = ExactArithmetic.twoProduct(e, e)
            let (denominator, denominatorLow) = ExactArithmetic.twoSum(2, e)
            let quotient = square / denominator
            let quotientLow = (square.addingProduct(-quotient, denominator) + squareLow
                - quotient * denominatorLow) / denominator
            let r = e / denominator
            let r2 = r * r
            var series = 0.0
            var k = 85.0
            while k >= 3 {  // Horner; r⁸⁴/85 < 10⁻²⁰ for |r| ≤ 0.6
                series = 1 / k + r2 * series
                k -= 2
            }
            // dρ/de = e/(1+e) carries the low part of e.
            return quotient + (quotientLow - 2 * r * r2 * series + eLow * (e / (1 + e)))
        }
        if e > 3 { return (e - log1p(e)) + eLow * (e / (1 + e)) }
        return (e - logOnePlus()) + eLow
    }

    /// δ(z) = lnΓ(z) − (z − ½)·ln z + z − ½·ln 2π, the remainder of Stirling's series (z > 0),
    /// to an absolute error of a few ε.
    static func stirlingRemainder(_ z: Double) -> Double {
        if z < 10 {
            // Below 10 the recurrence costs ~180 divisions; regressions ask for the same few z (ν/2, ½,
            // (ν+1)/2) over and over, so the values are remembered (bit-identical results).
            return stirlingMemo.value(for: z.bitPattern) { uncachedStirlingRemainder(z) }
        }
        return uncachedStirlingRemainder(z)
    }

    static func uncachedStirlingRemainder(_ z: Double) -> Double {
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
            return uncachedStirlingRemainder(w) + total
        }
        // 0 < z < 1: one step of the same recurrence in closed form; (z + ½)·log1p(1/z) ≥ log 3
        // exceeds 1 by ≥ 0.0986, so the subtraction loses at most one digit of a small number.
        return uncachedStirlingRemainder(z + 1) + ((z + 0.5) * log1p(1 / z) - 1)
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
    static func continuedFraction(a: Double, b: Double, at point: Point) -> Double {
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
    static func solveLowerTail(a: Double, b: Double, p: Double) -> Point {
        let logP = log(p)
        var lo = -Double.infinity   // g(lo) < 0
        var hi = 0.0                // g(hi) > 0 (x = 1 gives I = 1 > p)
        var u = initialLogX(a: a, b: b, p: p, logP: logP)
        for _ in 0..<200 {
            let point = Point(logX: u, a: a, b: b)
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
        return Point(logX: u, a: a, b: b)
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

extension IncompleteBeta {
    /// A point x of [0, 1] together with y = 1 − x, both logarithms, and λ = a·y − b·x for the
    /// parameters (a, b) it will be evaluated with — each computed to a few ulps from the caller's own
    /// arguments. `x` (or `y`) may underflow to 0 while its logarithm stays finite.
    struct Point {
        var x: Double
        var y: Double
        /// x + xLow and y + yLow are x and y to about twice the precision of a Double (0 when not
        /// known). Used where the front factor needs log(x/x₀) with x far from x₀ = a/(a+b).
        var xLow = 0.0
        var yLow = 0.0
        var logX: Double
        var logY: Double
        /// λ = a·y − b·x for the (a, b) of the evaluation (λ + λ_low to about twice a Double's
        /// precision); both negated by `swapped`.
        var lambda: Double
        var lambdaLow = 0.0

        init(x: Double, y: Double, xLow: Double = 0, yLow: Double = 0,
             logX: Double, logY: Double, lambda: Double, lambdaLow: Double = 0) {
            self.x = x
            self.y = y
            self.xLow = xLow
            self.yLow = yLow
            self.logX = logX
            self.logY = logY
            self.lambda = lambda
            self.lambdaLow = lambdaLow
        }

        /// From x itself (x exact): y = 1 − x with its rounding error, λ = a − (a+b)·x in
        /// double-double arithmetic (a + b and (a+b)·x carried exactly).
        init(x: Double, a: Double, b: Double) {
            self.x = x
            y = 1 - x
            yLow = (1 - y) - x  // exact: Fast2Sum, |1| ≥ |x|
            logX = log(x)
            logY = log1p(-x)
            let (sum, sumError) = ExactArithmetic.twoSum(a, b)
            let (product, productError) = ExactArithmetic.twoProduct(sum, x)
            let (difference, differenceError) = ExactArithmetic.twoSum(a, -product)
            (lambda, lambdaLow) = ExactArithmetic.fastTwoSum(
                difference, differenceError - productError - sumError * x)
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
        var swapped: Point {
            Point(x: y, y: x, xLow: yLow, yLow: xLow, logX: logY, logY: logX,
                  lambda: -lambda, lambdaLow: -lambdaLow)
        }
    }

    /// Error-free transformations of floating-point sums and products (Knuth's two-sum; the
    /// fused-multiply-add two-product), for the few places that need more than a Double's precision.
    enum ExactArithmetic {
        /// s + error = a + b exactly, s = fl(a + b).
        @inline(__always)
        static func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
            let s = a + b
            let bVirtual = s - a
            return (s, (a - (s - bVirtual)) + (b - bVirtual))
        }

        /// s + error = a + b exactly, s = fl(a + b), provided |a| ≥ |b| (or a = 0).
        @inline(__always)
        static func fastTwoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
            let s = a + b
            return (s, b - (s - a))
        }

        /// p + error = a·b exactly (barring underflow), p = fl(a·b).
        @inline(__always)
        static func twoProduct(_ a: Double, _ b: Double) -> (product: Double, error: Double) {
            let p = a * b
            return (p, (-p).addingProduct(a, b))
        }
    }
}

/// Remembered Stirling remainders δ(z) for z < 10, by the bit pattern of z.
private let stirlingMemo = MemoCache<UInt64, Double>()
