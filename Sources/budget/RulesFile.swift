import Foundation
import Forecasting
import Yams

/// Reads a rule pack from YAML (`budget recommend --rules FILE`). Every key is optional; an unknown key, a
/// value of the wrong type or out of range is an error naming the file, line and column, and nothing runs.
///
/// ```yaml
/// target_rate: 0.95
/// allowed_growth: 0.05
/// full_execution: 0.90
/// low_execution: 0.60
/// idle_years: 2
/// poor_score: 60
/// poor_cut: 0.10
/// excellent_score: 90
/// excellent_keeps_budget_down_to: 0.60
/// external_causes: [疫情, 不可抗力, 政策调整]
/// ```
/// Numbers are read from their text as exact decimals.
enum RulesFile {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func load(path: String) throws -> RulePack {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw Problem(description: "\(path): cannot read the rules file: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    static func parse(_ text: String, file: String) throws -> RulePack {
        func at(_ node: Node?) -> String {
            guard let mark = node?.mark else { return file }
            return "\(file):\(mark.line):\(mark.column)"
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw Problem(description: "\(file): not valid YAML: \(error)")
        }
        var rules = RulePack()
        guard let root else { return rules } // an empty file: the defaults
        guard let mapping = root.mapping else {
            throw Problem(description: "\(at(root)): the rules file must be a mapping of keys to values (e.g. target_rate: 0.95)")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            func decimal() throws -> Decimal {
                guard let scalar = value.scalar, let number = Decimal(string: scalar.string, locale: Locale(identifier: "en_US_POSIX")),
                      scalar.string.range(of: #"^-?[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil else {
                    throw Problem(description: "\(at(value)): \(key) must be a number (got \(value.scalar?.string ?? "a \(value.kind)"))")
                }
                return number
            }
            switch key {
            case "target_rate": rules.targetRate = try decimal()
            case "allowed_growth": rules.allowedGrowth = try decimal()
            case "full_execution": rules.fullExecution = try decimal()
            case "low_execution": rules.lowExecution = try decimal()
            case "poor_score": rules.poorScore = try decimal()
            case "poor_cut": rules.poorCut = try decimal()
            case "excellent_score": rules.excellentScore = try decimal()
            case "excellent_keeps_budget_down_to": rules.excellentKeepsBudgetDownTo = try decimal()
            case "idle_years":
                guard let years = value.scalar.flatMap({ Int($0.string) }) else {
                    throw Problem(description: "\(at(value)): idle_years must be a whole number of years")
                }
                rules.idleYears = years
            case "external_causes":
                guard let sequence = value.sequence else {
                    throw Problem(description: "\(at(value)): external_causes must be a list of words, e.g. [疫情, 不可抗力]")
                }
                rules.externalCauses = try sequence.map { item in
                    guard let word = item.scalar?.string, !word.isEmpty else {
                        throw Problem(description: "\(at(item)): each external cause must be a word")
                    }
                    return word
                }
            default:
                throw Problem(description: "\(at(keyNode)): unknown key \"\(key)\"; the keys are \(RulePack.keys.joined(separator: ", "))")
            }
        }
        do { try rules.validate() } catch {
            throw Problem(description: "\(file): \(error)")
        }
        return rules
    }
}

extension Node {
    var kind: String {
        switch self {
        case .scalar: "scalar"
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        }
    }
}
