import BudgetCore
import Forecasting
import XCTest

/// The default rule pack, one rule at a time, with the arithmetic worked by hand. Amounts are exact to the
/// fen, halves rounded away from zero; `Money(fen:)` keeps the inputs exact.
final class RecommenderTests: XCTestCase {
    let recommender = Recommender()

    /// 230,000.00, the last budget of most cases below.
    let budget230k = Money(fen: 23_000_000)

    func input(lastBudget: Money, lastExecuted: Money, earlier: [Money] = [], score: String? = nil,
               reasons: [String] = [], forecastExecuted: Double, forecastRate: Double = 0.9,
               requested: Money? = nil) -> RecommendationInput {
        RecommendationInput(lastYear: 2020, lastBudget: lastBudget, lastExecuted: lastExecuted, earlierExecuted: earlier,
                            totalScore: score.flatMap { Score(text: $0) }, deviationReasons: reasons,
                            forecastExecuted: forecastExecuted, forecastRate: forecastRate, requested: requested)
    }

    // MARK: below 60 %

    /// The Shenzhen trade-friction project (世贸事务管理-贸易摩擦应对事务, 2020): 82,694.30 of 230,000.00.
    /// r = 82,694.30 ÷ 230,000.00 = 0.35954… (36.0 %) < 0.60.
    /// cap = 82,694.30 × 1.05 ÷ 0.95 = 86,829.015 ÷ 0.95 = 91,398.963157… → 91,398.96.
    /// need = 150,000 ÷ 0.95 = 157,894.736… → 157,894.74 > cap, so the cap.
    func testBelowSixtyPercentIsCappedAtLastExecutedGrownOverTheTargetRate() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 8_269_430),
                                            forecastExecuted: 150_000))
        XCTAssertEqual(r.amount, Money(fen: 9_139_896))
        XCTAssertEqual(r.rule, "below 60.0%")
        XCTAssertTrue(r.explanation.contains("82,694.30 × 1.05 ÷ 0.95 = 91,398.96"), r.explanation)
        XCTAssertTrue(r.explanation.contains("(36.0%)"), r.explanation)
        XCTAssertTrue(r.explanation.hasPrefix("2020 executed 82,694.30 of 230,000.00 (36.0%)"), r.explanation)
        // change = 91,398.96 ÷ 230,000.00 − 1 = −0.602613…
        XCTAssertEqual(try XCTUnwrap(r.change), 91_398.96 / 230_000 - 1, accuracy: 1e-12)
    }

    /// Shenzhen's 反倾销 project, 2020: initial 980,000.00 cut in-year to 150,000.00, nothing executed, reason
    /// 经费调整统筹使用. The explanation names the cut and quotes the reason after the opening; a project at full
    /// execution quotes no reason, and one whose budget was not adjusted says nothing of an adjustment.
    func testTheExplanationNamesAnInYearCutAndQuotesTheDeviationReason() {
        var cut = input(lastBudget: Money(yuan: 150_000), lastExecuted: .zero, forecastExecuted: 0)
        cut.lastInitialBudget = Money(yuan: 980_000)
        cut.deviationReasons = ["经费调整统筹使用", "另一条"]
        let r = recommender.recommend(cut)
        XCTAssertTrue(r.explanation.hasPrefix("2020 executed 0.00 of 150,000.00 (0.0%); the initial budget 980,000.00 was cut in-year to 150,000.00; the self-evaluation gives as deviation reason “经费调整统筹使用”; rule"), r.explanation)
        XCTAssertTrue(Wording.chinese.text(r.clauses, unit: .wan).hasPrefix("2020年执行0.00万元（预算15.00万元），执行率0.0%；年初预算98.00万元，年中调减为15.00万元；自评偏差原因：“经费调整统筹使用”；"),
                      Wording.chinese.text(r.clauses, unit: .wan))
        var raised = input(lastBudget: budget230k, lastExecuted: Money(yuan: 229_000), reasons: ["无需说明"], forecastExecuted: 229_000)
        raised.lastInitialBudget = Money(yuan: 200_000)
        let full = recommender.recommend(raised)
        XCTAssertTrue(full.explanation.contains("; the initial budget 200,000.00 was raised in-year to 230,000.00; rule"), full.explanation)
        XCTAssertFalse(full.explanation.contains("deviation reason"), "at full execution: \(full.explanation)")
        var same = input(lastBudget: budget230k, lastExecuted: Money(yuan: 229_000), forecastExecuted: 229_000)
        same.lastInitialBudget = budget230k
        XCTAssertFalse(recommender.recommend(same).explanation.contains("in-year"))
    }

    /// `round_to: 100` (百元): the same project's need 52,631.58 (below) is rounded down to 52,600.00, the
    /// change follows the rounded amount (52,600 ÷ 230,000 − 1), and the explanation ends saying so. An amount
    /// already a multiple of the step, and 0 (idle), are left alone.
    func testRoundingStepRoundsDownAndSaysSo() {
        var rules = RulePack()
        rules.roundTo = Money(fen: 10_000)
        let rounding = Recommender(rules: rules)
        let r = rounding.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 8_269_430), forecastExecuted: 50_000))
        XCTAssertEqual(r.amount, Money(fen: 5_260_000))
        XCTAssertTrue(r.explanation.hasSuffix("; rounded down to a multiple of 100.00: 52,600.00"), r.explanation)
        XCTAssertEqual(try XCTUnwrap(r.change), 52_600.0 / 230_000 - 1, accuracy: 1e-12)
        // 95,000 ÷ 0.95 = 100,000.00 exactly, between 60% and 90% (190,900 of 230,000): no rounding clause.
        let exact = rounding.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 19_090_000), forecastExecuted: 95_000))
        XCTAssertEqual(exact.amount, Money(fen: 10_000_000))
        XCTAssertFalse(exact.explanation.contains("rounded"), exact.explanation)
        let idle = rounding.recommend(input(lastBudget: budget230k, lastExecuted: .zero, earlier: [.zero], forecastExecuted: 0))
        XCTAssertEqual(idle.amount, .zero)
        XCTAssertEqual(idle.change, -1)
        XCTAssertTrue(rules.description.hasSuffix("; recommendations rounded down to multiples of 100.00"))
        // "At least 90%: keep the budget": 办公设备采购, 55,871.00 of 56,000.00, need 58,811.58. Rounding to 10,000
        // would give 50,000, below the budget the rule keeps: 56,000.00 stays, and the explanation says why.
        rules.roundTo = Money(fen: 1_000_000)
        let kept = Recommender(rules: rules).recommend(input(lastBudget: Money(yuan: 56_000), lastExecuted: Money(fen: 5_587_100),
                                                             forecastExecuted: 55_871))
        XCTAssertEqual(kept.amount, Money(yuan: 56_000))
        XCTAssertTrue(kept.explanation.hasSuffix("; rounded down to a multiple of 10,000.00, but not below the last budget the rule keeps: 56,000.00"),
                      kept.explanation)
        XCTAssertEqual(try XCTUnwrap(kept.change), 0, accuracy: 1e-12)
        XCTAssertFalse(RulePack().description.contains("rounded"))
    }

    /// Same project, forecast executed 50,000: need = 50,000 ÷ 0.95 = 52,631.5789… → 52,631.58 < cap 91,398.96.
    func testBelowSixtyPercentUsesTheNeedWhenItIsUnderTheCap() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 8_269_430),
                                            forecastExecuted: 50_000))
        XCTAssertEqual(r.amount, Money(fen: 5_263_158))
        XCTAssertEqual(r.rule, "below 60.0%")
        XCTAssertTrue(r.explanation.contains("need 52,631.58 (forecast executed 50,000.00 ÷ 0.95)"), r.explanation)
        XCTAssertTrue(r.explanation.contains("below the cap 82,694.30 × 1.05 ÷ 0.95 = 91,398.96"), r.explanation)
        // change = 52,631.58 ÷ 230,000 − 1 = −0.771167…
        XCTAssertEqual(try XCTUnwrap(r.change), 52_631.58 / 230_000 - 1, accuracy: 1e-12)
    }

    /// Half a fen rounds away from zero. With target 1 and growth 0.05: cap = 1,000.10 × 1.05 ÷ 1 = 1,050.105
    /// → 1,050.11 (banker's rounding would give 1,050.10). r = 1,000.10 ÷ 10,000 = 10 %.
    func testTheCapRoundsHalfAFenAwayFromZero() {
        var rules = RulePack()
        rules.targetRate = 1
        let r = Recommender(rules: rules).recommend(input(lastBudget: Money(fen: 1_000_000), lastExecuted: Money(fen: 100_010),
                                                          forecastExecuted: 1_000_000))
        XCTAssertEqual(r.amount, Money(fen: 105_011))
        XCTAssertTrue(r.explanation.contains("1,000.10 × 1.05 ÷ 1 = 1,050.11"), r.explanation)
    }

    // MARK: 60–90 %

    /// r = 190,900 ÷ 230,000 = 0.83. need = 171,000 ÷ 0.95 = 180,000.00 < 230,000 → 180,000.00.
    func testSixtyToNinetyPercentTakesTheNeedWhenBelowTheLastBudget() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 19_090_000),
                                            forecastExecuted: 171_000))
        XCTAssertEqual(r.amount, Money(fen: 18_000_000))
        XCTAssertEqual(r.rule, "60.0%–90.0%")
        XCTAssertTrue(r.explanation.contains("(83.0%)"), r.explanation)
        XCTAssertTrue(r.explanation.contains("need 180,000.00 (forecast executed 171,000.00 ÷ 0.95)"), r.explanation)
        // change = 180,000 ÷ 230,000 − 1 = −0.217391…
        XCTAssertEqual(try XCTUnwrap(r.change), 180_000.0 / 230_000 - 1, accuracy: 1e-12)
    }

    /// r = 0.83. need = 228,000 ÷ 0.95 = 240,000.00 > 230,000 → at most the last budget, 230,000.00.
    func testSixtyToNinetyPercentIsAtMostTheLastBudget() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 19_090_000),
                                            forecastExecuted: 228_000))
        XCTAssertEqual(r.amount, budget230k)
        XCTAssertEqual(r.rule, "60.0%–90.0%")
        XCTAssertTrue(r.explanation.contains("at most the last budget 230,000.00 (need 240,000.00"), r.explanation)
        XCTAssertEqual(try XCTUnwrap(r.change), 0, accuracy: 1e-12)
    }

    /// Exactly 60 %: 138,000 ÷ 230,000 = 0.6 is in 60–90 %, not below. need = 171,000 ÷ 0.95 = 180,000.00,
    /// above the last budget → 230,000.00 (the below-60 cap would have been 138,000 × 1.05 ÷ 0.95 = 152,526.32).
    func testExactlySixtyPercentIsInTheMiddleBand() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 13_800_000),
                                            forecastExecuted: 171_000))
        XCTAssertEqual(r.rule, "60.0%–90.0%")
        XCTAssertEqual(r.amount, Money(fen: 18_000_000))
    }

    // MARK: ≥ 90 %

    /// r = 218,500 ÷ 230,000 = 0.95. need = 237,500 ÷ 0.95 = 250,000.00 > 230,000 → 250,000.00 (growth allowed).
    func testAtLeastNinetyPercentGrowsWithTheNeed() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 21_850_000),
                                            forecastExecuted: 237_500))
        XCTAssertEqual(r.amount, Money(fen: 25_000_000))
        XCTAssertEqual(r.rule, "at least 90.0%")
        XCTAssertTrue(r.explanation.contains("need 250,000.00 (forecast executed 237,500.00 ÷ 0.95), above the last budget"), r.explanation)
        // change = 250,000 ÷ 230,000 − 1 = 0.0869565…
        XCTAssertEqual(try XCTUnwrap(r.change), 250_000.0 / 230_000 - 1, accuracy: 1e-12)
    }

    /// r = 0.95. need = 190,000 ÷ 0.95 = 200,000.00 < 230,000 → keeps 230,000.00.
    func testAtLeastNinetyPercentKeepsTheLastBudget() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 21_850_000),
                                            forecastExecuted: 190_000))
        XCTAssertEqual(r.amount, budget230k)
        XCTAssertEqual(r.rule, "at least 90.0%")
        XCTAssertTrue(r.explanation.contains("keeps the last budget 230,000.00 (need 200,000.00"), r.explanation)
        XCTAssertEqual(try XCTUnwrap(r.change), 0, accuracy: 1e-12)
    }

    /// Exactly 90 %: 207,000 ÷ 230,000 = 0.9 → at least 90 %; need 190,000 ÷ 0.95 = 200,000 → keeps 230,000.
    func testExactlyNinetyPercentIsFullExecution() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 20_700_000),
                                            forecastExecuted: 190_000))
        XCTAssertEqual(r.rule, "at least 90.0%")
        XCTAssertEqual(r.amount, budget230k)
    }

    // MARK: idle

    /// Nothing executed in 2020 nor 2019: 0, review for cancellation, change −1.
    func testTwoIdleYearsRecommendZero() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: .zero, earlier: [.zero],
                                            forecastExecuted: 100_000))
        XCTAssertEqual(r.amount, .zero)
        XCTAssertEqual(r.rule, "idle")
        XCTAssertEqual(r.change, -1)
        XCTAssertTrue(r.explanation.contains("nothing executed 2 years running"), r.explanation)
    }

    /// One zero year only (no earlier year, or an earlier year with money spent) is not idle: the below-60 %
    /// rule applies, cap = 0 × 1.05 ÷ 0.95 = 0.
    func testOneIdleYearIsNotIdle() {
        for earlier in [[], [Money(fen: 5_000_000)], [Money(fen: 5_000_000), .zero]] {
            let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: .zero, earlier: earlier,
                                                forecastExecuted: 100_000))
            XCTAssertNotEqual(r.rule, "idle", "earlier \(earlier)")
            XCTAssertEqual(r.rule, "below 60.0%", "earlier \(earlier)")
            XCTAssertEqual(r.amount, .zero, "earlier \(earlier)")
        }
    }

    // MARK: 差 (total < 60)

    /// Total 55 (差), r = 0.83, need 180,000.00 (60–90 %) → 180,000.00 × 0.90 = 162,000.00.
    func testPoorGradeCutsTenPercent() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 19_090_000), score: "55",
                                            forecastExecuted: 171_000))
        XCTAssertEqual(r.amount, Money(fen: 16_200_000))
        XCTAssertEqual(r.rule, "60.0%–90.0% + 差 cut")
        XCTAssertTrue(r.rule.hasSuffix("+ 差 cut"))
        XCTAssertTrue(r.explanation.contains("差 (55): 180,000.00 × 0.9 = 162,000.00"), r.explanation)
        // change = 162,000 ÷ 230,000 − 1 = −0.295652…
        XCTAssertEqual(try XCTUnwrap(r.change), 162_000.0 / 230_000 - 1, accuracy: 1e-12)
    }

    /// Total 55 on the trade-friction cap: 91,398.96 × 0.90 = 82,259.064 → 82,259.06.
    func testPoorGradeCutOfTheCapIsExactToTheFen() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 8_269_430), score: "55",
                                            forecastExecuted: 150_000))
        XCTAssertEqual(r.amount, Money(fen: 8_225_906))
        XCTAssertEqual(r.rule, "below 60.0% + 差 cut")
    }

    /// Half a fen after the cut rounds away from zero: r = 100 % keeps 1,000.05; × 0.90 = 900.045 → 900.05.
    func testPoorGradeCutRoundsHalfAFenAwayFromZero() {
        let r = recommender.recommend(input(lastBudget: Money(fen: 100_005), lastExecuted: Money(fen: 100_005), score: "59.9",
                                            forecastExecuted: 0))
        XCTAssertEqual(r.amount, Money(fen: 90_005))
        XCTAssertEqual(r.rule, "at least 90.0% + 差 cut")
    }

    /// Exactly 60 is not 差.
    func testAScoreOfSixtyIsNotPoor() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 19_090_000), score: "60",
                                            forecastExecuted: 171_000))
        XCTAssertEqual(r.amount, Money(fen: 18_000_000))
        XCTAssertEqual(r.rule, "60.0%–90.0%")
    }

    // MARK: 优 with an external cause

    /// Total 91.6, r = 176,180 ÷ 230,000 = 0.766 (76.6 %), need 171,000 ÷ 0.95 = 180,000.00 < 230,000; the
    /// reason 因疫情调减 names 疫情 → keeps 230,000.00.
    func testExcellentGradeWithAnExternalCauseKeepsTheBudget() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 17_618_000), score: "91.6",
                                            reasons: ["因疫情调减"], forecastExecuted: 171_000))
        XCTAssertEqual(r.amount, budget230k)
        XCTAssertTrue(r.rule.contains("优 external cause"), r.rule)
        XCTAssertEqual(r.rule, "60.0%–90.0% + 优 external cause")
        XCTAssertTrue(r.explanation.contains("(76.6%)"), r.explanation)
        XCTAssertTrue(r.explanation.contains("优 (91.6) with an external cause (因疫情调减): keeps 230,000.00"), r.explanation)
        XCTAssertEqual(try XCTUnwrap(r.change), 0, accuracy: 1e-12)
    }

    /// 经费调整统筹使用 names no external cause → the need, 180,000.00.
    func testExcellentGradeWithoutAnExternalCauseDoesNotKeepTheBudget() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 17_618_000), score: "91.6",
                                            reasons: ["经费调整统筹使用"], forecastExecuted: 171_000))
        XCTAssertEqual(r.amount, Money(fen: 18_000_000))
        XCTAssertEqual(r.rule, "60.0%–90.0%")
        XCTAssertFalse(r.rule.contains("优"), r.rule)
        XCTAssertFalse(r.explanation.contains("优"), r.explanation)
    }

    /// Below the keep-down-to rate (36 % < 60 %) an external cause does not keep the budget: the cap
    /// 91,398.96 holds and the explanation says why.
    func testExcellentGradeWithAnExternalCauseBelowSixtyPercentDoesNotKeepTheBudget() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 8_269_430), score: "91.6",
                                            reasons: ["因疫情调减"], forecastExecuted: 150_000))
        XCTAssertEqual(r.amount, Money(fen: 9_139_896))
        XCTAssertEqual(r.rule, "below 60.0%")
        XCTAssertTrue(r.explanation.contains("优 (91.6) with an external cause (因疫情调减), but execution below 60.0% does not keep the budget"),
                      r.explanation)
    }

    /// A total of 89.9 is not 优, whatever the reason.
    func testAScoreBelowNinetyIsNotExcellent() {
        let r = recommender.recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 17_618_000), score: "89.9",
                                            reasons: ["因疫情调减"], forecastExecuted: 171_000))
        XCTAssertEqual(r.amount, Money(fen: 18_000_000))
        XCTAssertEqual(r.rule, "60.0%–90.0%")
    }

    // MARK: no history

    /// No closed year, request 1,843,294.00, peers' rate 0.83: 1,843,294 × 0.83 ÷ 0.95 = 1,529,934.02 ÷ 0.95
    /// = 1,610,456.863… → 1,610,456.86 (less than the request).
    func testNewProjectGetsTheRequestAtThePeersRate() {
        let r = recommender.recommend(RecommendationInput(lastYear: nil, lastBudget: nil, lastExecuted: nil, forecastExecuted: .nan,
                                                          forecastRate: 0.83, requested: Money(fen: 184_329_400)))
        XCTAssertEqual(r.amount, Money(fen: 161_045_686))
        XCTAssertEqual(r.rule, "new project")
        XCTAssertNil(r.change)
        XCTAssertTrue(r.explanation.contains("request 1,843,294.00 × peers' rate 83.0% ÷ 0.95 = 1,610,456.86"), r.explanation)
    }

    /// Peers' rate 0.99: 1,843,294 × 0.99 ÷ 0.95 = 1,920,906.61 > the request → at most the request.
    func testNewProjectGetsNoMoreThanTheRequest() {
        let r = recommender.recommend(RecommendationInput(lastYear: nil, lastBudget: nil, lastExecuted: nil, forecastExecuted: .nan,
                                                          forecastRate: 0.99, requested: Money(fen: 184_329_400)))
        XCTAssertEqual(r.amount, Money(fen: 184_329_400))
        XCTAssertEqual(r.rule, "new project")
        XCTAssertTrue(r.explanation.contains("no more than the request"), r.explanation)
    }

    func testNoHistoryAndNoRequestIsZero() {
        let r = recommender.recommend(RecommendationInput(lastYear: nil, lastBudget: nil, lastExecuted: nil, forecastExecuted: .nan,
                                                          forecastRate: .nan))
        XCTAssertEqual(r.amount, .zero)
        XCTAssertEqual(r.rule, "no history")
        XCTAssertNil(r.change)
    }

    // MARK: a custom pack

    /// target 0.9, growth 0.1, low 0.5. Trade friction (36 %): cap = 82,694.30 × 1.1 ÷ 0.9 = 90,963.73 ÷ 0.9
    /// = 101,070.8111… → 101,070.81 (need 150,000 ÷ 0.9 = 166,666.67 is above it).
    func testACustomPackChangesTheCap() {
        var rules = RulePack()
        rules.targetRate = 0.9
        rules.allowedGrowth = 0.1
        rules.lowExecution = 0.5
        XCTAssertNoThrow(try rules.validate())
        let r = Recommender(rules: rules).recommend(input(lastBudget: budget230k, lastExecuted: Money(fen: 8_269_430),
                                                          forecastExecuted: 150_000))
        XCTAssertEqual(r.amount, Money(fen: 10_107_081))
        XCTAssertEqual(r.rule, "below 50.0%")
        XCTAssertTrue(r.explanation.contains("82,694.30 × 1.1 ÷ 0.9 = 101,070.81"), r.explanation)
    }

    /// r = 126,500 ÷ 230,000 = 0.55. Default pack: below 60 %, cap = 126,500 × 1.05 ÷ 0.95 = 139,815.789… →
    /// 139,815.79 < need 171,000 ÷ 0.95 = 180,000. Custom pack (low 0.5, target 0.9): 50–90 %, need =
    /// 171,000 ÷ 0.9 = 190,000.00 < 230,000 → 190,000.00.
    func testACustomPackMovesTheBands() {
        let fifty5 = input(lastBudget: budget230k, lastExecuted: Money(fen: 12_650_000), forecastExecuted: 171_000)
        let byDefault = recommender.recommend(fifty5)
        XCTAssertEqual(byDefault.rule, "below 60.0%")
        XCTAssertEqual(byDefault.amount, Money(fen: 13_981_579))
        var rules = RulePack()
        rules.targetRate = 0.9
        rules.allowedGrowth = 0.1
        rules.lowExecution = 0.5
        let custom = Recommender(rules: rules).recommend(fifty5)
        XCTAssertEqual(custom.rule, "50.0%–90.0%")
        XCTAssertEqual(custom.amount, Money(fen: 19_000_000))
        XCTAssertTrue(custom.explanation.contains("need 190,000.00 (forecast executed 171,000.00 ÷ 0.9)"), custom.explanation)
    }

    func testValidateRejectsOutOfRangeAndOutOfOrderThresholds() {
        XCTAssertNoThrow(try RulePack().validate())
        var zeroTarget = RulePack()
        zeroTarget.targetRate = 0
        XCTAssertThrowsError(try zeroTarget.validate()) { error in
            XCTAssertTrue("\(error)".contains("target_rate"), "\(error)")
        }
        var lowAboveFull = RulePack()
        lowAboveFull.lowExecution = 0.95
        lowAboveFull.fullExecution = 0.9
        XCTAssertThrowsError(try lowAboveFull.validate()) { error in
            XCTAssertTrue("\(error)".contains("low_execution"), "\(error)")
        }
        var targetAboveOne = RulePack()
        targetAboveOne.targetRate = 1.5
        XCTAssertThrowsError(try targetAboveOne.validate())
        var noIdleYears = RulePack()
        noIdleYears.idleYears = 0
        XCTAssertThrowsError(try noIdleYears.validate())
    }
}
