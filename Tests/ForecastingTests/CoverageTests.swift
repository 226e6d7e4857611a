import Foundation
import XCTest
@testable import Forecasting

/// Interval coverage and MASE on synthetic data with a known distribution.
///
/// 400 projects in one unit, 2001–2012. B₂₀₀₁ log-uniform on [10⁴, 10⁶]; Bₜ = Bₜ₋₁·exp(g + εₜ) with
/// g = 0.08 and ε ~ Laplace(0, 0.05) (heavy-tailed against the normal: kurtosis 6), drawn by the inverse CDF
/// from SplitMix64 (seed fixed). Rates iid uniform on [0.8, 1.0]; executed = rate × budget; every year closed.
///
/// Cases: 2003–2012 (two closed years needed), 10 origins × 400 = 4,000 cases; the first origin has no
/// earlier errors, so 9 × 400 = 3,600 scored cases carry an interval, each calibrated on the unit's errors at
/// every earlier origin (400·k of them, k = 1…9).
///
/// For `last`, the ratio error Bₜ/Bₜ₋₁ = exp(g + εₜ) is iid over projects and years, so the errors are
/// exchangeable and the split-conformal interval covers with probability (high − low)/(n+1) ∈ [level,
/// level + 2/(n+1)], e.g. (361 − 40)/401 = 0.8005 at n = 400. The scored cases are not independent (cases of
/// one origin share a calibration set), so the plain binomial standard error √(p(1−p)/3600) understates the
/// spread; a Monte Carlo of this exact scheme (2,000 replications of iid errors; numpy, script below) gives
/// sd 0.0077 at 0.8 and 0.0058 at 0.9, about 1.15 × binomial. Tolerance: 4·√(p(1−p)/3600) + 1/(400+1)
/// = 0.029 at 0.8 and 0.0225 at 0.9, i.e. ≥ 3.8 Monte Carlo sd; the two levels' bands do not overlap.
///
/// ```python
/// import numpy as np, math
/// rng = np.random.default_rng(1); P, O = 400, 10
/// def bounds(s, level):
///     n = len(s); a = 1 - level
///     lo = math.floor((n + 1) * a / 2 + 1e-9); hi = math.ceil((n + 1) * (1 - a / 2) - 1e-9)
///     return s[min(max(lo, 1), n) - 1], s[min(max(hi, 1), n) - 1]
/// for level in (0.8, 0.9):
///     covs = []
///     for rep in range(2000):
///         e = rng.laplace(0, 1, size=(O, P)); hit = 0
///         for k in range(1, O):
///             lo, hi = bounds(np.sort(e[:k].ravel()), level); hit += np.sum((e[k] >= lo) & (e[k] <= hi))
///         covs.append(hit / ((O - 1) * P))
///     print(level, np.mean(covs), np.std(covs))
/// ```
///
/// `selected` switches models between origins, so its errors are only nearly exchangeable; it is held to
/// the same band.
///
/// MASE: `last` is its own naive (exactly 1). `incremental` estimates the common growth, so its error is
/// ≈ |e^(g+ε) − e^g| against the naive's |e^(g+ε) − 1|: the ratio of their means is 0.568 (numpy, 10⁷
/// draws; b/(g + b·e^(−g/b)) = 0.555 on the log scale). Held to MASE < 1 and within 0.08 of 0.568 (the
/// budget-weighted sums over 4,000 cases move it by a few hundredths).
final class CoverageTests: XCTestCase {
    static let panel: Panel = {
        var rng = SplitMix64(seed: 20_260_101)
        var series: [ProjectSeries] = []
        for i in 0..<400 {
            var budget = exp(log(1e4) + rng.uniform() * (log(1e6) - log(1e4)))
            var observations: [Observation] = []
            for year in 2001...2012 {
                if year > 2001 { budget *= exp(0.08 + rng.laplace(scale: 0.05)) }
                let rate = 0.8 + 0.2 * rng.uniform()
                observations.append(closed(year, budget, rate * budget))
            }
            series.append(project(Int64(i), observations))
        }
        return Panel(series)
    }()

    func backtest(level: Double) throws -> Backtest {
        Backtest(try RollingOrigin(panel: Self.panel, settings: ForecastSettings(level: level), through: 2012))
    }

    func checkCoverage(_ backtest: Backtest, level p: Double) throws {
        for method in ["last", "selected"] {
            let row = try XCTUnwrap(backtest.accuracy(.budget, method))
            XCTAssertEqual(row.n, 4000, method)
            XCTAssertEqual(row.intervals, 3600, method)
            let tolerance = 4 * (p * (1 - p) / 3600).squareRoot() + 1.0 / 401
            XCTAssertEqual(row.coverage, p, accuracy: tolerance, "\(method) at \(p)")
        }
    }

    /// A ratio band on a negative forecast (a line of refunds) is mirrored so that low ≤ high: −262.08 with
    /// ratio bounds 0.84–1.25 gives [−327.60, −220.1472], not the inverted (−220.15, −327.60) it used to.
    func testARatioIntervalOnANegativeForecastIsOrdered() {
        let negative = ErrorScale.ratio.interval(forecast: -262.08, bounds: (low: 0.84, high: 1.25))
        XCTAssertEqual(negative.low, -327.6, accuracy: 1e-9)
        XCTAssertEqual(negative.high, -220.1472, accuracy: 1e-9)
        let positive = ErrorScale.ratio.interval(forecast: 262.08, bounds: (low: 0.84, high: 1.25))
        XCTAssertEqual(positive.low, 220.1472, accuracy: 1e-9)
        XCTAssertEqual(positive.high, 327.6, accuracy: 1e-9)
    }

    func testCoverageAndMASE() throws {
        let at80 = try backtest(level: 0.8)
        try checkCoverage(at80, level: 0.8)
        let at90 = try backtest(level: 0.9)
        try checkCoverage(at90, level: 0.9)

        let last = try XCTUnwrap(at80.accuracy(.budget, "last"))
        XCTAssertEqual(last.mase, 1)
        let incremental = try XCTUnwrap(at80.accuracy(.budget, "incremental"))
        XCTAssertLessThan(incremental.mase, 1)
        XCTAssertEqual(incremental.mase, 0.568, accuracy: 0.08)
        // The choice follows the better model.
        XCTAssertLessThan(try XCTUnwrap(at80.accuracy(.budget, "selected")).mase, 1)
    }

    /// The first origin with intervals (2004) alone: 400 cases calibrated on the 400 errors of 2003.
    /// Tolerance 4·√(0.16/400) + 1/401 = 0.0825 (here the calibration set is as small as it gets, and the
    /// binomial term is doubled as above). `last` meets it (0.777 with this seed).
    ///
    /// `selected` does not: in 2003 no case existed, so the default (last) was used; from 2004 on the record
    /// chooses `incremental`, but its interval is calibrated on the 2003 errors of the *selected* forecasts,
    /// i.e. of `last`, whose ratio errors are centred on e^0.08 ≈ 1.083 instead of 1. The interval sits above
    /// incremental's forecast and covers 0.42 of the 2004 budgets (later origins over-cover, 0.83–0.86, as the
    /// 2003 errors widen the mixed calibration set).
    func testSelectedCoverageAtTheFirstOriginWithIntervals() throws {
        let run = try RollingOrigin(panel: Self.panel, settings: ForecastSettings(level: 0.8), through: 2004)
        let backtest = Backtest(run, from: 2004)
        let tolerance = 4 * (0.16 / 400).squareRoot() + 1.0 / 401
        for method in ["last", "incremental", "selected"] {
            let row = try XCTUnwrap(backtest.accuracy(.budget, method))
            XCTAssertEqual(row.intervals, 400, method)
            XCTAssertEqual(row.coverage, 0.8, accuracy: tolerance, method)
        }
        // The choice did switch: default (last) at 2003, incremental at 2004.
        XCTAssertEqual(run.selections.first?.budgetModel, 0)
        XCTAssertEqual(run.selections.last?.budgetModel, 3)
    }
}
