import Foundation
import XCTest
@testable import Forecasting

/// The models' verbs on series where the answer is known.
final class ModelTests: XCTestCase {
    func one(_ observations: [Observation], excluded: [Int] = []) -> Panel {
        Panel([project(0, observations, excluded: excluded)])
    }

    // MARK: budget models

    func testLastBudget() {
        // The last *known* budget: 2003's open year counts (its budget is set), 2004 with no budget does not.
        let panel = one([closed(2001, 100, 90), closed(2002, 120, 100), open(2003, 130), open(2004)])
        XCTAssertEqual(LastBudget().forecast(panel, series: 0, year: 2005), 130)
        XCTAssertEqual(LastBudget().forecast(panel, series: 0, year: 2003), 120)
        XCTAssertNil(LastBudget().forecast(panel, series: 0, year: 2001))
    }

    func testTrendReproducesExactExponentialGrowth() {
        // 1000·1.1^k for 2010…2015: log budget is a straight line, the next point is 1000·1.1^6.
        let panel = one((0..<6).map { closed(2010 + $0, 1000 * pow(1.1, Double($0)), 900) })
        assertClose(TrendBudget().forecast(panel, series: 0, year: 2016), 1000 * pow(1.1, 6), 1e-9)
        // Two years ahead, still on the line.
        assertClose(TrendBudget().forecast(panel, series: 0, year: 2017), 1000 * pow(1.1, 7), 1e-9)
    }

    func testTrendWindowGapsAndNonPositiveBudgets() {
        // Only the last `window` positive budgets count: three flat years of 5 far back do not bend the line.
        var observations = (0..<3).map { closed(2000 + $0, 5, 5) }
        observations += (0..<4).map { closed(2010 + $0, 200 * pow(1.2, Double($0)), 150) }
        // A budget of 0 in 2014 is left out of the line; the line runs through 2011…2013 and 2015 (window 4).
        observations.append(closed(2014, 0, 0))
        observations.append(closed(2015, 200 * pow(1.2, 5), 150))
        let panel = one(observations)
        assertClose(TrendBudget(window: 4).forecast(panel, series: 0, year: 2016), 200 * pow(1.2, 6), 1e-9)
        // Fewer than minimumYears positive budgets: nil.
        XCTAssertNil(TrendBudget().forecast(one([closed(2001, 100, 90), closed(2002, 0, 0), closed(2003, 110, 90)]),
                                            series: 0, year: 2004))
    }

    func testTrendByHand() {
        // 100, 200, 100 in 2001–2003: x̄ = 2002, the line's slope Σ(x−x̄)(y−ȳ)/Σ(x−x̄)² = (−(y₁−ȳ) + (y₃−ȳ))/2 = 0
        // since y₁ = y₃, so the forecast is exp(ȳ) = 100·2^(1/3) = 125.99210498948732.
        let panel = one([closed(2001, 100, 90), closed(2002, 200, 180), closed(2003, 100, 90)])
        assertClose(TrendBudget().forecast(panel, series: 0, year: 2004), 125.99210498948732, 1e-12)
    }

    func testDampedTrendConstantSeries() {
        let panel = one((0..<5).map { closed(2001 + $0, 250, 200) })
        assertClose(DampedTrendBudget().forecast(panel, series: 0, year: 2006), 250, 1e-12)
        assertClose(DampedTrendBudget().forecast(panel, series: 0, year: 2009), 250, 1e-12)
        XCTAssertNil(DampedTrendBudget().forecast(one([closed(2001, 250, 200)]), series: 0, year: 2002))
    }

    func testDampedTrendByHand() {
        // α 0.8, β 0.2, φ 0.8 on log 100, log 120, log 150:
        // ℓ₁ = ln 100 = 4.605170, b₁ = 0
        // ℓ₂ = 0.8·ln 120 + 0.2·ℓ₁ = 3.829993 + 0.921034 = 4.751027;  b₂ = 0.2·(ℓ₂ − ℓ₁) = 0.029171
        // ℓ₃ = 0.8·ln 150 + 0.2·(ℓ₂ + 0.8·b₂) = 4.008508 + 0.954873 = 4.963381
        // b₃ = 0.2·(ℓ₃ − ℓ₂) + 0.64·b₂ = 0.042471 + 0.018670 = 0.061141
        // h = 1: exp(ℓ₃ + 0.8·b₃) = 150.2489418608284;  h = 2: exp(ℓ₃ + 1.44·b₃) = 156.24471012258897
        // (full precision from Python's math.log/exp with the same recursion).
        let panel = one([closed(2001, 100, 90), closed(2002, 120, 100), closed(2003, 150, 140)])
        assertClose(DampedTrendBudget().forecast(panel, series: 0, year: 2004), 150.2489418608284, 1e-12)
        assertClose(DampedTrendBudget().forecast(panel, series: 0, year: 2005), 156.24471012258897, 1e-12)
    }

    /// Ten projects, 2001–2006, every budget 5 % above the year before whatever the rate (rates vary so the
    /// design has full rank); project 9 has no 2004 observation (its 2003→2005 pair grows 1.05² over two
    /// years, 5 % a year). The Huber fit is exact: a = ln 1.05, b = 0, so the forecast is last × 1.05 a year.
    func testIncrementalOnExactFivePercentGrowth() throws {
        let series = (0..<10).map { i -> ProjectSeries in
            var observations: [Observation] = []
            for k in 0..<6 where !(i == 9 && k == 3) {
                let budget = Double(1000 * (i + 1)) * pow(1.05, Double(k))
                let rate = 0.7 + 0.05 * Double((i + 2 * k) % 7)
                observations.append(closed(2001 + k, budget, budget * rate))
            }
            return project(Int64(i), observations)
        }
        let panel = Panel(series)
        let model = try IncrementalBudget().fit(panel, before: 2007)
        // 9 projects × 5 pairs + 4 pairs for project 9 = 49.
        XCTAssertTrue(model.summary.contains("49 year pairs"), model.summary)
        for i in 0..<10 {
            let last = Double(1000 * (i + 1)) * pow(1.05, 5)
            assertClose(model.forecast(panel, series: i, year: 2007), last * 1.05, 1e-9, "project \(i)")
            assertClose(model.forecast(panel, series: i, year: 2008), last * 1.05 * 1.05, 1e-9, "project \(i), 2 years")
        }
    }

    /// Growth that depends on the last rate exactly: ln(Bₜ/Bₜ₋₁) = 0.03 + 0.5·(rₜ₋₁ − 1). The fit recovers
    /// a = 0.03, b = 0.5, so a project whose last rate is 0.8 grows by exp(0.03 − 0.1).
    func testIncrementalRecoversTheRateEffect() throws {
        var series: [ProjectSeries] = []
        for i in 0..<8 {
            var budget = Double(500 + 100 * i)
            var observations: [Observation] = []
            for k in 0..<6 {
                let rate = 0.6 + 0.1 * Double((3 * i + k) % 5)
                let observation = closed(2001 + k, budget, budget * rate)
                observations.append(observation)
                budget *= exp(0.03 + 0.5 * (observation.fittedRate - 1))
            }
            series.append(project(Int64(i), observations))
        }
        let panel = Panel(series)
        let model = try IncrementalBudget().fit(panel, before: 2007)
        for i in 0..<8 {
            let last = try XCTUnwrap(panel.series[i].observations.last)
            assertClose(model.forecast(panel, series: i, year: 2007), last.budget * exp(0.03 + 0.5 * (last.fittedRate - 1)),
                        1e-9, "project \(i)")
        }
    }

    /// Constant budgets: every pair's growth is exactly 0, least squares gives exactly 0, every residual is 0,
    /// so the Huber scale (MAD) is 0 and the loop stops on OLS: the forecast is the last budget exactly.
    func testIncrementalWithZeroMADStopsOnOLS() throws {
        let panel = Panel((0..<8).map { i in
            project(Int64(i), (0..<5).map { k in closed(2001 + k, 700, 700 * (0.6 + 0.1 * Double((i + k) % 4))) })
        })
        let model = try IncrementalBudget().fit(panel, before: 2006)
        for i in 0..<8 { XCTAssertEqual(model.forecast(panel, series: i, year: 2006), 700) }
    }

    func testIncrementalWithTooFewPairs() throws {
        // 3 projects × 4 pairs = 12 < 30 pairs in every group: no coefficients, no forecast.
        let panel = Panel((0..<3).map { i in project(Int64(i), (0..<5).map { closed(2001 + $0, 100, 90) }) })
        let model = try IncrementalBudget().fit(panel, before: 2006)
        XCTAssertNil(model.forecast(panel, series: 0, year: 2006))
        XCTAssertTrue(model.summary.contains("0 unit, 0 department, 0 category, 0 data source"), model.summary)
    }

    // MARK: rate models

    func testWeightedRateByHand() {
        // 0.5, 0.8, 1.0 with λ 0.6: (1.0 + 0.6·0.8 + 0.36·0.5)/(1 + 0.6 + 0.36) = 1.66/1.96.
        let panel = one([closed(2001, 100, 50), closed(2002, 100, 80), closed(2003, 100, 100)])
        assertClose(WeightedRate().forecast(panel, series: 0, year: 2004), 1.66 / 1.96)
        // An open year between does not take a weight: same answer.
        let gapped = one([closed(2001, 100, 50), closed(2002, 100, 80), open(2003, 100), closed(2004, 100, 100)])
        assertClose(WeightedRate().forecast(gapped, series: 0, year: 2005), 1.66 / 1.96)
        // λ = 1 is the plain mean 2.3/3; λ = 0 the last rate.
        assertClose(WeightedRate(decay: 1).forecast(panel, series: 0, year: 2004), 2.3 / 3)
        assertClose(WeightedRate(decay: 0).forecast(panel, series: 0, year: 2004), 1.0)
        XCTAssertNil(WeightedRate().forecast(panel, series: 0, year: 2001))
    }

    func testMeanRateClampsRates() {
        // 0.5, 2.5 → clamped 2, −0.1 → clamped 0: (0.5 + 2 + 0)/3 = 2.5/3.
        let panel = one([closed(2001, 100, 50), closed(2002, 100, 250), closed(2003, 100, -10), open(2004, 100)])
        assertClose(MeanRate().forecast(panel, series: 0, year: 2005), 2.5 / 3)
        assertClose(MeanRate().forecast(panel, series: 0, year: 2003), 1.25)
        XCTAssertNil(MeanRate().forecast(panel, series: 0, year: 2001))
    }

    func testLastRateSkipsYearsWithoutARate() {
        // 2003 is open (executed unknown), 2004 has a budget of 0 (no rate): the last rate is 2002's 0.9.
        let panel = one([closed(2001, 100, 70), closed(2002, 100, 90), open(2003, 100), closed(2004, 0, 50)])
        assertClose(LastRate().forecast(panel, series: 0, year: 2005), 0.9)
        assertClose(LastRate().forecast(panel, series: 0, year: 2002), 0.7)
        XCTAssertNil(LastRate().forecast(one([open(2001, 100)]), series: 0, year: 2002))
    }

    func testExceptionalYearsAreAbsent() {
        // 2003 is marked exceptional: it is not among the observations, so every model reads 2002 as the last.
        let panel = one([closed(2001, 100, 60), closed(2002, 120, 96), closed(2004, 500, 100)], excluded: [2003])
        XCTAssertEqual(panel.series[0].excludedYears, [2003])
        XCTAssertNil(panel.series[0].observation(in: 2003))
        XCTAssertEqual(LastBudget().forecast(panel, series: 0, year: 2004), 120)
        assertClose(LastRate().forecast(panel, series: 0, year: 2004), 0.8)
        XCTAssertEqual(panel.years, [2001, 2002, 2004])
    }

    // MARK: fittedValues and residuals

    func testFittedValuesAndResiduals() {
        // 2001 B100 E90 (0.9), 2002 B110 E88 (0.8), 2003 B130 E338 (2.6 → 2), 2004 open B150.
        let panel = one([closed(2001, 100, 90), closed(2002, 110, 88), closed(2003, 130, 338), open(2004, 150)])
        // last budget: fitted 2002: 100, 2003: 110, 2004: 130; residuals 10, 20, 20 (2004's budget is known).
        let fitted = LastBudget().fittedValues(panel, series: 0)
        XCTAssertEqual(fitted.map(\.year), [2002, 2003, 2004])
        XCTAssertEqual(fitted.map(\.value), [100, 110, 130])
        let residuals = LastBudget().residuals(panel, series: 0)
        XCTAssertEqual(residuals.map(\.year), [2002, 2003, 2004])
        XCTAssertEqual(residuals.map(\.value), [10, 20, 20])
        // mean rate: fitted 0.9, 0.85, (0.9 + 0.8 + 2)/3; residuals against the clamped rate: 0.8 − 0.9 = −0.1,
        // 2 − 0.85 = 1.15; 2004 is open (no actual), so no residual.
        let rateFitted = MeanRate().fittedValues(panel, series: 0)
        XCTAssertEqual(rateFitted.map(\.year), [2002, 2003, 2004])
        assertClose(rateFitted[2].value, 3.7 / 3)
        let rateResiduals = MeanRate().residuals(panel, series: 0)
        XCTAssertEqual(rateResiduals.map(\.year), [2002, 2003])
        assertClose(rateResiduals[0].value, -0.1)
        assertClose(rateResiduals[1].value, 1.15)
    }

    func testObservationRate() {
        XCTAssertEqual(closed(2001, 200, 150).rate, 0.75)
        XCTAssertTrue(closed(2001, 0, 150).rate.isNaN)       // budget ≤ 0
        XCTAssertTrue(closed(2001, -5, 150).rate.isNaN)
        XCTAssertTrue(open(2001, 200).rate.isNaN)            // execution unknown
        XCTAssertEqual(closed(2001, 100, 300).rate, 3)        // the rate itself is not clamped …
        XCTAssertEqual(closed(2001, 100, 300).fittedRate, 2)  // … the fitted rate is
        XCTAssertEqual(closed(2001, 100, -3).fittedRate, 0)
    }
}
