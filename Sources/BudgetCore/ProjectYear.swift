/// The budget years the engine accepts everywhere (imports, requests, options, scenario files), so that one
/// command never takes a year another refuses.
public enum BudgetYear {
    public static let range: ClosedRange<Int> = 1900...2100
    /// `1900–2100`, for messages.
    public static let rangeText = "\(range.lowerBound)–\(range.upperBound)"
}

/// Whether a project-year's execution is final.
///
/// An **open** year (the current year, or a budget-only year in an export) has no final executed amount:
/// it must never be read as 0% execution. A **closed** year's executed amount is final.
public enum YearStatus: String, Sendable, CaseIterable, Codable {
    case open, closed
}

/// Where a project-year's figures came from.
///
/// `reported` figures come from the year's own record (a self-evaluation or a CSV row for that year);
/// `declared` figures were stated as the prior year in a later year's target declaration
/// (同名项目上年预算额 / 上年预算执行数). A reported figure always wins over a declared one.
public enum FigureSource: String, Sendable, CaseIterable, Codable {
    case reported, declared
}

/// The annual figures of one project in one year (绩效自评表). Every amount is optional: unknown is not zero.
public struct AnnualFigures: Equatable, Sendable {
    /// 年初预算数: the budget approved at the start of the year.
    public var initialBudget: Money?
    /// 全年预算数: the full-year budget after in-year adjustments.
    public var adjustedBudget: Money?
    /// 全年执行数: the amount executed. Not final while the year is open.
    public var executed: Money?
    /// 当年财政拨款: this year's appropriation.
    public var appropriation: Money?
    /// 上年结转资金: carry-over from last year.
    public var carryover: Money?
    /// 其他资金: other funds.
    public var otherFunds: Money?
    /// The execution-rate score (分值 × min(rate, 1)), exact decimal text as printed.
    public var executionScore: Score?
    /// 总分: the self-evaluation's total score out of 100.
    public var totalScore: Score?

    public init(initialBudget: Money? = nil, adjustedBudget: Money? = nil, executed: Money? = nil,
                appropriation: Money? = nil, carryover: Money? = nil, otherFunds: Money? = nil,
                executionScore: Score? = nil, totalScore: Score? = nil) {
        self.initialBudget = initialBudget
        self.adjustedBudget = adjustedBudget
        self.executed = executed
        self.appropriation = appropriation
        self.carryover = carryover
        self.otherFunds = otherFunds
        self.executionScore = executionScore
        self.totalScore = totalScore
    }

    /// True when no figure at all is known.
    public var isEmpty: Bool { self == AnnualFigures() }

    /// 执行率 against the adjusted budget (全年执行数 ÷ 全年预算数), `nil` when either is unknown or the budget is 0.
    public var executionRate: Double? {
        guard let executed, let adjustedBudget else { return nil }
        return executed.ratio(to: adjustedBudget)
    }

    /// Execution against the initial budget (全年执行数 ÷ 年初预算数).
    public var executionRateAgainstInitial: Double? {
        guard let executed, let initialBudget else { return nil }
        return executed.ratio(to: initialBudget)
    }
}

/// A target declaration's amounts for year Y (绩效目标申报表).
public struct DeclarationFigures: Equatable, Sendable {
    /// 项目当年预算: the amount requested for year Y.
    public var requested: Money?
    /// 项目总预算: the project's total budget.
    public var totalBudget: Money?
    /// 同名项目上年预算额: the same-name project's budget in Y−1, as declared.
    public var priorBudget: Money?
    /// 同名项目上年预算执行数: its execution in Y−1, as declared.
    public var priorExecuted: Money?

    public init(requested: Money? = nil, totalBudget: Money? = nil, priorBudget: Money? = nil, priorExecuted: Money? = nil) {
        self.requested = requested
        self.totalBudget = totalBudget
        self.priorBudget = priorBudget
        self.priorExecuted = priorExecuted
    }

    public var isEmpty: Bool { self == DeclarationFigures() }
}

/// A performance indicator row (绩效指标) of a project-year.
public struct Indicator: Equatable, Sendable {
    public var level1: String
    public var level2: String
    public var level3: String
    public var target: String?
    public var actual: String?
    public var weight: Score?
    public var score: Score?
    public var deviationReason: String?

    public init(level1: String, level2: String, level3: String, target: String? = nil, actual: String? = nil,
                weight: Score? = nil, score: Score? = nil, deviationReason: String? = nil) {
        self.level1 = level1
        self.level2 = level2
        self.level3 = level3
        self.target = target
        self.actual = actual
        self.weight = weight
        self.score = score
        self.deviationReason = deviationReason
    }
}
