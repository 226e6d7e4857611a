import XCTest

@testable import BudgetCore

final class FigureChecksTests: XCTestCase {
    private func yuan(_ value: Int64) -> Money { Money(yuan: value) }

    func testNormalRowHasNoWarnings() {
        // 82,694.30 of 230,000.00 is 36.0 %.
        let figures = AnnualFigures(initialBudget: yuan(230_000), adjustedBudget: yuan(230_000),
                                    executed: Money(fen: 8_269_430), appropriation: yuan(230_000))
        XCTAssertTrue(FigureChecks.warnings(for: figures).isEmpty)
    }

    func testFullyExecutedBudgetHasNoWarnings() {
        let figures = AnnualFigures(adjustedBudget: yuan(230_000), executed: yuan(230_000))
        XCTAssertTrue(FigureChecks.warnings(for: figures).isEmpty)
    }

    func testExecutedAboveAdjustedBudget() throws {
        // 120,000 of 100,000 = 120 %: above the budget but below the 150 % plausibility limit.
        let figures = AnnualFigures(initialBudget: yuan(100_000), adjustedBudget: yuan(100_000), executed: yuan(120_000))
        let warnings = FigureChecks.warnings(for: figures)
        XCTAssertEqual(warnings.count, 1)
        let warning = try XCTUnwrap(warnings.first)
        XCTAssertEqual(warning.field, "executed")
        XCTAssertEqual(warning.message, "executed 120,000.00 is above adjusted_budget 100,000.00")
    }

    func testOneFenAboveBudgetIsWarned() {
        let figures = AnnualFigures(adjustedBudget: yuan(100_000), executed: Money(fen: 10_000_001))
        XCTAssertEqual(FigureChecks.warnings(for: figures).map(\.field), ["executed"])
    }

    func testRateOver150Percent() throws {
        // 160,000 of 100,000 = 160.0 %.
        let figures = AnnualFigures(adjustedBudget: yuan(100_000), executed: yuan(160_000))
        let warnings = FigureChecks.warnings(for: figures)
        XCTAssertEqual(warnings.count, 1, "only the rate warning, not also 'above budget'")
        let warning = try XCTUnwrap(warnings.first)
        XCTAssertEqual(warning.field, "executed")
        XCTAssertEqual(warning.message,
                       "execution rate 160.0% is over 150.0%: executed 160,000.00 of adjusted_budget 100,000.00")
    }

    func testRateOfExactly150PercentIsOnlyAboveBudget() throws {
        // 150,000 of 100,000 = 150 % exactly: not over the limit, but above the budget.
        let figures = AnnualFigures(adjustedBudget: yuan(100_000), executed: yuan(150_000))
        let warnings = FigureChecks.warnings(for: figures)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertEqual(warnings.first?.message, "executed 150,000.00 is above adjusted_budget 100,000.00")
    }

    func testImplausibleRateConstant() {
        XCTAssertEqual(FigureChecks.implausibleRate, 1.5)
    }

    func testNegativeAmountsAreWarnedPerField() {
        let figures = AnnualFigures(initialBudget: Money(fen: -500), adjustedBudget: yuan(1_000),
                                    carryover: Money(fen: -5), otherFunds: Money(fen: -123_456_789))
        let warnings = FigureChecks.warnings(for: figures)
        XCTAssertEqual(warnings.map(\.field), ["initial_budget", "carryover", "other_funds"])
        XCTAssertEqual(warnings.map(\.message),
                       ["negative amount -5.00", "negative amount -0.05", "negative amount -1,234,567.89"])
    }

    func testNegativeExecutedAndAppropriation() {
        let figures = AnnualFigures(adjustedBudget: yuan(1_000), executed: Money(fen: -100), appropriation: Money(fen: -1))
        let warnings = FigureChecks.warnings(for: figures)
        XCTAssertEqual(warnings.map(\.field), ["executed", "appropriation"])
        XCTAssertEqual(warnings.map(\.message), ["negative amount -1.00", "negative amount -0.01"])
    }

    func testExecutedWithZeroBudget() throws {
        let figures = AnnualFigures(adjustedBudget: .zero, executed: Money(fen: 100))
        let warnings = FigureChecks.warnings(for: figures)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertEqual(warnings.first?.field, "executed")
        XCTAssertEqual(warnings.first?.message, "executed 1.00 against a budget of 0.00")
    }

    func testExecutedWithNegativeBudget() {
        let figures = AnnualFigures(adjustedBudget: Money(fen: -100), executed: Money(fen: 100))
        let warnings = FigureChecks.warnings(for: figures)
        XCTAssertEqual(warnings.map(\.field), ["adjusted_budget", "executed"])
        XCTAssertEqual(warnings.last?.message, "executed 1.00 against a budget of -1.00")
    }

    func testNothingExecutedAgainstZeroBudgetIsFine() {
        XCTAssertTrue(FigureChecks.warnings(for: AnnualFigures(adjustedBudget: .zero, executed: .zero)).isEmpty)
    }

    func testUsesInitialBudgetWhenAdjustedIsUnknown() {
        let figures = AnnualFigures(initialBudget: yuan(100_000), adjustedBudget: nil, executed: yuan(120_000))
        let warnings = FigureChecks.warnings(for: figures)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertEqual(warnings.first?.message, "executed 120,000.00 is above initial_budget 100,000.00")
    }

    func testRateOverLimitAgainstInitialBudgetNamesIt() {
        // 200,000 of 100,000 = 200.0 %.
        let figures = AnnualFigures(initialBudget: yuan(100_000), executed: yuan(200_000))
        XCTAssertEqual(FigureChecks.warnings(for: figures).map(\.message),
                       ["execution rate 200.0% is over 150.0%: executed 200,000.00 of initial_budget 100,000.00"])
    }

    func testAdjustedBudgetWinsOverInitial() {
        // Above the initial 100,000 but within the adjusted 130,000: no warning.
        let figures = AnnualFigures(initialBudget: yuan(100_000), adjustedBudget: yuan(130_000), executed: yuan(120_000))
        XCTAssertTrue(FigureChecks.warnings(for: figures).isEmpty)
    }

    func testZeroInitialBudgetIsNotUsedWhenAdjustedIsKnown() {
        let figures = AnnualFigures(initialBudget: .zero, adjustedBudget: yuan(100), executed: yuan(50))
        XCTAssertTrue(FigureChecks.warnings(for: figures).isEmpty)
    }

    func testNoBudgetOrNoExecutionGivesNoRateWarning() {
        XCTAssertTrue(FigureChecks.warnings(for: AnnualFigures(executed: yuan(1_000_000))).isEmpty)
        XCTAssertTrue(FigureChecks.warnings(for: AnnualFigures(adjustedBudget: yuan(1))).isEmpty)
        XCTAssertTrue(FigureChecks.warnings(for: AnnualFigures()).isEmpty)
    }
}
