import BudgetCore

/// A project's exact figures per year, as the store holds them: what recommendations, reviews and
/// scenario adjustments are computed from. ``series(excluding:)`` turns it into the models' view.
public struct ProjectRecord: Sendable {
    /// One year of the record.
    public struct Year: Sendable {
        public var year: Int
        /// Closed (execution final), open (budget only), or nil for a year with a declaration only.
        public var status: YearStatus?
        public var figures: AnnualFigures
        /// The request for this year (绩效目标申报表), if declared.
        public var requested: Money?
        /// Set when the year is marked exceptional in the store.
        public var exceptionalReason: String?
        /// Deviation reasons (偏差原因) of the year's self-evaluation.
        public var deviationReasons: [String]

        public init(year: Int, status: YearStatus?, figures: AnnualFigures, requested: Money? = nil,
                    exceptionalReason: String? = nil, deviationReasons: [String] = []) {
            self.year = year
            self.status = status
            self.figures = figures
            self.requested = requested
            self.exceptionalReason = exceptionalReason
            self.deviationReasons = deviationReasons
        }

        /// The budget the year was executed against: adjusted (全年预算数), else initial (年初预算数).
        public var budget: Money? { figures.adjustedBudget ?? figures.initialBudget }
    }

    public var id: Int64
    public var department: String
    public var unit: String
    public var category: String
    /// The data source (jurisdiction) of the project's department; forecast peers never cross it.
    public var dataSource: String
    public var name: String
    /// Ascending by year.
    public var years: [Year]

    public init(id: Int64, department: String, unit: String, category: String = "", dataSource: String = "",
                name: String, years: [Year]) {
        self.id = id
        self.department = department
        self.unit = unit
        self.category = category
        self.dataSource = dataSource
        self.name = name
        self.years = years.sorted { $0.year < $1.year }
    }

    /// The last closed year.
    public var lastClosed: Year? { years.last { $0.status == .closed } }

    /// Whether a year is left out of fitting: in `excluded`, or marked exceptional in the store.
    public func isExcluded(_ year: Year, _ excluded: Set<Int>) -> Bool {
        excluded.contains(year.year) || year.exceptionalReason != nil
    }

    /// The history as the models see it. A year's budget is the adjusted budget, else the initial budget;
    /// its executed amount only counts once the year is closed. Years without figures (declaration only)
    /// are skipped; exceptional years are listed in ``ProjectSeries/excludedYears``.
    public func series(excluding excluded: Set<Int> = []) -> ProjectSeries {
        var observations: [Observation] = []
        var excludedYears: [Int] = []
        for stored in years where stored.status != nil {
            if isExcluded(stored, excluded) {
                excludedYears.append(stored.year)
                continue
            }
            let executed = stored.status == .closed ? stored.figures.executed : nil
            observations.append(Observation(year: stored.year, budget: stored.budget?.yuanValue ?? .nan,
                                            initial: stored.figures.initialBudget?.yuanValue ?? .nan,
                                            executed: executed?.yuanValue ?? .nan))
        }
        return ProjectSeries(id: id, department: department, unit: unit, category: category, dataSource: dataSource, name: name,
                             observations: observations, excludedYears: excludedYears)
    }

    /// The request stored for `year`, if any.
    public func request(for year: Int) -> Money? { years.first { $0.year == year }?.requested }

    /// The recommendation input for `year`: the closed years before it (exceptional years left out, as the
    /// models do), the last one's exact figures, score and deviation reasons, and the forecast (`staleSince`:
    /// its ``ProjectForecast/staleSince``).
    public func recommendationInput(for year: Int, excluding excluded: Set<Int> = [], forecastExecuted: Double,
                                    forecastRate: Double, requested: Money?, staleSince: Int? = nil) -> RecommendationInput {
        let closed = years.filter { $0.status == .closed && $0.year < year && !isExcluded($0, excluded) }
        let last = closed.last
        var input = RecommendationInput(
            lastYear: last?.year, lastBudget: last?.budget, lastExecuted: last?.figures.executed,
            earlierExecuted: closed.dropLast().reversed().compactMap { $0.figures.executed },
            totalScore: last?.figures.totalScore, deviationReasons: last?.deviationReasons ?? [],
            forecastExecuted: forecastExecuted, forecastRate: forecastRate, requested: requested, staleSince: staleSince,
            lastInitialBudget: last?.figures.initialBudget)
        if let staleSince {
            input.staleExceptional = years.filter { $0.status == .closed && $0.year > staleSince && $0.year < year && isExcluded($0, excluded) }
                .map(\.year)
        }
        return input
    }
}
