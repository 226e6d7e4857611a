import BudgetCore
import Forecasting

/// A project-year's forecast amounts as the reports show them: each model figure rounded once to the fen,
/// half away from zero (``Money/init(rounding:)``); nil where the figure is not finite (no forecast).
///
/// The one source of a forecast amount in the reports: a project's row prints these, and a group's total is
/// the sum of its projects' `ShownForecast` figures, so that adding up the rows (in Excel, by hand) gives the
/// total's figure to the fen. Totals are never summed from the unrounded `Double`s.
public struct ShownForecast: Sendable, Equatable {
    public var budget: Money?, budgetLow: Money?, budgetHigh: Money?
    public var executed: Money?, executedLow: Money?, executedHigh: Money?

    public init(_ forecast: ProjectForecast) {
        budget = Money(rounding: forecast.budget)
        budgetLow = Money(rounding: forecast.budgetLow)
        budgetHigh = Money(rounding: forecast.budgetHigh)
        executed = Money(rounding: forecast.executed)
        executedLow = Money(rounding: forecast.executedLow)
        executedHigh = Money(rounding: forecast.executedHigh)
    }
}
