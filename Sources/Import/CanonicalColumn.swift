/// The columns of the canonical history CSV, each also known by its label on the Chinese forms.
public enum CanonicalColumn: String, CaseIterable, Sendable {
    case department, unit, project, category, year, status, source
    case initialBudget = "initial_budget"
    case adjustedBudget = "adjusted_budget"
    case executed
    case appropriation
    case carryover
    case otherFunds = "other_funds"
    case executionScore = "execution_score"
    case totalScore = "total_score"
    case requested
    case totalBudget = "total_budget"
    case priorBudget = "prior_budget"
    case priorExecuted = "prior_executed"
    /// The data source (jurisdiction) of the row's department; see `budget import --data-source`.
    case dataSource = "data_source"

    /// The header names this column is recognized by, besides its canonical name.
    public var chineseLabels: [String] {
        switch self {
        case .department: ["主管部门"]
        case .unit: ["实施单位", "申报单位", "单位名称"]
        case .project: ["项目名称"]
        case .category: ["项目类别", "项目类型"]
        case .year: ["年度", "预算年度"]
        case .status: ["状态"]
        case .source: ["来源"]
        case .initialBudget: ["年初预算数"]
        case .adjustedBudget: ["全年预算数", "调整后预算数"]
        case .executed: ["全年执行数"]
        case .appropriation: ["当年财政拨款"]
        case .carryover: ["上年结转资金"]
        case .otherFunds: ["其他资金"]
        case .executionScore: ["执行率得分"]
        case .totalScore: ["总分"]
        case .requested: ["项目当年预算", "申请金额", "申报金额", "申请数"]
        case .totalBudget: ["项目总预算"]
        case .priorBudget: ["同名项目上年预算额"]
        case .priorExecuted: ["同名项目上年预算执行数"]
        case .dataSource: ["数据来源"]
        }
    }

    /// Position in `allCases`, for array-indexed lookups on the import's hot path.
    var ordinal: Int { Self.all.firstIndex(of: self)! }
    private static let all = allCases

    /// Columns that hold money.
    public var isAmount: Bool {
        switch self {
        case .initialBudget, .adjustedBudget, .executed, .appropriation, .carryover, .otherFunds,
             .requested, .totalBudget, .priorBudget, .priorExecuted: true
        default: false
        }
    }

    public var isScore: Bool { self == .executionScore || self == .totalScore }

    /// The canonical export order.
    public static let exportOrder: [CanonicalColumn] = [
        .department, .unit, .project, .category, .year, .status, .source,
        .initialBudget, .adjustedBudget, .executed, .appropriation, .carryover, .otherFunds,
        .executionScore, .totalScore, .requested, .totalBudget, .priorBudget, .priorExecuted, .dataSource,
    ]
}
