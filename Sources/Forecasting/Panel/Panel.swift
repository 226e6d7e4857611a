import BudgetCore
/// The histories of every project a run looks at, with each project's peer groups.
///
/// Peer groups form a hierarchy: the projects of the same name in the data source (the same kind of line:
/// `Personnel` in every department of a city, economic item 12000 in every programme), then the project's
/// unit, then its department, then its category, then its data source (the jurisdiction whose accounts it
/// comes from). A project alone with its name in its source has no same-name level: its hierarchy starts at
/// its unit (``levels(for:)``), and a store of a hundred thousand unique names keeps no hundred thousand
/// one-project groups. Models that borrow strength from peers
/// (``ShrunkRate``, the pooled regressions, ``ExecutedGrowth``) and the model choice and intervals
/// (``RollingOrigin``) use the narrowest level that has enough data. The hierarchy stops at the data
/// source: every group lies within one source, so a project's forecast does not depend on other sources'
/// projects being in the panel (a store holding Shenzhen forms and San Diego's accounts forecasts Shenzhen
/// exactly as a store holding Shenzhen alone).
public struct Panel: Sendable {
    public enum Level: Int, Sendable, CaseIterable, Comparable {
        case kind, unit, department, category, source
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        public var label: String {
            switch self {
            case .kind: "same-name projects"
            case .unit: "unit"
            case .department: "department"
            case .category: "category"
            case .source: "data source"
            }
        }
        /// The label as a clause value, shown in the reader's language (`level.unit` → 实施单位).
        public var term: Clause.Value { .term(key: "level.\(self)", fallback: label) }
    }

    public let series: [ProjectSeries]
    /// `groups[level][i]` is the group number of series i at that level (0..<groupCounts[level]).
    public let groups: [[Int32]]
    public let groupCounts: [Int]
    /// A readable name of each group, per level.
    public let groupNames: [[String]]

    public init(_ series: [ProjectSeries]) {
        self.series = series
        var nameCounts: [String: Int] = [:]
        for s in series { nameCounts[s.dataSource + "\u{1F}" + s.name, default: 0] += 1 }
        var sharesName = [Bool](repeating: false, count: series.count)
        for (i, s) in series.enumerated() { sharesName[i] = nameCounts[s.dataSource + "\u{1F}" + s.name]! > 1 }
        self.sharesName = sharesName
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
                case .kind: key = sharesName[i] ? s.dataSource + "\u{1F}" + s.name
                                               : "\u{1E}" + s.dataSource + "\u{1F}" + s.department + "\u{1F}" + s.unit
                case .unit: key = s.dataSource + "\u{1F}" + s.department + "\u{1F}" + s.unit
                case .department: key = s.dataSource + "\u{1F}" + s.department
                case .category: key = s.dataSource + "\u{1F}" + s.category
                case .source: key = s.dataSource
                }
                if let id = ids[key] {
                    column[i] = id
                } else {
                    let id = Int32(levelNames.count)
                    ids[key] = id
                    let name = switch level {
                    case .kind: sharesName[i] ? s.name : s.unit
                    case .unit: s.unit
                    case .department: s.department
                    case .category: s.category
                    case .source: s.dataSource.isEmpty ? "all" : s.dataSource
                    }
                    levelNames.append(name)
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

    /// Whether series i shares its name with another project of its source.
    public let sharesName: [Bool]

    /// The levels of series i's hierarchy, narrowest first: every level, less the same-name level for a
    /// project alone with its name (whose group there is a placeholder, never used).
    @inlinable public func levels(for i: Int) -> [Level] { sharesName[i] ? Level.allCases : Self.levelsWithoutKind }

    public static let levelsWithoutKind: [Level] = Level.allCases.filter { $0 != .kind }

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
