import BudgetCore
import Foundation

/// What a recommendation needs to know about a project: the exact figures of its last closed years and the
/// forecast of the year recommended for.
public struct RecommendationInput: Sendable {
    /// The last closed year and its exact figures (nil when the project has no closed year).
    public var lastYear: Int?
    public var lastBudget: Money?
    public var lastExecuted: Money?
    /// The last closed year's initial budget (年初预算数), when it differs from `lastBudget` (an in-year cut or
    /// increase): the explanation says so.
    public var lastInitialBudget: Money?
    /// Executed amounts of the closed years before the last, most recent first (for the idle rule).
    public var earlierExecuted: [Money]
    /// The self-evaluation total score of the last closed year.
    public var totalScore: Score?
    /// Deviation reasons (偏差原因) recorded for the last closed year.
    public var deviationReasons: [String]
    /// The forecast executed amount for the year recommended for (元), and the rate behind it.
    public var forecastExecuted: Double
    public var forecastRate: Double
    /// The request for the year, if any (for a project with no history).
    public var requested: Money?
    /// The last closed year when the history is stale (ends before the year before the one recommended
    /// for): the explanation and the review say so.
    public var staleSince: Int?
    /// The closed years after `staleSince` left out as exceptional: the history is stale because of them
    /// (a scenario's pandemic years), and the explanation says so.
    public var staleExceptional: [Int] = []

    /// Last executed ÷ last budget, nil when either is unknown or the budget is 0.
    public var lastRate: Double? {
        guard let lastExecuted, let lastBudget else { return nil }
        return lastExecuted.ratio(to: lastBudget)
    }

    public init(lastYear: Int?, lastBudget: Money?, lastExecuted: Money?, earlierExecuted: [Money] = [],
                totalScore: Score? = nil, deviationReasons: [String] = [], forecastExecuted: Double,
                forecastRate: Double, requested: Money? = nil, staleSince: Int? = nil, lastInitialBudget: Money? = nil) {
        self.lastInitialBudget = lastInitialBudget
        self.lastYear = lastYear
        self.lastBudget = lastBudget
        self.lastExecuted = lastExecuted
        self.earlierExecuted = earlierExecuted
        self.totalScore = totalScore
        self.deviationReasons = deviationReasons
        self.forecastExecuted = forecastExecuted
        self.forecastRate = forecastRate
        self.requested = requested
        self.staleSince = staleSince
    }
}

/// A recommended amount, the rule that set it and the arithmetic, as clauses shown in a language and unit
/// (``Wording``).
public struct Recommendation: Sendable, Equatable {
    public var amount: Money
    /// The rule's name in parts: `at least 90%`, `60–90%`, `below 60%`, `idle`, `new project`, `no history`,
    /// then `优 external cause` or `差 cut` when those adjusted it.
    public var ruleParts: [Clause]
    /// The arithmetic, clause by clause.
    public var clauses: [Clause]
    /// amount ÷ last budget − 1, nil without a last budget.
    public var change: Double?
    /// The least the rule allows (the last budget it keeps): rounding never goes below it. Nil when the rule
    /// sets no floor, or an adjustment (a 差 cut, a scenario's change or shock) has moved the amount off it.
    public var floor: Money?

    public init(amount: Money, ruleParts: [Clause], clauses: [Clause], change: Double?) {
        self.amount = amount
        self.ruleParts = ruleParts
        self.clauses = clauses
        self.change = change
    }

    /// The rule's name in English.
    public var rule: String { ruleParts.englishRule }
    /// The explanation in English, amounts in 元.
    public var explanation: String { clauses.englishText }
}

/// Applies a ``RulePack`` to a project's last closed year and its forecast.
///
/// need = forecast executed ÷ target rate (rounded to 0.01 元). With r = last executed ÷ last budget:
/// - nothing executed in the last ``RulePack/idleYears`` closed years: 0, review for cancellation;
/// - r ≥ full execution: max(need, last budget) — the budget is kept and may grow with the need;
/// - low ≤ r < full: min(need, last budget); a 优 grade with an external deviation reason keeps the last
///   budget when r ≥ ``RulePack/excellentKeepsBudgetDownTo``;
/// - r < low: min(need, last executed × (1 + growth) ÷ target rate);
/// - a 差 grade then cuts the amount by ``RulePack/poorCut``.
/// Amounts are exact: products and quotients in `Decimal`, rounded half away from zero to the fen.
public struct Recommender: Sendable {
    public let rules: RulePack
    /// Texts and ratios of the rules, made once (formatting a Decimal is slow).
    private let targetText: String, growthText: String, fullText: String, lowText: String, keepText: String, poorCutText: String
    private let full: Double, low: Double, keepDownTo: Double
    /// The shares as exact fractions (nil when a share has more than 12 decimals: Decimal is used then).
    private let exact: (target: ExactShare, growth: ExactShare, cut: ExactShare, full: ExactShare, low: ExactShare, keep: ExactShare)?

    public init(rules: RulePack = RulePack()) {
        self.rules = rules
        targetText = Self.decimalText(rules.targetRate)
        growthText = Self.decimalText(1 + rules.allowedGrowth)
        full = Self.double(rules.fullExecution)
        low = Self.double(rules.lowExecution)
        keepDownTo = Self.double(rules.excellentKeepsBudgetDownTo)
        fullText = Percent.text(full)
        lowText = Percent.text(low)
        keepText = Percent.text(keepDownTo)
        poorCutText = Self.decimalText(1 - rules.poorCut)
        if let target = ExactShare(rules.targetRate), target.numerator > 0, let growth = ExactShare(1 + rules.allowedGrowth),
           let cut = ExactShare(1 - rules.poorCut), let full = ExactShare(rules.fullExecution),
           let low = ExactShare(rules.lowExecution), let keep = ExactShare(rules.excellentKeepsBudgetDownTo) {
            exact = (target, growth, cut, full, low, keep)
        } else {
            exact = nil
        }
    }

    /// money ÷ target rate, to the fen.
    private func divideByTarget(_ money: Money) -> Money {
        exact?.target.divide(money) ?? Self.money(Self.decimal(money) / rules.targetRate)
    }

    /// The recommendation; a stale history's explanation starts with `stale (last data YYYY)`; with a
    /// rounding step (``RulePack/roundTo``) the amount is rounded down to a multiple of it and the
    /// explanation ends saying so — unless `rounding` is false (a scenario rounds after its adjustments).
    public func recommend(_ input: RecommendationInput, rounding: Bool = true) -> Recommendation {
        var recommendation = applyRules(input)
        if let last = input.staleSince {
            recommendation.clauses.insert(Clause(.stale, ["year": .year(last), "exceptional": .exceptionalYears(input.staleExceptional)]), at: 0)
        }
        return rounding ? roundedDown(recommendation, lastBudget: input.lastBudget) : recommendation
    }

    /// `recommendation` rounded down to a multiple of ``RulePack/roundTo`` (as it is when the step is one fen
    /// or the amount a multiple already), but never below its ``Recommendation/floor`` (the last budget a
    /// rule keeps: then the floor), the explanation ending `rounded down to a multiple of …`, the change
    /// against `lastBudget` following the rounded amount.
    public func roundedDown(_ recommendation: Recommendation, lastBudget: Money?) -> Recommendation {
        let step = rules.roundTo.fen
        guard step > 1, recommendation.amount.fen > 0, recommendation.amount.fen % step != 0 else { return recommendation }
        var result = recommendation
        var rounded = Money(fen: recommendation.amount.fen / step * step)
        if let floor = recommendation.floor, floor <= recommendation.amount, rounded < floor {
            rounded = floor
            result.clauses.append(Clause(.roundedDownToFloor, ["step": .money(rules.roundTo), "amount": .money(rounded)]))
        } else {
            result.clauses.append(Clause(.roundedDown, ["step": .money(rules.roundTo), "amount": .money(rounded)]))
        }
        guard rounded != recommendation.amount else { return result }
        result.amount = rounded
        if result.change != nil, let lastBudget { result.change = rounded.ratio(to: lastBudget).map { $0 - 1 } }
        return result
    }

    private func applyRules(_ input: RecommendationInput) -> Recommendation {
        let target = rules.targetRate
        guard let lastYear = input.lastYear, let lastBudget = input.lastBudget, let lastExecuted = input.lastExecuted,
              lastBudget.fen > 0 else {
            // No closed year with a budget: the request at the peers' rate, if there is a request.
            guard let requested = input.requested, input.forecastRate.isFinite else {
                return Recommendation(amount: .zero, ruleParts: [Clause(.ruleNoHistory)], clauses: [Clause(.noHistory)], change: nil)
            }
            let need = Self.money(Self.decimal(requested) * Decimal(input.forecastRate) / target)
            let amount = min(need, requested)
            var clauses = [Clause(.newProject, ["requested": .money(requested), "rate": .rate(input.forecastRate),
                                                "target": .number(targetText), "need": .money(need)])]
            if amount < need { clauses.append(Clause(.notAboveRequest)) }
            return Recommendation(amount: amount, ruleParts: [Clause(.ruleNewProject)], clauses: clauses, change: nil)
        }
        let rate = lastExecuted.ratio(to: lastBudget) ?? 0
        // Threshold comparisons are exact: executed ≥ share × budget, in Decimal.
        func atLeast(_ share: Decimal, _ fraction: ExactShare?) -> Bool {
            if let fraction { return fraction.isReached(by: lastExecuted, of: lastBudget) }
            return Self.decimal(lastExecuted) >= share * Self.decimal(lastBudget)
        }
        let opening = Clause(.opening, ["year": .year(lastYear), "executed": .money(lastExecuted),
                                        "budget": .money(lastBudget), "rate": .rate(rate)])
        let forecastExecuted = Money(rounding: input.forecastExecuted) ?? .zero
        let need = divideByTarget(forecastExecuted)
        var needValues: [String: Clause.Value] = ["need": .money(need), "forecast": .money(forecastExecuted),
                                                  "target": .number(targetText), "budget": .money(lastBudget)]

        let idle = [lastExecuted] + input.earlierExecuted.prefix(rules.idleYears - 1)
        if idle.count >= rules.idleYears, idle.allSatisfy({ $0.fen == 0 }) {
            return Recommendation(amount: .zero, ruleParts: [Clause(.ruleIdle)],
                                  clauses: [opening, Clause(.idle, ["years": .number(String(rules.idleYears))])], change: -1)
        }

        var amount: Money
        var floor: Money?
        var ruleParts: [Clause]
        var clauses = [opening]
        if let initial = input.lastInitialBudget, initial != lastBudget {
            clauses.append(Clause(initial > lastBudget ? .budgetCutInYear : .budgetRaisedInYear,
                                  ["initial": .money(initial), "budget": .money(lastBudget)]))
        }
        if !atLeast(rules.fullExecution, exact?.full), let reason = input.deviationReasons.first {
            clauses.append(Clause(.deviationReason, ["reason": .text(reason)]))
        }
        if atLeast(rules.fullExecution, exact?.full) {
            amount = max(need, lastBudget)
            floor = lastBudget
            ruleParts = [Clause(.ruleAtLeast, ["full": .number(fullText)])]
            needValues["rule"] = .rule(ruleParts)
            clauses.append(Clause(need > lastBudget ? .needAboveBudget : .keepsBudget, needValues))
        } else if atLeast(rules.lowExecution, exact?.low) {
            amount = min(need, lastBudget)
            ruleParts = [Clause(.ruleBetween, ["low": .number(lowText), "full": .number(fullText)])]
            needValues["rule"] = .rule(ruleParts)
            clauses.append(Clause(need < lastBudget ? .need : .atMostBudget, needValues))
        } else {
            let growth = 1 + rules.allowedGrowth
            // executed × (growth ÷ target) as one fraction, so the fen is rounded once.
            let cap = exact.flatMap { e in
                ExactShare.scale(lastExecuted.fen, by: e.growth.numerator * e.target.denominator,
                                 over: e.growth.denominator * e.target.numerator).map(Money.init(fen:))
            } ?? Self.money(Self.decimal(lastExecuted) * growth / target)
            amount = min(need, cap)
            ruleParts = [Clause(.ruleBelow, ["low": .number(lowText)])]
            needValues["rule"] = .rule(ruleParts)
            needValues["executed"] = .money(lastExecuted)
            needValues["growth"] = .number(growthText)
            needValues["cap"] = .money(cap)
            clauses.append(Clause(need < cap ? .needBelowCap : .cap, needValues))
        }

        let grade = input.totalScore?.value
        if let grade, grade >= rules.excellentScore, !atLeast(rules.fullExecution, exact?.full), amount < lastBudget {
            let cause = input.deviationReasons.first { reason in rules.externalCauses.contains { reason.contains($0) } }
            if let cause {
                let values: [String: Clause.Value] = ["grade": .number(Self.decimalText(grade)), "cause": .text(cause),
                                                      "budget": .money(lastBudget), "keep": .number(keepText)]
                if atLeast(rules.excellentKeepsBudgetDownTo, exact?.keep) {
                    amount = lastBudget
                    floor = lastBudget
                    ruleParts.append(Clause(.ruleExcellent))
                    clauses.append(Clause(.excellentKeeps, values))
                } else {
                    clauses.append(Clause(.excellentNotKept, values))
                }
            }
        }
        if let grade, grade < rules.poorScore {
            let before = amount
            amount = exact?.cut.times(amount) ?? Self.money(Self.decimal(amount) * (1 - rules.poorCut))
            floor = nil
            ruleParts.append(Clause(.rulePoorCut))
            clauses.append(Clause(.poorCut, ["grade": .number(Self.decimalText(grade)), "before": .money(before),
                                             "factor": .number(poorCutText), "amount": .money(amount)]))
        }
        amount = max(amount, .zero)
        var recommendation = Recommendation(amount: amount, ruleParts: ruleParts, clauses: clauses,
                                            change: amount.ratio(to: lastBudget).map { $0 - 1 })
        recommendation.floor = floor
        return recommendation
    }

    // MARK: exact arithmetic

    static func decimal(_ money: Money) -> Decimal { Decimal(money.fen) / 100 }

    /// Rounds yuan to the fen, halves away from zero. Inputs are bounded (``Money/largestFigure``, the rule
    /// pack's ranges) so that the rules' results stay within ``Money/largestComputed``; a result beyond it
    /// stops the program rather than wrap.
    static func money(_ yuan: Decimal) -> Money {
        guard let money = checkedMoney(yuan) else { fatalError("amount \(yuan) beyond the range of money") }
        return money
    }

    /// Rounds yuan to the fen, halves away from zero; nil beyond ±``Money/largestComputed``.
    static func checkedMoney(_ yuan: Decimal) -> Money? {
        var value = yuan * 100, rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        guard value.isFinite, abs(rounded) <= Decimal(Money.largestComputed.fen) else { return nil }
        return Money(fen: NSDecimalNumber(decimal: rounded).int64Value)
    }

    static func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }

    static func decimalText(_ value: Decimal) -> String { NSDecimalNumber(decimal: value).stringValue }
}
