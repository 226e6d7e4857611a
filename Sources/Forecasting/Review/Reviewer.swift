import BudgetCore

/// A reviewer's verdict on a request.
public enum Verdict: String, Sendable, CaseIterable {
    /// Within the recommendation.
    case accept
    /// Above the recommendation but inside the forecast interval: ask the unit to justify it.
    case query
    /// Above the forecast interval, or above the recommendation with an increase after execution below the
    /// low-execution threshold.
    case cut
}

/// A reviewed request: the verdict and its reasons, as clauses shown in a language and unit (``Wording``).
public struct Review: Sendable, Equatable {
    public var verdict: Verdict
    public var reasonClauses: [Clause]
    /// requested ÷ last budget − 1, nil without a last budget.
    public var change: Double?

    /// The reasons in English, amounts in 元.
    public var reasons: [String] { reasonClauses.map { [$0].englishText } }
}

/// Judges a request against the project's record, its forecast and its recommendation.
///
/// - `cut` when the request is above the recommendation and either above the forecast interval's upper bound
///   or an increase over the last budget after execution below ``RulePack/lowExecution``;
/// - otherwise `query` when it is above the recommendation, above the interval but within the
///   recommendation (the rules allowed more than the forecast: ask why), is such an increase within it (the
///   rules or an override allowed it), or the project has no closed year to judge by;
/// - otherwise `accept`.
/// Every reason that applies is given, not only the deciding one.
public struct Reviewer: Sendable {
    public let rules: RulePack

    public init(rules: RulePack = RulePack()) { self.rules = rules }

    public func review(requested: Money, input: RecommendationInput, recommendation: Recommendation,
                       budgetHigh: Double, level: Double) -> Review {
        var reasons: [Clause] = []
        var verdict = Verdict.accept
        func raise(_ to: Verdict) {
            if to == .cut || (to == .query && verdict == .accept) { verdict = to }
        }
        let levelText = "\(Int((level * 100).rounded()))%"
        var change: Double?
        if let lastYear = input.lastYear, let lastBudget = input.lastBudget, let lastExecuted = input.lastExecuted,
           lastBudget.fen > 0 {
            let rate = lastExecuted.ratio(to: lastBudget) ?? 0
            change = requested.ratio(to: lastBudget).map { $0 - 1 }
            var record: [String: Clause.Value] = [
                "requested": .money(requested), "change": .signedRate(change), "year": .year(lastYear),
                "budget": .money(lastBudget), "rate": .rate(rate)]
            let low = Recommender.double(rules.lowExecution)
            if requested > lastBudget && rate < low {
                // Within the recommendation (an override, an external cause) the rules allowed the increase:
                // a query, so that the verdict never says cut while the reasons say within.
                raise(requested > recommendation.amount ? .cut : .query)
                record["low"] = .rate(low)
                reasons.append(Clause(.reviewIncreaseAfterLow, record))
            } else {
                reasons.append(Clause(.reviewRecord, record))
            }
            if let initial = input.lastInitialBudget, initial != lastBudget {
                reasons.append(Clause(initial > lastBudget ? .budgetCutInYear : .budgetRaisedInYear,
                                      ["initial": .money(initial), "budget": .money(lastBudget)]))
            }
        } else {
            raise(.query)
            reasons.append(Clause(.reviewNoClosedYear))
        }
        if let last = input.staleSince {
            reasons.append(Clause(.reviewStale, ["year": .year(last), "exceptional": .exceptionalYears(input.staleExceptional)]))
        }
        if budgetHigh.isFinite, Double(requested.fen) / 100 > budgetHigh + 0.005 {
            // Never cut within the recommendation: the verdict must not contradict "within the recommendation".
            raise(requested > recommendation.amount ? .cut : .query)
            reasons.append(Clause(.reviewAboveBound, ["level": .number(levelText),
                                                      "high": .money(Money(rounding: budgetHigh) ?? .zero)]))
        }
        if requested > recommendation.amount {
            raise(.query)
            reasons.append(Clause(.reviewAboveRecommendation, ["amount": .money(recommendation.amount),
                                                               "rule": .rule(recommendation.ruleParts)]))
        } else if input.lastYear != nil {
            reasons.append(Clause(.reviewWithinRecommendation, ["amount": .money(recommendation.amount)]))
        }
        return Review(verdict: verdict, reasonClauses: reasons, change: change)
    }
}
