/// The accuracy table of `budget backtest`: every model on every target, the naive baselines, and the
/// engine's own choice (`selected`, the figure users get), over the cases from `from` on.
public struct Backtest: Sendable {
    public let run: RollingOrigin
    public let rows: [Accuracy]
    /// The first origin scored.
    public let from: Int

    public init(_ run: RollingOrigin, from: Int? = nil) {
        self.run = run
        let settings = run.settings
        let start = from ?? (run.origins.first ?? 0)
        self.from = start
        let cases = run.cases
        let scored = cases.indices.filter { cases[$0].year >= start }
        let B = settings.budgetModels.count, R = settings.rateModels.count
        var rows: [Accuracy] = []

        // Each model's intervals come from its own earlier errors; `selected` uses those of the model it
        // selected for the case (not the errors of whatever was selected at earlier origins).
        var budgetIntervals = (0..<B).map { b in
            EmpiricalInterval(run, target: .budget) { run.budgetForecast(case: $0, model: b) }
        }
        var rateIntervals = (0..<R).map { r in
            EmpiricalInterval(run, target: .rate) { run.rateForecast(case: $0, model: r) }
        }
        var pairIntervals = (0..<(B * R)).map { k in
            EmpiricalInterval(run, target: .executed) { run.budgetForecast(case: $0, model: k / R) * run.rateForecast(case: $0, model: k % R) }
        }
        var naiveExecutedIntervals = EmpiricalInterval(run, target: .executed) { cases[$0].lastExecuted }

        func score(target: Target, method: String, forecast: (Int) -> Double, actual: (Int) -> Double,
                   naive: (Int) -> Double, bounds: (Int) -> (low: Double, high: Double)?) -> Accuracy {
            let scale = ErrorScale(target)
            var accumulator = Accuracy.Accumulator()
            for c in scored {
                let f = forecast(c)
                var low = Double.nan, high = Double.nan
                if let bounds = bounds(c) {
                    (low, high) = scale.interval(forecast: f, bounds: bounds)
                }
                accumulator.add(forecast: f, actual: actual(c), naive: naive(c), low: low, high: high)
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
        rows.append(score(target: .executed, method: "last", forecast: naiveExecuted, actual: executedActual,
                          naive: naiveExecuted, bounds: { naiveExecutedIntervals.bounds(series: series($0), before: origin($0)) }))
        for b in 0..<B {
            for r in 0..<R {
                rows.append(score(target: .executed,
                                  method: "\(settings.budgetModels[b].name) × \(settings.rateModels[r].name)",
                                  forecast: { run.budgetForecast(case: $0, model: b) * run.rateForecast(case: $0, model: r) },
                                  actual: executedActual, naive: naiveExecuted,
                                  bounds: { pairIntervals[b * R + r].bounds(series: series($0), before: origin($0)) }))
            }
        }
        rows.append(score(target: .executed, method: "selected",
                          forecast: { run.budgetForecast(case: $0, model: selections[$0].budgetModel)
                                        * run.rateForecast(case: $0, model: selections[$0].rateModel) },
                          actual: executedActual, naive: naiveExecuted,
                          bounds: { pairIntervals[selections[$0].budgetModel * R + selections[$0].rateModel]
                                      .bounds(series: series($0), before: origin($0)) }))
        self.rows = rows
    }

    /// The row of `method` for `target`.
    public func accuracy(_ target: Target, _ method: String) -> Accuracy? {
        rows.first { $0.target == target && $0.method == method }
    }
}
