import BudgetCore
import Foundation

/// The recommendation rules' thresholds, every one configurable (`budget recommend --rules FILE`, a YAML
/// file with these keys in snake_case) and printed in the report header. Shares are fractions (0.95 =
/// 95 %); arithmetic on them is exact (`Decimal`).
public struct RulePack: Sendable, Equatable {
    /// The execution rate a recommended budget should be fully used at: need = forecast executed ÷ this.
    public var targetRate: Decimal = 0.95
    /// Growth allowed over last year's executed amount when execution was low.
    public var allowedGrowth: Decimal = 0.05
    /// At or above this rate the project keeps its budget and may grow with its need.
    public var fullExecution: Decimal = 0.90
    /// Below this rate the recommendation is capped at last executed × (1 + growth) ÷ target rate.
    public var lowExecution: Decimal = 0.60
    /// Closed years in a row with nothing executed that make the recommendation 0 ("review for cancellation").
    public var idleYears: Int = 2
    /// A self-evaluation total below this is graded 差 (poor) …
    public var poorScore: Decimal = 60
    /// … and cuts the recommendation by this share.
    public var poorCut: Decimal = 0.10
    /// A total at or above this is graded 优 (excellent) …
    public var excellentScore: Decimal = 90
    /// … and, when a deviation reason names an external cause, keeps last year's budget despite execution
    /// below ``fullExecution`` — down to this rate. Below it (default: the low-execution threshold) the
    /// money was plainly not needed at that scale whatever the cause, and the low-execution cap holds.
    public var excellentKeepsBudgetDownTo: Decimal = 0.60
    /// Words in a deviation reason (偏差原因) that mark the cause as external.
    public var externalCauses: [String] = ["疫情", "不可抗力", "自然灾害", "政策调整", "政策变化", "上级", "延期", "推迟", "外部"]
    /// Recommendations are rounded down to a multiple of this (`round_to`, in yuan: 100 = 百元, 10000 = 万元),
    /// down so that a rounded recommendation never exceeds what the rules allow. The default, one fen, leaves
    /// them as the rules give them.
    public var roundTo = Money(fen: 1)

    public init() {}

    /// The lowest target rate accepted: below 1% the need (executed ÷ rate) is over a hundred times the spending.
    public static let lowestTargetRate: Decimal = 0.01
    /// The largest growth a rule, a scenario's growth or one change may state: +1000% (× 11).
    public static let largestGrowth: Decimal = 10
    /// The largest rounding step: 100,000,000 yuan (1 亿).
    public static let largestRoundingStep = Money(fen: 10_000_000_000)

    /// The keys of the YAML file, in the order the report header prints them.
    public static let keys = ["target_rate", "allowed_growth", "full_execution", "low_execution", "idle_years",
                              "poor_score", "poor_cut", "excellent_score", "excellent_keeps_budget_down_to",
                              "external_causes", "round_to"]

    /// Throws when a threshold is out of range or the thresholds are out of order.
    public func validate() throws {
        func share(_ value: Decimal, _ key: String, allowZero: Bool = true) throws {
            guard value >= 0, value <= 1, allowZero || value > 0 else {
                throw ForecastingError.invalidSetting("\(key) must be a share between 0 and 1 (got \(value))")
            }
        }
        try share(targetRate, "target_rate", allowZero: false)
        guard targetRate >= Self.lowestTargetRate else {
            throw ForecastingError.invalidSetting("target_rate must be at least \(Self.lowestTargetRate) (1%): the need is the forecast executed ÷ target_rate (got \(targetRate))")
        }
        try share(fullExecution, "full_execution")
        try share(lowExecution, "low_execution")
        try share(poorCut, "poor_cut")
        try share(excellentKeepsBudgetDownTo, "excellent_keeps_budget_down_to")
        guard allowedGrowth >= -1, allowedGrowth <= Self.largestGrowth else {
            throw ForecastingError.invalidSetting("allowed_growth must be from -1 to \(Self.largestGrowth) (-100% to +1000%) (got \(allowedGrowth))")
        }
        guard lowExecution <= fullExecution else {
            throw ForecastingError.invalidSetting("low_execution (\(lowExecution)) must not be above full_execution (\(fullExecution))")
        }
        guard roundTo.fen >= 1, roundTo <= Self.largestRoundingStep else {
            throw ForecastingError.invalidSetting("round_to must be an amount from 0.01 to \(Self.largestRoundingStep.groupedText) yuan (100 = 百元; got \(roundTo.groupedText))")
        }
        guard idleYears >= 1 else { throw ForecastingError.invalidSetting("idle_years must be at least 1 (got \(idleYears))") }
        guard poorScore <= excellentScore else {
            throw ForecastingError.invalidSetting("poor_score (\(poorScore)) must not be above excellent_score (\(excellentScore))")
        }
    }

    /// One line per rule, for report headers (English; ``summary`` shows it in a language).
    public var description: String { [summary].englishText }

    /// The rules as one clause (``Phrase/rulesSummary``).
    public var summary: Clause {
        func p(_ d: Decimal) -> Clause.Value { .number("\(NSDecimalNumber(decimal: d * 100).stringValue)%") }
        func n(_ d: Decimal) -> Clause.Value { .number(NSDecimalNumber(decimal: d).stringValue) }
        return Clause(.rulesSummary, [
            "target": p(targetRate), "growth": p(allowedGrowth), "full": p(fullExecution), "low": p(lowExecution),
            "factor": n(1 + allowedGrowth), "targetRatio": n(targetRate), "idle": .number(String(idleYears)),
            "poor": n(poorScore), "cut": p(poorCut), "excellent": n(excellentScore),
            "causes": .text(externalCauses.joined(separator: "/")), "keep": p(excellentKeepsBudgetDownTo),
            "rounding": .list(roundTo.fen > 1 ? [Clause(.rulesRounding, ["step": .money(roundTo)])] : []),
        ])
    }
}
