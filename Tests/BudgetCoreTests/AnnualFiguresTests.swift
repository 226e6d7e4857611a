import XCTest

@testable import BudgetCore

final class AnnualFiguresTests: XCTestCase {
    func testExecutionRateAgainstAdjustedBudget() throws {
        // 82,694.30 / 230,000.00 = 826,943 / 2,300,000
        let figures = AnnualFigures(initialBudget: Money(yuan: 200_000), adjustedBudget: Money(yuan: 230_000),
                                    executed: Money(fen: 8_269_430))
        let rate = try XCTUnwrap(figures.executionRate)
        XCTAssertEqual(rate, 0.359540434782608695, accuracy: 1e-12)
    }

    func testExecutionRateAgainstInitialUsesTheInitialBudget() throws {
        // 100,000 / 200,000 = 0.5 against initial; 100,000 / 250,000 = 0.4 against adjusted.
        let figures = AnnualFigures(initialBudget: Money(yuan: 200_000), adjustedBudget: Money(yuan: 250_000),
                                    executed: Money(yuan: 100_000))
        XCTAssertEqual(try XCTUnwrap(figures.executionRateAgainstInitial), 0.5)
        XCTAssertEqual(try XCTUnwrap(figures.executionRate), 0.4)
    }

    func testExecutionRateIsNilWhenExecutedIsUnknown() {
        let figures = AnnualFigures(initialBudget: Money(yuan: 1), adjustedBudget: Money(yuan: 1), executed: nil)
        XCTAssertNil(figures.executionRate)
        XCTAssertNil(figures.executionRateAgainstInitial)
    }

    func testExecutionRateIsNilWhenBudgetIsUnknown() {
        let figures = AnnualFigures(executed: Money(yuan: 1))
        XCTAssertNil(figures.executionRate)
        XCTAssertNil(figures.executionRateAgainstInitial)
    }

    func testExecutionRateDoesNotFallBackToInitialBudget() {
        let figures = AnnualFigures(initialBudget: Money(yuan: 100), adjustedBudget: nil, executed: Money(yuan: 50))
        XCTAssertNil(figures.executionRate)
        XCTAssertEqual(figures.executionRateAgainstInitial, 0.5)
    }

    func testExecutionRateIsNilWhenBudgetIsZero() {
        let figures = AnnualFigures(initialBudget: .zero, adjustedBudget: .zero, executed: Money(yuan: 1))
        XCTAssertNil(figures.executionRate)
        XCTAssertNil(figures.executionRateAgainstInitial)
    }

    func testZeroExecutedIsZeroRateNotNil() {
        let figures = AnnualFigures(initialBudget: Money(yuan: 100), adjustedBudget: Money(yuan: 100), executed: .zero)
        XCTAssertEqual(figures.executionRate, 0)
        XCTAssertEqual(figures.executionRateAgainstInitial, 0)
    }

    func testIsEmpty() {
        XCTAssertTrue(AnnualFigures().isEmpty)
        XCTAssertFalse(AnnualFigures(executed: .zero).isEmpty, "a known zero is a figure")
        XCTAssertFalse(AnnualFigures(totalScore: Score(text: "90")).isEmpty)
        XCTAssertTrue(DeclarationFigures().isEmpty)
        XCTAssertFalse(DeclarationFigures(priorBudget: .zero).isEmpty)
    }
}
