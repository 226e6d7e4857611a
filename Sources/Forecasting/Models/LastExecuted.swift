/// Naive executed amount: next year's executed amount is the last closed year's.
///
/// The baseline every executed forecast must beat (MASE = 1 by definition), the default of the engine's
/// choice (``RollingOrigin``), and the first of ``ForecastSettings/executedModels``.
public struct LastExecuted: PerProjectModel {
    public init() {}
    public var name: String { "last" }
    public var target: Target { .executed }
    public var summary: String { "next executed amount = last closed year's" }

    public func forecast(_ panel: Panel, series: Int, year: Int) -> Double? {
        panel.series[series].history(before: year).lastClosed?.executed
    }
}
