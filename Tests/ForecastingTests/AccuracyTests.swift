import XCTest
@testable import Forecasting

/// MAE, MdAPE, MASE and coverage of a two-project backtest worked by hand.
///
///     A: 2001 B100 E90 (0.9)  2002 B110 E99 (0.9)  2003 B120 E96 (0.8)  2004 B150 E135 (0.9)  2005 B160 E0 (0)
///     B: 2001 B200 E200 (1.0) 2002 B200 E160 (0.8) 2003 B220 E110 (0.5) 2004 B200 E200 (1.0)
///
/// Cases (≥ 2 closed years before): origin 0 = 2003 (A, B), origin 1 = 2004 (A, B), origin 2 = 2005 (A),
/// in that order. Budget models [last, fixed 125]; rate models [last, mean], default rate model 1 (mean);
/// executed models [last] (with the `pair` and `combination` candidates); intervals at 0.8 from ≥ 2 earlier
/// errors. Both projects have the same name, so the same-name group is the whole panel, like the source.
final class AccuracyTests: XCTestCase {
    static func panel() -> Panel {
        Panel([
            ProjectSeries(id: 0, department: "D", unit: "U", name: "P",
                          observations: [closed(2001, 100, 90), closed(2002, 110, 99), closed(2003, 120, 96),
                                         closed(2004, 150, 135), closed(2005, 160, 0)]),
            ProjectSeries(id: 1, department: "D", unit: "U", name: "P",
                          observations: [closed(2001, 200, 200), closed(2002, 200, 160), closed(2003, 220, 110),
                                         closed(2004, 200, 200)]),
        ])
    }

    static func settings() -> ForecastSettings {
        ForecastSettings(level: 0.8, minimumCalibrationCases: 2, budgetModels: [LastBudget(), FixedBudget(value: 125)],
                         rateModels: [LastRate(), MeanRate()], defaultRateModel: 1, executedModels: [LastExecuted()])
    }

    func backtest(from: Int? = nil) throws -> Backtest {
        Backtest(try RollingOrigin(panel: Self.panel(), settings: Self.settings(), through: 2005), from: from)
    }

    func testCasesAndSelections() throws {
        let run = try backtest().run
        XCTAssertEqual(run.origins, [2003, 2004, 2005])
        XCTAssertEqual(run.cases.map(\.year), [2003, 2003, 2004, 2004, 2005])
        XCTAssertEqual(run.cases.map(\.series), [0, 1, 0, 1, 0])
        XCTAssertEqual(run.cases.map(\.lastExecuted), [99, 160, 96, 110, 135])
        // Origin 0: defaults. Origin 1, from origin 0 (all-level group, 2 cases): budget |110−120|+|200−220| = 30
        // against |125−120|+|125−220| = 100 → last; rate with last budgets: last×last |99−96|+|160−110| = 53,
        // last×mean |110·0.9−96|+|200·0.9−110| = 73 → last. Origin 2 (4 cases): last×last 53+|96−135|+|110−200|
        // = 182, last×mean 73+|120·13/15−135|+|220·23/30−200| = 73+31+31⅓ = 135⅓ → mean.
        // The executed choice stays the naive (0): the pair's gains over it are 0, −20 at origin 1 and
        // 0, −20, 0, 0 at origin 2 (see testExecuted), never positive on average.
        XCTAssertEqual(run.selections, [
            Selection(budgetModel: 0, rateModel: 1, level: nil, cases: 0),
            Selection(budgetModel: 0, rateModel: 1, level: nil, cases: 0),
            Selection(budgetModel: 0, rateModel: 0, level: .source, cases: 2, executedBlend: .naive, executedLevel: .source, executedCases: 2),
            Selection(budgetModel: 0, rateModel: 0, level: .source, cases: 2, executedBlend: .naive, executedLevel: .source, executedCases: 2),
            Selection(budgetModel: 0, rateModel: 1, level: .source, cases: 4, executedBlend: .naive, executedLevel: .source, executedCases: 4),
        ])
    }

    func row(_ backtest: Backtest, _ target: Target, _ method: String) throws -> Accuracy {
        try XCTUnwrap(backtest.accuracy(target, method), "\(target) \(method)")
    }

    func testBudget() throws {
        let b = try backtest()
        XCTAssertEqual(b.rows.count, 3 + 3 + 8)
        // last: forecasts 110, 200, 120, 220, 150 against 120, 220, 150, 200, 160 → |e| 10, 20, 30, 20, 10.
        // MAE 90/5 = 18. APE 1/12, 1/11, 1/5, 1/10, 1/16 → median 1/11. MASE 1.
        // Intervals (ratio actual ÷ forecast): origin 1 from {12/11, 1.1}, n = 2 → ranks 1, 2 → ×[12/11, 1.1]:
        // A 120 → [130.9, 132] ∌ 150, B 220 → [240, 242] ∌ 200. Origin 2 from {12/11, 1.1, 1.25, 10/11},
        // n = 4, ranks ⌊0.5⌋ → 1, ⌈4.5⌉ = 5 → 4 → ×[10/11, 1.25]: A 150 → [136.4, 187.5] ∋ 160. Coverage 1/3.
        let last = try row(b, .budget, "last")
        XCTAssertEqual(last.n, 5)
        assertClose(last.mae, 18)
        assertClose(last.mdape, 1.0 / 11)
        XCTAssertEqual(last.mase, 1)
        XCTAssertEqual(last.intervals, 3)
        assertClose(last.coverage, 1.0 / 3)
        XCTAssertEqual(last.level, 0.8)

        // fixed 125: |e| 5, 95, 25, 75, 35 → MAE 235/5 = 47, MASE 235/90 = 47/18.
        // APE 5/120 = 1/24, 95/220 = 19/44, 25/150 = 1/6, 75/200 = 3/8, 35/160 = 7/32 → median 7/32.
        // Ratio errors 0.96, 1.76 → origin 1 interval [120, 220] ∋ 150, 200; origin 2 from {0.96, 1.76, 1.2, 1.6}
        // → [0.96, 1.76]·125 = [120, 220] ∋ 160. Coverage 3/3.
        let fixed = try row(b, .budget, "fixed")
        assertClose(fixed.mae, 47)
        assertClose(fixed.mase, 47.0 / 18)
        assertClose(fixed.mdape, 7.0 / 32)
        XCTAssertEqual(fixed.coverage, 1)

        // selected: last at every case (see testCasesAndSelections) → the last row.
        let selected = try row(b, .budget, "selected")
        assertClose(selected.mae, 18)
        assertClose(selected.mase, 1)
        assertClose(selected.coverage, 1.0 / 3)
    }

    func testRateWithAZeroActual() throws {
        let b = try backtest()
        // last: forecasts 0.9, 0.8, 0.8, 0.5, 0.9 against 0.8, 0.5, 0.9, 1.0, 0 → |e| 0.1, 0.3, 0.1, 0.5, 0.9.
        // MAE 1.9/5 = 0.38. The zero actual (A 2005) has no APE but counts in n and MAE:
        // APE 0.125, 0.6, 1/9, 0.5 → median (0.125 + 0.5)/2 = 0.3125.
        // Intervals (actual − forecast): origin 1 from {−0.1, −0.3} → [−0.3, −0.1]: A 0.8 → [0.5, 0.7] ∌ 0.9,
        // B 0.5 → [0.2, 0.4] ∌ 1.0; origin 2 from {−0.3, −0.1, 0.1, 0.5} → 0.9 + [−0.3, 0.5] ∌ 0. Coverage 0.
        let last = try row(b, .rate, "last")
        XCTAssertEqual(last.n, 5)
        assertClose(last.mae, 0.38)
        assertClose(last.mdape, 0.3125)
        XCTAssertEqual(last.mase, 1)
        XCTAssertEqual(last.intervals, 3)
        XCTAssertEqual(last.coverage, 0)

        // mean: forecasts 0.9, 0.9, 13/15, 23/30, 0.875 → |e| 0.1, 0.4, 1/30, 7/30, 0.875, Σ = 197/120.
        // MAE 197/600, MASE (197/120)/1.9 = 197/228. APE 1/8, 4/5, 1/27, 7/30 → median (1/8 + 7/30)/2 = 43/240.
        let mean = try row(b, .rate, "mean")
        assertClose(mean.mae, 197.0 / 600)
        assertClose(mean.mase, 197.0 / 228)
        assertClose(mean.mdape, 43.0 / 240)

        // selected: mean, mean, last, last, mean → |e| 0.1, 0.4, 0.1, 0.5, 0.875 = 1.975; MASE 1.975/1.9 = 79/76.
        let selected = try row(b, .rate, "selected")
        assertClose(selected.mae, 1.975 / 5)
        assertClose(selected.mase, 79.0 / 76)
    }

    func testExecuted() throws {
        let b = try backtest()
        // last (last closed year's executed): 99, 160, 96, 110, 135 against 96, 110, 135, 200, 0
        // → |e| 3, 50, 39, 90, 135 = 317, MAE 63.4; APE 1/32, 5/11, 13/45, 9/20 → median (13/45 + 9/20)/2 = 133/360.
        let last = try row(b, .executed, "last")
        assertClose(last.mae, 63.4)
        assertClose(last.mdape, 133.0 / 360)
        XCTAssertEqual(last.mase, 1)
        // last × mean: 110·0.9 = 99, 200·0.9 = 180, 120·13/15 = 104, 220·23/30 = 168⅔, 150·0.875 = 131.25
        // → |e| 3, 70, 31, 31⅓, 131.25 = 3199/12; MASE 3199/(12·317) = 3199/3804.
        let lastMean = try row(b, .executed, "last × mean")
        assertClose(lastMean.mase, 3199.0 / 3804)
        // pair (the chosen budget × rate pair): last budgets × (mean, mean, last, last, mean) → 99, 180, 96,
        // 110, 131.25 → |e| 3, 70, 39, 90, 131.25 = 333.25; MASE 333.25/317. Its gains over the naive before
        // origin 2 are 0, −20, 0, 0: it never beats the naive, so `selected` is the naive, MASE 1 (the pair
        // alone would have done 5% worse).
        let pair = try row(b, .executed, "pair")
        assertClose(pair.mase, 333.25 / 317)
        let selected = try row(b, .executed, "selected")
        assertClose(selected.mase, 1)
        assertClose(selected.mae, 63.4)
    }

    func testScoringFromALaterOrigin() throws {
        // From 2004: last budget |e| 30, 20, 10 → MAE 20, APE 1/5, 1/10, 1/16 → median 1/10; the intervals are
        // still calibrated on the 2003 errors, so coverage stays 1/3 over 3 intervals.
        let last = try row(try backtest(from: 2004), .budget, "last")
        XCTAssertEqual(last.n, 3)
        assertClose(last.mae, 20)
        assertClose(last.mdape, 0.1)
        XCTAssertEqual(last.intervals, 3)
        assertClose(last.coverage, 1.0 / 3)
    }

    func testNoIntervalsWithoutEnoughCalibrationCases() throws {
        var settings = Self.settings()
        settings.minimumCalibrationCases = 40
        let b = Backtest(try RollingOrigin(panel: Self.panel(), settings: settings, through: 2005))
        let last = try row(b, .budget, "last")
        XCTAssertEqual(last.intervals, 0)
        XCTAssertTrue(last.coverage.isNaN)
        XCTAssertEqual(last.n, 5)
    }

    func testAccumulatorDirectly() {
        // Two cases: forecast 10 vs actual 0 (no APE), forecast 8 vs actual 10 (APE 0.2), naive errors 5 and 2.
        var a = Accuracy.Accumulator()
        a.add(forecast: 10, actual: 0, naive: 5, low: .nan, high: .nan)
        a.add(forecast: 8, actual: 10, naive: 12, low: 9, high: 11)
        let r = a.accuracy(target: .executed, method: "m", level: 0.9)
        XCTAssertEqual(r.n, 2)
        XCTAssertEqual(r.mae, 6)          // (10 + 2)/2
        XCTAssertEqual(r.mdape, 0.2)
        XCTAssertEqual(r.mase, 12.0 / 7)  // 12/(5 + 2)
        XCTAssertEqual(r.intervals, 1)
        XCTAssertEqual(r.coverage, 1)     // 10 ∈ [9, 11]
        // Nothing scored: NaN, not 0.
        let empty = Accuracy.Accumulator().accuracy(target: .rate, method: "m", level: 0.8)
        XCTAssertTrue(empty.mae.isNaN && empty.mdape.isNaN && empty.mase.isNaN && empty.coverage.isNaN)
    }
}
