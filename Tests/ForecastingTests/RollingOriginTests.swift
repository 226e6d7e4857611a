import XCTest
@testable import Forecasting

final class RollingOriginTests: XCTestCase {
    /// Which project-years become cases (minimum history 2): every closed year after two closed years,
    /// whatever its budget (a budget of 0, unknown or negative still has an executed amount to score):
    ///
    ///     P0: 2001 C, 2002 C, 2003 C, 2004 open (budget set)   → 2003 (2 closed before); 2004 is open: never
    ///     P1: 2001 C, 2002 open, 2003 C, 2004 C                → 2003 has 1 closed year before: no; 2004: yes
    ///     P2: 2001 C, 2002 C, 2003 budget 0 (no rate), 2004 C, 2005 C
    ///                                                          → 2003, 2004, 2005
    ///     P3: 2001 C, 2002 C, 2003 budget unknown, 2004 C      → 2003, 2004 (last known budget 2002's)
    ///     P4: 2001 C, 2002 C, 2003 C with a negative budget    → 2003
    static func rulesPanel() -> Panel {
        Panel([
            project(0, [closed(2001, 100, 90), closed(2002, 100, 80), closed(2003, 110, 99), open(2004, 120)]),
            project(1, [closed(2001, 200, 150), open(2002, 200), closed(2003, 210, 200), closed(2004, 220, 330)]),
            project(2, [closed(2001, 300, 300), closed(2002, 300, 270), closed(2003, 0, 40), closed(2004, 310, 300),
                        closed(2005, 320, 300)]),
            project(3, [closed(2001, 400, 360), closed(2002, 400, 380), closed(2003, .nan, 50), closed(2004, 420, 400)]),
            project(4, [closed(2001, 500, 400), closed(2002, 500, 450), closed(2003, -1, 450)]),
        ])
    }

    func testCaseRules() throws {
        let run = try RollingOrigin(panel: Self.rulesPanel(), settings: ForecastSettings(), through: 2010)
        XCTAssertEqual(run.origins, [2003, 2004, 2005])
        XCTAssertEqual(run.cases.map(\.series), [0, 2, 3, 4, 1, 2, 3, 2])
        XCTAssertEqual(run.cases.map(\.year), [2003, 2003, 2003, 2003, 2004, 2004, 2004, 2005])
        XCTAssertEqual(run.cases.map(\.originIndex), [0, 0, 0, 0, 1, 1, 1, 2])
        // P2 2003: budget 0, so no rate; the executed amount 40 is scored.
        XCTAssertEqual(run.cases[1].budget, 0)
        XCTAssertTrue(run.cases[1].rate.isNaN)
        XCTAssertEqual(run.cases[1].executed, 40)
        // P2 2004 follows a year executed against a budget of 0: its rates are out of range (the last one is).
        XCTAssertTrue(run.cases[5].ratesOutOfRange)
        XCTAssertFalse(run.cases[4].ratesOutOfRange)
        // P1 2004: actual 220, rate 330/220 = 1.5, executed 330, last closed executed (2003) 200.
        let p1 = run.cases[4]
        XCTAssertEqual(p1.budget, 220)
        XCTAssertEqual(p1.rate, 1.5)
        XCTAssertEqual(p1.executed, 330)
        XCTAssertEqual(p1.lastExecuted, 200)
        // P3 2004: the naive budget skips the unknown 2003 budget: 400.
        XCTAssertEqual(run.budgetForecast(case: 6, model: 0), 400)
        // Every model answers every case: trend needs 3 budgets and has 2 at P0 2003, so it repeats the naive.
        XCTAssertEqual(run.budgetForecast(case: 0, model: 1), run.budgetForecast(case: 0, model: 0))
        XCTAssertEqual(run.budgetForecasts.count, 8 * 4)
        XCTAssertEqual(run.rateForecasts.count, 8 * 5)
        XCTAssertEqual(run.executedForecasts.count, 8 * 6)
        XCTAssertFalse(run.executedForecasts.contains { !$0.isFinite })
        XCTAssertFalse(run.budgetForecasts.contains { !$0.isFinite })
        XCTAssertFalse(run.rateForecasts.contains { !$0.isFinite })
    }

    func testThroughAndMinimumHistory() throws {
        let through2004 = try RollingOrigin(panel: Self.rulesPanel(), settings: ForecastSettings(), through: 2004)
        XCTAssertEqual(through2004.origins, [2003, 2004])
        XCTAssertEqual(through2004.cases.count, 7)
        // Three closed years before: P2 and P3 in 2004 (2001–2003), P2 in 2005.
        let three = try RollingOrigin(panel: Self.rulesPanel(), settings: ForecastSettings(minimumHistory: 3), through: 2010)
        XCTAssertEqual(three.origins, [2004, 2005])
        XCTAssertEqual(three.cases.map(\.series), [2, 3, 2])
    }

    func testInvalidSettingsThrow() {
        XCTAssertThrowsError(try RollingOrigin(panel: Self.rulesPanel(), settings: ForecastSettings(level: 1), through: 2005))
        XCTAssertThrowsError(try RollingOrigin(panel: Self.rulesPanel(), settings: ForecastSettings(minimumHistory: 0), through: 2005))
        XCTAssertThrowsError(try RollingOrigin(panel: Self.rulesPanel(),
                                               settings: ForecastSettings(rateModels: [LastRate()]), through: 2005))
    }

    /// One project, 2000–2012, budgets 1000 + 500k (the naive is off by 500 every year), rate 0.9.
    /// "early" is exact through 2005 and 100 off after; "late" is 10 off through 2005 and exact after.
    /// Cases 2002…2012, one per origin. The choice at a case uses the total error of the earlier cases:
    ///   2002: none → defaults (budget 0, rate 3, no level, 0 cases)
    ///   2003–2006: early 0 against late 10, 20, 30, 40 → early
    ///   2007: early 100 (2006) against late 40 → late, and late from then on (early 200+, late 40).
    /// The 2006 case still picks early although early is wrong in 2006: its own year is not used.
    func testSelectionsUseOnlyEarlierOrigins() throws {
        let panel = Panel([project(0, (0...12).map { k in closed(2000 + k, 1000 + 500 * Double(k), 900 + 450 * Double(k)) })])
        let settings = ForecastSettings(budgetModels: [
            LastBudget(),
            ScriptedBudget(name: "early", offset: 100) { _, year in year >= 2006 },
            ScriptedBudget(name: "late", offset: 10) { _, year in year <= 2005 },
        ])
        let run = try RollingOrigin(panel: panel, settings: settings, through: 2012)
        XCTAssertEqual(run.cases.map(\.year), Array(2002...2012))
        XCTAssertEqual(run.selections[0], Selection(budgetModel: 0, rateModel: 3, level: nil, cases: 0))
        XCTAssertEqual(run.selections.map(\.budgetModel), [0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2])
        XCTAssertEqual(run.selections.dropFirst().map(\.level), Array(repeating: .source, count: 10))
        XCTAssertEqual(run.selections.map(\.cases), Array(0...10))
        // The choice after the last origin (what a forecast of 2013 would use): late, on all 11 cases.
        XCTAssertEqual(run.select(series: 0).budgetModel, 2)
        XCTAssertEqual(run.select(series: 0).cases, 11)
    }

    /// The narrowest group with `minimumSelectionCases` (3) earlier cases decides.
    /// P0 in unit U1, P1 in unit U2, same department; cases 2002–2008 for each. "a" is exact for P0 and 100
    /// off for P1; "b" is 10 off for P0 and exact for P1.
    ///   2002: defaults
    ///   2003: 1 case per unit, 2 in the department (< 3) → all (2 cases): a 100, b 10 → b for both
    ///   2004: units 2, department 4 → department: a 200, b 20 → b
    ///   2005: units 3 → unit: U1 a 0 < b 30 → a; U2 a 300 > b 0 → b
    func testSelectionLevels() throws {
        let years = 0...8
        let panel = Panel([
            project(0, unit: "U1", years.map { closed(2000 + $0, 1000 + 500 * Double($0), 900) }),
            project(1, unit: "U2", years.map { closed(2000 + $0, 2000 + 300 * Double($0), 1800) }),
        ])
        let settings = ForecastSettings(minimumSelectionCases: 3, budgetModels: [
            LastBudget(),
            ScriptedBudget(name: "a", offset: 100) { series, _ in series == 1 },
            ScriptedBudget(name: "b", offset: 10) { series, _ in series == 0 },
        ])
        let run = try RollingOrigin(panel: panel, settings: settings, through: 2008)
        func selection(_ series: Int32, _ year: Int) -> Selection {
            run.selections[run.cases.firstIndex { $0.series == series && $0.year == year }!]
        }
        XCTAssertEqual(selection(0, 2002).level, nil)
        XCTAssertEqual(selection(1, 2002).level, nil)
        for s: Int32 in [0, 1] {
            XCTAssertEqual(selection(s, 2003).budgetModel, 2)
            XCTAssertEqual(selection(s, 2003).level, .source)
            XCTAssertEqual(selection(s, 2003).cases, 2)
            XCTAssertEqual(selection(s, 2004).budgetModel, 2)
            XCTAssertEqual(selection(s, 2004).level, .department)
            XCTAssertEqual(selection(s, 2004).cases, 4)
        }
        // Each project is alone with its name (P0, P1): no same-name level, its unit decides from 2005.
        XCTAssertEqual(selection(0, 2005).budgetModel, 1)
        XCTAssertEqual(selection(0, 2005).level, .unit)
        XCTAssertEqual(selection(0, 2005).cases, 3)
        XCTAssertEqual(selection(1, 2005).budgetModel, 2)
        XCTAssertEqual(selection(1, 2005).level, .unit)
        XCTAssertEqual(selection(0, 2008).budgetModel, 1)
        XCTAssertEqual(selection(1, 2008).budgetModel, 2)
    }
}
