import Foundation
import LinearAlgebra
import XCTest

/// Student t, Fisher F and the incomplete beta against SciPy and a 50-digit mpmath reference
/// (Fixtures/distributions_scipy.json, written by Fixtures/make_distribution_fixtures.py), plus
/// closed forms, identities, edge values and invalid parameters.
final class DistributionTests: XCTestCase {
    /// The accuracy contract of the distributions: relative error ≤ 1e-12.
    private static let tolerance = 1e-12

    private struct Fixture: Decodable {
        struct Case: Decodable {
            /// "t.cdf", "t.sf", "t.ppf", "t.isf", "f.cdf", "f.sf", "f.ppf" or "f.isf".
            var fn: String
            /// [ν] or [d₁, d₂].
            var df: [Double]
            /// The argument: t, F, or a probability (p for ppf, q for isf).
            var x: Double
            /// SciPy's value (nil where SciPy returned NaN or ±∞).
            var scipy: Double?
            /// The 50-digit mpmath value rounded to Double.
            var exact: Double
            /// false when SciPy's own value is off the exact one by more than `scipy_tolerance`.
            var scipy_ok: Bool?
        }
        var scipy_version: String
        var numpy_version: String
        var mpmath_version: String
        var scipy_tolerance: Double
        var cases: [Case]
    }

    private func loadFixture() throws -> Fixture {
        let directory = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil),
                                      "Fixtures directory missing from the test bundle")
        let data = try Data(contentsOf: directory.appendingPathComponent("distributions_scipy.json"))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    private func evaluate(_ c: Fixture.Case) -> Double {
        if c.fn.hasPrefix("t.") {
            let t = StudentT(degreesOfFreedom: c.df[0])
            switch c.fn {
            case "t.cdf": return t.cdf(c.x)
            case "t.sf": return t.sf(c.x)
            case "t.ppf": return t.quantile(c.x)
            case "t.isf": return t.isf(c.x)
            default: return .nan
            }
        }
        let f = FisherF(numeratorDegreesOfFreedom: c.df[0], denominatorDegreesOfFreedom: c.df[1])
        switch c.fn {
        case "f.cdf": return f.cdf(c.x)
        case "f.sf": return f.sf(c.x)
        case "f.ppf": return f.quantile(c.x)
        case "f.isf": return f.isf(c.x)
        default: return .nan
        }
    }

    /// |actual − expected| / |expected|; an expected 0 must be matched exactly. NaN → +∞.
    private func relativeError(_ actual: Double, _ expected: Double) -> Double {
        if expected == 0 { return actual == 0 ? 0 : .infinity }
        let error = abs(actual - expected) / abs(expected)
        return error.isNaN ? .infinity : error
    }

    private func describe(_ c: Fixture.Case) -> String {
        "\(c.fn)(\(c.x), df: \(c.df.map { "\($0)" }.joined(separator: ", ")))"
    }

    /// Every fixture case: ≤ 1e-12 relative to the exact value, and ≤ 1e-12 relative to SciPy
    /// wherever SciPy itself is within `scipy_tolerance` (5e-13) of the exact value. Prints the
    /// worst case per function for both references.
    func testFixtureMatchesScipyAndExactValues() throws {
        let fixture = try loadFixture()
        XCTAssertFalse(fixture.scipy_version.isEmpty)
        XCTAssertFalse(fixture.numpy_version.isEmpty)
        XCTAssertGreaterThan(fixture.cases.count, 1000)

        struct Worst { var error = 0.0; var detail = "" }
        var worstScipy: [String: Worst] = [:]
        var worstExact: [String: Worst] = [:]
        var counts: [String: Int] = [:]
        var scipyComparisons = 0
        var failures: [String] = []
        for c in fixture.cases {
            let value = evaluate(c)
            counts[c.fn, default: 0] += 1
            let exactError = relativeError(value, c.exact)
            if exactError > worstExact[c.fn, default: Worst()].error {
                worstExact[c.fn] = Worst(error: exactError,
                                         detail: "\(describe(c)) = \(value), exact \(c.exact)")
            }
            if !(exactError <= Self.tolerance) {
                failures.append("\(describe(c)) = \(value), exact \(c.exact): rel. error \(exactError)")
            }
            guard c.scipy_ok ?? true, let scipy = c.scipy else { continue }
            scipyComparisons += 1
            let scipyError = relativeError(value, scipy)
            if scipyError > worstScipy[c.fn, default: Worst()].error {
                worstScipy[c.fn] = Worst(error: scipyError,
                                         detail: "\(describe(c)) = \(value), scipy \(scipy)")
            }
            if !(scipyError <= Self.tolerance) {
                failures.append("\(describe(c)) = \(value), scipy \(scipy): rel. error \(scipyError)")
            }
        }
        print("DistributionTests: \(fixture.cases.count) cases (SciPy \(fixture.scipy_version), "
              + "numpy \(fixture.numpy_version), mpmath \(fixture.mpmath_version)); "
              + "\(scipyComparisons) compared with SciPy, all with the exact value")
        for fn in counts.keys.sorted() {
            let s = worstScipy[fn, default: Worst()]
            let e = worstExact[fn, default: Worst()]
            print("  \(fn) n=\(counts[fn]!): worst vs SciPy \(s.error) [\(s.detail)]; "
                  + "worst vs exact \(e.error) [\(e.detail)]")
        }
        if !failures.isEmpty {
            XCTFail("\(failures.count) cases exceed \(Self.tolerance):\n"
                    + failures.prefix(25).joined(separator: "\n"))
        }
    }

    // MARK: - Closed forms and identities

    private func assertRelative(_ actual: Double, _ expected: Double, _ tolerance: Double,
                                _ message: @autoclosure () -> String = "",
                                file: StaticString = #filePath, line: UInt = #line) {
        let error = relativeError(actual, expected)
        XCTAssertLessThanOrEqual(error, tolerance, "\(actual) vs \(expected) \(message())",
                                 file: file, line: line)
    }

    /// ν = 1 is the Cauchy distribution: cdf(1) = 3/4, sf(t) = atan(1/t)/π, quantile = tan(π(p − ½)).
    func testCauchy() {
        let cauchy = StudentT(degreesOfFreedom: 1)
        assertRelative(cauchy.cdf(1), 0.75, 4e-15)
        assertRelative(cauchy.cdf(-1), 0.25, 4e-15)
        assertRelative(cauchy.quantile(0.75), 1, 4e-15)
        assertRelative(cauchy.twoSidedPValue(1), 0.5, 4e-15)
        for t in [1e-3, 0.3, 1, 2.5, 10, 1e3, 1e10, 1e100] {
            let tail = atan2(1, t) / .pi
            assertRelative(cauchy.sf(t), tail, 1e-14, "sf(\(t))")
            assertRelative(cauchy.cdf(-t), tail, 1e-14, "cdf(\(-t))")
        }
        for p in [1e-300, 1e-20, 1e-3, 0.1, 0.3] {
            // tan(π(p − ½)) = −1/tan(πp), with πp formed without cancellation.
            // 1e-13: at p = 1e-300 the root comes from log p ≈ −690, whose ulp is 1e-13.
            assertRelative(cauchy.quantile(p), -1 / tan(.pi * p), 1e-13, "quantile(\(p))")
            assertRelative(cauchy.isf(p), 1 / tan(.pi * p), 1e-13, "isf(\(p))")
        }
    }

    /// ν = 2: cdf(t) = ½ + t / (2√(t² + 2)), quantile(p) = (2p − 1)/√(2p(1 − p)).
    func testTwoDegreesOfFreedom() {
        let t2 = StudentT(degreesOfFreedom: 2)
        for t in [0.01, 0.5, 1, 3, 37, 1e3, 1e8] {
            let s = (t * t + 2).squareRoot()
            assertRelative(t2.cdf(t), 0.5 + t / (2 * s), 1e-15, "cdf(\(t))")
            // ½ − t/(2s) = 1/(s(s + t)), without cancellation.
            assertRelative(t2.sf(t), 1 / (s * (s + t)), 1e-14, "sf(\(t))")
        }
        for p in [1e-300, 1e-12, 0.01, 0.3, 0.5, 0.8, 0.999, 1 - 1e-12] {
            let expected = (2 * p - 1) / (2 * p * (1 - p)).squareRoot()
            if expected == 0 {
                XCTAssertEqual(t2.quantile(p), 0)
            } else {
                // 1e-13: at p = 1e-300 the root is found from log p ≈ −690, whose ulp is 1e-13.
                assertRelative(t2.quantile(p), expected, 1e-13, "quantile(\(p))")
            }
        }
    }

    /// If T ~ t(ν) then T² ~ F(1, ν): F.sf(t²) = two-sided p-value of t, F.cdf(t²) = 1 − that,
    /// and the F quantile at 1 − α is the square of the t quantile at 1 − α/2.
    func testFOneNuIsTSquared() {
        for nu in [1, 2.5, 7.3, 30, 1e3, 1e6] {
            let t = StudentT(degreesOfFreedom: nu)
            let f = FisherF(numeratorDegreesOfFreedom: 1, denominatorDegreesOfFreedom: nu)
            for value in [0.01, 0.7, 1, 2.5, 6, 30] {
                assertRelative(f.sf(value * value), t.twoSidedPValue(value), 1e-13, "ν = \(nu), t = \(value)")
                assertRelative(f.cdf(value * value), t.cdf(value) - t.sf(value), 1e-13, "ν = \(nu), t = \(value)")
            }
            for alpha in [1e-100, 1e-8, 0.01, 0.05, 0.5] {
                let tq = t.isf(alpha / 2)
                assertRelative(f.isf(alpha), tq * tq, 1e-13, "ν = \(nu), α = \(alpha)")
            }
        }
    }

    /// F(d₁, d₂).cdf(x) = F(d₂, d₁).sf(1/x); F(2, 2).cdf(x) = x/(1 + x);
    /// F(2, ν).sf(x) = (1 + 2x/ν)^(−ν/2).
    func testFisherFIdentities() {
        for (d1, d2) in [(1.0, 1.0), (2.5, 7.3), (30, 1e3), (1e6, 3)] {
            let f = FisherF(numeratorDegreesOfFreedom: d1, denominatorDegreesOfFreedom: d2)
            let g = FisherF(numeratorDegreesOfFreedom: d2, denominatorDegreesOfFreedom: d1)
            for x in [0.125, 0.5, 1, 2, 8, 1024] {  // powers of two: 1/x is exact
                assertRelative(f.cdf(x), g.sf(1 / x), 1e-13, "(\(d1), \(d2)) at \(x)")
                assertRelative(f.sf(x), g.cdf(1 / x), 1e-13, "(\(d1), \(d2)) at \(x)")
            }
        }
        let f22 = FisherF(numeratorDegreesOfFreedom: 2, denominatorDegreesOfFreedom: 2)
        for x in [1e-6, 0.3, 1, 4, 1e4] {
            assertRelative(f22.cdf(x), x / (1 + x), 1e-15, "F(2,2).cdf(\(x))")
            assertRelative(f22.sf(x), 1 / (1 + x), 1e-15, "F(2,2).sf(\(x))")
            // Through the smaller tail only: the rounding of a probability near 1 would dominate.
            if x >= 1 {
                assertRelative(f22.isf(1 / (1 + x)), x, 1e-14, "F(2,2).isf")
            }
            if x <= 1 {
                assertRelative(f22.quantile(x / (1 + x)), x, 1e-14, "F(2,2).quantile")
            }
        }
        for nu in [1.0, 7.3, 100, 1e6] {
            let f = FisherF(numeratorDegreesOfFreedom: 2, denominatorDegreesOfFreedom: nu)
            for x in [0.01, 1, 3, 10, 100] {
                let exponent = -(nu / 2) * log1p(2 * x / nu)
                guard exponent > -600 else { continue }
                // exp amplifies the exponent's rounding: allow |exponent|·ε on top.
                assertRelative(f.sf(x), exp(exponent), 1e-14 + abs(exponent) * 4e-16, "F(2,\(nu)).sf(\(x))")
            }
        }
    }

    /// I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b, I_½(a, a) = ½, inverse ∘ I = identity.
    func testIncompleteBetaIdentities() {
        for a in [0.5, 2.5, 40, 1e4] {
            for x in [1e-5, 0.3, 0.9] {
                assertRelative(IncompleteBeta.regularized(x: x, a: a, b: 1), pow(x, a), 1e-13, "a = \(a), x = \(x)")
                assertRelative(IncompleteBeta.complement(x: x, a: 1, b: a),
                               exp(a * log1p(-x)), 1e-13, "b = \(a), x = \(x)")
            }
            assertRelative(IncompleteBeta.regularized(x: 0.5, a: a, b: a), 0.5, 1e-14)
            assertRelative(IncompleteBeta.complement(x: 0.5, a: a, b: a), 0.5, 1e-14)
        }
        // Round trips x → I_x → x through the smaller tail (p ≤ ½ or q ≤ ½; from the larger one
        // the rounding of p near 1 would dominate): the inverse is the root of the accurately
        // computed I_x, so x comes back to ~1e-15.
        for (a, b) in [(0.5, 0.5), (2.5, 7.3), (150.0, 3.0), (5e5, 5e5)] {
            let mean = a / (a + b)
            for x in [1e-3 * mean, 0.5 * mean, mean, 0.5 + 0.5 * mean] {
                let p = IncompleteBeta.regularized(x: x, a: a, b: b)
                let q = IncompleteBeta.complement(x: x, a: a, b: b)
                if p > 1e-300, p <= 0.5 {
                    assertRelative(IncompleteBeta.inverse(p: p, a: a, b: b), x, 1e-13, "(\(a), \(b)), x = \(x)")
                }
                if q > 1e-300, q <= 0.5 {
                    assertRelative(IncompleteBeta.inverseComplement(q: q, a: a, b: b), x, 1e-13,
                                   "(\(a), \(b)), x = \(x)")
                }
            }
            let x = 0.37
            let sum = IncompleteBeta.regularized(x: x, a: a, b: b) + IncompleteBeta.complement(x: x, a: a, b: b)
            assertRelative(sum, 1, 1e-15)
        }
        // log front factor: x^a (1−x)^b / B(a, b) at a = b = 1 is x(1 − x).
        assertRelative(IncompleteBeta.logFrontFactor(x: 0.25, a: 1, b: 1), log(0.1875), 1e-15)
    }

    /// Far tails are resolved (no 1 − cdf): sf down to ≈ 10⁻³⁰⁰ and quantiles back from there.
    func testFarTails() {
        let t = StudentT(degreesOfFreedom: 1e6)
        // mpmath, 50 digits: 9.1498654309011315305e-300.
        assertRelative(t.sf(37), 9.1498654309011315305e-300, 1e-12)
        assertRelative(t.cdf(-37), 9.1498654309011315305e-300, 1e-12)
        assertRelative(t.isf(9.1498654309011315305e-300), 37, 1e-14)
        let cauchy = StudentT(degreesOfFreedom: 1)
        // x = ν/(ν + t²) ≈ 1e-400 is below the Double range: evaluated from log x ≈ −921.
        assertRelative(cauchy.sf(1e200), 1 / (.pi * 1e200), 2e-13)
        let f = FisherF(numeratorDegreesOfFreedom: 5, denominatorDegreesOfFreedom: 1e6)
        let q = f.sf(150)
        XCTAssertGreaterThan(q, 0)
        XCTAssertLessThan(q, 1e-150)
        assertRelative(f.isf(q), 150, 1e-13)
        for nu in [1.0, 3, 1e3] {
            let d = StudentT(degreesOfFreedom: nu)
            for value in [-50.0, -2, 0.5, 3] {
                assertRelative(d.cdf(value) + d.sf(value), 1, 2e-16, "ν = \(nu), t = \(value)")
                assertRelative(d.quantile(d.cdf(value)), value, 1e-13, "ν = \(nu), t = \(value)")
            }
        }
    }

    // MARK: - Edge values and invalid parameters

    func testStudentTEdgeValues() {
        let t = StudentT(degreesOfFreedom: 4.5)
        XCTAssertEqual(t.cdf(-.infinity), 0)
        XCTAssertEqual(t.cdf(.infinity), 1)
        XCTAssertEqual(t.cdf(0), 0.5)
        XCTAssertEqual(t.sf(-.infinity), 1)
        XCTAssertEqual(t.sf(.infinity), 0)
        XCTAssertEqual(t.twoSidedPValue(0), 1)
        XCTAssertEqual(t.twoSidedPValue(.infinity), 0)
        XCTAssertEqual(t.twoSidedPValue(-.infinity), 0)
        XCTAssertEqual(t.quantile(0), -.infinity)
        XCTAssertEqual(t.quantile(1), .infinity)
        XCTAssertEqual(t.quantile(0.5), 0)
        XCTAssertEqual(t.isf(0), .infinity)
        XCTAssertEqual(t.isf(1), -.infinity)
        XCTAssertEqual(t.isf(0.5), 0)
        XCTAssertEqual(t.degreesOfFreedom, 4.5)
        for value in [Double.nan, -0.1, 1.1, -.infinity, .infinity] {
            XCTAssertTrue(t.quantile(value).isNaN, "quantile(\(value))")
            XCTAssertTrue(t.isf(value).isNaN, "isf(\(value))")
        }
        XCTAssertTrue(t.cdf(.nan).isNaN)
        XCTAssertTrue(t.sf(.nan).isNaN)
        XCTAssertTrue(t.twoSidedPValue(.nan).isNaN)
        for nu in [0.0, -1, -.infinity, .infinity, .nan] {
            let bad = StudentT(degreesOfFreedom: nu)
            for value in [bad.cdf(1), bad.sf(1), bad.cdf(0), bad.quantile(0.3), bad.quantile(0),
                          bad.isf(0.3), bad.twoSidedPValue(2)] {
                XCTAssertTrue(value.isNaN, "ν = \(nu)")
            }
        }
    }

    func testFisherFEdgeValues() {
        let f = FisherF(numeratorDegreesOfFreedom: 3, denominatorDegreesOfFreedom: 7.3)
        XCTAssertEqual(f.cdf(0), 0)
        XCTAssertEqual(f.cdf(-1), 0)
        XCTAssertEqual(f.cdf(-.infinity), 0)
        XCTAssertEqual(f.cdf(.infinity), 1)
        XCTAssertEqual(f.sf(0), 1)
        XCTAssertEqual(f.sf(-2), 1)
        XCTAssertEqual(f.sf(.infinity), 0)
        XCTAssertEqual(f.quantile(0), 0)
        XCTAssertEqual(f.quantile(1), .infinity)
        XCTAssertEqual(f.isf(0), .infinity)
        XCTAssertEqual(f.isf(1), 0)
        XCTAssertEqual(f.numeratorDegreesOfFreedom, 3)
        XCTAssertEqual(f.denominatorDegreesOfFreedom, 7.3)
        for value in [Double.nan, -1e-300, 1 + 1e-15, .infinity] {
            XCTAssertTrue(f.quantile(value).isNaN, "quantile(\(value))")
            XCTAssertTrue(f.isf(value).isNaN, "isf(\(value))")
        }
        XCTAssertTrue(f.cdf(.nan).isNaN)
        XCTAssertTrue(f.sf(.nan).isNaN)
        for (d1, d2) in [(0.0, 1.0), (1, 0), (-3, 5), (.nan, 2), (2, .nan), (.infinity, 1), (1, .infinity), (1e16, 1e16)] {
            let bad = FisherF(numeratorDegreesOfFreedom: d1, denominatorDegreesOfFreedom: d2)
            for value in [bad.cdf(1), bad.sf(1), bad.cdf(0), bad.quantile(0.3), bad.quantile(1), bad.isf(0.2)] {
                XCTAssertTrue(value.isNaN, "(\(d1), \(d2))")
            }
        }
    }

    func testIncompleteBetaEdgeValues() {
        XCTAssertEqual(IncompleteBeta.regularized(x: 0, a: 2, b: 3), 0)
        XCTAssertEqual(IncompleteBeta.regularized(x: 1, a: 2, b: 3), 1)
        XCTAssertEqual(IncompleteBeta.complement(x: 0, a: 2, b: 3), 1)
        XCTAssertEqual(IncompleteBeta.complement(x: 1, a: 2, b: 3), 0)
        XCTAssertEqual(IncompleteBeta.inverse(p: 0, a: 2, b: 3), 0)
        XCTAssertEqual(IncompleteBeta.inverse(p: 1, a: 2, b: 3), 1)
        XCTAssertEqual(IncompleteBeta.inverseComplement(q: 0, a: 2, b: 3), 1)
        XCTAssertEqual(IncompleteBeta.inverseComplement(q: 1, a: 2, b: 3), 0)
        XCTAssertEqual(IncompleteBeta.logFrontFactor(x: 0, a: 2, b: 3), -.infinity)
        for (a, b, x) in [(0.0, 1.0, 0.5), (1, -1, 0.5), (.nan, 1, 0.5), (1, .infinity, 0.5),
                          (1, 1, -0.1), (1, 1, 1.1), (1, 1, .nan)] {
            XCTAssertTrue(IncompleteBeta.regularized(x: x, a: a, b: b).isNaN)
            XCTAssertTrue(IncompleteBeta.complement(x: x, a: a, b: b).isNaN)
            XCTAssertTrue(IncompleteBeta.logFrontFactor(x: x, a: a, b: b).isNaN)
            XCTAssertTrue(IncompleteBeta.inverse(p: x, a: a, b: b).isNaN)
            XCTAssertTrue(IncompleteBeta.inverseComplement(q: x, a: a, b: b).isNaN)
        }
    }
}
