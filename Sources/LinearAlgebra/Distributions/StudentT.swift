#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private typealias Exact = IncompleteBeta.ExactArithmetic

/// Student's t distribution with ν > 0 degrees of freedom (ν need not be an integer).
///
/// Density f(t) = (1 + t²/ν)^(−(ν+1)/2) / (√ν·B(ν/2, ½)). All functions go through the
/// regularized incomplete beta (`IncompleteBeta`) with a = ν/2, b = ½ and x = ν/(ν + t²):
///
///     sf(|t|) = P(T > |t|) = ½·I_x(ν/2, ½),       cdf(t) = sf(−t),
///
/// and the central part ½ − sf(|t|) = ½·I_(1−x)(½, ν/2) is evaluated directly when it is the smaller
/// side. x, 1 − x = t²/(ν + t²) (in double-double arithmetic), their logarithms and
/// λ = a(1−x) − b·x = ½·x·(t² − 1) are formed from t and ν directly, so the incomplete beta never
/// sees a rounded x (to which it is extremely sensitive for large ν: d log I / d log x ≈ ν/2 in the
/// tail), and **sf(t) keeps full relative accuracy in the far tail** (e.g. 10⁻³⁰⁰ at ν = 10⁶,
/// t ≈ 37, or ν = 1, t ≈ 3·10²⁹⁹): nothing is computed as 1 − cdf.
///
/// Accuracy contract (tested against SciPy and a 50-digit mpmath reference, see
/// `DistributionTests`): relative error ≤ 10⁻¹² for 1 ≤ ν ≤ 10⁶ (integer or not) and |t| ≤ 10³ for
/// `cdf`, `sf` and `twoSidedPValue` whenever the result is ≥ 10⁻³⁰⁰ (below that it is subnormal or
/// 0 and only absolutely accurate), and for `quantile(p)`, `isf(q)` with p, q in
/// [10⁻³⁰⁰, 1 − 10⁻¹²]. Observed: ≤ 1·10⁻¹³, the largest errors being in tails below 10⁻²⁰⁰, and a
/// few ε for results of moderate size. The quantile is the root, found in the tail whose
/// probability is ≤ ½ (for p near ½ that is the central part, for t ≈ 0), of the accurately
/// computed tail, so its relative error is that of the tail divided by |d log tail / d log t|,
/// which is ≥ ½ for ν ≥ 1 (≈ 0.64 at the worst point, t = 1 for ν = 1).
///
/// Invalid parameters give NaN, never a trap: ν NaN, ν ≤ 0 or ν = +∞ (the normal limit is not
/// provided) makes every function return NaN; so do a NaN argument and a probability outside
/// [0, 1].
public struct StudentT: Sendable {
    /// ν.
    public let degreesOfFreedom: Double

    /// The t distribution with `degreesOfFreedom` = ν. An invalid ν (NaN, ≤ 0, +∞) is stored
    /// as given; every function then returns NaN.
    public init(degreesOfFreedom: Double) {
        self.degreesOfFreedom = degreesOfFreedom
    }

    private var isValid: Bool { degreesOfFreedom > 0 && degreesOfFreedom.isFinite }

    /// P(T ≤ t). cdf(−∞) = 0, cdf(0) = ½, cdf(+∞) = 1; NaN for NaN t or invalid ν.
    public func cdf(_ t: Double) -> Double {
        guard isValid, !t.isNaN else { return .nan }
        if t == 0 { return 0.5 }
        let value = tails(abs(t))
        // For t > 0: cdf = 1 − ½·I_x = ½ + ½·(1 − I_x), with 1 − I_x computed directly.
        return t < 0 ? 0.5 * value.lower : 0.5 + 0.5 * value.upper
    }

    /// P(T > t) = cdf(−t), with full relative accuracy in the upper tail (no 1 − cdf).
    /// sf(−∞) = 1, sf(+∞) = 0; NaN for NaN t or invalid ν.
    public func sf(_ t: Double) -> Double {
        guard isValid, !t.isNaN else { return .nan }
        return cdf(-t)
    }

    /// P(|T| ≥ |t|) = 2·sf(|t|) = I_x(ν/2, ½); 1 at t = 0, 0 at t = ±∞; NaN for NaN t or
    /// invalid ν.
    public func twoSidedPValue(_ t: Double) -> Double {
        guard isValid, !t.isNaN else { return .nan }
        if t == 0 { return 1 }
        return tails(abs(t)).lower
    }

    /// The t with cdf(t) = p.
    ///
    /// quantile(0) = −∞, quantile(½) = 0, quantile(1) = +∞; NaN for p outside [0, 1], NaN p or
    /// invalid ν. For p > ½ the upper-tail probability 1 − p is formed exactly (p ≥ ½ makes the
    /// subtraction exact), so p = 1 − 10⁻¹² is resolved as well as its Double allows; for tiny
    /// upper tails use `isf`.
    public func quantile(_ p: Double) -> Double {
        guard isValid, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        return p < 0.5 ? -upperQuantile(p) : upperQuantile(1 - p)
    }

    /// The inverse survival function: the t with sf(t) = q, i.e. −quantile(q) by symmetry, with
    /// full relative accuracy for tiny q (e.g. 10⁻³⁰⁰).
    ///
    /// isf(0) = +∞, isf(½) = 0, isf(1) = −∞; NaN for q outside [0, 1], NaN q or invalid ν.
    public func isf(_ q: Double) -> Double {
        let t = quantile(q)
        return t == 0 ? 0 : -t
    }

    // MARK: - Implementation

    /// I_x(ν/2, ½) and its complement at x = ν/(ν + t²), t > 0 (t = +∞ allowed).
    private func tails(_ t: Double) -> IncompleteBeta.Evaluation {
        if t == .infinity {
            return IncompleteBeta.Evaluation(lower: 0, upper: 1, logLower: -.infinity,
                                             logUpper: 0, logFront: -.infinity)
        }
        let nu = degreesOfFreedom
        return IncompleteBeta.evaluate(a: 0.5 * nu, b: 0.5, at: point(t))
    }

    /// x = ν/(ν+t²), y = t²/(ν+t²), their logarithms and λ for (a, b) = (ν/2, ½), for
    /// 0 < t < ∞, without overflow.
    ///
    /// x and y are formed in double-double arithmetic (t² by an exact two-product, ν + t² by a
    /// two-sum), and λ = a·y − b·x = ½·x·(t² − 1) from them, also as a double-double, so
    /// that the front factor x^a y^b / B(a, b) — whose logarithm has λ as its derivative with
    /// respect to log t — is not perturbed by the rounding of x. The logarithms (needed only
    /// where x or y is subnormal) come from r = t²/ν or 1/r, whichever is ≤ 1.
    private func point(_ t: Double) -> IncompleteBeta.Point {
        let nu = degreesOfFreedom
        let t2 = t * t
        var x: Double, y: Double, logX: Double, logY: Double
        if t2 <= nu {
            let r = t2 / nu
            x = 1 / (1 + r)
            y = r / (1 + r)
            logX = -log1p(r)
            let logR = r >= Double.leastNormalMagnitude ? log(r) : 2 * log(t) - log(nu)
            logY = logR - log1p(r)
        } else {
            let q = (nu / t) / t
            x = q / (1 + q)
            y = 1 / (1 + q)
            let logQ = q >= Double.leastNormalMagnitude ? log(q) : log(nu) - 2 * log(t)
            logX = logQ - log1p(q)
            logY = -log1p(q)
        }
        let (square, squareLow) = Exact.twoProduct(t, t)
        let (denominator, sumLow) = Exact.twoSum(nu, square)
        let denominatorLow = sumLow + squareLow
        guard square.isNormal, denominator.isFinite else {
            // t² underflows or overflows (|t| < 1e-154 or > 1e154), or ν + t² overflows: x or y is
            // then so small that single precision suffices.
            let lambda = t2.isFinite ? 0.5 * x * ((t - 1) * (t + 1)) : 0.5 * nu - 0.5 * (nu + 1) * x
            return IncompleteBeta.Point(x: x, y: y, logX: logX, logY: logY, lambda: lambda)
        }
        x = nu / denominator
        let xLow = (nu.addingProduct(-x, denominator) - x * denominatorLow) / denominator
        y = square / denominator
        let yLow = (square.addingProduct(-y, denominator) + squareLow - y * denominatorLow) / denominator
        // λ = ½·x·(t² − 1), the product of two double-doubles, kept as a double-double.
        let (m, mSumLow) = Exact.twoSum(square, -1)
        let mLow = mSumLow + squareLow
        let (product, productLow) = Exact.twoProduct(x, m)
        let (lambda, lambdaLow) = Exact.twoSum(product, productLow + x * mLow + xLow * m)
        return IncompleteBeta.Point(x: x, y: y, xLow: xLow, yLow: yLow, logX: logX, logY: logY,
                         lambda: 0.5 * lambda, lambdaLow: 0.5 * lambdaLow)
    }

    /// The t > 0 with sf(t) = s, 0 < s < ½.
    private func upperQuantile(_ s: Double) -> Double {
        let nu = degreesOfFreedom
        let a = 0.5 * nu
        // sf(t) = ½·I_x(a, ½)  ⇒  I_x(a, ½) = 2s, solved in the tail whose probability is ≤ ½.
        let p = 2 * s
        let point = p <= 0.5
            ? IncompleteBeta.solveLowerTail(a: a, b: 0.5, p: p)
            : IncompleteBeta.solveLowerTail(a: 0.5, b: a, p: 1 - p).swapped  // 1 − 2s exact
        // t = √(ν·y/x).
        if point.x >= Double.leastNormalMagnitude && point.y >= Double.leastNormalMagnitude {
            return nu.squareRoot() * (point.y / point.x).squareRoot()
        }
        return exp(0.5 * (log(nu) + point.logY - point.logX))
    }
}
