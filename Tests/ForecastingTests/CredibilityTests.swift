import BudgetCore
import Forecasting
import Foundation
import XCTest

/// PEFA PI-1 and PI-2, against a hand-worked example, at the band edges, under the window rules, and on San
/// Diego's citywide budget against actuals (reference figures from Python's `decimal`).
final class CredibilityTests: XCTestCase {
    /// A line in whole 元.
    func line(_ unit: String, _ project: String, _ year: Int, _ original: Int64?, _ adjusted: Int64?, _ executed: Int64?,
              department: String = "D") -> CredibilityLine {
        CredibilityLine(department: department, unit: unit, project: project, year: year,
                        original: original.map(Money.init(yuan:)), adjusted: adjusted.map(Money.init(yuan:)),
                        executed: executed.map(Money.init(yuan:)))
    }

    /// A line in fen, on one basis (original = adjusted).
    func fenLine(_ project: String, _ year: Int, budget: Int64?, executed: Int64?, unit: String = "U") -> CredibilityLine {
        CredibilityLine(department: "D", unit: unit, project: project, year: year,
                        original: budget.map(Money.init(fen:)), adjusted: budget.map(Money.init(fen:)),
                        executed: executed.map(Money.init(fen:)))
    }

    typealias Expected = (year: Int, outturn: Double, outturnBand: CredibilityGrade, composition: Double,
                          compositionBand: CredibilityGrade)

    func check(_ score: CredibilityScore, _ basis: CredibilityBasis, _ expected: [Expected],
               pi1: CredibilityGrade?, pi2: CredibilityGrade?, file: StaticString = #filePath, line: UInt = #line) {
        let name = "\(score.level) \(score.department ?? "") \(score.unit ?? "") \(basis)"
        XCTAssertEqual(score.years.map(\.year), expected.map(\.year), name, file: file, line: line)
        for row in expected {
            guard let year = score.year(row.year) else { XCTFail("\(name): no \(row.year)", file: file, line: line); continue }
            let measure = year[basis]
            XCTAssertTrue(measure.inWindow, "\(name) \(row.year)", file: file, line: line)
            assertClose(measure.outturn, row.outturn, 1e-12, "PI-1 \(name) \(row.year)", file: file, line: line)
            XCTAssertEqual(measure.outturnBand, row.outturnBand, "PI-1 band \(name) \(row.year)", file: file, line: line)
            assertClose(measure.composition, row.composition, 1e-12, "PI-2 \(name) \(row.year)", file: file, line: line)
            XCTAssertEqual(measure.compositionBand, row.compositionBand, "PI-2 band \(name) \(row.year)", file: file, line: line)
        }
        let grades = basis == .original ? (score.pi1, score.pi2) : (score.pi1Adjusted, score.pi2Adjusted)
        XCTAssertEqual(grades.0, pi1, "PI-1 grade \(name)", file: file, line: line)
        XCTAssertEqual(grades.1, pi2, "PI-2 grade \(name)", file: file, line: line)
    }

    // MARK: hand-worked example

    /// One department D; units U1 = {P1, P2} and U2 = {P3, P4}; amounts in 元 as original / adjusted / executed:
    ///
    ///            2020            2021            2022            2023
    ///     P1   400/400/400     400/400/380     400/350/340     500/500/480
    ///     P2   200/200/200     200/100/100     200/200/190     200/120/120
    ///     P3   300/300/300     300/300/300     300/250/250     300/300/270
    ///     P4   100/100/100     100/100/ 92     100/100/ 95     100/100/100
    ///
    /// 2020 (all 100 %) is a fourth year back: outside the window. Mid-year cuts (P2 in 2021 and 2023, P1 and
    /// P3 in 2022) make every adjusted-basis grade as good as or better than the original-basis one.
    /// Notation: B = Σ budget, E = Σ executed, scaled bᵢ·E/B, dᵢ = |eᵢ − bᵢ·E/B|, PI-2 = Σdᵢ ÷ E.
    /// The arithmetic below was checked with Python's `fractions.Fraction`.
    ///
    /// U1, original:
    /// - 2021: B = 400 + 200 = 600, E = 380 + 100 = 480, PI-1 = 480/600 = 0.8 → D.
    ///   scaled 400·0.8 = 320, 200·0.8 = 160; d = |380 − 320| = 60, |100 − 160| = 60; Σ = 120; PI-2 = 120/480 = 0.25 → D.
    /// - 2022: B = 600, E = 340 + 190 = 530, PI-1 = 530/600 = 0.883333 → C.
    ///   scaled 353.333, 176.667; d = 13.333, 13.333; Σ = 26.667; PI-2 = 26.667/530 = 8/159 = 0.050314 → B (≥ 5 %).
    /// - 2023: B = 500 + 200 = 700, E = 480 + 120 = 600, PI-1 = 6/7 = 0.857143 → C.
    ///   scaled 428.571, 171.429; d = 51.429, 51.429; Σ = 102.857; PI-2 = 102.857/600 = 6/35 = 0.171429 → D.
    /// - PI-1 bands D, C, C → C (two in C or better); PI-2 bands D, B, D → D (only one in C or better).
    /// U1, adjusted:
    /// - 2021: B = 400 + 100 = 500, E = 480, PI-1 = 0.96 → A.
    ///   scaled 384, 96; d = 4, 4; Σ = 8; PI-2 = 8/480 = 1/60 = 0.016667 → A.
    /// - 2022: B = 350 + 200 = 550, E = 530, PI-1 = 53/55 = 0.963636 → A.
    ///   scaled 337.273, 192.727; d = 2.727, 2.727; Σ = 5.455; PI-2 = 5.455/530 = 6/583 = 0.010292 → A.
    /// - 2023: B = 500 + 120 = 620, E = 600, PI-1 = 30/31 = 0.967742 → A.
    ///   scaled 483.871, 116.129; d = 3.871, 3.871; Σ = 7.742; PI-2 = 7.742/600 = 2/155 = 0.012903 → A.
    /// - PI-1 A, A, A → A; PI-2 A, A, A → A.
    /// U2, original:
    /// - 2021: B = 300 + 100 = 400, E = 300 + 92 = 392, PI-1 = 0.98 → A.
    ///   scaled 294, 98; d = 6, 6; Σ = 12; PI-2 = 12/392 = 3/98 = 0.030612 → A.
    /// - 2022: B = 400, E = 250 + 95 = 345, PI-1 = 0.8625 → C.
    ///   scaled 258.75, 86.25; d = 8.75, 8.75; Σ = 17.5; PI-2 = 17.5/345 = 7/138 = 0.050725 → B.
    /// - 2023: B = 400, E = 270 + 100 = 370, PI-1 = 0.925 → B.
    ///   scaled 277.5, 92.5; d = 7.5, 7.5; Σ = 15; PI-2 = 15/370 = 3/74 = 0.040541 → A.
    /// - PI-1 A, C, B → B (one A only; counting 2020's A would make it A); PI-2 A, B, A → A.
    /// U2, adjusted (2021 and 2023 as original: no cut):
    /// - 2022: B = 250 + 100 = 350, E = 345, PI-1 = 69/70 = 0.985714 → A.
    ///   scaled 246.429, 98.571; d = 3.571, 3.571; Σ = 7.143; PI-2 = 7.143/345 = 10/483 = 0.020704 → A.
    /// - PI-1 A, A, B → A; PI-2 A, A, A → A.
    /// D (= total), original:
    /// - 2021: B = 1000, E = 380 + 100 + 300 + 92 = 872, PI-1 = 0.872 → C.
    ///   scaled 348.8, 174.4, 261.6, 87.2; d = 31.2, 74.4, 38.4, 4.8; Σ = 148.8; PI-2 = 148.8/872 = 93/545 = 0.170642 → D.
    /// - 2022: B = 1000, E = 340 + 190 + 250 + 95 = 875, PI-1 = 0.875 → C.
    ///   scaled 350, 175, 262.5, 87.5; d = 10, 15, 12.5, 7.5; Σ = 45; PI-2 = 45/875 = 9/175 = 0.051429 → B.
    /// - 2023: B = 1100, E = 480 + 120 + 270 + 100 = 970, PI-1 = 97/110 = 0.881818 → C.
    ///   scaled 440.909, 176.364, 264.545, 88.182; d = 39.091, 56.364, 5.455, 11.818; Σ = 112.727;
    ///   PI-2 = 112.727/970 = 124/1067 = 0.116214 → C.
    /// - PI-1 C, C, C → C; PI-2 D, B, C → C.
    /// D (= total), adjusted:
    /// - 2021: B = 400 + 100 + 300 + 100 = 900, E = 872, PI-1 = 218/225 = 0.968889 → A.
    ///   scaled 387.556, 96.889, 290.667, 96.889; d = 7.556, 3.111, 9.333, 4.889; Σ = 24.889;
    ///   PI-2 = 24.889/872 = 28/981 = 0.028542 → A.
    /// - 2022: B = 350 + 200 + 250 + 100 = 900, E = 875, PI-1 = 35/36 = 0.972222 → A.
    ///   scaled 340.278, 194.444, 243.056, 97.222; d = 0.278, 4.444, 6.944, 2.222; Σ = 13.889;
    ///   PI-2 = 13.889/875 = 1/63 = 0.015873 → A.
    /// - 2023: B = 500 + 120 + 300 + 100 = 1020, E = 970, PI-1 = 97/102 = 0.950980 → A.
    ///   scaled 475.490, 114.118, 285.294, 95.098; d = 4.510, 5.882, 15.294, 4.902; Σ = 30.588;
    ///   PI-2 = 30.588/970 = 52/1649 = 0.031534 → A.
    /// - PI-1 A, A, A → A; PI-2 A, A, A → A.
    let handWorked: [(String, String, Int, Int64, Int64, Int64)] = [
        ("U1", "P1", 2020, 400, 400, 400), ("U1", "P2", 2020, 200, 200, 200),
        ("U2", "P3", 2020, 300, 300, 300), ("U2", "P4", 2020, 100, 100, 100),
        ("U1", "P1", 2021, 400, 400, 380), ("U1", "P2", 2021, 200, 100, 100),
        ("U2", "P3", 2021, 300, 300, 300), ("U2", "P4", 2021, 100, 100, 92),
        ("U1", "P1", 2022, 400, 350, 340), ("U1", "P2", 2022, 200, 200, 190),
        ("U2", "P3", 2022, 300, 250, 250), ("U2", "P4", 2022, 100, 100, 95),
        ("U1", "P1", 2023, 500, 500, 480), ("U1", "P2", 2023, 200, 120, 120),
        ("U2", "P3", 2023, 300, 300, 270), ("U2", "P4", 2023, 100, 100, 100),
    ]

    func testHandWorkedExample() throws {
        let scores = Credibility.assess(handWorked.map { line($0.0, $0.1, $0.2, $0.3, $0.4, $0.5) }, through: 2023)
        XCTAssertEqual(scores.map(\.level), [.total, .department, .unit, .unit])
        XCTAssertEqual(scores.map(\.department), [nil, "D", "D", "D"])
        XCTAssertEqual(scores.map(\.unit), [nil, nil, "U1", "U2"])
        let (total, department, u1, u2) = (scores[0], scores[1], scores[2], scores[3])

        check(u1, .original, [(2021, 0.8, .D, 0.25, .D),
                              (2022, 530.0 / 600, .C, 8.0 / 159, .B),
                              (2023, 6.0 / 7, .C, 6.0 / 35, .D)], pi1: .C, pi2: .D)
        check(u1, .adjusted, [(2021, 0.96, .A, 1.0 / 60, .A),
                              (2022, 53.0 / 55, .A, 6.0 / 583, .A),
                              (2023, 30.0 / 31, .A, 2.0 / 155, .A)], pi1: .A, pi2: .A)
        check(u2, .original, [(2021, 0.98, .A, 3.0 / 98, .A),
                              (2022, 0.8625, .C, 7.0 / 138, .B),
                              (2023, 0.925, .B, 3.0 / 74, .A)], pi1: .B, pi2: .A)
        check(u2, .adjusted, [(2021, 0.98, .A, 3.0 / 98, .A),
                              (2022, 69.0 / 70, .A, 10.0 / 483, .A),
                              (2023, 0.925, .B, 3.0 / 74, .A)], pi1: .A, pi2: .A)
        for score in [department, total] {
            check(score, .original, [(2021, 0.872, .C, 93.0 / 545, .D),
                                     (2022, 0.875, .C, 9.0 / 175, .B),
                                     (2023, 97.0 / 110, .C, 124.0 / 1067, .C)], pi1: .C, pi2: .C)
            check(score, .adjusted, [(2021, 218.0 / 225, .A, 28.0 / 981, .A),
                                     (2022, 35.0 / 36, .A, 1.0 / 63, .A),
                                     (2023, 97.0 / 102, .A, 52.0 / 1649, .A)], pi1: .A, pi2: .A)
        }

        // The totals of 2023: 4 lines; original 1,100, adjusted 1,020, executed 970 on both bases.
        let y2023 = try XCTUnwrap(total.year(2023))
        XCTAssertEqual(y2023.original.lines, 4)
        XCTAssertEqual(y2023.adjusted.lines, 4)
        XCTAssertEqual(y2023.original.budget, Money(yuan: 1_100))
        XCTAssertEqual(y2023.adjusted.budget, Money(yuan: 1_020))
        XCTAssertEqual(y2023.original.executed, Money(yuan: 970))
        XCTAssertEqual(y2023.adjusted.executed, Money(yuan: 970))
        XCTAssertEqual(y2023.outturn, y2023.original.outturn)
        XCTAssertEqual(y2023.compositionAdjusted, y2023.adjusted.composition)
        XCTAssertEqual(try XCTUnwrap(u1.year(2021)).original.budget, Money(yuan: 600))
        XCTAssertEqual(try XCTUnwrap(u1.year(2021)).adjusted.budget, Money(yuan: 500))
    }

    /// Without the window, U2's 2020 (A) would join 2021 (A): through 2022 the window is 2020–2022, A, A, C → A.
    func testTheWindowMovesWithThrough() {
        let scores = Credibility.assess(handWorked.map { line($0.0, $0.1, $0.2, $0.3, $0.4, $0.5) }, through: 2022)
        let u2 = scores[3]
        XCTAssertEqual(u2.years.map(\.year), [2020, 2021, 2022])
        XCTAssertEqual(u2.pi1, .A)
    }

    // MARK: band edges, exactly

    /// Two years with the same figures, so the grade is the band.
    func twoYears(budget: [Int64], executed: [Int64]) -> CredibilityScore {
        var lines: [CredibilityLine] = []
        for year in [2022, 2023] {
            for (index, (b, e)) in zip(budget, executed).enumerated() {
                lines.append(fenLine("P\(index)", year, budget: b, executed: e))
            }
        }
        return Credibility.assess(lines, through: 2023)[0]
    }

    func testOutturnBandEdgesAreInclusiveAndExact() {
        // (budget, executed) in fen → band: 95.00 of 100.00 is exactly 95 %, 105.00 exactly 105 %.
        let cases: [(Int64, Int64, CredibilityGrade)] = [
            (10_000, 9_500, .A), (10_000, 10_500, .A), (10_000, 9_499, .B), (10_000, 10_501, .B),
            (10_000, 9_000, .B), (10_000, 11_000, .B), (10_000, 8_999, .C), (10_000, 11_001, .C),
            (10_000, 8_500, .C), (10_000, 11_500, .C), (10_000, 8_499, .D), (10_000, 11_501, .D),
            // One fen under 95 % of 10¹⁶ 元: executed ÷ budget rounds to the Double 0.95, the band is still B.
            (1_000_000_000_000_000_000, 950_000_000_000_000_000 - 1, .B),
            (1_000_000_000_000_000_000, 950_000_000_000_000_000, .A),
            (1_000_000_000_000_000_000, 1_050_000_000_000_000_000 + 1, .B),
        ]
        for (budget, executed, band) in cases {
            let score = twoYears(budget: [budget], executed: [executed])
            XCTAssertEqual(score.years.first?.original.outturnBand, band, "\(executed) of \(budget)")
            XCTAssertEqual(score.pi1, band, "\(executed) of \(budget)")
            XCTAssertEqual(score.pi1Adjusted, band, "\(executed) of \(budget)")
        }
        XCTAssertEqual(Double(950_000_000_000_000_000 - 1 as Int64) / 1e18, 0.95, "the case a Double comparison gets wrong")
    }

    /// Two lines with equal budgets b: Σ|eᵢ·B − b·E| = b·(|2e₁ − E| + |2e₂ − E|) = 2b·|e₁ − e₂| and E·B = 2b·E,
    /// so PI-2 = |e₁ − e₂| ÷ E. Executed 105 and 95 of 100 and 100: 10/200 = 5 % exactly → B (strict).
    func testCompositionBandEdgesAreStrictAndExact() {
        let cases: [(Int64, Int64, Int64, Double, CredibilityGrade)] = [
            (10_000, 10_500, 9_500, 0.05, .B),                  // 1,000 / 20,000 = 5 %
            (10_000, 10_500, 9_501, 999.0 / 20_001, .A),        // 999 / 20,001 = 4.9948 %
            (10_000, 11_000, 9_000, 0.10, .C),                  // 10 %
            (10_000, 10_999, 9_000, 1_999.0 / 19_999, .B),      // 9.9955 %
            (10_000, 11_500, 8_500, 0.15, .D),                  // 15 %
            (10_000, 11_499, 8_500, 2_999.0 / 19_999, .C),      // 14.9957 %
            (10_000, 10_000, 10_000, 0, .A),
            // 4·10¹⁶ 元 each; 4.2·10¹⁶ and 3.8·10¹⁶ + 0.01 executed: (4·10¹⁷ − 1) / (8·10¹⁸ + 1) is 0.05 − 1.3·10⁻¹⁹,
            // the Double 0.05, yet below 5 %: A. Products near 2¹²⁶ exercise the wide arithmetic.
            (4_000_000_000_000_000_000, 4_200_000_000_000_000_000, 3_800_000_000_000_000_001, 0.05, .A),
            (4_000_000_000_000_000_000, 4_200_000_000_000_000_000, 3_800_000_000_000_000_000, 0.05, .B),
        ]
        for (budget, first, second, ratio, band) in cases {
            let score = twoYears(budget: [budget, budget], executed: [first, second])
            let year = score.years[0].original
            assertClose(year.composition, ratio, 1e-12, "\(first), \(second) of \(budget) each")
            XCTAssertEqual(year.compositionBand, band, "\(first), \(second) of \(budget) each")
            XCTAssertEqual(score.pi2, band, "\(first), \(second) of \(budget) each")
        }
    }

    /// Budget 0 with execution counts (its scaled budget is 0); a negative execution (a refund) counts by its
    /// absolute deviation; a year whose budgets sum to 0 has no score.
    func testZeroBudgetsAndNegativeAmounts() {
        // b = (100, 0), e = (90, 10): B = 100, E = 100; scaled 100, 0; d = 10, 10; PI-2 = 20/100 = 0.2 → D.
        var score = twoYears(budget: [10_000, 0], executed: [9_000, 1_000])
        assertClose(score.years[0].outturn, 1)
        assertClose(score.years[0].composition, 0.2)
        XCTAssertEqual(score.pi1, .A)
        XCTAssertEqual(score.pi2, .D)
        // b = (100, 0), e = (110, −10): B = 100, E = 100; d = |110 − 100| + |−10 − 0| = 20; PI-2 = 0.2 → D.
        score = twoYears(budget: [10_000, 0], executed: [11_000, -1_000])
        assertClose(score.years[0].composition, 0.2)
        XCTAssertEqual(score.years[0].original.compositionBand, .D)
        // b = (100, −10) (a negative budget line), e = (90, 0): B = 90, E = 90; scaled 100, −10; d = 10, 10;
        // PI-2 = 20/90.
        score = twoYears(budget: [10_000, -1_000], executed: [9_000, 0])
        assertClose(score.years[0].composition, 20.0 / 90)
        XCTAssertEqual(score.pi2, .D)
        // Σ budget 0: no score on either measure, so no grade.
        score = twoYears(budget: [0], executed: [1_000])
        XCTAssertEqual(score.years.map(\.year), [2022, 2023])
        XCTAssertEqual(score.years[0].original.lines, 1)
        XCTAssertNil(score.years[0].outturn)
        XCTAssertNil(score.years[0].composition)
        XCTAssertNil(score.pi1)
        XCTAssertNil(score.pi2)
        // Nothing executed: PI-1 is 0 (D), PI-2 has no denominator.
        score = twoYears(budget: [10_000], executed: [0])
        assertClose(score.years[0].outturn, 0)
        XCTAssertEqual(score.pi1, .D)
        XCTAssertNil(score.years[0].composition)
        XCTAssertNil(score.pi2)
    }

    // MARK: window rules

    func testOnlyTheLastThreeYearsThroughTheGivenYearCount() throws {
        // 2019 and 2020 at 100 % (A), 2021 at 80 % (D), 2022 at 100 % (A), 2023 at 86 % (C), 2024 at 100 % (A).
        let rates: [Int: Int64] = [2019: 100, 2020: 100, 2021: 80, 2022: 100, 2023: 86, 2024: 100]
        let lines = rates.map { fenLine("P", $0.key, budget: 10_000, executed: $0.value * 100) }
        let score = Credibility.assess(lines, through: 2023)[0]
        XCTAssertEqual(score.years.map(\.year), [2021, 2022, 2023])
        XCTAssertEqual(score.years.map { $0.original.outturnBand }, [.D, .A, .C])
        // D, A, C: one A, one in B or better, two in C or better → C (2020 or 2024 counted would give A).
        XCTAssertEqual(score.pi1, .C)
        XCTAssertEqual(score.pi1Adjusted, .C)
        // A larger window reads five years back: A, A, D, A, C → A.
        XCTAssertEqual(Credibility.assess(lines, through: 2023, window: 5)[0].pi1, .A)
    }

    func testOneYearHasNoGrade() {
        let score = Credibility.assess([fenLine("P", 2023, budget: 10_000, executed: 10_000)], through: 2023)[0]
        XCTAssertEqual(score.years.map(\.year), [2023])
        XCTAssertEqual(score.years[0].original.outturnBand, .A)
        XCTAssertNil(score.pi1)
        XCTAssertNil(score.pi2)
        XCTAssertNil(score.pi1Adjusted)
        XCTAssertNil(score.pi2Adjusted)
    }

    func testTwoYearsBothInBandAGradeA() {
        let score = Credibility.assess([fenLine("P", 2022, budget: 10_000, executed: 9_600),
                                        fenLine("P", 2023, budget: 10_000, executed: 10_400)], through: 2023)[0]
        XCTAssertEqual(score.pi1, .A)
        XCTAssertEqual(score.pi2, .A) // one line: composition 0
    }

    func testOneAAndOneDIsD() {
        let score = Credibility.assess([fenLine("P", 2022, budget: 10_000, executed: 10_000),
                                        fenLine("P", 2023, budget: 10_000, executed: 5_000)], through: 2023)[0]
        XCTAssertEqual(score.years.map { $0.original.outturnBand }, [.A, .D])
        XCTAssertEqual(score.pi1, .D)
    }

    /// A year with data but no score keeps its place in the window: 2023 (Σ budget 0) pushes 2020 out, leaving
    /// 2021 (A) and 2022 (D) to grade → D.
    func testAnUnscoredYearStillTakesItsPlaceInTheWindow() {
        let lines = [fenLine("P", 2020, budget: 10_000, executed: 10_000), fenLine("P", 2021, budget: 10_000, executed: 10_000),
                     fenLine("P", 2022, budget: 10_000, executed: 5_000), fenLine("P", 2023, budget: 0, executed: 5_000)]
        let score = Credibility.assess(lines, through: 2023)[0]
        XCTAssertEqual(score.years.map(\.year), [2021, 2022, 2023])
        XCTAssertEqual(score.pi1, .D)
    }

    /// Each basis has its own window: with the 2023 original unknown, the original basis reads 2020–2022 and the
    /// adjusted one 2021–2023. Lines without an executed amount are not counted.
    func testEachBasisHasItsOwnWindow() throws {
        let lines = [
            line("U", "P", 2020, 100, 100, 100),  // A on both bases
            line("U", "P", 2021, 100, 100, 80),   // D
            line("U", "P", 2022, 100, 100, 100),  // A
            line("U", "P", 2023, nil, 100, 100),  // adjusted A; original unknown
            line("U", "Q", 2023, 100, 100, nil),  // executed unknown: in no sum
        ]
        let score = Credibility.assess(lines, through: 2023)[0]
        XCTAssertEqual(score.years.map(\.year), [2020, 2021, 2022, 2023])
        XCTAssertEqual(score.years.map(\.original.inWindow), [true, true, true, false])
        XCTAssertEqual(score.years.map(\.adjusted.inWindow), [false, true, true, true])
        XCTAssertEqual(score.years[3].original.lines, 0)
        XCTAssertEqual(score.years[3].adjusted.lines, 1)
        XCTAssertEqual(score.years[3].adjusted.budget, Money(yuan: 100))
        XCTAssertEqual(score.pi1, .A)         // 2020 A, 2021 D, 2022 A
        XCTAssertEqual(score.pi1Adjusted, .A) // 2021 D, 2022 A, 2023 A
        let only2021And2022 = Credibility.assess(Array(lines[1...2]) + [line("U", "P", 2023, nil, 100, 80)], through: 2023)[0]
        XCTAssertEqual(only2021And2022.pi1, .D)         // 2021 D, 2022 A
        XCTAssertEqual(only2021And2022.pi1Adjusted, .D) // D, A, D
    }

    /// Units are named within their department and matched by NameKey; groups come sorted by name.
    func testGroupingAndOrder() {
        let lines = [
            line("Ｕ1", "P", 2023, 100, 100, 100, department: "Zeta"),
            line("U1", "P", 2023, 100, 100, 50, department: "Alpha"),
            line("U 1", "Q", 2023, 100, 100, 100, department: "Alpha"),
            line("U0", "P", 2023, 100, 100, 100, department: "alpha"),
        ]
        let scores = Credibility.assess(lines, through: 2023)
        XCTAssertEqual(scores.map(\.level), [.total, .department, .unit, .unit, .department, .unit])
        XCTAssertEqual(scores.map(\.department), [nil, "Alpha", "Alpha", "Alpha", "Zeta", "Zeta"])
        XCTAssertEqual(scores.map(\.unit), [nil, nil, "U0", "U1", nil, "Ｕ1"])
        XCTAssertEqual(scores[3].years[0].original.lines, 2)
        assertClose(scores[3].years[0].outturn, 0.75)
        XCTAssertEqual(scores[0].years[0].original.executed, Money(yuan: 350))
    }

    // MARK: San Diego citywide PI-1

    /// San Diego's citywide spending (account types Personnel and Non-Personnel; the others are revenues),
    /// summed with Python's `decimal` from `Scenarios/san-diego-budget-vs-actuals.csv` (no field is quoted):
    ///
    ///     python3 -c "import csv; from decimal import Decimal as D; r=[x for x in csv.DictReader(open('Scenarios/san-diego-budget-vs-actuals.csv')) if x['account_type'] in ('Personnel','Non-Personnel')]; [print(y, len([x for x in r if x['fiscal_year']==y]), sum(D(x['budget_amount']) for x in r if x['fiscal_year']==y), sum(D(x['actual_amount']) for x in r if x['fiscal_year']==y), repr(float(sum(D(x['actual_amount']) for x in r if x['fiscal_year']==y)/sum(D(x['budget_amount']) for x in r if x['fiscal_year']==y)))) for y in ('2021','2022','2023')]"
    ///
    ///     2021 132 3654361964.0 3415455902.0 0.9346244120441486
    ///     2022 125 3858448205.0 3609360940.0 0.93544366756635
    ///     2023 119 4240319495.0 3983170024.0 0.9393561095329681
    ///
    /// All three years fall in band B (90–110 %, not 95–105 %): PI-1 = B. PI-2 over the same lines, with
    /// `fractions.Fraction` (sum(abs(a·B − b·E)) / (E·B) per year): 0.12159342327402098, 0.12175392223794873,
    /// 0.10780453302536666 — all in band C (10–15 %): PI-2 = C.
    static let sanDiego: [(year: Int, lines: Int, budget: Int64, actual: Int64, outturn: Double, composition: Double)] = [
        (2021, 132, 365_436_196_400, 341_545_590_200, 0.9346244120441486, 0.12159342327402098),
        (2022, 125, 385_844_820_500, 360_936_094_000, 0.93544366756635, 0.12175392223794873),
        (2023, 119, 424_031_949_500, 398_317_002_400, 0.9393561095329681, 0.10780453302536666),
    ]

    func sanDiegoLines() throws -> [CredibilityLine] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Scenarios/san-diego-budget-vs-actuals.csv"), encoding: .utf8)
        var rows = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(rows.removeFirst(), ["dept_name", "dept_group", "fiscal_year", "account_type", "budget_amount", "actual_amount"])
        XCTAssertFalse(text.contains("\""), "a quoted field needs a quote-aware split")
        return try rows.compactMap { fields in
            XCTAssertEqual(fields.count, 6, "\(fields)")
            guard ["Personnel", "Non-Personnel"].contains(fields[3]) else { return nil }
            return CredibilityLine(department: fields[1], unit: fields[0], project: fields[3], year: try XCTUnwrap(Int(fields[2])),
                                   original: try AmountParser.parse(fields[4]).money, adjusted: try AmountParser.parse(fields[4]).money,
                                   executed: try AmountParser.parse(fields[5]).money)
        }
    }

    func testSanDiegoCitywideAggregateOutturn() throws {
        let all = try sanDiegoLines()
        let closed = all.filter { $0.year <= 2023 }
        let total = Credibility.assess(closed, through: 2023)[0]
        XCTAssertEqual(total.level, .total)
        XCTAssertEqual(total.years.map(\.year), Self.sanDiego.map(\.year))
        for (expected, year) in zip(Self.sanDiego, total.years) {
            for measure in [year.original, year.adjusted] {
                XCTAssertEqual(measure.lines, expected.lines, "\(expected.year)")
                XCTAssertEqual(measure.budget, Money(fen: expected.budget), "\(expected.year)")
                XCTAssertEqual(measure.executed, Money(fen: expected.actual), "\(expected.year)")
                assertClose(measure.outturn, expected.outturn, 1e-9, "\(expected.year)")
                XCTAssertEqual(measure.outturnBand, .B, "\(expected.year)")
                assertClose(measure.composition, expected.composition, 1e-9, "\(expected.year)")
                XCTAssertEqual(measure.compositionBand, .C, "\(expected.year)")
            }
        }
        XCTAssertEqual(total.pi1, .B)
        XCTAssertEqual(total.pi1Adjusted, .B)
        XCTAssertEqual(total.pi2, .C)
        // FY2024–26 (open: budget only, actual 0.00 in the file) lie after `through` and change nothing.
        XCTAssertTrue(all.contains { $0.year > 2023 })
        XCTAssertEqual(Credibility.assess(all, through: 2023)[0], total)
    }
    /// Two jurisdictions in one input are scored apart, each exactly as on its own (its total first, in name
    /// order of the sources), and no score adds them: San Diego's dollars next to a Chinese unit's 元.
    func testDataSourcesAreScoredApartNeverAdded() throws {
        let sanDiego = try sanDiegoLines().filter { $0.year <= 2023 }.map { line -> CredibilityLine in
            var line = line
            line.dataSource = "san-diego"
            return line
        }
        var shenzhen = [line("U", "P", 2021, 100_000, 100_000, 40_000), line("U", "P", 2022, 100_000, 100_000, 50_000),
                        line("U", "P", 2023, 100_000, 100_000, 60_000)]
        for i in shenzhen.indices { shenzhen[i].dataSource = "深圳市" }
        let both = Credibility.assess(shenzhen + sanDiego, through: 2023)
        let alone = (Credibility.assess(sanDiego, through: 2023), Credibility.assess(shenzhen, through: 2023))
        XCTAssertEqual(both, alone.0 + alone.1)
        XCTAssertEqual(both.filter { $0.level == .total }.map(\.dataSource), ["san-diego", "深圳市"])
        XCTAssertEqual(alone.1[0].pi1, .D, "40–60% execution")
        XCTAssertEqual(alone.0[0].pi1, .B)
    }
}

