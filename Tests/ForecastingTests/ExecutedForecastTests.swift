import BudgetCore
import Foundation
import XCTest
@testable import Forecasting

/// The executed-amount candidates, the guarded choice among them, binding-above-the-line lines, data
/// sources and stale histories. Expected values are worked by hand in the comments.
final class ExecutedForecastTests: XCTestCase {
    // MARK: Executed models

    /// A series of closed years 2015–2018 with executed 100, 300, 200, 260 and initial budgets 90, 310,
    /// 250, 120.
    func handPanel() -> Panel {
        Panel([project(1, [closed(2015, 100, 100, initial: 90), closed(2016, 300, 300, initial: 310),
                           closed(2017, 250, 200, initial: 250), closed(2018, 260, 260, initial: 120)])])
    }

    func testLastExecutedMedianAndInitial() throws {
        let panel = handPanel()
        XCTAssertEqual(LastExecuted().forecast(panel, series: 0, year: 2019), 260)
        // Median of the last three executed: 300, 200, 260 → 260; before 2017: 100, 300 → 200.
        XCTAssertEqual(MedianExecuted().forecast(panel, series: 0, year: 2019), 260)
        XCTAssertEqual(MedianExecuted().forecast(panel, series: 0, year: 2017), 200)
        // The last closed year's initial budget: 120 for 2019; 310 for 2017.
        XCTAssertEqual(LastInitialBudget().forecast(panel, series: 0, year: 2019), 120)
        XCTAssertEqual(LastInitialBudget().forecast(panel, series: 0, year: 2017), 310)
        XCTAssertNil(LastExecuted().forecast(panel, series: 0, year: 2015))
    }

    func testGrowthIsTheMedianLogGrowthOfSameNamePeersElseTheSource() throws {
        // 31 series named "A", each growing by a factor f_k = 1 + k/100 (k = 0…30) from 2016 to 2017: 31
        // pairs whose median growth is 1.15 (k = 15). One series "B" alone: its name has 1 pair, too few,
        // so the source's median stands in: the 32 pairs' growths are 1.00…1.30 and B's 2.0; the median of
        // 32 values is the mean of the 16th and 17th log growths: log 1.15 and log 1.16.
        var series: [ProjectSeries] = []
        for k in 0...30 {
            series.append(ProjectSeries(id: Int64(k), department: "D", unit: "U\(k)", name: "A",
                                        observations: [closed(2016, 100, 100), closed(2017, 100, 100 * (1 + Double(k) / 100))]))
        }
        series.append(ProjectSeries(id: 99, department: "D", unit: "U", name: "B",
                                    observations: [closed(2016, 10, 10), closed(2017, 10, 20)]))
        let panel = Panel(series)
        let fitted = try ExecutedGrowth().fit(panel, before: 2018)
        // A series with k = 10: 110 × 1.15 in 2018, × 1.15² in 2019.
        assertClose(fitted.forecast(panel, series: 10, year: 2018), 110 * 1.15, 1e-12)
        assertClose(fitted.forecast(panel, series: 10, year: 2019), 110 * 1.15 * 1.15, 1e-12)
        let sourceGrowth = exp((log(1.15) + log(1.16)) / 2)
        assertClose(fitted.forecast(panel, series: 31, year: 2018), 20 * sourceGrowth, 1e-12)
        // Fewer than 30 pairs in the source: no forecast.
        let small = Panel(Array(series.prefix(5)))
        XCTAssertNil(try ExecutedGrowth().fit(small, before: 2018).forecast(small, series: 0, year: 2018))
    }

    // MARK: The guarded choice

    func testBlendAveragesTheTwoCandidatesThatBeatTheNaiveMost() {
        // Losses over a group's record: naive 100; x = 1: 90, x = 2: 120, x = 3: 60, x = 4: 95.
        var group = RollingOrigin.GroupSums(budgetCount: 1, rateCount: 1, executedCount: 5)
        group.cases = 40
        group.executedLoss = [100, 90, 120, 60, 95]
        // Beat the naive: 3 (60), 1 (90), 4 (95); the two best, best first.
        XCTAssertEqual(RollingOrigin.executedBlend(group, size: 2), ExecutedBlend([3, 1]))
        XCTAssertEqual(RollingOrigin.executedBlend(group, size: 1), ExecutedBlend([3]))
        XCTAssertEqual(RollingOrigin.executedBlend(group, size: 9), ExecutedBlend([3, 1, 4]))
        // One candidate beats the naive: it alone, not diluted by the naive.
        group.executedLoss = [100, 90, 120, 100, 130]
        XCTAssertEqual(RollingOrigin.executedBlend(group, size: 2), ExecutedBlend([1]))
        // None does (a tie is not a win): the naive.
        group.executedLoss = [100, 100, 120, 101, 130]
        XCTAssertEqual(RollingOrigin.executedBlend(group, size: 2), .naive)
        // Equal losses: the lower index first.
        group.executedLoss = [100, 80, 80, 90, 130]
        XCTAssertEqual(RollingOrigin.executedBlend(group, size: 2), ExecutedBlend([1, 2]))
        // The blend's forecast is the mean of its candidates'.
        let forecasts = [10.0, 20, 40, 70, 110]
        XCTAssertEqual(ExecutedBlend([3, 1]).forecast { forecasts[$0] }, 45)
        XCTAssertEqual(ExecutedBlend.naive.forecast { forecasts[$0] }, 10)
        XCTAssertEqual(ExecutedBlend([3, 1]).name(ForecastSettings()), "mean(median3, growth)")
    }

    func testOlderOriginsWeighLessInTheChoice() throws {
        // 60 lines that grow 5% a year through 2015, then shrink 5% a year. Growth (fitted on every pair
        // before the origin) beats the naive while the lines grow; once they shrink, the naive's one-year lag
        // is the smaller error. With the default discount (0.8) the recent shrinking years decide the 2021
        // choice; with no discount (1) the growth's early lead still counts in full.
        var series: [ProjectSeries] = []
        for k in 0..<60 {
            let base = 1_000 * Double(k + 1)
            series.append(ProjectSeries(id: Int64(k), department: "D\(k % 3)", unit: "U\(k % 6)", name: "L\(k)",
                                        observations: (2008...2020).map { year in
                                            let up = Double(min(year, 2015) - 2008), down = Double(max(year - 2015, 0))
                                            return closed(year, 0, base * pow(1.05, up) * pow(0.95, down))
                                        }))
        }
        let panel = Panel(series)
        let only = [LastExecuted(), ExecutedGrowth()] as [any ForecastModel]
        let discounted = try RollingOrigin(panel: panel, settings: ForecastSettings(executedModels: only), through: 2020)
        let flat = try RollingOrigin(panel: panel, settings: ForecastSettings(executedModels: only, selectionDiscount: 1), through: 2020)
        let growth = 1
        XCTAssertFalse(discounted.select(series: 0).executedBlend.models.contains(growth))
        XCTAssertTrue(flat.select(series: 0).executedBlend.models.contains(growth))
    }

    // MARK: Binding above the line

    /// 60 lines in one data source, each with a budget of 0 and an executed amount growing 5% a year,
    /// 2011–2020: rates are meaningless (executed against a budget of 0).
    func bindingPanel(extra: [ProjectSeries] = []) -> Panel {
        var series: [ProjectSeries] = []
        for k in 0..<60 {
            let base = 1_000 * Double(k + 1)
            series.append(ProjectSeries(id: Int64(k), department: "D\(k % 3)", unit: "U\(k % 6)", name: "L\(k)",
                                        observations: (2011...2020).map { closed($0, 0, base * pow(1.05, Double($0 - 2011))) }))
        }
        return Panel(series + extra)
    }

    func testBindingLineGetsTheExecutedSeriesForecastNotZero() throws {
        let panel = bindingPanel()
        let forecaster = try Forecaster(panel: panel, year: 2021)
        let forecasts = forecaster.forecastAll()
        let fitted = try RollingOrigin.fitModels(panel, settings: forecaster.settings, before: 2021)
        for i in [0, 17, 59] {
            let f = forecasts[i]
            XCTAssertTrue(f.ratesOutOfRange)
            XCTAssertTrue(f.englishNotes.contains { $0.hasPrefix("rates not meaningful") }, "\(f.englishNotes)")
            XCTAssertTrue(f.shownRate.rate == nil && f.shownRate.low == nil && f.shownRate.high == nil,
                          "no rate shown for a line whose rates mean nothing (not the 200% clamp)")
            let last = 1_000 * Double(i + 1) * pow(1.05, 9)
            // Every candidate is an executed-series forecast (the pair stands in as the naive value):
            // last, growth (5%: last × 1.05), initial (unknown: the naive), median3, pair (naive), combination.
            let candidates = RollingOrigin.executedCandidates(fitted, panel: panel, series: i, year: 2021, pair: .nan)
            assertClose(candidates[0], last, 1e-12)
            assertClose(candidates[1], last * 1.05, 1e-9)
            assertClose(candidates[4], last, 1e-12)
            XCTAssertEqual(f.executed, forecaster.record.select(series: i).executedBlend.forecast { candidates[$0] })
            XCTAssertGreaterThan(f.executed, 0.9 * last)
            XCTAssertFalse(f.executed.isNaN)
            // The growth beats the naive on every earlier case, by the same share: it is chosen.
            XCTAssertEqual(f.executedMethod, "growth")
            assertClose(f.executed, last * 1.05, 1e-9)
        }
    }

    func testBindingLineWithASetBudgetOfZeroIsNotZero() throws {
        // The 2021 budget is already set, at 0: budget × rate would say 0; the executed series speaks.
        var series = bindingPanel().series
        series[5].observations.append(open(2021, 0))
        let forecasts = try Forecaster(panel: Panel(series), year: 2021).forecastAll()
        XCTAssertEqual(forecasts[5].budget, 0)
        assertClose(forecasts[5].executed, 6_000 * pow(1.05, 10), 1e-9)
    }

    // MARK: Data sources

    func testAnotherDataSourceChangesNothing() throws {
        // Source "A": the binding panel's lines plus ordinary lines; source "B": lines that shrink 20% a year
        // with rates of 50%. Forecasts of A's lines must be bit-identical with and without B.
        var a = bindingPanel().series
        for k in 0..<40 {
            a.append(ProjectSeries(id: Int64(100 + k), department: "D\(k % 4)", unit: "V\(k % 8)", name: "M\(k % 5)",
                                   observations: (2012...2020).map { closed($0, 500 + Double(k * $0 % 97), 450 + Double((k * 7 + $0) % 61)) }))
        }
        a = a.map { var s = $0; s.dataSource = "A"; return s }
        var b: [ProjectSeries] = []
        for k in 0..<50 {
            b.append(ProjectSeries(id: Int64(1_000 + k), department: "D\(k % 4)", unit: "V\(k % 8)", dataSource: "B",
                                   name: "M\(k % 5)",
                                   observations: (2009...2021).map { closed($0, 2_000 * pow(0.8, Double($0 - 2009)), 1_000 * pow(0.8, Double($0 - 2009))) }))
        }
        let alone = try Forecaster(panel: Panel(a), year: 2021, horizon: 1).forecastAll()
        // B's series interleaved with A's: A's relative order is kept.
        var mixed: [ProjectSeries] = []
        var positions: [Int] = []
        for (i, s) in a.enumerated() {
            if i < b.count { mixed.append(b[i]) }
            positions.append(mixed.count)
            mixed.append(s)
        }
        let together = try Forecaster(panel: Panel(mixed), year: 2021, horizon: 1).forecastAll()
        for (i, position) in positions.enumerated() {
            let x = alone[i], y = together[position]
            XCTAssertEqual(x.budget.bitPattern, y.budget.bitPattern, "series \(i)")
            XCTAssertEqual(x.rate.bitPattern, y.rate.bitPattern, "series \(i)")
            XCTAssertEqual(x.executed.bitPattern, y.executed.bitPattern, "series \(i)")
            XCTAssertEqual(x.executedLow.bitPattern, y.executedLow.bitPattern, "series \(i)")
            XCTAssertEqual(x.executedHigh.bitPattern, y.executedHigh.bitPattern, "series \(i)")
            XCTAssertEqual(x.method, y.method)
            XCTAssertEqual(x.executedMethod, y.executedMethod)
        }
    }

    // MARK: Stale histories

    func testStaleHistoryIsForecastAtItsRealHorizonAndFlagged() throws {
        // Line 0's last closed year is 2017: forecasting 2021 from it is 4 years ahead.
        var series = bindingPanel().series
        series[0].observations.removeAll { $0.year > 2017 }
        let forecaster = try Forecaster(panel: Panel(series), year: 2021)
        let f = forecaster.forecastAll()
        XCTAssertEqual(f[0].staleSince, 2017)
        XCTAssertEqual(f[0].horizon, 4)
        XCTAssertTrue(f[0].englishNotes.contains("stale (last data 2017): forecast 4 years ahead"), "\(f[0].englishNotes)")
        XCTAssertNotNil(forecaster.staleRecords[4])
        XCTAssertEqual(forecaster.staleRecords[4]?.horizon, 4)
        XCTAssertNil(f[1].staleSince)
        XCTAssertEqual(f[1].horizon, 1)
        // Grown four years at 5% from 2017's executed amount, if growth was chosen at that horizon.
        if f[0].executedMethod == "growth" {
            assertClose(f[0].executed, 1_000 * pow(1.05, 6) * pow(1.05, 4), 1e-9)
        }
    }

    func testStaleHistoryIsSaidInTheRecommendationAndTheReview() {
        // Trade friction 2020: 82,694.30 of 230,000 (36%); recommended for 2024 from it, 4 years stale.
        let input = RecommendationInput(lastYear: 2020, lastBudget: Money(fen: 23_000_000), lastExecuted: Money(fen: 8_269_430),
                                        forecastExecuted: 82_694.30, forecastRate: 0.36, staleSince: 2020)
        let recommendation = Recommender().recommend(input)
        XCTAssertTrue(recommendation.explanation.hasPrefix("stale (last data 2020); 2020 executed 82,694.30"), recommendation.explanation)
        // The amount is the rule's, as without the flag.
        var current = input
        current.staleSince = nil
        XCTAssertEqual(recommendation.amount, Recommender().recommend(current).amount)
        XCTAssertFalse(Recommender().recommend(current).explanation.contains("stale"))
        let review = Reviewer().review(requested: Money(fen: 23_000_000), input: input, recommendation: recommendation,
                                       budgetHigh: .nan, level: 0.8)
        XCTAssertTrue(review.reasons.contains("stale (last data 2020): the record is old evidence for this request"), "\(review.reasons)")
    }

    func testLongMedianBySelectionEqualsTheSortedMedian() {
        var random = SplitMix64(seed: 11)
        for count in [65, 66, 1_000, 1_001, 4_096] {
            // Rounded to a few values so that ties occur.
            let values = (0..<count).map { _ in (random.laplace(scale: 3) * 4).rounded() / 4 }
            let sorted = values.sorted()
            let expected = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
            XCTAssertEqual(Quantiles.median(values), expected, "n = \(count)")
        }
    }
}
