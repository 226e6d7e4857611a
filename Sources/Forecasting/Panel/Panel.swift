/// The histories of every project a run looks at, with each project's peer groups.
///
/// Peer groups form a hierarchy: the project's unit, then its department, then its category, then all
/// projects. Models that borrow strength from peers (``ShrunkRate``, the pooled regressions) and the model
/// choice and intervals (``RollingOrigin``) use the narrowest level that has enough data.
public struct Panel: Sendable {
    public enum Level: Int, Sendable, CaseIterable, Comparable {
        case unit, department, category, all
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        public var label: String {
            switch self {
            case .unit: "unit"
            case .department: "department"
            case .category: "category"
            case .all: "all"
            }
        }
    }

    public let series: [ProjectSeries]
    /// `groups[level][i]` is the group number of series i at that level (0..<groupCounts[level]).
    public let groups: [[Int32]]
    public let groupCounts: [Int]
    /// A readable name of each group, per level.
    public let groupNames: [[String]]

    public init(_ series: [ProjectSeries]) {
        self.series = series
        var groups: [[Int32]] = []
        var counts: [Int] = []
        var names: [[String]] = []
        for level in Level.allCases {
            var ids: [String: Int32] = [:]
            var levelNames: [String] = []
            var column = [Int32](repeating: 0, count: series.count)
            for (i, s) in series.enumerated() {
                let key: String
                switch level {
                case .unit: key = s.department + "\u{1F}" + s.unit
                case .department: key = s.department
                case .category: key = s.category
                case .all: key = ""
                }
                if let id = ids[key] {
                    column[i] = id
                } else {
                    let id = Int32(levelNames.count)
                    ids[key] = id
                    levelNames.append(level == .unit ? s.unit : (level == .all ? "all" : key))
                    column[i] = id
                }
            }
            groups.append(column)
            counts.append(levelNames.count)
            names.append(levelNames)
        }
        self.groups = groups
        self.groupCounts = counts
        self.groupNames = names
    }

    @inlinable public func group(of index: Int, at level: Level) -> Int { Int(groups[level.rawValue][index]) }

    /// The panel as it stood at the end of `cutoff`: every observation after it removed, except those of
    /// `kept` (the year being forecast, whose budget may already be set). Peer groups are unchanged. Used
    /// for forecasts h years ahead: a forecast of year t from data through t − h.
    public func truncated(through cutoff: Int, keeping kept: Int) -> Panel {
        Panel(series.map { s in
            var copy = s
            copy.observations.removeAll { $0.year > cutoff && $0.year != kept }
            return copy
        })
    }

    /// Every year with an observation, ascending.
    public var years: [Int] {
        Array(Set(series.flatMap { $0.observations.map(\.year) })).sorted()
    }
}
