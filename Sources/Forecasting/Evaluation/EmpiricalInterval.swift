/// How an error is measured for a target, and how an interval is rebuilt from error bounds.
///
/// Budgets and executed amounts err multiplicatively (a project's budget is off by a share of itself), so
/// their error is actual ÷ forecast and the interval is [forecast × low, forecast × high] — for a negative
/// forecast (a line of refunds or credits) the same band mirrored, [forecast × high, forecast × low], so that
/// low ≤ high always. A rate errs in points: actual − forecast, interval [forecast + low, forecast + high],
/// never below 0.
enum ErrorScale {
    case ratio, difference

    init(_ target: Target) { self = target == .rate ? .difference : .ratio }

    /// The error of a forecast, NaN when it has none (a ratio needs a positive forecast).
    func error(forecast: Double, actual: Double) -> Double {
        switch self {
        case .ratio: forecast > 0 && actual.isFinite ? actual / forecast : .nan
        case .difference: forecast.isFinite && actual.isFinite ? actual - forecast : .nan
        }
    }

    func interval(forecast: Double, bounds: (low: Double, high: Double)) -> (low: Double, high: Double) {
        switch self {
        case .ratio: forecast < 0 ? (forecast * bounds.high, forecast * bounds.low) : (forecast * bounds.low, forecast * bounds.high)
        case .difference: (max(forecast + bounds.low, 0), max(forecast + bounds.high, 0))
        }
    }
}

/// Intervals from the empirical distribution of out-of-sample errors.
///
/// For a series at origin o, the errors are those of the cases at origins before o in the narrowest peer
/// group with at least `minimumCases` of them (else the next wider group; with fewer than
/// `minimumCases` even over all projects there is no interval). The bounds are the split-conformal order
/// statistics of those errors (``Quantiles/centralBounds(sorted:level:)``): no normal assumption, so heavy
/// tails (budgets that jump by multiples) widen the interval as much as they occurred.
struct EmpiricalInterval {
    let panel: Panel
    let level: Double
    let minimumCases: Int
    /// Case origin indices and errors (NaN = none).
    let origins: [Int32]
    let errors: [Double]
    /// `members[level][group]`: the cases with an error, in origin order.
    private let members: [[[Int32]]]
    private var cache: [Key: (Double, Double)?] = [:]

    private struct Key: Hashable { var level: Int; var group: Int; var origin: Int32 }

    init(panel: Panel, cases: [BacktestCase], errors: [Double], level: Double, minimumCases: Int) {
        self.panel = panel
        self.level = level
        self.minimumCases = max(minimumCases, 1)
        self.origins = cases.map(\.originIndex)
        self.errors = errors
        var members: [[[Int32]]] = []
        for level in Panel.Level.allCases {
            var lists = [[Int32]](repeating: [], count: panel.groupCounts[level.rawValue])
            for (c, item) in cases.enumerated() where !errors[c].isNaN && (level != .kind || panel.sharesName[Int(item.series)]) {
                lists[panel.group(of: Int(item.series), at: level)].append(Int32(c))
            }
            members.append(lists)
        }
        self.members = members
    }

    /// The intervals of one forecast over a rolling-origin record: `forecast(c)` is the forecast of case c
    /// for `target`, judged against the case's actual value.
    init(_ record: RollingOrigin, target: Target, forecast: (Int) -> Double) {
        let scale = ErrorScale(target)
        let cases = record.cases
        let errors = cases.indices.map { c -> Double in
            let actual = switch target {
            case .budget: cases[c].budget
            case .rate: cases[c].rate
            case .executed: cases[c].executed
            }
            return scale.error(forecast: forecast(c), actual: actual)
        }
        self.init(panel: record.panel, cases: cases, errors: errors, level: record.settings.level,
                  minimumCases: record.settings.minimumCalibrationCases)
    }

    /// The error bounds for series i from the cases before origin index `origin` (pass the number of
    /// origins for a forecast after the last one), or nil when too few errors exist.
    mutating func bounds(series i: Int, before origin: Int32) -> (low: Double, high: Double)? {
        for level in panel.levels(for: i) {
            let group = panel.group(of: i, at: level)
            let list = members[level.rawValue][group]
            // Cases are in origin order: count those before `origin`.
            var lo = 0, hi = list.count
            while lo < hi { let mid = (lo + hi) / 2; if origins[Int(list[mid])] < origin { lo = mid + 1 } else { hi = mid } }
            guard lo >= minimumCases else { continue }
            let key = Key(level: level.rawValue, group: group, origin: origin)
            if let cached = cache[key] { return cached }
            let sorted = list[..<lo].map { errors[Int($0)] }.sorted()
            let bounds = Quantiles.centralBounds(sorted: sorted, level: self.level)
            cache[key] = bounds
            return bounds
        }
        return nil
    }
}
