import Foundation

/// One backtest case: a project-year forecast from the years before it.
public struct BacktestCase: Sendable {
    public var series: Int32
    /// Index into ``RollingOrigin/origins``.
    public var originIndex: Int32
    public var year: Int
    /// The actual full-year budget (NaN when unknown), rate (clamped like ``Observation/fittedRate``; NaN
    /// without a positive budget) and executed amount.
    public var budget: Double
    public var rate: Double
    public var executed: Double
    /// The naive executed forecast: the last closed year's executed amount.
    public var lastExecuted: Double
    /// Whether the years before the case have meaningless rates (``Observation/isRateOutOfRange``): the
    /// budget × rate forecast does not stand for the executed amount there.
    public var ratesOutOfRange: Bool
}

/// Which models a peer group's record chose, and on how many cases.
public struct Selection: Sendable, Equatable {
    public var budgetModel: Int
    public var rateModel: Int
    /// The level of the group whose errors decided; nil when no case existed yet (defaults used).
    public var level: Panel.Level?
    public var cases: Int
    /// The executed forecast: the mean of these candidates (``ExecutedBlend/naive`` where no record spoke).
    public var executedBlend: ExecutedBlend = .naive
    /// The level of the group whose record decided the executed blend, and its case count.
    public var executedLevel: Panel.Level?
    public var executedCases: Int = 0
}

/// Rolling-origin evaluation: for each origin year t (ascending), every model is fitted on the years before
/// t and forecasts t for each project with at least ``ForecastSettings/minimumHistory`` closed years before
/// t and a closed year t (its budget may be 0 or unknown: the executed amount is still a case). Before its
/// errors are recorded, each case also gets the engine's own choice, within the project's peer group (the
/// narrowest with ``ForecastSettings/minimumSelectionCases`` cases at earlier origins):
/// - the budget model with the least total absolute budget error, then the rate model whose rates, times
///   that model's budgets, gave the least total absolute executed error (rates are judged in money);
/// - the executed blend (``executedBlend(_:size:)``): of the executed candidates
///   (``ForecastSettings/executedMethods``: the executed-series models, that budget × rate pair, and their
///   combination) with less absolute error than the naive last executed amount on the group's earlier
///   cases, the mean of the ``ForecastSettings/executedBlendSize`` with the least error; the naive when
///   none has. Each earlier origin's errors weigh ``ForecastSettings/selectionDiscount`` times the next one's.
/// Everything a case uses is from before its year.
///
/// With a ``horizon`` h > 1 the cases are h-step forecasts: a case of year t is forecast from the data
/// through t − h only (``Panel/truncated(through:keeping:)``), so its errors are the errors of forecasting
/// h years ahead, and so are the intervals and model choices made from them.
public struct RollingOrigin: Sendable {
    public let panel: Panel
    public let settings: ForecastSettings
    /// Years between the last data a forecast uses and the year it forecasts (1 = next year).
    public let horizon: Int
    /// The origin years that have at least one case, ascending.
    public private(set) var origins: [Int] = []
    public private(set) var cases: [BacktestCase] = []
    /// `budgetForecasts[c * B + b]`: model b's budget forecast for case c (the naive one where b cannot).
    public private(set) var budgetForecasts: [Double] = []
    /// `rateForecasts[c * R + r]`.
    public private(set) var rateForecasts: [Double] = []
    /// `executedForecasts[c * X + x]`: executed candidate x's forecast for case c (X = executedMethods.count).
    public private(set) var executedForecasts: [Double] = []
    /// The engine's choice for each case, made from earlier origins only.
    public private(set) var selections: [Selection] = []
    /// Cumulative selection errors over every case so far, per level and group.
    private var sums: [[GroupSums]]

    var budgetCount: Int { settings.budgetModels.count }
    var rateCount: Int { settings.rateModels.count }
    var executedCount: Int { settings.executedCandidateCount }

    struct GroupSums: Sendable {
        var cases = 0
        var budget: [Double]
        var pairs: [Double] // b * R + r: |B̂_b · r̂_r − E|
        /// Per executed candidate: Σ|error|, each origin's errors multiplied by
        /// ``ForecastSettings/selectionDiscount`` once per later origin.
        var executedLoss: [Double]
        init(budgetCount: Int, rateCount: Int, executedCount: Int) {
            budget = Array(repeating: 0, count: budgetCount)
            pairs = Array(repeating: 0, count: budgetCount * rateCount)
            executedLoss = Array(repeating: 0, count: executedCount)
        }

        /// Adds another group's sums (of the same shape) to these.
        mutating func add(_ other: GroupSums) {
            cases += other.cases
            for k in budget.indices { budget[k] += other.budget[k] }
            for k in pairs.indices { pairs[k] += other.pairs[k] }
            for k in executedLoss.indices { executedLoss[k] += other.executedLoss[k] }
        }
    }

    /// Runs every origin up to and including `lastOrigin`, forecasting `horizon` years ahead.
    public init(panel: Panel, settings: ForecastSettings, through lastOrigin: Int, horizon: Int = 1) throws {
        try settings.validate()
        guard horizon >= 1 else { throw ForecastingError.invalidSetting("the horizon must be at least 1 year") }
        self.panel = panel
        self.settings = settings
        self.horizon = horizon
        sums = Panel.Level.allCases.map { level in
            Array(repeating: GroupSums(budgetCount: settings.budgetModels.count, rateCount: settings.rateModels.count,
                                       executedCount: settings.executedCandidateCount),
                  count: panel.groupCounts[level.rawValue])
        }
        for year in panel.years where year <= lastOrigin {
            let view = horizon == 1 ? panel : panel.truncated(through: year - horizon, keeping: year)
            let eligible = view.series.indices.filter { Self.isCase(view, series: $0, year: year, settings: settings) }
            guard !eligible.isEmpty else { continue }
            let originIndex = origins.count
            origins.append(year)
            let fitted = try Self.fitModels(view, settings: settings, before: year)
            let newCases = appendCases(eligible, of: view, year: year, originIndex: originIndex, fitted: fitted)
            discountExecutedLosses()
            for c in newCases { record(case: c) } // after every case of this origin has chosen
        }
    }

    /// Appends the cases of one origin: each case's figures, every model's forecasts, the engine's choice and
    /// the executed candidates. A case forecasts and chooses from the earlier origins' record alone, so the
    /// cases are independent of each other: they are computed on every core, each writing its own slots.
    /// Returns the new cases' indices.
    private mutating func appendCases(_ eligible: [Int], of view: Panel, year: Int, originIndex: Int,
                                      fitted: FittedModels) -> Range<Int> {
        let first = cases.count, n = eligible.count
        let bc = budgetCount, rc = rateCount, xc = executedCount
        budgetForecasts.append(contentsOf: repeatElement(.nan, count: n * bc))
        rateForecasts.append(contentsOf: repeatElement(.nan, count: n * rc))
        executedForecasts.append(contentsOf: repeatElement(.nan, count: n * xc))
        let chooser = Chooser(panel: panel, settings: settings, sums: sums)
        let computed = budgetForecasts.withUnsafeMutableBufferPointer { budgetSlots in
            rateForecasts.withUnsafeMutableBufferPointer { rateSlots in
                executedForecasts.withUnsafeMutableBufferPointer { executedSlots in
                    let slots = CaseSlots(budget: budgetSlots.baseAddress! + first * bc, rate: rateSlots.baseAddress! + first * rc,
                                          executed: executedSlots.baseAddress! + first * xc)
                    return parallelMap(count: n) { k -> (BacktestCase, Selection) in
                        let i = eligible[k]
                        let observation = view.series[i].observation(in: year)!
                        let history = view.series[i].history(before: year)
                        let outOfRange = history.ratesOutOfRange
                        let item = BacktestCase(series: Int32(i), originIndex: Int32(originIndex), year: year,
                                                budget: observation.budget, rate: observation.fittedRate,
                                                executed: observation.executed,
                                                lastExecuted: history.lastClosed!.executed, ratesOutOfRange: outOfRange)
                        let (budgets, rates) = Self.forecasts(fitted, panel: view, series: i, year: year)
                        let selection = chooser.select(series: i)
                        let executed = Self.executedCandidates(
                            fitted, panel: view, series: i, year: year,
                            pair: outOfRange ? .nan : budgets[selection.budgetModel] * rates[selection.rateModel])
                        slots.write(case: k, budgets: budgets, rates: rates, executed: executed)
                        return (item, selection)
                    }
                }
            }
        }
        cases.append(contentsOf: computed.lazy.map(\.0))
        selections.append(contentsOf: computed.lazy.map(\.1))
        return first..<cases.count
    }

    /// A project-year is a case when it is closed and follows at least ``ForecastSettings/minimumHistory``
    /// closed years. Its budget may be 0 or unknown (credits binding above the line): the executed amount
    /// is scored all the same; the budget and rate are scored where they are known.
    static func isCase(_ panel: Panel, series i: Int, year: Int, settings: ForecastSettings) -> Bool {
        let s = panel.series[i]
        guard let observation = s.observation(in: year), observation.executed.isFinite else { return false }
        return s.history(before: year).closedCount >= settings.minimumHistory
    }

    /// Fits every model on the panel's years before `year`, the models in parallel (they share nothing).
    static func fitModels(_ panel: Panel, settings: ForecastSettings, before year: Int) throws -> FittedModels {
        let models = settings.budgetModels + settings.rateModels + settings.executedModels
        let results = FitResults(count: models.count)
        DispatchQueue.concurrentPerform(iterations: models.count) { k in
            results.set(k, Result { try models[k].fit(panel, before: year) })
        }
        let fitted = try results.values.map { try $0!.get() }
        let B = settings.budgetModels.count, R = settings.rateModels.count
        return FittedModels(budget: Array(fitted[..<B]), rate: Array(fitted[B..<(B + R)]),
                            executed: Array(fitted[(B + R)...]))
    }

    /// Every executed candidate's forecast for series i in `year` (``ForecastSettings/executedMethods``):
    /// the executed-series models, then `pair` (the given budget × rate forecast; NaN where rates are out of
    /// range), then the combination: the median of all of them but the naive one, each a different kind of
    /// evidence (growth, plan, robust level, budget × rate; the naive is left out as it is nearly the growth
    /// forecast, which would count twice). A candidate that cannot forecast gives the
    /// naive value, so every candidate answers every case.
    static func executedCandidates(_ fitted: FittedModels, panel: Panel, series i: Int, year: Int, pair: Double) -> [Double] {
        let naive = fitted.executed[0].forecast(panel, series: i, year: year) ?? .nan
        var values = fitted.executed.map { sanitize($0.forecast(panel, series: i, year: year), naive) }
        values.append(sanitize(pair, naive))
        values.append(Quantiles.median(Array(values.dropFirst())))
        return values
    }

    /// Every model's forecast for series i in `year`; a model that cannot forecast gives the naive value
    /// (the first model's), so every model answers every case and their errors compare like with like.
    static func forecasts(_ fitted: FittedModels, panel: Panel, series i: Int, year: Int) -> (budget: [Double], rate: [Double]) {
        let naiveBudget = fitted.budget[0].forecast(panel, series: i, year: year) ?? .nan
        let naiveRate = fitted.rate[0].forecast(panel, series: i, year: year) ?? .nan
        let budgets = fitted.budget.map { model in sanitize(model.forecast(panel, series: i, year: year), naiveBudget) }
        let rates = fitted.rate.map { model in sanitize(model.forecast(panel, series: i, year: year), naiveRate) }
        return (budgets, rates)
    }

    static func sanitize(_ value: Double?, _ fallback: Double) -> Double {
        guard let value, value.isFinite else { return fallback }
        return value
    }

    /// The engine's choice for series i from the cases recorded so far.
    public func select(series i: Int) -> Selection {
        Chooser(panel: panel, settings: settings, sums: sums).select(series: i)
    }

    /// The choice made from a record's sums (a copy of them: the cases of one origin choose on several threads).
    private struct Chooser: @unchecked Sendable {
        let panel: Panel
        let settings: ForecastSettings
        let sums: [[GroupSums]]

        func select(series i: Int) -> Selection {
            let rateCount = settings.rateModels.count
            var selection = Selection(budgetModel: 0, rateModel: settings.defaultRateModel, level: nil, cases: 0)
            let levels = panel.levels(for: i)
            for level in levels {
                let group = sums[level.rawValue][panel.group(of: i, at: level)]
                guard group.cases >= settings.minimumSelectionCases || (level == .source && group.cases > 0) else { continue }
                let b = group.budget.indices.min { group.budget[$0] < group.budget[$1] }!
                let r = (0..<rateCount).min { group.pairs[b * rateCount + $0] < group.pairs[b * rateCount + $1] }!
                selection = Selection(budgetModel: b, rateModel: r, level: level, cases: group.cases)
                break
            }
            for level in levels {
                let group = sums[level.rawValue][panel.group(of: i, at: level)]
                guard group.cases >= settings.minimumSelectionCases || (level == .source && group.cases > 1) else { continue }
                selection.executedBlend = RollingOrigin.executedBlend(group, size: settings.executedBlendSize)
                selection.executedLevel = level
                selection.executedCases = group.cases
                break
            }
            return selection
        }
    }

    /// The executed blend a group's record supports: of the candidates with less (discounted) total absolute
    /// error than the naive forecast, the first `size` by that error (the lower index first on a tie); the
    /// naive (0) alone when none has.
    static func executedBlend(_ group: GroupSums, size: Int) -> ExecutedBlend {
        let loss = group.executedLoss
        let better = loss.indices.dropFirst().filter { loss[$0] < loss[0] }
        guard !better.isEmpty else { return .naive }
        let ranked = better.sorted { loss[$0] < loss[$1] || (loss[$0] == loss[$1] && $0 < $1) }
        return ExecutedBlend(Array(ranked.prefix(size)))
    }

    /// Multiplies every group's executed losses by ``ForecastSettings/selectionDiscount``: called once per
    /// origin, before its cases are recorded.
    private mutating func discountExecutedLosses() {
        let discount = settings.selectionDiscount
        guard discount < 1 else { return }
        for level in sums.indices {
            for g in sums[level].indices {
                for x in sums[level][g].executedLoss.indices { sums[level][g].executedLoss[x] *= discount }
            }
        }
    }

    /// Adds case c's errors to the sums of each of its series' groups.
    private mutating func record(case c: Int) {
        let bc = budgetCount, rc = rateCount, xc = executedCount
        let item = cases[c]
        var losses = GroupSums(budgetCount: bc, rateCount: rc, executedCount: xc)
        losses.cases = 1
        for b in 0..<bc {
            let budget = budgetForecasts[c * bc + b]
            let budgetError = abs(budget - item.budget)
            if budgetError.isFinite { losses.budget[b] = budgetError }
            guard !item.ratesOutOfRange else { continue }
            for r in 0..<rc {
                let pairError = abs(budget * rateForecasts[c * rc + r] - item.executed)
                if pairError.isFinite { losses.pairs[b * rc + r] = pairError }
            }
        }
        for x in 0..<xc { losses.executedLoss[x] = abs(executedForecasts[c * xc + x] - item.executed) }
        for level in panel.levels(for: Int(item.series)) {
            sums[level.rawValue][panel.group(of: Int(item.series), at: level)].add(losses)
        }
    }

    /// The forecast of case c by budget model b, rate model r, or their product.
    public func budgetForecast(case c: Int, model b: Int) -> Double { budgetForecasts[c * budgetCount + b] }
    public func rateForecast(case c: Int, model r: Int) -> Double { rateForecasts[c * rateCount + r] }
    public func executedForecast(case c: Int, model x: Int) -> Double { executedForecasts[c * executedCount + x] }
    /// The forecast of case c by an executed blend.
    public func executedForecast(case c: Int, blend: ExecutedBlend) -> Double {
        blend.forecast { executedForecasts[c * executedCount + $0] }
    }
}

/// Where the cases of one origin write their forecasts (``RollingOrigin/appendCases``): case k's budget
/// forecasts at `budget[k * B ..< (k + 1) * B]`, and so on. Each case writes only its own slots.
private struct CaseSlots: @unchecked Sendable {
    let budget: UnsafeMutablePointer<Double>
    let rate: UnsafeMutablePointer<Double>
    let executed: UnsafeMutablePointer<Double>

    func write(case k: Int, budgets: [Double], rates: [Double], executed values: [Double]) {
        for (j, value) in budgets.enumerated() { budget[k * budgets.count + j] = value }
        for (j, value) in rates.enumerated() { rate[k * rates.count + j] = value }
        for (j, value) in values.enumerated() { executed[k * values.count + j] = value }
    }
}

/// The results of fits made on several threads.
private final class FitResults: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Result<any FittedModel, any Error>?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Result<any FittedModel, any Error>) {
        lock.lock(); values[index] = value; lock.unlock()
    }
}

/// Every model fitted at one origin.
struct FittedModels: Sendable {
    var budget: [any FittedModel]
    var rate: [any FittedModel]
    var executed: [any FittedModel]
}
