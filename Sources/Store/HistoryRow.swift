import BudgetCore

/// One project-year as an importer hands it to the store: who, which year, and the figures it states.
///
/// Empty strings mean "not given" for department and unit. `status` is nil when the input did not say;
/// the store then infers it (see ``HistoryWriter``).
public struct HistoryRow: Sendable {
    public var line: Int
    public var department: String
    public var unit: String
    public var project: String
    public var category: String?
    public var year: Int
    public var status: YearStatus?
    public var source: FigureSource
    public var figures: AnnualFigures
    public var declaration: DeclarationFigures
    /// The year's performance indicators in form order, or nil when the input says nothing about them
    /// (a CSV row). Given, they replace the stored ones.
    public var indicators: [Indicator]?
    /// What a form says beyond the figures, or nil for a CSV row. Given, it replaces the stored detail of
    /// the same kind.
    public var formDetail: FormDetail?
    /// The data source this row's department belongs to as the input states it (a CSV `data_source` cell, a
    /// form's 主管部门), or nil: the batch's (see ``BatchMetadata/dataSource``).
    public var dataSource: DataSourceName?
    /// The total score in ``figures`` was computed from the form's other scores, not printed on it: it is stored
    /// where the year has no total yet, never over a stored one (the writer warns instead).
    public var totalScoreIsComputed = false

    public init(line: Int, department: String = "", unit: String = "", project: String, category: String? = nil,
                year: Int, status: YearStatus? = nil, source: FigureSource = .reported,
                figures: AnnualFigures = AnnualFigures(), declaration: DeclarationFigures = DeclarationFigures(),
                indicators: [Indicator]? = nil) {
        self.line = line
        self.department = department
        self.unit = unit
        self.project = project
        self.category = category
        self.year = year
        self.status = status
        self.source = source
        self.figures = figures
        self.declaration = declaration
        self.indicators = indicators
    }
}

/// The data source (jurisdiction) an import assigns to departments. Forecast peers never cross data sources.
///
/// A department created by an import takes the name. An existing department keeps its data source unless the
/// name is explicit (`--data-source`, a `data_source` column): then it moves to it, with a warning.
public struct DataSourceName: Sendable, Equatable {
    public var name: String
    /// Given by the user (or stated in the data), not a default such as the file's name.
    public var isExplicit: Bool

    /// `name` is shown as written: trimmed, whitespace runs collapsed, compatibility ideographs replaced.
    public init(_ name: String, isExplicit: Bool = false) {
        self.name = NameKey.displayName(name)
        self.isExplicit = isExplicit
    }

    /// The unnamed data source, as a default: names only the departments an import creates ("").
    public static let unnamed = DataSourceName("")
}

/// What a filed form says of a project-year beyond its figures.
public struct FormDetail: Sendable, Equatable {
    public enum Kind: String, Sendable { case declaration, selfEvaluation = "self-evaluation" }

    public var kind: Kind
    public var plannedStart: String?
    public var plannedEnd: String?
    public var goalExpected: String?
    public var goalAchieved: String?
    /// 执行率 as printed (`0.86`, `99.26%`).
    public var statedRate: String?
    public var executionWeight: Score?
    /// A declaration's 子项目 and amounts, in form order.
    public var subProjects: [(name: String, amount: Money)]

    public init(kind: Kind, plannedStart: String? = nil, plannedEnd: String? = nil, goalExpected: String? = nil,
                goalAchieved: String? = nil, statedRate: String? = nil, executionWeight: Score? = nil,
                subProjects: [(name: String, amount: Money)] = []) {
        self.kind = kind
        self.plannedStart = plannedStart
        self.plannedEnd = plannedEnd
        self.goalExpected = goalExpected
        self.goalAchieved = goalAchieved
        self.statedRate = statedRate
        self.executionWeight = executionWeight
        self.subProjects = subProjects
    }

    public static func == (lhs: FormDetail, rhs: FormDetail) -> Bool {
        lhs.kind == rhs.kind && lhs.plannedStart == rhs.plannedStart && lhs.plannedEnd == rhs.plannedEnd
            && lhs.goalExpected == rhs.goalExpected && lhs.goalAchieved == rhs.goalAchieved
            && lhs.statedRate == rhs.statedRate && lhs.executionWeight == rhs.executionWeight
            && lhs.subProjects.map(\.name) == rhs.subProjects.map(\.name)
            && lhs.subProjects.map(\.amount) == rhs.subProjects.map(\.amount)
    }
}

/// What applying a row did to the store.
public enum RowOutcome: Sendable {
    case inserted, updated, unchanged
}

/// Why a row could not be applied (e.g. an ambiguous unit). The importer turns it into a finding.
public struct RowRejection: Error, Sendable {
    public var field: String
    public var message: String
}
