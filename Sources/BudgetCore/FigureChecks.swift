/// Checks of annual figures that are legal but suspicious: imported, with a warning naming the field.
public enum FigureChecks {
    /// Execution rates above this are flagged as probably wrong (a unit or digit error).
    public static let implausibleRate = 1.5

    /// Warnings for one year's figures: negative amounts, executed above the adjusted (or, lacking it, the
    /// initial) budget, execution over 150 %. Each pair is (field, message).
    public static func warnings(for figures: AnnualFigures) -> [(field: String, message: String)] {
        var found: [(field: String, message: String)] = []
        func negative(_ field: String, _ amount: Money?) {
            if let amount, amount.isNegative { found.append((field, "negative amount \(amount.groupedText)")) }
        }
        negative("initial_budget", figures.initialBudget)
        negative("adjusted_budget", figures.adjustedBudget)
        negative("executed", figures.executed)
        negative("appropriation", figures.appropriation)
        negative("carryover", figures.carryover)
        negative("other_funds", figures.otherFunds)
        guard let executed = figures.executed else { return found }
        let (budgetField, budget) = figures.adjustedBudget.map { ("adjusted_budget", $0) }
            ?? figures.initialBudget.map { ("initial_budget", $0) } ?? ("", Money.zero)
        guard !budgetField.isEmpty else { return found }
        if budget.fen <= 0 {
            if executed.fen > 0 {
                found.append(("executed", "executed \(executed.groupedText) against a budget of \(budget.groupedText)"))
            }
        } else if let rate = executed.ratio(to: budget), rate > implausibleRate {
            found.append(("executed", "execution rate \(Percent.text(rate)) is over \(Percent.text(implausibleRate)): executed \(executed.groupedText) of \(budgetField) \(budget.groupedText)"))
        } else if executed > budget {
            found.append(("executed", "executed \(executed.groupedText) is above \(budgetField) \(budget.groupedText)"))
        }
        return found
    }
}

/// Percentages for people: one decimal, halves rounded away from zero (`36.0%`, `50.05%` → `50.1%`).
public enum Percent {
    /// `ratio` × 100 with one decimal. The ratio is first snapped to 1e-6 of a tenth of a percent, so that a
    /// ratio of two amounts that is exactly halfway (1,001 ÷ 2,000 = 50.05 %, held in binary as
    /// 0.50049999…) rounds as a person would. Non-finite ratios print as `n/a`; beyond ±10¹² % in
    /// scientific notation.
    public static func text(_ ratio: Double) -> String {
        guard ratio.isFinite else { return "n/a" }
        let tenthsOfPercent = ratio * 1000
        guard abs(tenthsOfPercent) < 1e13 else { return String(format: "%.3g%%", ratio * 100) }
        let snapped = (tenthsOfPercent * 1e6).rounded() / 1e6
        let value = Int64(snapped.rounded(.toNearestOrAwayFromZero))
        let sign = value < 0 ? "-" : ""
        return "\(sign)\(value.magnitude / 10).\(value.magnitude % 10)%"
    }
}
