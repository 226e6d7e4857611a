/// Checks of annual figures that are legal but suspicious: imported, with a warning naming the field.
public enum FigureChecks {
    /// Execution rates above this are flagged as probably wrong (a unit or digit error).
    public static let implausibleRate = 1.5

    /// Warnings for one year's figures: negative amounts, executed above the adjusted (or, lacking it, the
    /// initial) budget, execution over 150 %. Each pair is (field, message).
    public static func warnings(for figures: AnnualFigures) -> [(field: String, message: String)] {
        var found: [(field: String, message: String)] = []
        let amounts: [(String, Money?)] = [
            ("initial_budget", figures.initialBudget), ("adjusted_budget", figures.adjustedBudget),
            ("executed", figures.executed), ("appropriation", figures.appropriation),
            ("carryover", figures.carryover), ("other_funds", figures.otherFunds),
        ]
        for (field, amount) in amounts {
            if let amount, amount.isNegative { found.append((field, "negative amount \(amount.groupedText)")) }
        }
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

/// Percentages for people: one decimal, half-up (`36.0%`).
public enum Percent {
    public static func text(_ ratio: Double) -> String {
        let tenths = (ratio * 1000).rounded(.toNearestOrAwayFromZero)
        let value = Int64(tenths)
        let sign = value < 0 ? "-" : ""
        return "\(sign)\(value.magnitude / 10).\(value.magnitude % 10)%"
    }
}
