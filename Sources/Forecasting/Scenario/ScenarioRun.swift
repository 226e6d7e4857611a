import BudgetCore
import Foundation

/// One project in one horizon year of a scenario run: the forecast and the recommendation after the
/// scenario's adjustments, the review of the year's request, and the adjustments that applied.
public struct ScenarioRow: Sendable {
    /// Index into ``ScenarioRun/records`` (and the panel's series).
    public var project: Int
    public var year: Int
    /// Years ahead of the base year (1 = the next year).
    public var horizon: Int
    /// The forecast after growth, shocks, changes and overrides (the model's method and notes kept).
    public var forecast: ProjectForecast
    /// The record's last closed years (through the base year) and the forecast the rules saw.
    public var input: RecommendationInput
    /// The recommendation after growth, changes and overrides; `change` is against the last budget.
    public var recommendation: Recommendation
    /// The adjustments that applied, as clauses shown in a language and unit (``Wording``).
    public var adjustmentClauses: [Clause]
    /// The adjustments in English (`一般性支出压减 -10.0%`, `rate × 0.5`, `override 60,000.00`).
    public var adjustments: [String] { adjustmentClauses.map { [$0].englishText } }
    /// The request for the year (declaration, request file or new project), and its review.
    public var requested: Money?
    public var review: Review?
    /// The upper bound the review judged the request by: the forecast budget's, scaled as a shock scales
    /// the executed amount (a year that spends half needs half the budget); NaN for a new project.
    public var reviewHigh: Double = .nan
}

/// Runs a ``Scenario`` on project records: the scope, the exceptional years, forecasts for every year of
/// the horizon (year base + h forecast h years ahead, with h-step intervals, ``Forecaster``), the
/// recommendation rules, then the adjustments, in this order for each project-year:
/// 1. an override fixes the budget and the recommendation (nothing else changes them);
/// 2. shocks multiply or replace the forecast rate (and its interval); the executed forecast follows and
///    the rules see it (a project executing half needs half);
/// 3. the rules recommend (``Recommender``), from the last closed years through the base year; under a
///    shock the recommendation is at most the shocked need, executed ÷ target rate (the rules' "keep the
///    budget after full execution" judges the past, the shock is the plan year's);
/// 4. growth multiplies forecast amounts of model-made budgets and the recommendation by (1 + g)ʰ;
/// 5. changes multiply the forecast budget, executed amount and the recommendation by 1 + c (several
///    changes on one project-year compound);
/// 6. a request for the year is reviewed against the adjusted recommendation and interval.
/// Money is exact: recommendations are scaled in `Decimal` and rounded half away from zero to the fen.
///
/// Before anything runs, every selector must match a project (scope selectors among all records,
/// adjustment selectors in the scope; an override exactly one), and every adjustment year must be in the
/// horizon: otherwise ``ForecastingError/scenario(_:)`` names the file, line and column.
public struct ScenarioRun: Sendable {
    public let scenario: Scenario
    /// The projects in scope, then the scenario's new projects.
    public let records: [ProjectRecord]
    public let baseYear: Int
    /// base + 1 … base + horizon.
    public let years: [Int]
    /// One per horizon year (its record is the h-step backtest).
    public let forecasters: [Forecaster]
    /// Project-major, then by year.
    public let rows: [ScenarioRow]
    /// Projects in scope whose last closed year is more than ``Forecaster/maximumStaleGap`` (3) years before
    /// the base year — as `budget forecast` leaves them out —, or, with no closed year, with no figures and no
    /// request after base − ``activeYears``: taken as ended (a dissolved agency, a finished one-off) and listed,
    /// not planned. A project with a request in the horizon is planned however old its history. Projects
    /// planned from a history that ends before the base year are flagged stale (``ProjectForecast/staleSince``).
    public let ended: [ProjectRecord]

    /// How many years up to the base year a project needs a figure in to be planned (4: the base year and
    /// the three before it; a history at most 3 years stale).
    public static let activeYears = Forecaster.maximumStaleGap + 1

    /// - Parameter progress: called before each horizon year is fitted, with (step, steps, what).
    public init(records allRecords: [ProjectRecord], scenario: Scenario,
                progress: (@Sendable (Int, Int, String) -> Void)? = nil) throws {
        self.scenario = scenario
        guard Scenario.horizonRange.contains(scenario.horizon) else {
            throw ForecastingError.scenario("the horizon must be \(Scenario.horizonRange.lowerBound) to \(Scenario.horizonRange.upperBound) years (got \(scenario.horizon))")
        }
        func fail(_ mark: SourceMark?, _ message: String) -> ForecastingError {
            .scenario((mark.map { "\($0): " } ?? "") + message)
        }
        func matching(_ selector: ProjectSelector, in records: [ProjectRecord]) -> [Int] {
            records.indices.filter { selector.matches(department: records[$0].department, unit: records[$0].unit,
                                                      category: records[$0].category, name: records[$0].name) }
        }
        for selector in scenario.scope where matching(selector, in: allRecords).isEmpty {
            throw fail(selector.mark, "the scope entry (\(selector.description)) matches no project in the history")
        }
        var records = allRecords.filter {
            scenario.covers(department: $0.department, unit: $0.unit, category: $0.category, name: $0.name)
        }
        guard let lastClosed = records.compactMap({ $0.lastClosed?.year }).max() else {
            throw ForecastingError.noData("no closed year in the scenario's scope: nothing to plan from")
        }
        let base = scenario.baseYear ?? lastClosed
        guard records.contains(where: { $0.years.contains { $0.status == .closed && $0.year <= base } }) else {
            throw ForecastingError.noData("no closed year at or before the base year \(base) in the scope")
        }
        baseYear = base
        // The CLI's rule (``Forecaster/maximumStaleGap``): a project whose last closed year is more than the gap
        // before the base year has ended, whatever it declared since, unless it requests a horizon year; one
        // with no closed year is active while it has figures or requests in the last `activeYears`.
        let isActive: (ProjectRecord) -> Bool = { record in
            if record.years.contains(where: { $0.requested != nil && $0.year > base }) { return true }
            if let last = record.years.last(where: { $0.status == .closed && $0.year <= base })?.year {
                return base - last <= Forecaster.maximumStaleGap
            }
            return record.years.contains { ($0.status != nil || $0.requested != nil) && $0.year > base - Self.activeYears }
        }
        ended = records.filter { !isActive($0) }
        records = records.filter(isActive)
        guard !records.isEmpty else {
            throw fail(nil, """
                no project in the scope has data in the \(Self.activeYears) years up to the base year \(base) \
                (the last closed year is \(lastClosed)): nothing to plan
                """)
        }
        let ended = self.ended
        func nothingInScope(_ selector: ProjectSelector) -> String {
            matching(selector, in: ended).isEmpty
                ? "matches no project in the scope"
                : "matches only projects taken as ended (no closed year since \(base - Forecaster.maximumStaleGap)), which are not planned"
        }
        let years = Array(base + 1...base + scenario.horizon)
        self.years = years
        let horizonText = years.count == 1 ? "\(years[0])" : "\(years.first!)–\(years.last!)"
        func checkYears(_ list: [Int], _ mark: SourceMark?, _ what: String) throws {
            for year in list where !years.contains(year) {
                throw fail(mark, "\(what): year \(year) is outside the horizon \(horizonText)")
            }
        }
        for change in scenario.changes {
            if matching(change.selector, in: records).isEmpty {
                throw fail(change.selector.mark, "the change (\(change.selector.description)) " + nothingInScope(change.selector))
            }
            try checkYears(change.years, change.selector.mark, "the change")
        }
        for shock in scenario.shocks {
            if matching(shock.selector, in: records).isEmpty {
                throw fail(shock.selector.mark, "the shock (\(shock.selector.description)) " + nothingInScope(shock.selector))
            }
            try checkYears(shock.years, shock.selector.mark, "the shock")
        }
        for entry in scenario.exceptional where !entry.selector.isEmpty && matching(entry.selector, in: records).isEmpty {
            throw fail(entry.selector.mark, "the exceptional years (\(entry.selector.description)): " + nothingInScope(entry.selector))
        }
        var overrideOf: [Int: [AmountOverride]] = [:]
        for entry in scenario.overrides {
            let found = matching(entry.selector, in: records)
            guard found.count == 1 else {
                let names = found.prefix(5).map { "\(records[$0].unit)/\(records[$0].name)" }.joined(separator: ", ")
                throw fail(entry.selector.mark, found.isEmpty
                    ? "the override (\(entry.selector.description)) " + nothingInScope(entry.selector)
                    : "the override (\(entry.selector.description)) matches \(found.count) projects (\(names)): name the unit too")
            }
            try checkYears(entry.years, entry.selector.mark, "the override")
            overrideOf[found[0], default: []].append(entry)
        }
        for (k, project) in scenario.newProjects.enumerated() {
            try checkYears(Array(project.requests.keys).sorted(), project.mark, "the new project \(project.name)")
            if records.contains(where: { NameKey.matchKey($0.name) == NameKey.matchKey(project.name)
                && NameKey.matchKey($0.unit) == NameKey.matchKey(project.unit) }) {
                throw fail(project.mark, "the new project \(project.name) is already in the history of \(project.unit)")
            }
            let source = allRecords.first { NameKey.matchKey($0.department) == NameKey.matchKey(project.department) }?.dataSource ?? ""
            records.append(ProjectRecord(
                id: -Int64(k + 1), department: project.department, unit: project.unit, category: project.category,
                dataSource: source, name: project.name,
                years: project.requests.map { ProjectRecord.Year(year: $0.key, status: nil, figures: AnnualFigures(), requested: $0.value) }))
        }
        self.records = records

        // The models' view: the scenario's exceptional years left out per project.
        // A project whose every closed year is exceptional keeps them: they are all it has to go by.
        var keptExceptional = Set<Int>()
        let excluded: [Set<Int>] = records.indices.map { i in
            let record = records[i]
            let years = Set(scenario.exceptional.filter {
                $0.selector.matches(department: record.department, unit: record.unit, category: record.category, name: record.name)
            }.flatMap(\.years))
            let closed = record.years.filter { $0.status == .closed && $0.year <= base && $0.exceptionalReason == nil }
            if !years.isEmpty, !closed.isEmpty, closed.allSatisfy({ years.contains($0.year) }) {
                keptExceptional.insert(i)
                return []
            }
            return years
        }
        // Peers: the planned projects, then every other project of their data sources (out of scope, or
        // ended), so that the scope chooses what is planned, never how a project is forecast.
        let sources = Set(records.map(\.dataSource))
        let planned = Set(records.map(\.id))
        let peers = allRecords.filter { sources.contains($0.dataSource) && !planned.contains($0.id) }
        let panel = Panel(records.indices.map { records[$0].series(excluding: excluded[$0]) } + peers.map { $0.series() })
        let settings = ForecastSettings(level: scenario.level)
        var forecasters: [Forecaster] = []
        for (h, year) in zip(1..., years) {
            progress?(h, years.count, "fitting and backtesting \(year) (\(h) year\(h == 1 ? "" : "s") ahead)")
            forecasters.append(try Forecaster(panel: panel, year: year, settings: settings, horizon: h))
        }
        self.forecasters = forecasters

        let recommender = Recommender(rules: scenario.rules)
        let reviewer = Reviewer(rules: scenario.rules)
        var rows: [ScenarioRow] = []
        rows.reserveCapacity(records.count * years.count)
        var forecastsByYear: [[ProjectForecast]] = []
        for (forecaster, year) in zip(forecasters, years) {
            var requests: [Int: Double] = [:]
            for (i, record) in records.enumerated() {
                if let request = record.request(for: year) { requests[i] = request.yuanValue }
            }
            forecastsByYear.append(forecaster.forecastAll(requests: requests))
        }
        for i in records.indices {
            let record = records[i]
            for (k, year) in years.enumerated() {
                let h = k + 1
                var forecast = forecastsByYear[k][i]
                var adjustments: [Clause] = []
                if keptExceptional.contains(i) { adjustments.append(Clause(.adjExceptionalKept)) }
                let requested = record.request(for: year)
                func applies(_ selector: ProjectSelector, _ chosen: [Int]) -> Bool {
                    (chosen.isEmpty || chosen.contains(year))
                        && selector.matches(department: record.department, unit: record.unit, category: record.category, name: record.name)
                }
                let override = overrideOf[i]?.last { $0.years.isEmpty || $0.years.contains(year) }
                if let override {
                    let amount = override.amount.yuanValue
                    forecast.budget = amount
                    forecast.budgetLow = amount
                    forecast.budgetHigh = amount
                    forecast.executed = amount * forecast.rate
                    forecast.executedLow = amount * forecast.rateLow
                    forecast.executedHigh = amount * forecast.rateHigh
                    forecast.budgetModel = "override"
                    adjustments.append(override.label.isEmpty ? Clause(.adjOverride, ["amount": .money(override.amount)])
                                       : Clause(.adjOverrideLabelled, ["amount": .money(override.amount), "label": .text(override.label)]))
                }
                var shocked = false
                let unshockedExecuted = forecast.executed
                for shock in scenario.shocks where applies(shock.selector, shock.years) {
                    shocked = true
                    switch shock.effect {
                    case .multiplier(let m):
                        // Executing m times as much: rate, executed and both intervals scale by m.
                        forecast.rate *= m
                        forecast.rateLow *= m
                        forecast.rateHigh *= m
                        forecast.executed *= m
                        forecast.executedLow *= m
                        forecast.executedHigh *= m
                        adjustments.append(Clause(shock.label.isEmpty ? .adjShockMultiplier : .adjShockMultiplierLabelled,
                                                  ["factor": .number(Self.number(m)), "label": .text(shock.label)]))
                    case .fixedRate(let r):
                        // A rate taken as given: the executed interval is the budget's interval at that rate.
                        forecast.rate = r
                        forecast.rateLow = r
                        forecast.rateHigh = r
                        forecast.executed = forecast.budget * r
                        forecast.executedLow = forecast.budgetLow * r
                        forecast.executedHigh = forecast.budgetHigh * r
                        adjustments.append(Clause(shock.label.isEmpty ? .adjShockRate : .adjShockRateLabelled,
                                                  ["rate": .rate(r), "label": .text(shock.label)]))
                    }
                }
                let input = record.recommendationInput(for: base + 1, excluding: excluded[i],
                                                       forecastExecuted: forecast.executed, forecastRate: forecast.rate,
                                                       requested: requested, staleSince: forecast.staleSince)
                var recommendation: Recommendation
                if let override {
                    recommendation = Recommendation(
                        amount: override.amount, ruleParts: [Clause(.ruleOverride)],
                        clauses: [override.label.isEmpty
                            ? Clause(.fixed, ["amount": .money(override.amount)])
                            : Clause(.fixedLabelled, ["amount": .money(override.amount), "label": .text(override.label)])],
                        change: nil)
                } else {
                    recommendation = recommender.recommend(input, rounding: false)
                    if shocked, let executed = Money(rounding: forecast.executed), input.lastBudget != nil {
                        // The scenario says how much will be spent: the budget need not exceed what that needs,
                        // whatever the past execution (the rules judge the past; the shock is the plan year's).
                        let need = Recommender.money(Recommender.decimal(executed) / scenario.rules.targetRate)
                        if need < recommendation.amount {
                            recommendation.clauses.append(Clause(.shockCap, [
                                "need": .money(need), "executed": .money(executed),
                                "target": .number(Recommender.decimalText(scenario.rules.targetRate))]))
                            recommendation.amount = need
                            recommendation.floor = nil
                            recommendation.ruleParts.append(Clause(.ruleShock))
                        }
                    }
                    var factor = Decimal(1)
                    if scenario.growth != 0 {
                        let growth = Self.power(1 + scenario.growth, h)
                        factor *= growth
                        adjustments.append(Clause(.adjGrowth, ["growth": .number(Self.signedPercent(scenario.growth)), "years": .number(String(h))]))
                        if Self.isModelBudget(forecast) { Self.scale(&forecast, budgetBy: Recommender.double(growth)) }
                    }
                    for change in scenario.changes where applies(change.selector, change.years) {
                        factor *= 1 + change.change
                        adjustments.append(Clause(change.label.isEmpty ? .adjChange : .adjChangeLabelled,
                                                  ["change": .number(Self.signedPercent(change.change)), "label": .text(change.label)]))
                        Self.scale(&forecast, budgetBy: Recommender.double(1 + change.change))
                    }
                    if factor != 1 && recommendation.amount.fen != 0 {
                        let before = recommendation.amount
                        guard let adjusted = Recommender.checkedMoney(Recommender.decimal(before) * factor) else {
                            throw ForecastingError.scenario("""
                                \(record.name) (\(record.unit)) \(year): the recommendation \(before.groupedText) × \(Recommender.decimalText(factor)) \
                                (\(adjustments.map { [$0].englishText }.joined(separator: ", "))) is beyond \(Money.largestComputed.groupedText) 元: \
                                the scenario's growth and changes multiply to more than any budget can be
                                """)
                        }
                        recommendation.amount = adjusted
                        recommendation.floor = nil
                        recommendation.clauses.append(Clause(.adjusted, [
                            "factor": .number(Recommender.decimalText(factor)),
                            "adjustments": .list(adjustments), "amount": .money(adjusted)]))
                        recommendation.ruleParts.append(Clause(.ruleAdjusted))
                    }
                    // The rules' rounding last, on the adjusted amount (an override is taken as given).
                    recommendation = recommender.roundedDown(recommendation, lastBudget: input.lastBudget)
                }
                if let lastBudget = input.lastBudget, lastBudget.fen > 0 {
                    recommendation.change = recommendation.amount.ratio(to: lastBudget).map { $0 - 1 }
                }
                var review: Review?
                var reviewHigh = forecast.isNew ? Double.nan : forecast.budgetHigh
                if shocked, unshockedExecuted > 0, forecast.executed.isFinite { reviewHigh *= forecast.executed / unshockedExecuted }
                if let requested {
                    review = reviewer.review(requested: requested, input: input, recommendation: recommendation,
                                             budgetHigh: reviewHigh, level: scenario.level)
                }
                rows.append(ScenarioRow(project: i, year: year, horizon: h, forecast: forecast, input: input,
                                        recommendation: recommendation, adjustmentClauses: adjustments,
                                        requested: requested, review: review, reviewHigh: reviewHigh))
            }
        }
        self.rows = rows
    }

    /// Whether the forecast budget came from a model (not a budget already set, a request or nothing).
    static func isModelBudget(_ forecast: ProjectForecast) -> Bool {
        !["set", "request", "none"].contains(forecast.budgetModel)
    }

    /// Multiplies the forecast budget, its interval and the executed forecast with its interval.
    static func scale(_ forecast: inout ProjectForecast, budgetBy factor: Double) {
        forecast.budget *= factor
        forecast.budgetLow *= factor
        forecast.budgetHigh *= factor
        forecast.executed *= factor
        forecast.executedLow *= factor
        forecast.executedHigh *= factor
    }

    static func power(_ value: Decimal, _ exponent: Int) -> Decimal {
        (0..<exponent).reduce(Decimal(1)) { product, _ in product * value }
    }

    /// `-10.0%`, `+2.0%`.
    public static func signedPercent(_ value: Decimal) -> String {
        let double = Recommender.double(value)
        return (double >= 0 ? "+" : "") + Percent.text(double)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
    }
}
