import XCTest
@testable import Forecasting

/// Empirical-Bayes shrinkage worked by hand (exact fractions; checked with Python's `fractions`).
///
/// Unit U1 (department D1, category C1), closed years 2015–2018, budget 100 each year, so the rate is the
/// executed amount ÷ 100:
///
///     P0  0.5 0.7 0.9 0.7   n=4  r̄=0.7  SS=0.04+0+0.04+0 = 0.08
///     P1  0.9               n=1  r̄=0.9  SS=0
///     P2  0.6 0.8           n=2  r̄=0.7  SS=0.01+0.01 = 0.02
///     P3  1.0 0.8 0.9       n=3  r̄=0.9  SS=0.01+0.01+0 = 0.02
///     P4  0.8 0.8 1.0 1.0   n=4  r̄=0.9  SS=4·0.01 = 0.04
///     P5  0.5               n=1  r̄=0.5  SS=0
///     P6  (2018 open, budget 100, no closed year)
///
/// μ = (0.7+0.9+0.7+0.9+0.9+0.5)/6 = 4.6/6 = 23/30
/// σ²_within = (0.08+0.02+0.02+0.04)/(3+0+1+2+3+0) = 0.16/9 = 4/225
/// S²_b: r̄ − μ = −1/15 (×2), +2/15 (×3), −4/15 (×1) → Σ² = (2+12+16)/225 = 2/15; ÷5 → 2/75
/// mean(1/n) = (1/4+1+1/2+1/3+1/4+1)/6 = (40/12)/6 = 5/9
/// τ² = 2/75 − (4/225)(5/9) = 2/75 − 4/405 = (162−60)/6075 = 34/2025 (above the 1e-4 floor)
/// σ²_w/τ² = (4/225)/(34/2025) = 18/17 → wᵢ = nᵢ/(nᵢ+18/17) = 17nᵢ/(17nᵢ+18):
///     n=1 → 17/35, n=2 → 17/26, n=3 → 17/23, n=4 → 34/43
/// own recency-weighted means (λ = 0.6, last year weight 1):
///     P0 (0.7 + 0.6·0.9 + 0.36·0.7 + 0.216·0.5)/(1+0.6+0.36+0.216) = 1.6/2.176 = 25/34
///     P1 0.9;  P2 (0.8 + 0.6·0.6)/1.6 = 29/40;  P3 (0.9 + 0.6·0.8 + 0.36·1.0)/1.96 = 87/98
///     P4 (1.0 + 0.6·1.0 + 0.36·0.8 + 0.216·0.8)/2.176 = 161/170;  P5 0.5
/// forecast = w·own + (1−w)·μ:
///     P0 (34/43)(25/34) + (9/43)(23/30) = 319/430     P1 (17/35)(0.9) + (18/35)(23/30) = 291/350
///     P2 (17/26)(29/40) + (9/26)(23/30) = 769/1040    P3 (17/23)(87/98) + (6/23)(23/30) = 9649/11270
///     P4 (34/43)(161/170) + (9/43)(23/30) = 391/430   P5 (17/35)(0.5) + (18/35)(23/30) = 223/350
///     P6 μ = 23/30
final class ShrunkRateTests: XCTestCase {
    static let unitRates: [[Double]] = [
        [50, 70, 90, 70], [90], [60, 80], [100, 80, 90], [80, 80, 100, 100], [50],
    ]

    /// Rates (as executed on a budget of 100) ending in 2018.
    static func series(_ id: Int64, unit: String, department: String, category: String, executed: [Double]) -> ProjectSeries {
        let first = 2019 - executed.count
        return project(id, unit: unit, department: department, category: category,
                       executed.enumerated().map { closed(first + $0.offset, 100, $0.element) })
    }

    static func unitPanel() -> [ProjectSeries] {
        var series = unitRates.enumerated().map {
            Self.series(Int64($0.offset), unit: "U1", department: "D1", category: "C1", executed: $0.element)
        }
        series.append(project(6, unit: "U1", department: "D1", category: "C1", [open(2018, 100)]))
        return series
    }

    func fitted(_ panel: Panel, before origin: Int = 2019) throws -> ShrunkRate.Fitted {
        try XCTUnwrap(try ShrunkRate().fit(panel, before: origin) as? ShrunkRate.Fitted)
    }

    func testHandWorkedUnit() throws {
        let panel = Panel(Self.unitPanel())
        let model = try fitted(panel)
        let peers = try XCTUnwrap(model.peers(of: 0, in: panel))
        XCTAssertEqual(peers.level, .unit)
        XCTAssertEqual(peers.estimate.projects, 6) // P6 has no closed year and is not counted
        assertClose(peers.estimate.mean, 23.0 / 30)
        assertClose(peers.estimate.withinVariance, 4.0 / 225)
        assertClose(peers.estimate.betweenVariance, 34.0 / 2025)

        // (weight numerator, denominator, forecast numerator, denominator) per project
        let expected: [(Double, Double, Double, Double)] = [
            (34, 43, 319, 430), (17, 35, 291, 350), (17, 26, 769, 1040),
            (17, 23, 9649, 11270), (34, 43, 391, 430), (17, 35, 223, 350),
        ]
        for (i, (wn, wd, fn, fd)) in expected.enumerated() {
            assertClose(model.ownWeight(panel, series: i, year: 2019), wn / wd, 1e-12, "weight P\(i)")
            assertClose(peers.estimate.weight(years: Self.unitRates[i].count), wn / wd, 1e-12, "weight(years:) P\(i)")
            assertClose(model.forecast(panel, series: i, year: 2019), fn / fd, 1e-12, "forecast P\(i)")
        }
        // One closed year borrows more than four.
        XCTAssertLessThan(try XCTUnwrap(model.ownWeight(panel, series: 1, year: 2019)),
                          try XCTUnwrap(model.ownWeight(panel, series: 0, year: 2019)))
        // No closed year: the peers' mean, and no own weight.
        assertClose(model.forecast(panel, series: 6, year: 2019), 23.0 / 30)
        XCTAssertNil(model.ownWeight(panel, series: 6, year: 2019))
        // The summary reports the top group (here the same projects as the unit).
        XCTAssertTrue(model.summary.contains("mean 0.767"), model.summary)
    }

    func testFitUsesOnlyYearsBeforeTheOrigin() throws {
        // Before 2018 the last year of every project is invisible: P1 and P5 (one year, 2018) drop out.
        // Left: P0 0.5 0.7 0.9 (r̄ 0.7, SS 0.08), P2 0.6 (r̄ 0.6), P3 1.0 0.8 (r̄ 0.9, SS 0.02),
        // P4 0.8 0.8 1.0 (r̄ 13/15, SS 2·(1/15)² + (2/15)² = 6/225) — 4 projects with a closed year, fewer
        // than 5 peers; every level is these four projects, so the estimate is the top group's.
        let panel = Panel(Self.unitPanel())
        let model = try fitted(panel, before: 2018)
        let peers = try XCTUnwrap(model.peers(of: 0, in: panel))
        XCTAssertEqual(peers.estimate.projects, 4)
        // μ = (0.7 + 0.6 + 0.9 + 13/15)/4 = (2.2 + 13/15)/4 = (46/15)/4 = 23/30 — by coincidence the same;
        // σ²_w: P0 0.08, P3 0.02, P4 (0.8,0.8,1.0: mean 13/15, SS 2·(1/15)² + (2/15)² = 6/225) over 2+1+2 df
        //   = (0.08 + 0.02 + 6/225)/5 = (18/225 + 4.5/225 + 6/225)/5 = 28.5/1125 = 19/750
        assertClose(peers.estimate.mean, 23.0 / 30)
        assertClose(peers.estimate.withinVariance, 19.0 / 750)
    }

    /// Two more units: U2 (3 projects, D1, C1) and U3 (2 projects, D2, C2).
    ///
    ///     U2: Q0 0.8 0.8 (n 2, SS 0)  Q1 0.6 (n 1)  Q2 0.9 0.7 (n 2, SS 0.02)
    ///     U3: R0 1.0 0.8 (n 2, SS 0.02)  R1 0.4 (n 1)
    ///
    /// U2 has < 5 peers → department D1 (U1 + U2, 9 projects):
    ///   μ = (4.6 + 0.8 + 0.6 + 0.8)/9 = 6.8/9 = 34/45
    ///   σ²_w = (0.16 + 0 + 0.02)/(9 + 1 + 1) = 0.18/11 = 9/550
    ///   S²_b = Σ(r̄ − 34/45)²/8: deviations in 1/90: P −5,13,−5,13,13,−23, Q 4,−14,4 →
    ///          Σ² = (25+169+25+169+169+529+16+196+16)/8100 = 1314/8100; ÷8 = 73/3600
    ///   mean(1/n) = (10/3 + 1/2 + 1 + 1/2)/9 = (16/3)/9 = 16/27
    ///   τ² = 73/3600 − (9/550)(16/27) = 73/3600 − 8/825 = 419/39600;  σ²_w/τ² = 648/419
    ///   Q0: w = 2/(2+648/419) = 419/743, own 0.8 → (419·0.8 + 324·34/45)/743 = 580/743
    /// U3 has < 5 peers, D2 and C2 too → all (11 projects):
    ///   μ = (6.8 + 0.9 + 0.4)/11 = 8.1/11 = 81/110;  σ²_w = (0.18 + 0.02)/12 = 1/60
    ///   S²_b = 42/1375, mean(1/n) = (16/3 + 1/2 + 1)/11 = 41/66,
    ///   τ² = 42/1375 − (1/60)(41/66) = 1999/99000;  σ²_w/τ² = 1650/1999
    ///   R0: w = 2/(2 + 1650/1999) = 1999/2824, own (0.8 + 0.6·1.0)/1.6 = 7/8 → 18853/22592
    ///   R1: w = 1/(1 + 1650/1999) = 1999/3649, own 0.4 → 10073/18245
    func testFallbackToDepartmentAndAll() throws {
        var series = Self.unitPanel()
        for (k, executed) in [[80.0, 80], [60], [90, 70]].enumerated() {
            series.append(Self.series(Int64(10 + k), unit: "U2", department: "D1", category: "C1", executed: executed))
        }
        for (k, executed) in [[100.0, 80], [40]].enumerated() {
            series.append(Self.series(Int64(20 + k), unit: "U3", department: "D2", category: "C2", executed: executed))
        }
        let panel = Panel(series)
        let model = try fitted(panel)

        // U1 keeps its own estimate.
        let u1 = try XCTUnwrap(model.peers(of: 0, in: panel))
        XCTAssertEqual(u1.level, .unit)
        assertClose(u1.estimate.betweenVariance, 34.0 / 2025)
        assertClose(model.forecast(panel, series: 0, year: 2019), 319.0 / 430)

        let u2 = try XCTUnwrap(model.peers(of: 7, in: panel))
        XCTAssertEqual(u2.level, .department)
        XCTAssertEqual(u2.estimate.projects, 9)
        assertClose(u2.estimate.mean, 34.0 / 45)
        assertClose(u2.estimate.withinVariance, 9.0 / 550)
        assertClose(u2.estimate.betweenVariance, 419.0 / 39600)
        assertClose(model.ownWeight(panel, series: 7, year: 2019), 419.0 / 743)
        assertClose(model.forecast(panel, series: 7, year: 2019), 580.0 / 743)

        for i in [10, 11] {
            let u3 = try XCTUnwrap(model.peers(of: i, in: panel))
            XCTAssertEqual(u3.level, .source)
            XCTAssertEqual(u3.estimate.projects, 11)
            assertClose(u3.estimate.mean, 81.0 / 110)
            assertClose(u3.estimate.withinVariance, 1.0 / 60)
            assertClose(u3.estimate.betweenVariance, 1999.0 / 99000)
        }
        assertClose(model.ownWeight(panel, series: 10, year: 2019), 1999.0 / 2824)
        assertClose(model.forecast(panel, series: 10, year: 2019), 18853.0 / 22592)
        assertClose(model.ownWeight(panel, series: 11, year: 2019), 1999.0 / 3649)
        assertClose(model.forecast(panel, series: 11, year: 2019), 10073.0 / 18245)
    }

    /// Five projects with identical means (0.7 then 0.9): S²_b = 0, so τ² takes the 1e-4 floor.
    /// σ²_w = 5·(0.01 + 0.01)/5 = 0.02; w = 2/(2 + 0.02/1e-4) = 2/202; own = (0.9 + 0.6·0.7)/1.6 = 0.825;
    /// forecast = (2·0.825 + 200·0.8)/202 = 161.65/202.
    func testBetweenVarianceFloor() throws {
        let panel = Panel((0..<5).map { Self.series(Int64($0), unit: "U", department: "D", category: "C", executed: [70, 90]) })
        let model = try fitted(panel)
        let peers = try XCTUnwrap(model.peers(of: 0, in: panel))
        XCTAssertEqual(peers.level, .unit)
        XCTAssertEqual(peers.estimate.betweenVariance, ShrunkRate.minimumBetweenVariance)
        assertClose(peers.estimate.withinVariance, 0.02)
        assertClose(peers.estimate.mean, 0.8)
        assertClose(model.ownWeight(panel, series: 3, year: 2019), 2.0 / 202)
        assertClose(model.forecast(panel, series: 3, year: 2019), 161.65 / 202)
    }

    /// No project with two closed years: the within variance cannot be estimated anywhere, so there is
    /// no basis for shrinking: σ²_w = 0 and the own history gets weight 1. Rates 0.6, 0.8, 1.0 (one year
    /// each, two groups of units, fewer than 5 peers: the `all` level): μ = 0.8,
    /// S²_b = (0.04 + 0 + 0.04)/2 = 0.04, τ² = max(0.04 − 0·1, 1e-4) = 0.04, w = 1/(1 + 0/0.04) = 1 →
    /// forecast for 1.0 is 1.0.
    func testNoProjectWithTwoYears() throws {
        let panel = Panel([
            Self.series(0, unit: "A", department: "D", category: "C", executed: [60]),
            Self.series(1, unit: "A", department: "D", category: "C", executed: [80]),
            Self.series(2, unit: "B", department: "E", category: "F", executed: [100]),
        ])
        let model = try fitted(panel)
        let peers = try XCTUnwrap(model.peers(of: 2, in: panel))
        XCTAssertEqual(peers.level, .source)
        XCTAssertEqual(peers.estimate.withinVariance, 0)
        assertClose(peers.estimate.betweenVariance, 0.04)
        assertClose(model.forecast(panel, series: 2, year: 2019), 1.0)
    }

    /// No closed year anywhere: no estimate, no forecast.
    func testNoClosedYear() throws {
        let panel = Panel([project(0, [open(2018, 100)])])
        let model = try fitted(panel)
        XCTAssertNil(model.peers(of: 0, in: panel))
        XCTAssertNil(model.forecast(panel, series: 0, year: 2019))
        XCTAssertEqual(model.summary, "no closed year to learn from")
    }

    /// Rates are clamped to [0, 2] before they enter the sums: a rate of 5 counts as 2.
    /// Five projects at 0.8, 0.8 and one at (2, 2): μ = (5·0.8 + 2)/6 = 1.0.
    func testClampedRates() throws {
        var series = (0..<5).map { Self.series(Int64($0), unit: "U", department: "D", category: "C", executed: [80, 80]) }
        series.append(Self.series(5, unit: "U", department: "D", category: "C", executed: [500, 500]))
        let panel = Panel(series)
        let peers = try XCTUnwrap(try fitted(panel).peers(of: 5, in: panel))
        assertClose(peers.estimate.mean, 1.0)
    }

    /// A panel that is one unit of 3 projects: the unit has fewer than `minimumPeers` (5) projects, so by the
    /// documented rule ("the narrowest group with at least minimumPeers projects") the estimate is the one
    /// of all projects and `peers(of:in:)` should say `.all`. The numbers are the same either way; this
    /// checks the level reported.
    func testSmallSingleUnitPanelFallsBackToAll() throws {
        let panel = Panel((0..<3).map { Self.series(Int64($0), unit: "U", department: "D", category: "C", executed: [70, 90]) })
        let peers = try XCTUnwrap(try fitted(panel).peers(of: 0, in: panel))
        XCTAssertEqual(peers.estimate.projects, 3)
        XCTAssertEqual(peers.level, .source, "a 3-project unit is below minimumPeers = 5")
    }
}
