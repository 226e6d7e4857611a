import BudgetCore
import Forecasting
import XCTest

/// Verdicts on requests, against the default rule pack.
final class ReviewerTests: XCTestCase {
    let recommender = Recommender()
    let reviewer = Reviewer()

    /// 230,000.00 budgeted in 2020.
    let lastBudget = Money(fen: 23_000_000)

    func input(executed: Money, forecastExecuted: Double = 171_000) -> RecommendationInput {
        RecommendationInput(lastYear: 2020, lastBudget: lastBudget, lastExecuted: executed,
                            forecastExecuted: forecastExecuted, forecastRate: 0.9)
    }

    func review(_ requested: Money, _ input: RecommendationInput, budgetHigh: Double = 1e9) -> (Review, Recommendation) {
        let recommendation = recommender.recommend(input)
        return (reviewer.review(requested: requested, input: input, recommendation: recommendation,
                                budgetHigh: budgetHigh, level: 0.8), recommendation)
    }

    /// 83 % executed (190,900 of 230,000); need 171,000 ÷ 0.95 = 180,000.00 is the recommendation.
    /// Requested 255,300.00 = +11 %: above the recommendation → not accepted; inside the interval → query.
    func testAnElevenPercentIncreaseAfterEightyThreePercentIsNotAccepted() {
        let (r, recommendation) = review(Money(fen: 25_530_000), input(executed: Money(fen: 19_090_000)), budgetHigh: 260_000)
        XCTAssertEqual(recommendation.amount, Money(fen: 18_000_000))
        XCTAssertNotEqual(r.verdict, .accept)
        XCTAssertEqual(r.verdict, .query)
        // change = 255,300 ÷ 230,000 − 1 = 0.11
        XCTAssertEqual(try XCTUnwrap(r.change), 0.11, accuracy: 1e-12)
        XCTAssertTrue(r.reasons.contains { $0.contains("+11.0% on 2020's 230,000.00") && $0.contains("after 83.0% execution") }, "\(r.reasons)")
        XCTAssertTrue(r.reasons.contains { $0.contains("above the recommendation 180,000.00") }, "\(r.reasons)")
        XCTAssertFalse(r.reasons.contains { $0.contains("an increase after execution") }, "\(r.reasons)")
    }

    /// The same request above the interval's upper bound (250,000) is cut.
    func testAnElevenPercentIncreaseAboveTheIntervalIsCut() {
        let (r, _) = review(Money(fen: 25_530_000), input(executed: Money(fen: 19_090_000)), budgetHigh: 250_000)
        XCTAssertEqual(r.verdict, .cut)
        XCTAssertTrue(r.reasons.contains { $0.contains("above the forecast's 80% upper bound 250,000.00") }, "\(r.reasons)")
        XCTAssertTrue(r.reasons.contains { $0.contains("above the recommendation") }, "every reason that applies: \(r.reasons)")
    }

    /// 50 % executed (115,000 of 230,000); requested 240,000 (+4.35 %) → cut, whatever the interval.
    func testAnIncreaseAfterLowExecutionIsCut() {
        let (r, _) = review(Money(fen: 24_000_000), input(executed: Money(fen: 11_500_000)), budgetHigh: 1e9)
        XCTAssertEqual(r.verdict, .cut)
        XCTAssertTrue(r.reasons.contains { $0.contains("below 60.0%") }, "\(r.reasons)")
        XCTAssertTrue(r.reasons.contains { $0.contains("after 50.0% execution") }, "\(r.reasons)")
        // change = 240,000 ÷ 230,000 − 1 = 0.0434782…
        XCTAssertEqual(try XCTUnwrap(r.change), 240_000.0 / 230_000 - 1, accuracy: 1e-12)
    }

    /// The planner trial: an increase after low execution that the recommendation allows (here an override
    /// of 240,000.00, as a scenario's contract figure) was "cut" while its reasons said "within the
    /// recommendation". It is a query: the verdict and the reasons agree.
    func testAnIncreaseAfterLowExecutionWithinTheRecommendationIsAQueryNotACut() {
        let input = input(executed: Money(fen: 11_500_000))
        var override = recommender.recommend(input)
        override.amount = Money(fen: 24_000_000)
        override.ruleParts = [Clause(.ruleOverride)]
        let r = reviewer.review(requested: Money(fen: 24_000_000), input: input, recommendation: override, budgetHigh: 1e9, level: 0.8)
        XCTAssertEqual(r.verdict, .query)
        XCTAssertTrue(r.reasons.contains { $0.contains("an increase after execution below 60.0%") }, "\(r.reasons)")
        XCTAssertTrue(r.reasons.contains { $0.contains("within the recommendation 240,000.00") }, "\(r.reasons)")
    }

    /// After 50 % execution, a request equal to the last budget is no increase: not cut for low execution
    /// (but above the recommendation: 115,000 × 1.05 ÷ 0.95 = 127,105.26 → query).
    func testKeepingTheBudgetAfterLowExecutionIsNotAnIncrease() {
        let (r, recommendation) = review(lastBudget, input(executed: Money(fen: 11_500_000)), budgetHigh: 1e9)
        XCTAssertEqual(recommendation.amount, Money(fen: 12_710_526))
        XCTAssertEqual(r.verdict, .query)
        XCTAssertEqual(try XCTUnwrap(r.change), 0, accuracy: 1e-12)
        XCTAssertFalse(r.reasons.contains { $0.contains("an increase after execution") }, "\(r.reasons)")
    }

    /// 95 % executed: the recommendation is max(need 200,000, 230,000) = 230,000; a request of 240,000 above
    /// the interval's 235,000 is cut.
    func testARequestAboveTheIntervalIsCut() {
        let (r, _) = review(Money(fen: 24_000_000), input(executed: Money(fen: 21_850_000), forecastExecuted: 190_000), budgetHigh: 235_000)
        XCTAssertEqual(r.verdict, .cut)
        XCTAssertTrue(r.reasons.contains { $0.contains("upper bound 235,000.00") }, "\(r.reasons)")
    }

    /// Above the interval but within the recommendation (the rules allowed more than the forecast: San Diego's
    /// Council District 3 Personnel asked 2,020,112.00 against 2,036,808.33 recommended and an upper bound of
    /// 1,839,196.44): a query, never a cut, both reasons given. 95% executed (218,500 of 230,000), forecast
    /// 218,500 → recommendation max(230,000, 230,000) = 230,000.00; request 229,000 > bound 225,000.
    func testARequestAboveTheIntervalButWithinTheRecommendationIsAQueryNotACut() {
        let (r, recommendation) = review(Money(fen: 22_900_000), input(executed: Money(fen: 21_850_000), forecastExecuted: 218_500),
                                         budgetHigh: 225_000)
        XCTAssertEqual(recommendation.amount, lastBudget)
        XCTAssertEqual(r.verdict, .query)
        XCTAssertTrue(r.reasons.contains { $0.contains("upper bound 225,000.00") }, "\(r.reasons)")
        XCTAssertTrue(r.reasons.contains { $0.contains("within the recommendation 230,000.00") }, "\(r.reasons)")
    }

    /// A request at the interval's upper bound is not above it.
    func testARequestAtTheUpperBoundIsNotCut() {
        let (r, _) = review(Money(fen: 23_000_000), input(executed: Money(fen: 21_850_000), forecastExecuted: 190_000), budgetHigh: 230_000)
        XCTAssertEqual(r.verdict, .accept)
    }

    /// 83 % executed, recommendation 180,000.00; requests of 180,000.00 and 150,000.00 are accepted.
    func testARequestWithinTheRecommendationIsAccepted() {
        for fen: Int64 in [18_000_000, 15_000_000] {
            let (r, _) = review(Money(fen: fen), input(executed: Money(fen: 19_090_000)), budgetHigh: 260_000)
            XCTAssertEqual(r.verdict, .accept, "\(fen)")
            XCTAssertTrue(r.reasons.contains { $0.contains("within the recommendation 180,000.00") }, "\(r.reasons)")
            // change = requested ÷ 230,000 − 1
            XCTAssertEqual(try XCTUnwrap(r.change), Double(fen) / 23_000_000 - 1, accuracy: 1e-12)
        }
    }

    /// One fen above the recommendation is a query.
    func testOneFenAboveTheRecommendationIsAQuery() {
        let (r, _) = review(Money(fen: 18_000_001), input(executed: Money(fen: 19_090_000)), budgetHigh: 260_000)
        XCTAssertEqual(r.verdict, .query)
    }

    /// No closed year: nothing to judge by → query, no change.
    func testNoHistoryIsAQuery() {
        let input = RecommendationInput(lastYear: nil, lastBudget: nil, lastExecuted: nil, forecastExecuted: .nan,
                                        forecastRate: 0.83, requested: Money(fen: 184_329_400))
        let recommendation = recommender.recommend(input)
        let r = reviewer.review(requested: Money(fen: 184_329_400), input: input, recommendation: recommendation,
                                budgetHigh: .nan, level: 0.8)
        XCTAssertEqual(r.verdict, .query)
        XCTAssertNil(r.change)
        XCTAssertFalse(r.reasons.isEmpty)
        XCTAssertTrue(r.reasons.contains { $0.contains("no closed year") }, "\(r.reasons)")
    }

    /// No history and a request within the new-project recommendation is still a query (nothing to judge by).
    func testNoHistoryWithinTheRecommendationIsStillAQuery() {
        let input = RecommendationInput(lastYear: nil, lastBudget: nil, lastExecuted: nil, forecastExecuted: .nan,
                                        forecastRate: 0.99, requested: Money(fen: 100_000))
        let recommendation = recommender.recommend(input)
        XCTAssertEqual(recommendation.amount, Money(fen: 100_000))
        let r = reviewer.review(requested: Money(fen: 100_000), input: input, recommendation: recommendation,
                                budgetHigh: .nan, level: 0.8)
        XCTAssertEqual(r.verdict, .query)
    }
}
