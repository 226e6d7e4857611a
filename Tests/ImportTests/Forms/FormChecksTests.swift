import BudgetCore
@testable import Import
import XCTest

/// FormChecks on forms built by hand from the seed figures (worked out here, not read by a parser).
final class FormChecksTests: XCTestCase {
    func score(_ text: String) -> Score { Score(text: text)! }

    /// 003's trade-friction form: 230,000 / 230,000 / 82,694.30, rate 0.36, weight 10, score 3.60.
    func tradeFriction() -> ParsedForm {
        var form = ParsedForm(kind: .selfEvaluation, startLine: 85, endLine: 109)
        form.year = 2020
        form.project = "世贸事务管理-贸易摩擦应对事务"
        form.initialBudget = Money(yuan: 230_000)
        form.adjustedBudget = Money(yuan: 230_000)
        form.executed = Money(fen: 8_269_430)
        form.appropriation = ColumnTriple(initial: nil, adjusted: Money(yuan: 230_000), executed: Money(fen: 8_269_430))
        form.statedRateText = "0.36"
        form.executionWeight = score("10")
        form.executionScore = score("3.60")
        return form
    }

    func testConsistentFormHasNoIssues() {
        XCTAssertEqual(FormChecks.issues(tradeFriction()), [])
    }

    func testStatedRateOffByMoreThanItsPrintedPrecision() {
        var form = tradeFriction()
        form.statedRateText = "0.37" // 82,694.30 ÷ 230,000 = 0.3595…; 0.36 ± 0.005 holds, 0.37 does not
        XCTAssertEqual(FormChecks.issues(form).map(\.field), ["execution_rate"])
        form.statedRateText = "35.95%" // ± 0.005 %
        XCTAssertEqual(FormChecks.issues(form), [])
    }

    func testExecutionScoreMustBeWeightTimesCappedRate() {
        var form = tradeFriction()
        form.executionScore = score("3.90")
        XCTAssertEqual(FormChecks.issues(form).map(\.field), ["execution_score"])
        // 001's first form: 496,260 of 500,000 = 99.252 %, weight 10 → 9.93 (printed 99.26 %, 9.93).
        var tech = ParsedForm(kind: .selfEvaluation, startLine: 1, endLine: 2)
        tech.adjustedBudget = Money(yuan: 500_000)
        tech.executed = Money(yuan: 496_260)
        tech.statedRateText = "99.26%"
        tech.executionWeight = score("10")
        tech.executionScore = score("9.93")
        XCTAssertEqual(FormChecks.issues(tech).map(\.field), ["execution_rate"], "99.26% vs 99.252%: off by 0.008 points")
    }

    func testTotalsWeightsAndComputedTotal() {
        var form = tradeFriction()
        form.indicators = [
            Indicator(level1: "产出指标", level2: "数量指标", level3: "甲", weight: score("50"), score: score("45")),
            Indicator(level1: "效益指标", level2: "社会效益指标", level3: "乙", weight: score("40"), score: score("40")),
        ]
        // 45 + 40 + 3.60 = 88.6; weights 50 + 40 + 10 = 100.
        XCTAssertEqual(FormChecks.total(of: form)?.score, score("88.6"))
        XCTAssertEqual(FormChecks.total(of: form)?.computed, true)
        XCTAssertEqual(FormChecks.issues(form).map(\.field), ["total_score"], "a computed total is reported as computed")
        form.totalScore = score("88.60")
        XCTAssertEqual(FormChecks.issues(form), [])
        form.totalScore = score("89.60")
        XCTAssertEqual(FormChecks.issues(form).map(\.field), ["total_score"])
        form.totalScore = score("88.60")
        form.indicators[1].weight = score("35")
        XCTAssertEqual(FormChecks.issues(form).map(\.field), ["weights"])
    }

    func testFundingSplitMustAddUpPerColumn() {
        // 001 外宣经费: 当年财政拨款 prints 1,773,155 in both budget columns; the adjusted budget is 1,673,155.
        var form = ParsedForm(kind: .selfEvaluation, startLine: 1, endLine: 2)
        form.initialBudget = Money(yuan: 1_773_155)
        form.adjustedBudget = Money(yuan: 1_673_155)
        form.executed = Money(yuan: 1_570_720)
        form.appropriation = ColumnTriple(initial: Money(yuan: 1_773_155), adjusted: Money(yuan: 1_773_155), executed: Money(yuan: 1_570_720))
        form.carryover = ColumnTriple(initial: .zero, adjusted: .zero, executed: nil)
        let issues = FormChecks.issues(form)
        XCTAssertEqual(issues.map(\.field), ["funding_split"])
        XCTAssertTrue(issues[0].message.contains("adjusted_budget"), issues[0].message)
        XCTAssertTrue(issues[0].message.contains("1,773,155.00") && issues[0].message.contains("1,673,155.00"), issues[0].message)
        // 003's trade-friction form prints no 当年财政拨款 in the initial column: that column is not checked.
        var trade = tradeFriction()
        trade.otherFunds = ColumnTriple(initial: .zero, adjusted: .zero, executed: .zero)
        XCTAssertEqual(FormChecks.issues(trade), [])
    }
}
