import Foundation
import BudgetCore

/// One project's form as read from text: everything the store and the checks need, with the line each
/// value came from (for findings that name file:line and field).
///
/// Form families (one parser each, in `Sources/Import/Forms/`):
/// - `SelfEvaluationTableParser`: 绩效自评表 as tab-separated OCR of spreadsheets (seed 003);
/// - `SelfEvaluationTextParser`: 绩效自评表 as PDF text with wrapped rows (seed 001);
/// - `DeclarationParser`: 绩效目标表 / 绩效目标申报表 as PDF text (seeds 000 and 002).
/// A parser fills what the form prints. A required figure it cannot find is a ``FormProblem``, never a guess.
public struct ParsedForm: Sendable, Equatable {
    public enum Kind: String, Sendable { case declaration, selfEvaluation = "self-evaluation" }

    public var kind: Kind
    /// 1-based lines of the file that the form spans.
    public var startLine: Int
    public var endLine: Int
    /// The budget year (年度) the form is about.
    public var year: Int?
    /// 主管部门 (self-evaluations; declarations usually have none).
    public var department: String?
    /// 实施单位 (self-evaluation) or 申报单位名称 (declaration).
    public var unit: String?
    /// 项目名称 as printed, with OCR/PDF line breaks and spacing noise removed.
    public var project: String?
    /// 项目类别 / 项目类型 (the ticked box, for 002-style forms).
    public var category: String?
    /// 计划开始日期 / 开始时间 and 计划完成日期 / 结束时间, as printed.
    public var plannedStart: String?
    public var plannedEnd: String?

    // MARK: Self-evaluation
    /// 年初预算数, 全年预算数, 全年执行数 of 年度资金总额, in 元 (after any unit conversion the parser decided).
    public var initialBudget: Money?
    public var adjustedBudget: Money?
    public var executed: Money?
    /// The funding split rows (当年财政拨款, 上年结转资金, 其他资金), each with its three columns
    /// (initial, adjusted, executed) as printed; nil where the cell is empty.
    public var appropriation: ColumnTriple?
    public var carryover: ColumnTriple?
    public var otherFunds: ColumnTriple?
    /// 执行率 as printed: `0.86` or `99.26%`, kept as text; ``statedRate`` is its value as a ratio.
    public var statedRateText: String?
    /// 分值 of the execution rate (usually 10) and its 得分.
    public var executionWeight: Score?
    public var executionScore: Score?
    /// 总分 as printed; nil when the form does not print it (then the importer computes it and says so).
    public var totalScore: Score?
    /// 年度总体目标: 预期目标 and 实际完成情况 text.
    public var goalExpected: String?
    public var goalAchieved: String?
    /// The money unit the form's label states (`(元)`, `(万元)`), when it prints one.
    public var statedUnit: AmountUnit?

    // MARK: Declaration
    /// 项目总预算 and 项目当年预算 (the request for `year`).
    public var totalBudget: Money?
    public var requested: Money?
    /// 同名项目上年预算额 / 上年预算执行数; both nil and ``isNewProject`` true when the form says 无.
    public var priorBudget: Money?
    public var priorExecuted: Money?
    public var isNewProject = false
    /// 子项目名称 / 预算金额 rows.
    public var subProjects: [SubProject] = []

    // MARK: Both
    /// 绩效指标 rows in form order.
    public var indicators: [Indicator] = []
    /// Line of each field the parser read, keyed by the canonical field name (`executed`, `total_score`,
    /// `project`, …), so findings can point at the line.
    public var lines: [String: Int] = [:]
    /// What the parser noticed and decided, for a person to check: an OCR repair of a name, a unit label
    /// that the figures contradict, an unreadable cell taken as empty. Imported as warnings.
    public var notes: [FormProblem] = []

    public init(kind: Kind, startLine: Int, endLine: Int) {
        self.kind = kind
        self.startLine = startLine
        self.endLine = endLine
    }

    /// The stated execution rate as a ratio (`99.26%` → 0.9926, `0.86` → 0.86), nil when not printed.
    public var statedRate: Double? {
        guard var text = statedRateText?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let percent = text.hasSuffix("%")
        if percent { text.removeLast() }
        guard let value = Double(text) else { return nil }
        return percent ? value / 100 : value
    }
}

/// One row of the funding split: its initial, adjusted and executed columns.
public struct ColumnTriple: Sendable, Equatable {
    public var initial: Money?
    public var adjusted: Money?
    public var executed: Money?

    public init(initial: Money? = nil, adjusted: Money? = nil, executed: Money? = nil) {
        self.initial = initial
        self.adjusted = adjusted
        self.executed = executed
    }
}

/// A 子项目 of a declaration and its amount.
public struct SubProject: Sendable, Equatable {
    public var name: String
    public var amount: Money
    public init(name: String, amount: Money) {
        self.name = name
        self.amount = amount
    }
}

/// Why a form could not be read: the form (by its first line, and unit/project when known) and the field.
public struct FormProblem: Error, Sendable, Equatable {
    public var line: Int
    public var field: String
    public var message: String
    public var unit: String?
    public var project: String?
    /// The form's year, when it was read.
    public var year: Int?

    public init(line: Int, field: String, message: String, unit: String? = nil, project: String? = nil, year: Int? = nil) {
        self.line = line
        self.field = field
        self.message = message
        self.unit = unit
        self.project = project
        self.year = year
    }
}

/// What a family parser returns for a whole file: the forms it read, and the forms it could not.
public struct FormParseResult: Sendable {
    public var forms: [ParsedForm] = []
    public var problems: [FormProblem] = []
    public init(forms: [ParsedForm] = [], problems: [FormProblem] = []) {
        self.forms = forms
        self.problems = problems
    }
}



/// Told how many of a file's forms a parser has read: (done, total).
typealias FormProgress = (Int, Int) -> Void
