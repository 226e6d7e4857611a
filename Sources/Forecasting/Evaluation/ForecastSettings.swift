/// The candidate models and the thresholds of model choice and intervals.
public struct ForecastSettings: Sendable {
    /// Central interval level, in (0, 1). Default 0.8.
    public var level: Double
    /// Closed years a project needs before a year for that year to be a backtest case. Default 2.
    public var minimumHistory: Int
    /// Backtest cases a peer group needs (at earlier origins) before the model is chosen on its own
    /// errors; otherwise the next wider group decides. Default 40: smaller groups chose noisily (San Diego
    /// executed MASE 0.98 at 10, 0.94 at 20, 0.93 at 40, no better above).
    public var minimumSelectionCases: Int
    /// Out-of-sample errors a peer group needs before its intervals come from its own errors; otherwise
    /// the next wider group's errors are used. Default 40.
    public var minimumCalibrationCases: Int
    /// Budget models; the first is the naive baseline (last budget).
    public var budgetModels: [any ForecastModel]
    /// Rate models; the first is the naive baseline (last rate).
    public var rateModels: [any ForecastModel]
    /// The rate model used before any backtest case exists (index into ``rateModels``).
    public var defaultRateModel: Int

    public init(level: Double = 0.8, minimumHistory: Int = 2, minimumSelectionCases: Int = 40,
                minimumCalibrationCases: Int = 40,
                budgetModels: [any ForecastModel] = [LastBudget(), TrendBudget(), DampedTrendBudget(), IncrementalBudget()],
                rateModels: [any ForecastModel] = [LastRate(), MeanRate(), WeightedRate(), ShrunkRate(), PooledRateRegression()],
                defaultRateModel: Int = 3) {
        self.level = level
        self.minimumHistory = minimumHistory
        self.minimumSelectionCases = minimumSelectionCases
        self.minimumCalibrationCases = minimumCalibrationCases
        self.budgetModels = budgetModels
        self.rateModels = rateModels
        self.defaultRateModel = defaultRateModel
    }

    /// Throws when a setting is out of range.
    public func validate() throws {
        guard level > 0, level < 1 else { throw ForecastingError.invalidSetting("the interval level must be between 0 and 1 (got \(level))") }
        guard minimumHistory >= 1 else { throw ForecastingError.invalidSetting("the minimum history must be at least 1 year") }
        guard !budgetModels.isEmpty, !rateModels.isEmpty, rateModels.indices.contains(defaultRateModel) else {
            throw ForecastingError.invalidSetting("at least one budget and one rate model are needed")
        }
    }
}
