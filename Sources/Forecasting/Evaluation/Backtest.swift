/// The accuracy table of `budget backtest`: every model on every target, the naive baselines, and the
/// engine's own choice (`selected`, the figure users get), over the cases from `from` on — of every series,
/// or of the series given (the record, and so every choice and interval, is the whole panel's either way).
///
/// Budget and rate rows score the cases whose budget (rate) is known and has a naive forecast; executed
/// rows score every case. Executed rows: each executed candidate (``ForecastSettings/executedMethods``:
/// `last` is the naive forecast), each budget × rate pair as it is (where a pair cannot forecast, the
/// naive value stands in), and `selected`.
public struct Backtest: Sendable {
    public let run: RollingOrigin
    public let rows: [Accuracy]
    /// The first origin scored.
    public let from: Int
    /// The cases scored (indices into ``RollingOrigin/cases``), in record order.
    public let scored: [Int]
    /// Per scored case and executed candidate: the error bounds (actual ÷ forecast) of its interval, NaN
    /// when none could be calibrated; `executedBounds[k * X + x]` for the k-th scored case.
    let executedBounds: [(low: Double, high: Double)]
    /// Per scored case: the error bounds of the selected blend's interval (NaN when none was calibrated).
    let selectedBounds: [(low: Double, high: Double)]

    public init(_ run: RollingOrigin, from: Int? = nil, series scoredSeries: Set<Int>? = nil) {
        self.run = run
        let settings = run.settings
        let start = from ?? (run.origins.first ?? 0)
        self.from = start
        let cases = run.cases
        let scored = cases.indices.filter { cases[$0].year >= start && scoredSeries?.contains(Int(cases[$0].series)) ?? true }
        self.scored = scored
        let B = settings.budgetModels.count, R = settings.rateModels.count, X = settings.executedCandidateCount
        var rows: [Accuracy] = []

        // Each model's intervals come from its own earlier errors; `selected` uses those of the blend it
        // selected for the case (not the errors of whatever was selected at earlier origins).
        var budgetIntervals = (0..<B).map { b in
            EmpiricalInterval(run, target: .budget) { run.budgetForecast(case: $0, model: b) }
        }
        var rateIntervals = (0..<R).map { r in
            EmpiricalInterval(run, target: .rate) { run.rateForecast(case: $0, model: r) }
        }
        func pairForecast(_ c: Int, _ b: Int, _ r: Int) -> Double {
            let value = run.budgetForecast(case: c, model: b) * run.rateForecast(case: c, model: r)
            return value.isFinite ? value : cases[c].lastExecuted
        }
        var pairIntervals = (0..<(B * R)).map { k in
            EmpiricalInterval(run, target: .executed) { pairForecast($0, k / R, k % R) }
        }
        var executedIntervalMakers = (0..<X).map { x in
            EmpiricalInterval(run, target: .executed) { run.executedForecast(case: $0, model: x) }
        }

        func score(target: Target, method: String, forecast: (Int) -> Double, actual: (Int) -> Double,
                   naive: (Int) -> Double, bounds: (Int) -> (low: Double, high: Double)?) -> Accuracy {
            let scale = ErrorScale(target)
            var accumulator = Accuracy.Accumulator()
            for c in scored {
                let a = actual(c), n = naive(c)
                guard a.isFinite, n.isFinite else { continue }
                let f = forecast(c)
                var low = Double.nan, high = Double.nan
                if let bounds = bounds(c) {
                    (low, high) = scale.interval(forecast: f, bounds: bounds)
                }
                accumulator.add(forecast: f, actual: a, naive: n, low: low, high: high)
            }
            return accumulator.accuracy(target: target, method: method, level: settings.level)
        }

        let budgetActual: (Int) -> Double = { cases[$0].budget }
        let rateActual: (Int) -> Double = { cases[$0].rate }
        let executedActual: (Int) -> Double = { cases[$0].executed }
        let naiveBudget: (Int) -> Double = { run.budgetForecast(case: $0, model: 0) }
        let naiveRate: (Int) -> Double = { run.rateForecast(case: $0, model: 0) }
        let naiveExecuted: (Int) -> Double = { cases[$0].lastExecuted }
        let selections = run.selections
        func series(_ c: Int) -> Int { Int(cases[c].series) }
        func origin(_ c: Int) -> Int32 { cases[c].originIndex }

        for b in 0..<B {
            rows.append(score(target: .budget, method: settings.budgetModels[b].name,
                              forecast: { run.budgetForecast(case: $0, model: b) }, actual: budgetActual, naive: naiveBudget,
                              bounds: { budgetIntervals[b].bounds(series: series($0), before: origin($0)) }))
        }
        rows.append(score(target: .budget, method: "selected",
                          forecast: { run.budgetForecast(case: $0, model: selections[$0].budgetModel) },
                          actual: budgetActual, naive: naiveBudget,
                          bounds: { budgetIntervals[selections[$0].budgetModel].bounds(series: series($0), before: origin($0)) }))
        for r in 0..<R {
            rows.append(score(target: .rate, method: settings.rateModels[r].name,
                              forecast: { run.rateForecast(case: $0, model: r) }, actual: rateActual, naive: naiveRate,
                              bounds: { rateIntervals[r].bounds(series: series($0), before: origin($0)) }))
        }
        rows.append(score(target: .rate, method: "selected",
                          forecast: { run.rateForecast(case: $0, model: selections[$0].rateModel) },
                          actual: rateActual, naive: naiveRate,
                          bounds: { rateIntervals[selections[$0].rateModel].bounds(series: series($0), before: origin($0)) }))

        // Executed candidates: their error bounds per scored case, kept for the per-case output.
        var allBounds = [(low: Double, high: Double)](repeating: (.nan, .nan), count: scored.count * X)
        for (k, c) in scored.enumerated() {
            for x in 0..<X {
                if let bounds = executedIntervalMakers[x].bounds(series: series(c), before: origin(c)) { allBounds[k * X + x] = bounds }
            }
        }
        let position = Dictionary(uniqueKeysWithValues: scored.enumerated().map { ($1, $0) })
        func executedBounds(_ c: Int, _ x: Int) -> (low: Double, high: Double)? {
            let bounds = allBounds[position[c]! * X + x]
            return bounds.low.isNaN ? nil : bounds
        }
        let methods = settings.executedMethods
        for x in 0..<settings.executedModels.count {
            rows.append(score(target: .executed, method: methods[x], forecast: { run.executedForecast(case: $0, model: x) },
                              actual: executedActual, naive: naiveExecuted, bounds: { executedBounds($0, x) }))
        }
        for b in 0..<B {
            for r in 0..<R {
                rows.append(score(target: .executed,
                                  method: "\(settings.budgetModels[b].name) × \(settings.rateModels[r].name)",
                                  forecast: { pairForecast($0, b, r) },
                                  actual: executedActual, naive: naiveExecuted,
                                  bounds: { pairIntervals[b * R + r].bounds(series: series($0), before: origin($0)) }))
            }
        }
        for x in settings.executedModels.count..<X {
            rows.append(score(target: .executed, method: methods[x], forecast: { run.executedForecast(case: $0, model: x) },
                              actual: executedActual, naive: naiveExecuted, bounds: { executedBounds($0, x) }))
        }
        var blendIntervals: [[Int]: EmpiricalInterval] = [:] // by ExecutedBlend.members
        let selected = scored.map { c -> (low: Double, high: Double) in
            let blend = selections[c].executedBlend, key = blend.members
            if blendIntervals[key] == nil {
                blendIntervals[key] = EmpiricalInterval(run, target: .executed) { run.executedForecast(case: $0, blend: blend) }
            }
            return blendIntervals[key]!.bounds(series: series(c), before: origin(c)) ?? (.nan, .nan)
        }
        rows.append(score(target: .executed, method: "selected",
                          forecast: { run.executedForecast(case: $0, blend: selections[$0].executedBlend) },
                          actual: executedActual, naive: naiveExecuted,
                          bounds: { c in
                              let bounds = selected[position[c]!]
                              return bounds.low.isNaN ? nil : bounds
                          }))
        self.rows = rows
        self.executedBounds = allBounds
        self.selectedBounds = selected
    }

    /// The interval of executed candidate x for the k-th scored case; (NaN, NaN) when none was calibrated.
    public func executedInterval(scoredCase k: Int, method x: Int) -> (low: Double, high: Double) {
        let bounds = executedBounds[k * run.settings.executedCandidateCount + x]
        guard !bounds.low.isNaN else { return (.nan, .nan) }
        return ErrorScale.ratio.interval(forecast: run.executedForecast(case: scored[k], model: x), bounds: bounds)
    }

    /// The selected blend's forecast and interval for the k-th scored case; (NaN, NaN) when no interval was
    /// calibrated.
    public func selectedForecast(scoredCase k: Int) -> (forecast: Double, low: Double, high: Double) {
        let c = scored[k]
        let forecast = run.executedForecast(case: c, blend: run.selections[c].executedBlend)
        let bounds = selectedBounds[k]
        guard !bounds.low.isNaN else { return (forecast, .nan, .nan) }
        let interval = ErrorScale.ratio.interval(forecast: forecast, bounds: bounds)
        return (forecast, interval.low, interval.high)
    }

    /// The row of `method` for `target`.
    public func accuracy(_ target: Target, _ method: String) -> Accuracy? {
        rows.first { $0.target == target && $0.method == method }
    }
}
