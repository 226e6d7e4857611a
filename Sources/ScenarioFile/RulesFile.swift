import BudgetCore
import Foundation
import Forecasting
import Yams

/// Reads a rule pack from YAML (`budget recommend --rules FILE`, or a scenario's `rules:`). Every key is
/// optional; an unknown key, a value of the wrong type or out of range is an error naming the file, line and
/// column, and nothing runs.
///
/// ```yaml
/// target_rate: 0.95
/// allowed_growth: 0.05
/// full_execution: 90%
/// low_execution: 0.60
/// idle_years: 2
/// poor_score: 60
/// poor_cut: 0.10
/// excellent_score: 90
/// excellent_keeps_budget_down_to: 0.60
/// external_causes: [疫情, 不可抗力, 政策调整]
/// round_to: 100          # recommendations rounded down to whole 百元 (yuan, to the fen; default 0.01)
/// ```
/// Numbers are read from their text as exact decimals; shares may also be written as percentages (`90%`).
/// An empty file is the default rules.
public enum RulesFile {
    /// The rules file's errors are the module's one error type.
    public typealias Problem = ScenarioFileError

    public static func load(path: String) throws(ScenarioFileError) -> RulePack {
        let (text, _) = try YAMLSource.read(path: path, what: "the rules file")
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(ScenarioFileError) -> RulePack {
        let source = YAMLSource(file: file)
        var rules = RulePack()
        guard let root = try source.compose(text) else { return rules } // an empty file: the defaults
        let marks = try read(root, source: source, into: &rules, place: "the rules file")
        try validate(rules, marks: marks, file: file)
        return rules
    }

    /// Reads a rules file without validating the pack (a scenario validates it once its own `target_rate`
    /// is in). Returns where each key's value was written.
    static func readFile(path: String) throws(ScenarioFileError) -> (RulePack, [String: SourceMark]) {
        let (text, _) = try YAMLSource.read(path: path, what: "the rules file")
        let source = YAMLSource(file: path)
        var rules = RulePack()
        guard let root = try source.compose(text) else { return (rules, [:]) }
        let marks = try read(root, source: source, into: &rules, place: "the rules file")
        return (rules, marks)
    }

    /// Sets the keys written in a rules mapping (a rules file's root, or the `rules:` mapping inside a
    /// scenario, whose positions are then the scenario's) on `rules`. Returns where each key's value was
    /// written, for ``validate(_:marks:file:fallback:)``.
    static func read(_ node: Node, source: YAMLSource, into rules: inout RulePack, place: String,
                     expected: String = "a mapping of keys to values, e.g. target_rate: 0.95") throws(ScenarioFileError) -> [String: SourceMark] {
        let mapping = try KeyedMapping(node, place: place, keys: RulePack.keys, expected: expected, source: source)
        var marks: [String: SourceMark] = [:]
        for (key, _, value) in mapping.entries {
            func share() throws(ScenarioFileError) -> Decimal { try source.share(value, key) }
            func number() throws(ScenarioFileError) -> Decimal {
                guard case .scalar(let scalar) = value, !scalar.string.contains("%"),
                      let number = YAMLSource.exactShare(scalar.string) else {
                    throw source.wrongType(value, key, "a number")
                }
                return number
            }
            switch key {
            case "target_rate": rules.targetRate = try share()
            case "allowed_growth": rules.allowedGrowth = try share()
            case "full_execution": rules.fullExecution = try share()
            case "low_execution": rules.lowExecution = try share()
            case "poor_cut": rules.poorCut = try share()
            case "excellent_keeps_budget_down_to": rules.excellentKeepsBudgetDownTo = try share()
            case "poor_score": rules.poorScore = try number()
            case "excellent_score": rules.excellentScore = try number()
            case "round_to":
                let yuan = try number()
                var fen = yuan * 100, whole = Decimal()
                NSDecimalRound(&whole, &fen, 0, .plain)
                guard whole == fen, whole >= 1, whole <= Decimal(RulePack.largestRoundingStep.fen) else {
                    throw source.wrongType(value, key, "an amount in yuan, to the fen, from 0.01 to 100000000 (100 = 百元, 10000 = 万元)")
                }
                rules.roundTo = Money(fen: NSDecimalNumber(decimal: whole).int64Value)
            case "idle_years": rules.idleYears = try source.integer(value, key, expected: "a whole number of years")
            case "external_causes":
                guard case .sequence(let sequence) = value else {
                    throw source.wrongType(value, key, "a list of words, e.g. [疫情, 不可抗力]")
                }
                var words: [String] = []
                for item in sequence { words.append(try source.text(item, "each external cause", expected: "a word")) }
                rules.externalCauses = words
            default:
                preconditionFailure("KeyedMapping lets only RulePack.keys through")
            }
            marks[key] = source.mark(value)
        }
        return marks
    }

    /// ``RulePack/validate()``, with the error placed at the first key its message names (or at
    /// `fallback`, or on the file).
    static func validate(_ rules: RulePack, marks: [String: SourceMark], file: String, fallback: SourceMark? = nil) throws(ScenarioFileError) {
        do {
            try rules.validate()
        } catch {
            let message = "\(error)"
            let named = marks.compactMap { key, mark in message.range(of: key).map { (position: $0.lowerBound, mark: mark) } }
                .min { $0.position < $1.position }
            let mark = named?.mark ?? fallback
            throw ScenarioFileError(file: mark?.file ?? file, mark: mark, message: message)
        }
    }
}
