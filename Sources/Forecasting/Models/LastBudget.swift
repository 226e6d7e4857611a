/// Naive budget: next year's budget is the last known budget.
///
/// The baseline every budget model must beat (MASE = 1 by definition).
public struct LastBudget: PerProjectModel {
    public init() {}
    public var name: String { "last" }
    public var target: Target { .budget }
    public var summary: String { "next budget = last known budget" }

    public func forecast(_ panel: Panel, series: Int, year: Int) -> Double? {
        panel.series[series].history(before: year).lastBudget?.budget
    }
}
