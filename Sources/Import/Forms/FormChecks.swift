import BudgetCore
import Foundation

/// The arithmetic and consistency checks of one parsed form, as findings (warnings) naming the field.
/// (A unit label the figures contradict is decided, and noted, by the parser that reads the label.)
///
/// Tolerances: a stated rate is compared at the precision it is printed with (`0.86` ± 0.005, `99.26%`
/// ± 0.00005); scores are compared to the cent (± 0.005, as printed with two decimals); money is exact.
public enum FormChecks {
    /// One finding before it gets its file: the field and the message.
    public struct Issue: Equatable, Sendable {
        public var field: String
        public var message: String
    }

    public static func issues(_ form: ParsedForm) -> [Issue] {
        var found: [Issue] = []
        if form.kind == .selfEvaluation {
            checkRate(form, &found)
            checkExecutionScore(form, &found)
            checkScores(form, &found)
            checkSplit(form, &found)
        }
        return found
    }

    /// The total to store: the printed one, else indicator scores plus the execution score (nil when not all
    /// scores are known).
    public static func total(of form: ParsedForm) -> (score: Score, computed: Bool)? {
        if let total = form.totalScore { return (total, false) }
        guard let computed = computedTotal(form) else { return nil }
        return (computed, true)
    }

    static func computedTotal(_ form: ParsedForm) -> Score? {
        guard let execution = form.executionScore, !form.indicators.isEmpty,
              form.indicators.allSatisfy({ $0.score != nil }) else { return nil }
        return Score(form.indicators.reduce(execution.value) { $0 + $1.score!.value })
    }

    private static func checkRate(_ form: ParsedForm, _ found: inout [Issue]) {
        guard let stated = form.statedRate, let text = form.statedRateText,
              let executed = form.executed, let budget = form.adjustedBudget else { return }
        guard let rate = executed.ratio(to: budget) else {
            if executed.fen != 0 { found.append(Issue(field: "executed", message: "executed \(executed.groupedText) against an adjusted budget of 0")) }
            return
        }
        let decimals = text.split(separator: ".").last.map { $0.filter(\.isNumber).count } ?? 0
        let tolerance = 0.5 * pow(10, -Double(decimals)) / (text.hasSuffix("%") ? 100 : 1) + 1e-9
        if abs(rate - stated) > tolerance {
            found.append(Issue(field: "execution_rate", message: "the stated execution rate \(text) does not match executed ÷ adjusted budget = \(executed.groupedText) ÷ \(budget.groupedText) = \(String(format: "%.4f", rate)) (\(String(format: "%.3f", rate * 100))%)"))
        }
    }

    private static func checkExecutionScore(_ form: ParsedForm, _ found: inout [Issue]) {
        guard let weight = form.executionWeight, let score = form.executionScore,
              let executed = form.executed, let budget = form.adjustedBudget, let rate = executed.ratio(to: budget) else { return }
        let expected = NSDecimalNumber(decimal: weight.value).doubleValue * min(rate, 1)
        // The form may have scored the rate as printed (rounded): accept either.
        let fromStated = form.statedRate.map { NSDecimalNumber(decimal: weight.value).doubleValue * min($0, 1) }
        let actual = NSDecimalNumber(decimal: score.value).doubleValue
        if abs(actual - expected) > 0.005 + 1e-9, fromStated.map({ abs(actual - $0) > 0.005 + 1e-9 }) ?? true {
            found.append(Issue(field: "execution_score", message: "the execution score \(score.text) is not weight × min(rate, 1) = \(weight.text) × \(String(format: "%.4f", min(rate, 1))) = \(String(format: "%.2f", expected))"))
        }
    }

    private static func checkScores(_ form: ParsedForm, _ found: inout [Issue]) {
        guard !form.indicators.isEmpty else { return }
        if let executionWeight = form.executionWeight, form.indicators.allSatisfy({ $0.weight != nil }) {
            let weights = form.indicators.reduce(executionWeight.value) { $0 + $1.weight!.value }
            if weights != 100 {
                found.append(Issue(field: "weights", message: "indicator weights plus the execution weight sum to \(Score(weights).text), not 100"))
            }
        }
        guard let computed = computedTotal(form) else { return }
        if let printed = form.totalScore {
            if abs(NSDecimalNumber(decimal: printed.value - computed.value).doubleValue) > 0.005 {
                found.append(Issue(field: "total_score", message: "the printed total \(printed.text) is not indicator scores plus the execution score = \(computed.text)"))
            }
        } else {
            found.append(Issue(field: "total_score", message: "no total score is printed; computed \(computed.text) from indicator scores plus the execution score (stored as computed, unless a total is stored already)"))
        }
    }

    private static func checkSplit(_ form: ParsedForm, _ found: inout [Issue]) {
        let columns: [(String, Money?, KeyPath<ColumnTriple, Money?>)] = [
            ("initial_budget", form.initialBudget, \.initial), ("adjusted_budget", form.adjustedBudget, \.adjusted),
            ("executed", form.executed, \.executed),
        ]
        for (name, total, path) in columns {
            // A column is checked only where its main part, 当年财政拨款, is printed: OCR often loses cells.
            guard let total, form.appropriation?[keyPath: path] != nil else { continue }
            let parts = [form.appropriation, form.carryover, form.otherFunds].compactMap { $0?[keyPath: path] }
            guard !parts.isEmpty else { continue }
            let sum = parts.sum()
            if sum != total {
                let printed = [("当年财政拨款", form.appropriation), ("上年结转资金", form.carryover), ("其他资金", form.otherFunds)]
                    .compactMap { label, triple in triple?[keyPath: path].map { "\(label) \($0.groupedText)" } }
                found.append(Issue(field: "funding_split", message: "the funding split of \(name) (\(printed.joined(separator: " + ")) = \(sum.groupedText)) does not add up to \(total.groupedText)"))
            }
        }
    }
}
