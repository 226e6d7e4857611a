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
    /// the next wider group's errors are used. Default 20: the narrower the group, the better its errors
    /// describe its projects (Madrid's selected executed forecast covered 76.7% at 40, 77.5% at 20, 78.0%
    /// at 10 of 80%; San Diego 78.1% at all three); 20 errors still give the 80% bounds as the 2nd and 19th
    /// order statistics.
    public var minimumCalibrationCases: Int
    /// Budget models; the first is the naive baseline (last budget).
    public var budgetModels: [any ForecastModel]
    /// Rate models; the first is the naive baseline (last rate).
    public var rateModels: [any ForecastModel]
    /// The rate model used before any backtest case exists (index into ``rateModels``).
    public var defaultRateModel: Int
    /// Models of the executed amount itself; the first is the naive baseline (last executed), the default
    /// of the choice. ``RollingOrigin`` adds two candidates built from the others: the chosen budget ×
    /// rate pair, and the combination (the median of every other candidate).
    public var executedModels: [any ForecastModel]
    /// How much a year of the record weighs against the next one in the executed choice: the group's losses
    /// are multiplied by it at every new origin, so the choice follows what has worked lately (a regime
    /// that changed — inflation, a reorganisation, a new accounting plan — stops deciding within a few
    /// years). Default 0.8 (weights 1, 0.8, 0.64, … back from the latest origin). Measured (MASE of the
    /// selected executed forecast one year ahead, blend of 2): Madrid 0.946 at 1 (no discount), 0.923 at
    /// 0.8, 0.925 at 0.9; San Diego's spending series 0.936, 0.925, 0.926.
    public var selectionDiscount: Double
    /// How many of the executed candidates that beat the naive forecast on the group's discounted record are
    /// averaged, best first. Default 2: averaging the two best is steadier than picking the best alone,
    /// whose lead over the second is mostly noise on a few hundred cases (one year ahead, discount 0.8:
    /// Madrid 0.923 with 2, 0.946 with 1, 0.911 with 3; San Diego 0.925, 0.947, 0.932. Three helps Madrid
    /// two years ahead (0.954 against 0.967) but hurts San Diego (0.862 against 0.840), and three years
    /// ahead both (0.933 and 0.829 against 0.925 and 0.819).
    public var executedBlendSize: Int

    public init(level: Double = 0.8, minimumHistory: Int = 2, minimumSelectionCases: Int = 40,
                minimumCalibrationCases: Int = 20,
                budgetModels: [any ForecastModel] = [LastBudget(), TrendBudget(), DampedTrendBudget(), IncrementalBudget()],
                rateModels: [any ForecastModel] = [LastRate(), MeanRate(), WeightedRate(), ShrunkRate(), PooledRateRegression()],
                defaultRateModel: Int = 3,
                executedModels: [any ForecastModel] = [LastExecuted(), ExecutedGrowth(), LastInitialBudget(), MedianExecuted()],
                selectionDiscount: Double = 0.8, executedBlendSize: Int = 2) {
        self.level = level
        self.minimumHistory = minimumHistory
        self.minimumSelectionCases = minimumSelectionCases
        self.minimumCalibrationCases = minimumCalibrationCases
        self.budgetModels = budgetModels
        self.rateModels = rateModels
        self.defaultRateModel = defaultRateModel
        self.executedModels = executedModels
        self.selectionDiscount = selectionDiscount
        self.executedBlendSize = executedBlendSize
    }

    /// How many executed candidates there are: ``executedModels`` and the two built from them.
    public var executedCandidateCount: Int { executedModels.count + 2 }

    /// The executed candidates' names: ``executedModels``, then `pair` and `combination`.
    public var executedMethods: [String] { executedModels.map(\.name) + ["pair", "combination"] }

    /// Throws when a setting is out of range.
    public func validate() throws {
        guard level > 0, level < 1 else { throw ForecastingError.invalidSetting("the interval level must be between 0 and 1 (got \(level))") }
        guard minimumHistory >= 1 else { throw ForecastingError.invalidSetting("the minimum history must be at least 1 year") }
        guard !budgetModels.isEmpty, !rateModels.isEmpty, !executedModels.isEmpty, rateModels.indices.contains(defaultRateModel) else {
            throw ForecastingError.invalidSetting("at least one budget, one rate and one executed model are needed")
        }
        guard selectionDiscount > 0, selectionDiscount <= 1 else {
            throw ForecastingError.invalidSetting("the selection discount must be in (0, 1] (got \(selectionDiscount))")
        }
        guard executedBlendSize >= 1 else { throw ForecastingError.invalidSetting("the executed blend needs at least 1 candidate") }
    }
}
