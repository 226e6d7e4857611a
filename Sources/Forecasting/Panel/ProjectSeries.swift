/// One project-year as the models see it: amounts in 元 as `Double` (models may work in Double; exact
/// figures stay in the store and in ``ProjectRecord``). Unknown is NaN, never 0.
public struct Observation: Sendable, Equatable {
    public var year: Int
    /// The full-year budget the year was executed against: the adjusted budget (全年预算数), else the
    /// initial budget (年初预算数). NaN when neither is known.
    public var budget: Double
    /// The initial budget (年初预算数), NaN when unknown.
    public var initial: Double
    /// The executed amount; NaN when unknown or while the year is open (never read an open year as executed).
    public var executed: Double

    public init(year: Int, budget: Double, initial: Double = .nan, executed: Double = .nan) {
        self.year = year
        self.budget = budget
        self.initial = initial
        self.executed = executed
    }

    /// Execution rate against the full-year budget, NaN when it cannot be computed (budget ≤ 0 or unknown,
    /// execution unknown).
    @inlinable public var rate: Double {
        budget > 0 && executed.isFinite ? executed / budget : .nan
    }

    /// The rate as models fit it: clamped to [0, ``Observation/maximumFittedRate``] so that one absurd year
    /// (a budget of 1 元 against a real expense) does not dominate a mean or a regression.
    @inlinable public var fittedRate: Double {
        let r = rate
        return r.isNaN ? r : Swift.min(Swift.max(r, 0), Self.maximumFittedRate)
    }

    public static let maximumFittedRate = 2.0

    /// True for a closed year whose rate is meaningless: money executed against a budget of 0 or none, or
    /// more than ``maximumFittedRate`` times the budget (credits binding above the line).
    @inlinable public var isRateOutOfRange: Bool {
        guard executed.isFinite, executed > 0 else { return false }
        return !(budget > 0) || executed > Self.maximumFittedRate * budget
    }
}

/// A project's history as the models see it: its place in the peer hierarchy and its usable years in
/// ascending order. Years marked exceptional are not in ``observations``; they are listed in
/// ``excludedYears`` so that outputs can say so.
public struct ProjectSeries: Sendable {
    /// The store's project id (or any stable id for synthetic data).
    public var id: Int64
    public var department: String
    public var unit: String
    public var category: String
    /// The data source (jurisdiction) the project's figures come from; peers never cross it.
    public var dataSource: String
    public var name: String
    /// Ascending by year, one per year, exceptional years left out.
    public var observations: [Observation]
    /// Exceptional years left out of fitting (stored marks and `--exclude-year`).
    public var excludedYears: [Int]

    public init(id: Int64, department: String, unit: String, category: String = "", dataSource: String = "",
                name: String, observations: [Observation], excludedYears: [Int] = []) {
        self.id = id
        self.department = department
        self.unit = unit
        self.category = category
        self.dataSource = dataSource
        self.name = name
        self.observations = observations.sorted { $0.year < $1.year }
        self.excludedYears = excludedYears
    }

    /// The observations before `year` (what a forecast for `year` may use).
    @inlinable public func history(before year: Int) -> ArraySlice<Observation> {
        var end = observations.count
        while end > 0, observations[end - 1].year >= year { end -= 1 }
        return observations[..<end]
    }

    /// The observation for `year`, if any.
    public func observation(in year: Int) -> Observation? {
        observations.last { $0.year == year }
    }
}

extension ArraySlice where Element == Observation {
    /// The last closed observation (executed amount known).
    @inlinable var lastClosed: Observation? { last { $0.executed.isFinite } }
    /// The number of closed observations.
    @inlinable var closedCount: Int { reduce(0) { $0 + ($1.executed.isFinite ? 1 : 0) } }
    /// Whether the execution rates of these years are meaningless as rates: credits bind above the line,
    /// so money is executed against a budget of 0 (or none), or above ``Observation/maximumFittedRate``
    /// times the budget, in the last closed year or in at least half of the closed years. Such a line's
    /// executed amount is not budget × rate; it is forecast from the executed series alone.
    @inlinable var ratesOutOfRange: Bool {
        var closed = 0, outOfRange = 0, lastOut = false
        for observation in self where observation.executed.isFinite {
            closed += 1
            lastOut = observation.isRateOutOfRange
            if lastOut { outOfRange += 1 }
        }
        return closed > 0 && (lastOut || 2 * outOfRange >= closed)
    }
    /// The last observation with a known budget.
    @inlinable var lastBudget: Observation? { last { $0.budget.isFinite } }
    /// The last observation with a computable rate (closed, budget > 0).
    @inlinable var lastRated: Observation? { last { !$0.rate.isNaN } }
    /// The number of observations with a computable rate.
    @inlinable var ratedCount: Int { reduce(0) { $0 + ($1.rate.isNaN ? 0 : 1) } }
}
