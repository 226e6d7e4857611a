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

        func score(target: Target, method: String, forecast: (Int) -> Double, actual: (Int) -> Double,
                   naive: (Int) -> Double) -> Accuracy {
            let scale = ErrorScale(target)
            let errors = cases.indices.map { scale.error(forecast: forecast($0), actual: actual($0)) }
            var intervals = EmpiricalInterval(panel: run.panel, cases: cases, errors: errors, level: settings.level,
                                              minimumCases: settings.minimumCalibrationCases)
            var accumulator = Accuracy.Accumulator()
            for c in scored {
                let f = forecast(c)
                var low = Double.nan, high = Double.nan
                if let bounds = intervals.bounds(series: Int(cases[c].series), before: cases[c].originIndex) {
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

        for b in 0..<B {
            rows.append(score(target: .budget, method: settings.budgetModels[b].name,
                              forecast: { run.budgetForecast(case: $0, model: b) }, actual: budgetActual, naive: naiveBudget))
        }
        rows.append(score(target: .budget, method: "selected",
                          forecast: { run.budgetForecast(case: $0, model: selections[$0].budgetModel) },
                          actual: budgetActual, naive: naiveBudget))
        for r in 0..<R {
            rows.append(score(target: .rate, method: settings.rateModels[r].name,
                              forecast: { run.rateForecast(case: $0, model: r) }, actual: rateActual, naive: naiveRate))
        }
        rows.append(score(target: .rate, method: "selected",
                          forecast: { run.rateForecast(case: $0, model: selections[$0].rateModel) },
                          actual: rateActual, naive: naiveRate))
        rows.append(score(target: .executed, method: "last", forecast: naiveExecuted, actual: executedActual,
                          naive: naiveExecuted))
        for b in 0..<B {
            for r in 0..<R {
                rows.append(score(target: .executed,
                                  method: "\(settings.budgetModels[b].name) × \(settings.rateModels[r].name)",
                                  forecast: { run.budgetForecast(case: $0, model: b) * run.rateForecast(case: $0, model: r) },
                                  actual: executedActual, naive: naiveExecuted))
            }
        }
        rows.append(score(target: .executed, method: "selected",
                          forecast: { run.budgetForecast(case: $0, model: selections[$0].budgetModel)
                                        * run.rateForecast(case: $0, model: selections[$0].rateModel) },
                          actual: executedActual, naive: naiveExecuted))
        self.rows = rows
    }

    /// The row of `method` for `target`.
    public func accuracy(_ target: Target, _ method: String) -> Accuracy? {
        rows.first { $0.target == target && $0.method == method }
    }
}
