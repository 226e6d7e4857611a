/// The last closed year's initial budget (年初预算数) as the next executed amount: the plan the year
/// started from, before in-year additions and cuts.
///
/// Where a year's execution was swollen by a one-off in-year addition (a budget raised from 167 million to
/// 1.4 billion for an early repayment), the original plan says more about next year than the execution
/// does. Gives no forecast (the naive one stands in) when the initial budget is unknown or not positive.
public struct LastInitialBudget: PerProjectModel {
    public init() {}
    public var name: String { "initial" }
    public var target: Target { .executed }
    public var summary: String { "next executed amount = last closed year's initial budget" }

    public func forecast(_ panel: Panel, series: Int, year: Int) -> Double? {
        guard let last = panel.series[series].history(before: year).lastClosed, last.initial > 0 else { return nil }
        return last.initial
    }
}
