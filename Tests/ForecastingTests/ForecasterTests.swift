import XCTest
@testable import Forecasting

/// Forecasts of 2019 on the hand-worked unit of ``ShrunkRateTests`` (U1: P0–P5 with closed years, P6 with
/// only an open 2018 budget of 100), whose peers' mean rate is μ = 23/30, plus:
///   P7, P8  new projects in U1 (no observation at all), P7 with a request of 300, P8 without;
///   P9      in unit U9 (same department and category): closed 2015, 2017, 2018 (2016 marked exceptional,
///           so absent) and an open 2019 whose budget, 500, is already set.
/// P7–P9 add no closed year to U1, so U1's estimate stays the hand-worked one.
final class ForecasterTests: XCTestCase {
    static func panel() -> Panel {
        var series = ShrunkRateTests.unitPanel()
        series.append(project(7, unit: "U1", department: "D1", category: "C1", []))
        series.append(project(8, unit: "U1", department: "D1", category: "C1", []))
        series.append(project(9, unit: "U9", department: "D1", category: "C1",
                              [closed(2015, 400, 360), closed(2017, 450, 400), closed(2018, 480, 470), open(2019, 500)],
                              excluded: [2016]))
        return Panel(series)
    }

    func forecasts(requests: [Int: Double] = [7: 300, 0: 9_999]) throws -> [ProjectForecast] {
        try Forecaster(panel: Self.panel(), year: 2019).forecastAll(requests: requests)
    }

    func testNewProjectWithARequest() throws {
        let f = try forecasts()[7]
        XCTAssertTrue(f.isNew)
        XCTAssertEqual(f.year, 2019)
        XCTAssertEqual(f.historyYears, 0)
        XCTAssertEqual(f.budget, 300)
        XCTAssertEqual(f.budgetLow, 300)
        XCTAssertEqual(f.budgetHigh, 300)
        assertClose(f.rate, 23.0 / 30)           // the peers' μ
        assertClose(f.executed, 300 * 23.0 / 30) // = 230
        XCTAssertEqual(f.method, "request × shrunk")
        XCTAssertTrue(f.englishNotes.contains("new project: budget = request"), "\(f.englishNotes)")
        XCTAssertTrue(f.englishNotes.contains("no closed year with a budget above 0: peers' execution rate"), "\(f.englishNotes)")
    }

    func testNewProjectWithoutARequest() throws {
        let f = try forecasts()[8]
        XCTAssertTrue(f.isNew)
        XCTAssertEqual(f.budget, 0)
        XCTAssertEqual(f.budgetLow, 0)
        XCTAssertEqual(f.budgetHigh, 0)
        assertClose(f.rate, 23.0 / 30)
        XCTAssertEqual(f.executed, 0)
        XCTAssertEqual(f.method, "none × shrunk")
        XCTAssertTrue(f.englishNotes.contains("new project: no history and no request"), "\(f.englishNotes)")
    }

    func testOpenBudgetWithoutClosedYearIsNotNew() throws {
        // P6: a 2018 budget of 100, never closed: not new. Its budget is forecast: with one known budget every
        // budget model (trend needs 3, damped 2, incremental a closed year) falls back to the naive 100,
        // whichever the record chose. The rate is the peers' μ.
        let f = try forecasts()[6]
        XCTAssertFalse(f.isNew)
        XCTAssertEqual(f.budget, 100)
        assertClose(f.rate, 23.0 / 30)
        XCTAssertTrue(f.englishNotes.contains("no closed year with a budget above 0: peers' execution rate"), "\(f.englishNotes)")
    }

    func testBudgetAlreadySetAndExceptionalYears() throws {
        let f = try forecasts()[9]
        XCTAssertFalse(f.isNew)
        XCTAssertEqual(f.budget, 500)
        XCTAssertEqual(f.budgetLow, 500)
        XCTAssertEqual(f.budgetHigh, 500)
        XCTAssertTrue(f.method.hasPrefix("set × "), f.method)
        XCTAssertEqual(f.historyYears, 3)
        XCTAssertTrue(f.englishNotes.contains("budget for 2019 already set"), "\(f.englishNotes)")
        XCTAssertTrue(f.englishNotes.contains("exceptional years left out: 2016"), "\(f.englishNotes)")
        assertClose(f.executed, 500 * f.rate)
    }

    func testEstablishedProjectIgnoresItsRequestAndUsesTheRecord() throws {
        // Cases before 2019 (≥ 2 closed years before): 2017 P0, P4; 2018 P0, P3, P4, P9 → 6 cases, fewer than
        // 40 in every group but `all`, which decides.
        let forecaster = try Forecaster(panel: Self.panel(), year: 2019)
        XCTAssertEqual(forecaster.record.cases.count, 6)
        XCTAssertEqual(forecaster.record.origins, [2017, 2018])
        let f = forecaster.forecastAll(requests: [0: 9_999])[0]
        XCTAssertFalse(f.isNew)
        XCTAssertNotEqual(f.budget, 9_999)
        XCTAssertEqual(f.historyYears, 4)
        XCTAssertTrue(f.englishNotes.contains("model chosen on 6 backtest cases (data source)"), "\(f.englishNotes)")
        XCTAssertFalse(f.englishNotes.contains { $0.hasPrefix("exceptional") })
        // No group has 40 errors: no intervals.
        XCTAssertTrue(f.budgetLow.isNaN && f.rateLow.isNaN && f.executedLow.isNaN)
        // Six cases are too few evidence against the naive executed forecast: last closed year's amount.
        XCTAssertEqual(f.executedMethod, "last")
        XCTAssertEqual(f.executed, Self.panel().series[0].history(before: 2019).lastClosed?.executed)
        XCTAssertEqual(forecaster.modelSummaries.count, 4 + 5 + 4)
    }

    func testShortHistoryRateIsShrunk() throws {
        // P1 has one closed year (0.9): below the minimum history of 2, its rate is the shrunk one,
        // 291/350 (see ShrunkRateTests), whatever the record chose.
        let f = try forecasts()[1]
        assertClose(f.rate, 291.0 / 350)
        XCTAssertTrue(f.method.hasSuffix(" × shrunk"), f.method)
        XCTAssertTrue(f.englishNotes.contains { $0.hasPrefix("1 closed year: rate shrunk toward peers (its own rate weighs ") }, "\(f.englishNotes)")
    }

    func testIntervalsWhenEnoughCases() throws {
        // With one calibration case needed, every established project gets intervals around its forecast.
        let settings = ForecastSettings(minimumSelectionCases: 1, minimumCalibrationCases: 1)
        let all = try Forecaster(panel: Self.panel(), year: 2019, settings: settings).forecastAll()
        let f = all[0]
        XCTAssertFalse(f.budgetLow.isNaN)
        XCTAssertLessThanOrEqual(f.budgetLow, f.budgetHigh)
        XCTAssertLessThanOrEqual(f.rateLow, f.rateHigh)
        XCTAssertGreaterThanOrEqual(f.rateLow, 0)
        // A set budget keeps a zero-width budget interval, and its executed interval is budget × rate bounds.
        let set = all[9]
        XCTAssertEqual(set.budgetLow, 500)
        XCTAssertEqual(set.budgetHigh, 500)
        assertClose(set.executedLow, 500 * set.rateLow)
        assertClose(set.executedHigh, 500 * set.rateHigh)
    }
}
