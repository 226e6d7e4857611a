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

/// What applying a row did to the store.
public enum RowOutcome: Sendable {
    case inserted, updated, unchanged
}

/// Why a row could not be applied (e.g. an ambiguous unit). The importer turns it into a finding.
public struct RowRejection: Error, Sendable {
    public var field: String
    public var message: String
}
